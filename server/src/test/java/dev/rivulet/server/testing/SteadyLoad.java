package dev.rivulet.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A steady stream of clients: one thread per actor calls an action again and again, one request at
 * a time, each with an idempotency key of its own ({@code <key>-<n>}), and retries a request that
 * failed (a timeout, a 5xx, a refused connection) with the same key until it is answered. Every
 * answer is kept with when its request was sent and answered, so a test can tell how long actors
 * went unanswered and check that every acknowledged request was applied exactly once.
 */
public final class SteadyLoad implements AutoCloseable {
  /** An answered request: the n-th of its actor, its output, when it was sent and answered. */
  public record Ack(long n, JsonNode output, long sentNanos, long answeredNanos, int attempts) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Supplier<String> baseUrl;
  private final String type;
  private final String action;
  private final String args;
  private final Duration pace;
  private final Map<String, List<Ack>> acks = new LinkedHashMap<>();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final AtomicLong failures = new AtomicLong();
  private final Map<String, Long> failureKinds = new java.util.TreeMap<>();
  private final AtomicReference<RuntimeException> error = new AtomicReference<>();
  private final List<Thread> threads = new ArrayList<>();

  private SteadyLoad(Supplier<String> baseUrl, String type, String action, String args,
      Duration pace) {
    this.baseUrl = baseUrl;
    this.type = type;
    this.action = action;
    this.args = args;
    this.pace = pace;
  }

  /**
   * Starts one client per key, calling {@code POST <baseUrl>/api/actors/<type>/<key>/actions/<action>}
   * with {@code args} about every {@code pace} (sooner when a request took longer).
   */
  public static SteadyLoad start(Supplier<String> baseUrl, String type, List<String> keys,
      String action, String args, Duration pace) {
    SteadyLoad load = new SteadyLoad(baseUrl, type, action, args, pace);
    for (String key : keys) {
      load.acks.put(key, new ArrayList<>());
      Thread t = new Thread(() -> load.run(key), "steady-" + key);
      t.setDaemon(true);
      load.threads.add(t);
    }
    load.threads.forEach(Thread::start);
    return load;
  }

  private void run(String key) {
    try {
      for (long n = 1; ; n++) {
        // Pacing, not waiting for a condition: wakes early when the load stops.
        if (stop.await(pace.toMillis(), TimeUnit.MILLISECONDS)) return;
        long sent = System.nanoTime();
        int attempts = 0;
        JsonNode output = null;
        while (output == null) {
          attempts++;
          output = call(key, key + "-" + n);
          if (output == null) {
            failures.incrementAndGet();
            if (System.nanoTime() - sent > TimeUnit.SECONDS.toNanos(120)) {
              throw new IllegalStateException(key + "-" + n + " unanswered for 120 s");
            }
            Thread.sleep(100); // a back-off before the retry, which must happen even when stopping
          }
        }
        Ack ack = new Ack(n, output, sent, System.nanoTime(), attempts);
        synchronized (this) {
          acks.get(key).add(ack);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      error.compareAndSet(null, e);
    }
  }

  /** The output, or null when the request must be retried. */
  private JsonNode call(String key, String idempotencyKey) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(
            baseUrl.get() + "/api/actors/" + type + "/" + key + "/actions/" + action))
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .header("Idempotency-Key", idempotencyKey)
        .POST(HttpRequest.BodyPublishers.ofString(args))
        .build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) return JSON.readTree(r.body()).path("output");
      if (r.statusCode() < 500 && r.statusCode() != 408) {
        throw new IllegalStateException(idempotencyKey + " failed: " + r.statusCode() + " "
            + r.body());
      }
      failed(r.statusCode() + " " + errorCode(r.body()));
      return null;
    } catch (java.io.IOException e) {
      failed(e.getClass().getSimpleName());
      return null;
    }
  }

  private synchronized void failed(String kind) {
    failureKinds.merge(kind, 1L, Long::sum);
  }

  /** An error body's {@code group.code}, or what the body is when it is no error of Rivulet's. */
  private static String errorCode(String body) {
    try {
      JsonNode error = JSON.readTree(body);
      if (error.hasNonNull("group") && error.hasNonNull("code")) {
        return error.path("group").asText() + "." + error.path("code").asText();
      }
    } catch (java.io.IOException notJson) {
      // described below
    }
    return "(no error code: " + body.substring(0, Math.min(body.length(), 80)) + ")";
  }

  /**
   * The failed attempts so far by kind: {@code <status> <group>.<code>} for an error answer,
   * the exception's name for no answer (a refused or broken connection, a timeout).
   */
  public synchronized Map<String, Long> failureKinds() {
    return Map.copyOf(failureKinds);
  }

  /** The answers to {@code key}'s requests so far, in order. */
  public synchronized List<Ack> acks(String key) {
    return List.copyOf(acks.get(key));
  }

  /** Answered requests of {@code key}. */
  public synchronized int answered(String key) {
    return acks.get(key).size();
  }

  /** Answered requests of {@code key} that were sent after {@code nanos}. */
  public synchronized long answeredSince(String key, long nanos) {
    return acks.get(key).stream().filter(a -> a.sentNanos() > nanos).count();
  }

  /**
   * When {@code key} first got an answer to a request sent after {@code nanos} (a {@link
   * System#nanoTime()}), or -1.
   */
  public synchronized long firstAnsweredAfter(String key, long nanos) {
    return acks.get(key).stream().filter(a -> a.sentNanos() > nanos)
        .mapToLong(Ack::answeredNanos).findFirst().orElse(-1);
  }

  /**
   * The longest time any request of {@code keys} sent in {@code [from, to]} waited for its answer,
   * in milliseconds (retries included).
   */
  public synchronized long longestWaitMillis(List<String> keys, long from, long to) {
    return keys.stream().flatMap(k -> acks.get(k).stream())
        .filter(a -> a.sentNanos() >= from && a.sentNanos() <= to)
        .mapToLong(a -> (a.answeredNanos() - a.sentNanos()) / 1_000_000).max().orElse(0);
  }

  /**
   * The longest time one of {@code keys} went without an answer between {@code from} and {@code
   * to} ({@link System#nanoTime()}s), in milliseconds: the largest gap between two answers of one
   * actor, counting {@code from} as an answer and {@code to} too.
   */
  public synchronized long longestSilenceMillis(List<String> keys, long from, long to) {
    long longest = 0;
    for (String key : keys) {
      long previous = from;
      for (Ack a : acks.get(key)) {
        if (a.answeredNanos() <= from || a.answeredNanos() > to) continue;
        longest = Math.max(longest, a.answeredNanos() - previous);
        previous = a.answeredNanos();
      }
      longest = Math.max(longest, to - previous);
    }
    return longest / 1_000_000;
  }

  /**
   * Waits until every one of {@code keys} got {@code answers} answers to requests sent after
   * {@code since} (a {@link System#nanoTime()}), or fails after {@code timeout}.
   */
  public void awaitAnswers(List<String> keys, long since, int answers, Duration timeout) {
    Await.until(answers + " answers from every actor", timeout,
        () -> keys.stream().allMatch(k -> answeredSince(k, since) >= answers));
  }

  /**
   * Waits as {@link #awaitAnswers} does, then says when every one of {@code keys} was answering
   * again: the latest of their first answers to a request sent after {@code since} (a {@link
   * System#nanoTime()}), the moment a fault's outage ended for all of them.
   */
  public long everyAnsweringAgain(List<String> keys, long since, int answers, Duration timeout) {
    awaitAnswers(keys, since, answers, timeout);
    return keys.stream().mapToLong(k -> firstAnsweredAfter(k, since)).max().orElseThrow();
  }

  /**
   * The failed attempts that were neither a timeout or a broken connection nor an error answer
   * with a stable code of a failure that a retry may overcome ({@code 408}, {@code 5xx} other than
   * {@code core.internal_error}): what a fault must never cause.
   */
  public synchronized Map<String, Long> unclearFailures() {
    Map<String, Long> unclear = new java.util.TreeMap<>();
    failureKinds.forEach((kind, n) -> {
      boolean transport = !kind.contains(" ");
      boolean coded = kind.matches("(408|5\\d\\d) [a-z_]+\\.[a-z_]+")
          && !kind.endsWith(" core.internal_error");
      if (!transport && !coded) unclear.put(kind, n);
    });
    return unclear;
  }

  /** Failed attempts that were retried. */
  public long failures() {
    return failures.get();
  }

  /**
   * Stops sending; returns once every client's last request has been answered (a request that was
   * sent is retried until it is), so the acknowledged requests are all the requests.
   */
  @Override
  public void close() {
    stop.countDown();
    for (Thread t : threads) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(130));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      if (t.isAlive()) throw new AssertionError(t.getName() + " did not finish its last request");
    }
    if (error.get() != null) throw new AssertionError("a client failed", error.get());
  }
}
