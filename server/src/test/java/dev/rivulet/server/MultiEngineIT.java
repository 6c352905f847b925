package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.engine.Engine;
import dev.rivulet.engine.EngineConfig;
import dev.rivulet.gateway.Gateway;
import dev.rivulet.gateway.GatewayConfig;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.SteadyLoad;
import dev.rivulet.server.testing.TempDirs;
import dev.rivulet.server.testing.TopicReader;
import dev.rivulet.server.testing.WsProbe;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Several engine instances of one application on one broker: the inbox partitions are spread over
 * them, each keeps a standby copy of the other's, an instance killed without a goodbye (a separate
 * JVM, SIGKILL) is replaced within the group's session timeout, and a rolling restart keeps
 * serving; a steady stream of clients sees every acknowledged increment applied exactly once.
 */
class MultiEngineIT {
  private static final int PARTITIONS = 4;
  private static final Set<Integer> ALL = IntStream.range(0, PARTITIONS).boxed()
      .collect(Collectors.toCollection(TreeSet::new));
  private static final Duration PACE = Duration.ofMillis(25);
  private static final Duration SETTLE = Duration.ofSeconds(60);

  private static String bootstrap() {
    return EmbeddedBroker.shared().bootstrapServers();
  }

  @Test
  void partitionsAreSpreadAndARollingRestartKeepsServing() throws Exception {
    String app = "multi-" + Long.toHexString(System.nanoTime());
    Path dirA = TempDirs.create("rivulet-engine-a-");
    Path dirB = TempDirs.create("rivulet-engine-b-");
    Engine a = engine(app, dirA);
    Engine b = engine(app, dirB);
    Gateway gateway = gateway(app);
    try {
      String idA = a.instanceId();
      String idB = b.instanceId();
      assertThat(idA).isNotNull().isNotEqualTo(idB);
      awaitSpread(a, b);
      System.out.printf("two engines in one JVM: A applies %s (standby %s), B applies %s "
          + "(standby %s)%n", a.assignedPartitions(), a.standbyPartitions(),
          b.assignedPartitions(), b.standbyPartitions());
      // Kafka's own view: two static members, one stream thread each ("<instance id>-1").
      assertThat(groupMembers(app)).containsOnlyKeys(idA + "-1", idB + "-1")
          .containsEntry(idA + "-1", a.assignedPartitions())
          .containsEntry(idB + "-1", b.assignedPartitions());

      Map<String, Integer> actors = onePerPartition();
      List<String> keys = List.copyOf(actors.keySet());
      String url = "http://127.0.0.1:" + gateway.port();
      try (SteadyLoad load = SteadyLoad.start(() -> url, "tally", keys, "add", "[1]", PACE)) {
        awaitProgress(load, keys, System.nanoTime() - 1);

        a = restart("A", a, "B", b, app, dirA, load, keys);
        b = restart("B", b, "A", a, app, dirB, load, keys);
        load.close();
        assertAppliedExactlyOnce(load, keys, app, url);
        System.out.printf("rolling restart: %d increments over %d actors, %d retried attempts%n",
            keys.stream().mapToInt(load::answered).sum(), keys.size(), load.failures());
      }
    } finally {
      gateway.close();
      a.close();
      b.close();
    }
  }

  @Test
  void aKilledEngineIsReplacedAndNoActionIsLostOrAppliedTwice() throws Exception {
    String app = "crash-" + Long.toHexString(System.nanoTime());
    Path dirA = TempDirs.create("rivulet-engine-a-");
    Path victimDir = TempDirs.create("rivulet-engine-victim-");
    Path victimLog = TempDirs.create("rivulet-victim-").resolve("victim.log");
    Process victim = startEngineProcess(app, victimDir, victimLog);
    CompletableFuture<Void> victimUp = running(victim, victimLog);
    Engine a = null;
    Gateway gateway = null;
    try {
      a = engine(app, dirA);
      victimUp.get(90, TimeUnit.SECONDS);
      gateway = gateway(app);
      Engine survivor = a;
      Await.until("the partitions to be spread over both engines, each with a standby", SETTLE,
          () -> {
            Set<Integer> mine = survivor.assignedPartitions();
            Set<Integer> rest = new TreeSet<>(ALL);
            rest.removeAll(mine);
            return !mine.isEmpty() && !rest.isEmpty()
                && survivor.standbyPartitions().equals(rest);
          });
      Set<Integer> victimPartitions = new TreeSet<>(ALL);
      victimPartitions.removeAll(a.assignedPartitions());
      // Kafka's own view agrees: the other member (the other JVM) holds the rest.
      Map<String, Set<Integer>> members = groupMembers(app);
      assertThat(members).hasSize(2).containsEntry(a.instanceId() + "-1", a.assignedPartitions());
      assertThat(members.values()).contains(victimPartitions);

      Map<String, Integer> actors = onePerPartition();
      List<String> keys = List.copyOf(actors.keySet());
      List<String> moved = keys.stream().filter(k -> victimPartitions.contains(actors.get(k)))
          .toList();
      List<String> stayed = keys.stream().filter(k -> !moved.contains(k)).toList();
      String url = "http://127.0.0.1:" + gateway.port();
      String watched = moved.get(0);
      try (SteadyLoad load = SteadyLoad.start(() -> url, "tally", keys, "add", "[1]", PACE);
          WsProbe socket = WsProbe.connect(url.replace("http", "ws") + "/api/actors/tally/"
              + watched + "/connect")) {
        socket.awaitTag("Init");
        socket.subscribe("changed");
        awaitProgress(load, keys, System.nanoTime() - 1);

        victim.destroyForcibly(); // SIGKILL: no commit, no goodbye to the group
        long killed = System.nanoTime();
        long countAtKill = load.answered(watched);
        assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Await.until("the killed engine's actors to answer again", SETTLE,
            () -> moved.stream().allMatch(k -> load.firstAnsweredAfter(k, killed) > 0));
        long lastBack = moved.stream().mapToLong(k -> load.firstAnsweredAfter(k, killed))
            .max().orElseThrow();
        long firstBack = moved.stream().mapToLong(k -> load.firstAnsweredAfter(k, killed))
            .min().orElseThrow();
        Await.until("the survivor to apply every partition", SETTLE,
            () -> survivor.assignedPartitions().equals(ALL));
        long survivorHasAll = System.nanoTime();
        awaitProgress(load, keys, survivorHasAll);
        System.out.printf("failover: the killed engine's actors (partitions %s) answered again "
                + "%.1f s after the kill (the first %.1f s); the survivor applied every partition"
                + " %.1f s after it; the survivor's own actors waited at most %d ms%n",
            victimPartitions, (lastBack - killed) / 1e9, (firstBack - killed) / 1e9,
            (survivorHasAll - killed) / 1e9,
            load.longestWaitMillis(stayed, killed - 1_000_000_000L, survivorHasAll));
        // The group notices the crash after the session timeout (10 s by default).
        assertThat(Duration.ofNanos(lastBack - killed)).isLessThan(Duration.ofSeconds(30));
        // The connection, held by the gateway, stays open and gets the new engine's events.
        socket.await(f -> f.path("body").path("tag").asText().equals("Event")
            && f.path("body").path("val").path("args").path(0).asLong() > countAtKill + 1,
            Duration.ofSeconds(30));

        load.close();
        long verifying = System.nanoTime();
        assertAppliedExactlyOnce(load, moved, app, url);
        assertAppliedExactlyOnce(load, stayed, app, url);
        System.out.printf("failover: %d increments over %d actors, %d retried attempts, "
                + "exactly once (checked in %d ms)%n",
            keys.stream().mapToInt(load::answered).sum(), keys.size(), load.failures(),
            millis(System.nanoTime() - verifying));
      }
    } finally {
      victim.destroyForcibly();
      if (gateway != null) gateway.close();
      if (a != null) a.close();
    }
  }

  /**
   * Every acknowledged increment was applied once and only once: the n-th answer of each actor
   * says n, its total is the number of answers, and its journal (read with a plain consumer,
   * committed records only) holds exactly one record per request, in order.
   */
  private static void assertAppliedExactlyOnce(SteadyLoad load, List<String> keys, String app,
      String url) {
    HttpProbe http = new HttpProbe(url);
    List<TopicReader.Rec> journal =
        TopicReader.readToEnd(bootstrap(), app + ".journal", Duration.ofSeconds(60));
    for (String key : keys) {
      List<SteadyLoad.Ack> acks = load.acks(key);
      assertThat(acks).isNotEmpty();
      for (SteadyLoad.Ack ack : acks) {
        assertThat(ack.output().asLong()).as("answer %d of %s", ack.n(), key).isEqualTo(ack.n());
      }
      assertThat(http.action("tally", key, "total", "[]").json().path("output").asLong())
          .as("total of %s", key).isEqualTo(acks.size());
      List<JsonNode> records = journal.stream().filter(r -> r.key().equals("tally/" + key))
          .map(TopicReader.Rec::value).toList();
      // One sequence number per step, in order, none twice (a connection adds its own steps).
      assertThat(records.stream().map(r -> r.path("seq").asLong()).toList())
          .as("journal of %s", key).isSorted().doesNotHaveDuplicates();
      List<JsonNode> steps = records.stream()
          .filter(r -> r.path("request").path("action").asText().equals("add")).toList();
      assertThat(steps).as("journal of %s", key).hasSize(acks.size());
      for (int i = 0; i < steps.size(); i++) {
        JsonNode step = steps.get(i);
        assertThat(step.path("request").path("idempotencyKey").asText())
            .isEqualTo(key + "-" + (i + 1));
        assertThat(step.path("output").asLong()).isEqualTo(i + 1);
      }
    }
  }

  /** Waits until every actor got answers to a few requests sent after {@code since}. */
  /**
   * One step of a rolling restart: stops {@code stopping}, waits for {@code other} to apply every
   * partition and for the actors to keep answering, starts the same static member again from its
   * state directory and waits for the partitions to spread; returns the restarted engine.
   */
  private static Engine restart(String name, Engine stopping, String otherName, Engine other,
      String app, Path stateDir, SteadyLoad load, List<String> keys) throws Exception {
    String id = stopping.instanceId();
    long stop = System.nanoTime();
    stopping.close();
    Await.until(otherName + " to apply every partition", SETTLE,
        () -> other.assignedPartitions().equals(ALL));
    long otherHasAll = System.nanoTime();
    awaitProgress(load, keys, otherHasAll);
    long start = System.nanoTime();
    Engine restarted = engine(app, stateDir);
    assertThat(restarted.instanceId()).isEqualTo(id); // the same static member
    awaitSpread(restarted, other);
    long spread = System.nanoTime();
    awaitProgress(load, keys, spread);
    System.out.printf("rolling restart, %s: %s applied every partition %d ms after %s stopped; "
            + "%s restarted in %d ms; longest wait for an answer %d ms%n",
        name, otherName, millis(otherHasAll - stop), name, name, millis(spread - start),
        load.longestWaitMillis(keys, stop, spread));
    return restarted;
  }

  private static void awaitProgress(SteadyLoad load, List<String> keys, long since) {
    Await.until("every actor to answer", SETTLE,
        () -> keys.stream().allMatch(k -> load.answeredSince(k, since) >= 5));
  }

  /** Both engines apply some partitions, together all, and each keeps a copy of the other's. */
  private static void awaitSpread(Engine a, Engine b) {
    Await.until("the partitions to be spread over both engines, each with a standby", SETTLE,
        () -> {
          Set<Integer> pa = a.assignedPartitions();
          Set<Integer> pb = b.assignedPartitions();
          Set<Integer> union = new TreeSet<>(pa);
          union.addAll(pb);
          return !pa.isEmpty() && !pb.isEmpty() && union.equals(ALL)
              && pa.size() + pb.size() == PARTITIONS
              && a.standbyPartitions().equals(pb) && b.standbyPartitions().equals(pa);
        });
  }

  /** An actor key for each inbox partition, found the way the gateway's producer places them. */
  private static Map<String, Integer> onePerPartition() {
    Map<String, Integer> keys = new LinkedHashMap<>();
    Set<Integer> covered = new HashSet<>();
    for (int i = 0; covered.size() < PARTITIONS; i++) {
      String key = "c" + i;
      byte[] id = ("tally/" + key).getBytes(StandardCharsets.UTF_8);
      int partition = Utils.toPositive(Utils.murmur2(id)) % PARTITIONS;
      if (covered.add(partition)) keys.put(key, partition);
    }
    return keys;
  }

  /** The engine group's members, by group instance id, with the inbox partitions they hold. */
  private static Map<String, Set<Integer>> groupMembers(String app) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    try (Admin admin = Admin.create(p)) {
      ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(app + "-engine"))
          .describedGroups().get(app + "-engine").get(30, TimeUnit.SECONDS);
      Map<String, Set<Integer>> members = new LinkedHashMap<>();
      for (MemberDescription m : group.members()) {
        members.put(m.groupInstanceId().orElse(m.consumerId()),
            m.assignment().topicPartitions().stream()
                .filter(tp -> tp.topic().equals(app + ".inbox")).map(tp -> tp.partition())
                .collect(Collectors.toCollection(TreeSet::new)));
      }
      return members;
    }
  }

  private static Engine engine(String app, Path stateDir) {
    return Engine.start(new EngineConfig().bootstrapServers(bootstrap()).application(app)
        .partitions(PARTITIONS).stateDir(stateDir).standbyReplicas(1), TestActors.ALL);
  }

  private static Gateway gateway(String app) {
    return Gateway.start(
        new GatewayConfig().bootstrapServers(bootstrap()).application(app).port(0));
  }

  /** An engine in a JVM of its own (the launcher, {@code --role engine}), to be killed. */
  private static Process startEngineProcess(String app, Path dataDir, Path log) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
        "-cp", System.getProperty("java.class.path"), RivuletMain.class.getName(),
        "--role", "engine", "--kafka", bootstrap(), "--app", app,
        "--data-dir", dataDir.toString(), "--partitions", String.valueOf(PARTITIONS),
        "--standby-replicas", "1",
        "--actors", TestActors.ALL.stream().map(Class::getName).collect(Collectors.joining(","))));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Completes when the launcher says it runs; copies its output to {@code log}. */
  private static CompletableFuture<Void> running(Process process, Path log) {
    CompletableFuture<Void> up = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
          PrintWriter copy = new PrintWriter(Files.newBufferedWriter(log), true)) {
        for (String line; (line = out.readLine()) != null; ) {
          copy.println(line);
          if (line.contains("Rivulet is running")) up.complete(null);
        }
        up.completeExceptionally(new AssertionError("the engine process exited; see " + log));
      } catch (Exception e) {
        up.completeExceptionally(e);
      }
    }, "victim-engine-stdout");
    reader.setDaemon(true);
    reader.start();
    return up;
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
