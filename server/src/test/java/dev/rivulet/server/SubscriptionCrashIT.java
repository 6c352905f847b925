package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.engine.Engine;
import dev.rivulet.engine.EngineConfig;
import dev.rivulet.server.SubscribedActors.Account;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.KafkaTopics;
import dev.rivulet.server.testing.TempDirs;
import dev.rivulet.server.testing.TopicReader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once through a crash: two engines share a subscription (one in a JVM of its own), a
 * plain producer writes a steady stream of entries, the other JVM is killed with SIGKILL
 * mid-stream, and the surviving engine takes over its partitions, of the subscribed topic and of
 * the inbox. Every entry produced is applied exactly once (the journal, read {@code
 * read_committed}, has each produced offset once, per account in the topic's order) and every
 * output is seen exactly once by a plain {@code read_committed} consumer.
 */
class SubscriptionCrashIT {
  private static final int PARTITIONS = 4;
  private static final int ACCOUNTS = 40;
  private static final int ENTRIES = 3_000;
  private static final Duration PACE = Duration.ofMillis(5);
  private static final Duration SETTLE = Duration.ofSeconds(90);
  private static final Set<Integer> ALL = IntStream.range(0, PARTITIONS).boxed()
      .collect(Collectors.toCollection(TreeSet::new));

  private static String bootstrap() {
    return EmbeddedBroker.shared().bootstrapServers();
  }

  @Test
  void aKilledEnginesPartitionsAreTakenOverAndEveryEntryAppliesAndPublishesOnce()
      throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String app = "subcrash-" + id;
    String in = "entries-" + id;
    String out = "totals-" + id;
    SubscribedActors.publishTo(out);
    KafkaTopics.create(bootstrap(), PARTITIONS, in, out);
    Path victimDir = TempDirs.create("rivulet-sub-victim-");
    Path victimLog = TempDirs.create("rivulet-sub-victim-log-").resolve("victim.log");
    Process victim = startEngineProcess(app, victimDir, in, out, victimLog);
    CompletableFuture<Void> victimUp = running(victim, victimLog);
    Engine survivor = null;
    try (KafkaProducer<String, byte[]> producer = KafkaTopics.producer(bootstrap())) {
      survivor = Engine.start(SubscribedActors.subscribe(new EngineConfig()
          .bootstrapServers(bootstrap()).application(app).partitions(PARTITIONS)
          .stateDir(TempDirs.create("rivulet-sub-survivor-")), in, out), List.of(Account.class));
      victimUp.get(90, TimeUnit.SECONDS);
      Engine engine = survivor;
      Await.until("both engines to apply inbox and subscribed partitions", SETTLE, () -> {
        Set<Integer> mine = engine.assignedPartitions();
        Map<String, Set<String>> members = groupMembers(app);
        return !mine.isEmpty() && !mine.equals(ALL) && members.size() == 2
            && members.values().stream().allMatch(tps -> tps.stream()
                .anyMatch(tp -> tp.startsWith(in + "-")));
      });
      System.out.printf("before the kill: the survivor applies inbox partitions %s; the group: "
          + "%s%n", survivor.assignedPartitions(), groupMembers(app));

      // The stream: entry n of each account in turn, acknowledged offsets kept.
      Map<String, String> produced = new ConcurrentHashMap<>(); // "partition@offset" -> account/n
      AtomicReference<Exception> sendFailure = new AtomicReference<>();
      AtomicInteger sent = new AtomicInteger();
      CountDownLatch stop = new CountDownLatch(1);
      Thread writer = new Thread(() -> {
        try {
          for (int i = 0; i < ENTRIES; i++) {
            if (stop.await(PACE.toMillis(), TimeUnit.MILLISECONDS)) return; // pacing
            String account = "acc-" + (i % ACCOUNTS);
            long n = i / ACCOUNTS + 1;
            producer.send(new ProducerRecord<>(in, account, ("{\"account\":\"" + account
                + "\",\"n\":" + n + ",\"amount\":" + n + "}").getBytes(StandardCharsets.UTF_8)),
                (meta, e) -> {
                  if (e != null) sendFailure.compareAndSet(null, e);
                  else produced.put(meta.partition() + "@" + meta.offset(), account + "/" + n);
                });
            sent.incrementAndGet();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "entries-writer");
      writer.start();

      // Mid-stream: once a third of the entries went out and outputs are being committed.
      Await.until("a third of the entries written", SETTLE, () -> sent.get() >= ENTRIES / 3);
      TopicReader.readUntil(bootstrap(), out, SETTLE, rs -> rs.size() >= ENTRIES / 6);
      victim.destroyForcibly(); // SIGKILL: an open transaction, no goodbye
      long killed = System.nanoTime();
      int sentAtKill = sent.get();
      assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
      Await.until("the survivor to apply every inbox partition", SETTLE,
          () -> engine.assignedPartitions().equals(ALL));
      double takeover = (System.nanoTime() - killed) / 1e9;

      writer.join(TimeUnit.MINUTES.toMillis(3));
      assertThat(writer.isAlive()).isFalse();
      producer.flush();
      assertThat(sendFailure.get()).isNull();
      assertThat(produced).hasSize(ENTRIES);

      // Every output once, in each account's order.
      List<TopicReader.Rec> totals = TopicReader.readUntil(bootstrap(), out, SETTLE,
          rs -> rs.size() >= ENTRIES);
      Map<String, List<Long>> nsByAccount = new LinkedHashMap<>();
      for (TopicReader.Rec r : totals) {
        nsByAccount.computeIfAbsent(r.key(), k -> new ArrayList<>())
            .add(r.value().path("n").asLong());
      }
      int perAccount = ENTRIES / ACCOUNTS;
      assertThat(nsByAccount).hasSize(ACCOUNTS);
      for (Map.Entry<String, List<Long>> e : nsByAccount.entrySet()) {
        assertThat(e.getValue()).as("outputs of " + e.getKey())
            .containsExactlyElementsOf(LongRange.to(perAccount));
      }
      // The outputs read to their end: none came twice, even after the count was reached.
      List<TopicReader.Rec> allTotals = TopicReader.readToEnd(bootstrap(), out, SETTLE);
      assertThat(allTotals).hasSize(ENTRIES);

      // Every produced offset applied exactly once, per account in order.
      List<JsonNode> steps = TopicReader.readToEnd(bootstrap(), app + ".journal", SETTLE)
          .stream().map(TopicReader.Rec::value)
          .filter(v -> v.at("/request/origin").isObject()).toList();
      Map<String, Integer> appliedTimes = new HashMap<>();
      Map<String, List<Long>> appliedNs = new LinkedHashMap<>();
      for (JsonNode step : steps) {
        JsonNode origin = step.at("/request/origin");
        assertThat(origin.path("topic").asText()).isEqualTo(in);
        appliedTimes.merge(origin.path("partition").asInt() + "@" + origin.path("offset").asLong(),
            1, Integer::sum);
        appliedNs.computeIfAbsent(step.path("actor").asText(), k -> new ArrayList<>())
            .add(step.at("/request/args/0/n").asLong());
        assertThat(step.has("error")).isFalse();
      }
      assertThat(appliedTimes.keySet()).isEqualTo(produced.keySet());
      assertThat(new HashSet<>(appliedTimes.values())).containsExactly(1);
      for (List<Long> ns : appliedNs.values()) {
        assertThat(ns).containsExactlyElementsOf(LongRange.to(perAccount));
      }
      System.out.printf("kill -9 mid-stream (after %d of %d entries were written): %d inputs "
              + "produced, %d applied exactly once (journal), %d outputs seen exactly once "
              + "(read_committed); the survivor applied every partition %.1f s after the kill%n",
          sentAtKill, ENTRIES, produced.size(), appliedTimes.size(), allTotals.size(), takeover);
    } finally {
      victim.destroyForcibly();
      if (survivor != null) survivor.close();
    }
  }

  /** 1..n. */
  private static final class LongRange {
    static List<Long> to(int n) {
      List<Long> out = new ArrayList<>();
      for (long i = 1; i <= n; i++) out.add(i);
      return out;
    }
  }

  /** The engine group's members, by instance id, with their topic partitions ("topic-p"). */
  private static Map<String, Set<String>> groupMembers(String app) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    try (Admin admin = Admin.create(p)) {
      ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(app + "-engine"))
          .describedGroups().get(app + "-engine").get(30, TimeUnit.SECONDS);
      Map<String, Set<String>> members = new LinkedHashMap<>();
      for (MemberDescription m : group.members()) {
        members.put(m.groupInstanceId().orElse(m.consumerId()),
            m.assignment().topicPartitions().stream().map(Object::toString)
                .collect(Collectors.toCollection(TreeSet::new)));
      }
      return members;
    } catch (Exception e) {
      throw new IllegalStateException("cannot describe the group of " + app, e);
    }
  }

  /** {@link SubscribedActors#main}: the engine in a JVM of its own, to be killed. */
  private static Process startEngineProcess(String app, Path stateDir, String in, String out,
      Path log) throws Exception {
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
        "-cp", System.getProperty("java.class.path"), SubscribedActors.class.getName(),
        bootstrap(), app, stateDir.toString(), String.valueOf(PARTITIONS), in, out);
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Completes when the engine process says it runs; copies its output to {@code log}. */
  private static CompletableFuture<Void> running(Process process, Path log) {
    CompletableFuture<Void> up = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
          PrintWriter copy = new PrintWriter(Files.newBufferedWriter(log), true)) {
        for (String line; (line = lines.readLine()) != null; ) {
          copy.println(line);
          if (line.contains(SubscribedActors.RUNNING)) up.complete(null);
        }
        up.completeExceptionally(new AssertionError("the engine process exited; see " + log));
      } catch (Exception e) {
        up.completeExceptionally(e);
      }
    }, "subscribed-victim-stdout");
    reader.setDaemon(true);
    reader.start();
    return up;
  }
}
