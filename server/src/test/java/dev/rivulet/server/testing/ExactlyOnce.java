package dev.rivulet.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A Jepsen-style checker for a counter workload: the history is every acknowledged increment of
 * a {@link SteadyLoad} (one client per actor, each request with its own idempotency key, retried
 * until answered), and it is compared with what the system holds afterwards, the actors' state
 * and their journal read straight from Kafka. For one actor with one sequential client, exactly
 * once means: the n-th acknowledged increment answered n; the count is the number of
 * acknowledgements; the journal has exactly one record of each acknowledged request, answering
 * the same n, and no record of any other; its steps are numbered 1, 2, 3, ... without a gap.
 */
public final class ExactlyOnce {
  /**
   * What the check found, over all actors: acknowledged increments, increments in the journal,
   * acknowledged ones missing from it (lost), found more than once (doubled), journaled without
   * an acknowledgement (extra), and every other disagreement, described.
   */
  public record Report(int acknowledged, int applied, int lost, int doubled, int extra,
      List<String> problems) {
    /** Whether history, state and journal agree. */
    public boolean ok() {
      return lost == 0 && doubled == 0 && extra == 0 && problems.isEmpty();
    }

    @Override
    public String toString() {
      return String.format("%d acknowledged, %d applied, %d lost, %d doubled, %d extra%s",
          acknowledged, applied, lost, doubled, extra,
          problems.isEmpty() ? "" : "; " + problems.size() + " problems: " + problems);
    }
  }

  private ExactlyOnce() {}

  /**
   * Checks {@code keys}' history in {@code load} (stopped: every request it sent was answered)
   * against {@code count} (each actor's counter now) and {@code journal} (every committed record
   * of the application's journal topic, read after the load stopped).
   *
   * @param type the actors' type, e.g. {@code counter}
   * @param action the increment action, e.g. {@code increment}
   */
  public static Report check(SteadyLoad load, List<String> keys, String type, String action,
      ToLongFunction<String> count, List<TopicReader.Rec> journal) {
    return check(load, keys, type, action, count, () -> journal, Duration.ZERO);
  }

  /**
   * As {@link #check(SteadyLoad, List, String, String, ToLongFunction, List)}, reading the journal
   * with {@code journal} again while acknowledged increments are missing from it, for up to {@code
   * patience}: right after a partition changed leader, the end offset it reports can trail what it
   * holds for a moment, and a read up to it misses the last records.
   */
  public static Report check(SteadyLoad load, List<String> keys, String type, String action,
      ToLongFunction<String> count, Supplier<List<TopicReader.Rec>> journal, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      Report report = compare(load, keys, type, action, count, journal.get());
      if (report.lost() == 0 || System.nanoTime() > deadline) return report;
    }
  }

  /**
   * As {@link #check(SteadyLoad, List, String, String, ToLongFunction, List)}, for a stopped load
   * on a live stack: each actor's count read with a call of {@code countAction} through {@code
   * http}, and the journal ({@code <app>.journal} on {@code bootstrap}) read to its end, its
   * records only (a record of something else written to the topic, which has no step number, is
   * no step of an actor).
   */
  public static Report check(SteadyLoad load, List<String> keys, String type, String action,
      String countAction, HttpProbe http, String bootstrap, String app) {
    List<TopicReader.Rec> journal = TopicReader.readToEnd(bootstrap, app + ".journal",
            Duration.ofSeconds(120)).stream()
        .filter(r -> r.value() != null && r.value().has("seq")).toList();
    return check(load, keys, type, action, key -> {
      HttpProbe.Response r = http.action(type, key, countAction, "[]");
      if (r.status() != 200) throw new AssertionError(type + "/" + key + "." + countAction
          + " answered " + r.status() + " " + r.text());
      return r.json().path("output").asLong();
    }, journal);
  }

  /**
   * The closing step of a fault test: stops {@code load} (every request it sent answered), checks
   * it on the live stack as {@link #check(SteadyLoad, List, String, String, String, HttpProbe,
   * String, String)} does, prints the report after {@code what} with the load's failed attempts by
   * kind, and fails unless history, state and journal agree and no attempt failed in a way a fault
   * must never cause ({@link SteadyLoad#unclearFailures()}).
   *
   * @return the report, for figures of the test's own
   */
  public static Report verify(String what, SteadyLoad load, List<String> keys, String type,
      String action, String countAction, HttpProbe http, String bootstrap, String app) {
    load.close();
    Report report = check(load, keys, type, action, countAction, http, bootstrap, app);
    System.out.printf("%s: %s; failed attempts %s%n", what, report, load.failureKinds());
    if (!report.ok()) throw new AssertionError(what + ": " + report);
    Map<String, Long> unclear = load.unclearFailures();
    if (!unclear.isEmpty()) {
      throw new AssertionError(what + ": attempts failed without a retryable, stable error: "
          + unclear);
    }
    return report;
  }

  private static Report compare(SteadyLoad load, List<String> keys, String type, String action,
      ToLongFunction<String> count, List<TopicReader.Rec> journal) {
    Map<String, List<JsonNode>> byActor = new HashMap<>();
    for (TopicReader.Rec r : journal) {
      byActor.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
    }
    int acknowledged = 0;
    int applied = 0;
    int lost = 0;
    int doubled = 0;
    int extra = 0;
    List<String> problems = new ArrayList<>();
    for (String key : keys) {
      List<SteadyLoad.Ack> acks = load.acks(key);
      acknowledged += acks.size();
      for (SteadyLoad.Ack ack : acks) {
        if (ack.output().asLong() != ack.n()) {
          problems.add(key + ": increment " + ack.n() + " answered " + ack.output());
        }
      }
      long now = count.applyAsLong(key);
      if (now != acks.size()) {
        problems.add(key + ": count " + now + " after " + acks.size() + " acknowledged increments");
      }
      List<JsonNode> records = byActor.getOrDefault(type + "/" + key, List.of());
      long lastSeq = 0;
      Map<String, List<JsonNode>> byRequest = new HashMap<>();
      for (JsonNode record : records) {
        long seq = record.path("seq").asLong();
        // Every applied step is journaled, numbered from 1: the journal has no gap.
        if (seq != lastSeq + 1) problems.add(key + ": journal seq " + seq + " after " + lastSeq);
        lastSeq = seq;
        JsonNode request = record.path("request");
        if (request.path("action").asText().equals(action)) {
          applied++;
          byRequest.computeIfAbsent(request.path("idempotencyKey").asText(),
              k -> new ArrayList<>()).add(record);
        }
      }
      for (SteadyLoad.Ack ack : acks) {
        List<JsonNode> found = byRequest.remove(key + "-" + ack.n());
        if (found == null) {
          lost++;
          problems.add(key + ": increment " + ack.n() + " acknowledged (after " + ack.attempts()
              + " attempts), not in the journal, whose steps are " + records.stream()
              .map(r -> r.path("seq").asLong() + ":" + r.path("request").path("idempotencyKey")
                  .asText() + "=" + r.path("output"))
              .toList());
          continue;
        }
        if (found.size() > 1) {
          doubled += found.size() - 1;
          problems.add(key + ": increment " + ack.n() + " journaled " + found.size() + " times");
        }
        if (found.get(0).path("output").asLong() != ack.n()) {
          problems.add(key + ": increment " + ack.n() + " journaled with output "
              + found.get(0).path("output"));
        }
      }
      for (Map.Entry<String, List<JsonNode>> unacknowledged : byRequest.entrySet()) {
        extra += unacknowledged.getValue().size();
        problems.add(key + ": " + unacknowledged.getKey() + " journaled, never acknowledged");
      }
    }
    return new Report(acknowledged, applied, lost, doubled, extra, List.copyOf(problems));
  }
}
