package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.Compose;
import dev.rivulet.server.testing.Docker;
import dev.rivulet.server.testing.ExactlyOnce;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.SteadyLoad;
import dev.rivulet.server.testing.TopicReader;
import dev.rivulet.server.testing.WsProbe;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The repository's docker-compose.yml, for real: {@code up -d} (a Kafka broker, two engines, two
 * gateways, the Rivulet image), then what its users rely on, through the published ports: both
 * gateways serve the same actors, a WebSocket on one gets the events of actions sent through the
 * other, an engine container killed under a steady stream of requests loses and doubles nothing
 * and its actors answer again within seconds, a restarted Kafka container keeps every
 * acknowledged action, and {@code down -v} leaves nothing behind. Every acknowledged increment
 * is checked against the actors' counts and their journal ({@link ExactlyOnce}).
 *
 * <p>Needs a Docker engine with the images {@code docker/setup.sh} makes ({@code rivulet:latest}
 * and a Kafka image); skipped, saying which is missing, without them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeIT {
  private static final int PARTITIONS = 8; // the compose file's RIVULET_PARTITIONS
  private static final Duration PACE = Duration.ofMillis(50);
  private static final Duration SETTLE = Duration.ofMinutes(3);

  private static Compose compose;
  private static List<String> gateways;
  private static String bootstrap;
  /** The increments of the earlier tests, checked again after the broker restarted. */
  private static final Map<String, Long> counts = new LinkedHashMap<>();

  @BeforeAll
  static void up() {
    String kafkaImage = Docker.kafkaImage();
    String reason = Compose.available()
        ? Docker.unavailable(Docker.rivuletImage(), kafkaImage) : "no docker-compose";
    if (reason != null) System.out.println("ComposeIT skipped: " + reason);
    assumeTrue(reason == null, () -> "ComposeIT skipped: " + reason);

    List<Integer> ports = Compose.freePorts(3);
    gateways = List.of("http://127.0.0.1:" + ports.get(0), "http://127.0.0.1:" + ports.get(1));
    bootstrap = "localhost:" + ports.get(2);
    compose = Compose.project("rivulet-compose-it", Map.of(
            "RIVULET_IMAGE", Docker.rivuletImage(), "KAFKA_IMAGE", kafkaImage,
            "GATEWAY_1_PORT", String.valueOf(ports.get(0)),
            "GATEWAY_2_PORT", String.valueOf(ports.get(1)),
            "KAFKA_HOST_PORT", String.valueOf(ports.get(2))),
        Path.of("..", "docker-compose.yml"));
    long start = System.nanoTime();
    compose.up();
    long upReturned = System.nanoTime();
    for (String gateway : gateways) {
      Await.until("an answer from " + gateway, SETTLE,
          () -> answers(gateway, "counter", "first", "getCount"));
    }
    long answered = System.nanoTime();
    System.out.printf("ComposeIT: docker-compose up -d (%s, %s) returned after %.1f s; both "
            + "gateways answered %.1f s after it started%n", Docker.rivuletImage(), kafkaImage,
        (upReturned - start) / 1e9, (answered - start) / 1e9);
  }

  @AfterAll
  static void down() {
    if (compose != null && !compose.leftovers().isEmpty()) {
      compose.saveLogs(Path.of("target", "ComposeIT-compose.log"));
      compose.close();
    }
  }

  @Test
  @Order(1)
  void bothGatewaysServeTheSameActors() {
    HttpProbe one = new HttpProbe(gateways.get(0));
    HttpProbe two = new HttpProbe(gateways.get(1));
    assertThat(one.action("counter", "agree", "increment", "[5]").text())
        .isEqualTo("{\"output\":5}");
    assertThat(two.action("counter", "agree", "increment", "[5]").text())
        .isEqualTo("{\"output\":10}");
    assertThat(one.action("counter", "agree", "getCount", "[]").text())
        .isEqualTo("{\"output\":10}");
    assertThat(two.action("counter", "agree", "getCount", "[]").text())
        .isEqualTo("{\"output\":10}");
    counts.put("agree", 10L);
  }

  @Test
  @Order(1)
  void theRivuletContainersRunAsAnUnprivilegedUser() {
    for (String service : List.of("engine-1", "gateway-1")) {
      assertThat(Docker.docker("exec", compose.containerId(service), "id", "-u")).as(service)
          .isEqualTo("10001");
    }
  }

  @Test
  @Order(2)
  void aSocketOnOneGatewayGetsTheEventsOfActionsSentThroughTheOther() {
    try (WsProbe socket = WsProbe.connect(gateways.get(1).replace("http", "ws")
        + "/api/actors/counter/watched/connect")) {
      socket.awaitTag("Init");
      socket.subscribe("newCount");
      HttpProbe one = new HttpProbe(gateways.get(0));
      // The subscription is applied in order with the actor's other steps, so this increment
      // may or may not come after it; the next one does.
      Await.until("an event of an increment sent through the other gateway", SETTLE, () -> {
        long count = one.action("counter", "watched", "increment", "[3]").json()
            .path("output").asLong();
        counts.put("watched", count);
        try {
          socket.await(f -> f.path("body").path("tag").asText().equals("Event")
              && f.path("body").path("val").path("name").asText().equals("newCount")
              && f.path("body").path("val").path("args").path(0).asLong() == count,
              Duration.ofSeconds(5));
          return true;
        } catch (AssertionError notYet) {
          return false;
        }
      });
    }
  }

  @Test
  @Order(3)
  void aKilledEngineLosesNothingAndItsActorsAnswerAgainWithinSeconds() {
    List<String> keys = onePerPartition("k");
    Set<Integer> victimPartitions = partitionsOf("engine-2");
    assertThat(victimPartitions).as("engine-2 applies some partitions").isNotEmpty();
    List<String> moved = keys.stream()
        .filter(k -> victimPartitions.contains(partition(k))).toList();
    try (SteadyLoad load = SteadyLoad.start(ComposeIT::anyGateway, "counter", keys, "increment",
        "[1]", PACE)) {
      awaitProgress(load, keys, System.nanoTime());

      long killed = compose.kill("engine-2");
      Await.until("the killed engine's actors to answer again", SETTLE,
          () -> moved.stream().allMatch(k -> load.firstAnsweredAfter(k, killed) > 0));
      long back = moved.stream().mapToLong(k -> load.firstAnsweredAfter(k, killed)).max()
          .orElseThrow();
      awaitProgress(load, keys, back);
      // The longest gaps between answers: robust to when the signal really landed (the time
      // taken before `docker kill` is only an upper bound of it).
      long now = System.nanoTime();
      List<String> stayed = keys.stream().filter(k -> !moved.contains(k)).toList();
      System.out.printf("ComposeIT: engine-2 killed (partitions %s): its actors went up to %d ms "
              + "without an answer, the other engine's up to %d ms (each actor: %s)%n",
          victimPartitions, load.longestSilenceMillis(moved, killed, now),
          load.longestSilenceMillis(stayed, killed, now), silences(load, keys, moved, killed));

      long restarted = compose.start("engine-2");
      Await.until("engine-2 to be healthy again", SETTLE,
          () -> compose.health("engine-2").equals("healthy"));
      AtomicReference<Set<Integer>> back2 = new AtomicReference<>(Set.of());
      Await.until("the partitions to be spread over both engines again", SETTLE,
          () -> !back2.updateAndGet(p -> partitionsOf("engine-2")).isEmpty());
      long spread = System.nanoTime();
      awaitProgress(load, keys, spread);
      System.out.printf("ComposeIT: engine-2 started again: healthy and applying partitions %s "
              + "%.1f s later; longest time without an answer meanwhile: %d ms (%s)%n",
          back2.get(), (spread - restarted) / 1e9,
          load.longestSilenceMillis(keys, restarted, System.nanoTime()),
          silences(load, keys, moved, restarted));
      // A crash is noticed after the engines' session timeout (2 s in the compose file); the
      // bound here is loose (a loaded machine), the figure above is the measurement.
      assertThat(load.longestSilenceMillis(moved, killed, now)).isLessThan(30_000);
      load.close();
      check(load, keys, "engine-2 killed");
    }
  }

  @Test
  @Order(4)
  void aRestartedBrokerKeepsEveryAcknowledgedAction() {
    List<String> keys = onePerPartition("r");
    try (SteadyLoad load = SteadyLoad.start(ComposeIT::anyGateway, "counter", keys, "increment",
        "[1]", PACE)) {
      awaitProgress(load, keys, System.nanoTime());
      long restart = compose.restart("kafka");
      long restarted = System.nanoTime();
      Await.until("every actor to answer after the broker restarted", SETTLE,
          () -> keys.stream().allMatch(k -> load.firstAnsweredAfter(k, restarted) > 0));
      long back = keys.stream().mapToLong(k -> load.firstAnsweredAfter(k, restarted)).max()
          .orElseThrow();
      awaitProgress(load, keys, back);
      System.out.printf("ComposeIT: docker restart kafka took %.1f s; every actor answered "
              + "again %.1f s after it began; longest time without an answer: %d ms; %d "
              + "attempts retried%n", (restarted - restart) / 1e9, (back - restart) / 1e9,
          load.longestSilenceMillis(keys, restart, System.nanoTime()), load.failures());
      load.close();
      check(load, keys, "kafka restarted");
    }
    HttpProbe two = new HttpProbe(gateways.get(1));
    counts.forEach((key, count) -> assertThat(two.action("counter", key, "getCount", "[]")
        .json().path("output").asLong()).as("counter/%s after the restart", key)
        .isEqualTo(count));
  }

  @Test
  @Order(5)
  void downLeavesNothingBehind() {
    assertThat(compose.leftovers()).isNotEmpty();
    compose.saveLogs(Path.of("target", "ComposeIT-compose.log"));
    compose.close();
    assertThat(compose.leftovers()).as("containers, volumes, networks of " + compose.name())
        .isEmpty();
  }

  /** Checks the load's history against the counts and the journal; keeps the counts. */
  private static void check(SteadyLoad load, List<String> keys, String what) {
    HttpProbe http = new HttpProbe(gateways.get(1));
    ExactlyOnce.Report report = ExactlyOnce.check(load, keys, "counter", "increment",
        key -> http.action("counter", key, "getCount", "[]").json().path("output").asLong(),
        () -> TopicReader.readToEnd(bootstrap, "rivulet.journal", Duration.ofSeconds(60)),
        Duration.ofSeconds(30));
    System.out.printf("ComposeIT: %s: %s (%d attempts retried)%n", what, report,
        load.failures());
    assertThat(report.ok()).as(report.toString()).isTrue();
    for (String key : keys) counts.put(key, (long) load.answered(key));
  }

  /** The inbox partitions the engine in {@code service}'s container applies, from the group. */
  private static Set<Integer> partitionsOf(String service) {
    String address = compose.address(service);
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("rivulet-engine"))
          .describedGroups().get("rivulet-engine").get(30, TimeUnit.SECONDS);
      Set<Integer> partitions = new TreeSet<>();
      for (MemberDescription m : group.members()) {
        if (!m.host().replace("/", "").equals(address)) continue;
        m.assignment().topicPartitions().stream()
            .filter(tp -> tp.topic().equals("rivulet.inbox"))
            .forEach(tp -> partitions.add(tp.partition()));
      }
      return partitions;
    } catch (Exception e) {
      throw new AssertionError("cannot describe the engines' group", e);
    }
  }

  /** Each actor's longest time without an answer since {@code from}, in ms; * marks the moved. */
  private static String silences(SteadyLoad load, List<String> keys, List<String> moved,
      long from) {
    long now = System.nanoTime();
    return keys.stream().map(k -> k + (moved.contains(k) ? "*" : "") + " "
        + load.longestSilenceMillis(List.of(k), from, now)).collect(
        java.util.stream.Collectors.joining(", "));
  }

  private static String anyGateway() {
    return gateways.get(ThreadLocalRandom.current().nextInt(gateways.size()));
  }

  private static boolean answers(String gateway, String type, String key, String action) {
    try {
      return new HttpProbe(gateway).action(type, key, action, "[]").status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void awaitProgress(SteadyLoad load, List<String> keys, long since) {
    Await.until("every actor to answer", SETTLE,
        () -> keys.stream().allMatch(k -> load.answeredSince(k, since) >= 5));
  }

  /** A counter key for each inbox partition, placed the way the gateways' producers place them. */
  static List<String> onePerPartition(String prefix) {
    List<String> keys = new ArrayList<>();
    Set<Integer> covered = new HashSet<>();
    for (int i = 0; covered.size() < PARTITIONS; i++) {
      String key = prefix + i;
      if (covered.add(partition(key))) keys.add(key);
    }
    return keys;
  }

  static int partition(String key) {
    byte[] id = ("counter/" + key).getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(id)) % PARTITIONS;
  }
}
