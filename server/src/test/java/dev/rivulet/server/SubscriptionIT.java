package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.TopicOutput;
import dev.rivulet.actor.TopicSubscription;
import dev.rivulet.engine.Engine;
import dev.rivulet.engine.EngineConfig;
import dev.rivulet.server.SubscribedActors.Account;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.KafkaTopics;
import dev.rivulet.server.testing.TempDirs;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions and outputs against the real broker: records of a topic written by a plain
 * producer apply to their actors in the topic's order, each once, each publishing one record that
 * a plain {@code read_committed} consumer sees once; bad records go to the dead-letter topic and
 * the rest goes on; the starting point, a missing topic, and a subscription disabled and enabled
 * again.
 */
class SubscriptionIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static String bootstrap() {
    return EmbeddedBroker.shared().bootstrapServers();
  }

  /** Topic names of one test: on the shared broker, topics of others are global. */
  private record Names(String in, String out, String app) {
    static Names fresh() {
      String id = UUID.randomUUID().toString().substring(0, 8);
      SubscribedActors.publishTo("totals-" + id);
      return new Names("entries-" + id, "totals-" + id, "sub-" + id);
    }
  }

  @Test
  void recordsApplyInTheTopicsOrderPerKeyOnceAndEachOutputIsSeenOnce() throws Exception {
    Names t = Names.fresh();
    KafkaTopics.create(bootstrap(), 3, t.in(), t.out());
    int accounts = 12;
    int perAccount = 30;
    try (RivuletServer server = start(t);
        KafkaProducer<String, byte[]> producer = KafkaTopics.producer(bootstrap())) {
      for (int n = 1; n <= perAccount; n++) {
        for (int a = 0; a < accounts; a++) produce(producer, t.in(), "acc-" + a, n, n);
      }
      producer.flush();
      int expected = accounts * perAccount;
      List<TopicReader.Rec> totals = TopicReader.readUntil(bootstrap(), t.out(), TIMEOUT,
          rs -> rs.size() >= expected);
      assertThat(totals).hasSize(expected);
      for (int a = 0; a < accounts; a++) {
        String account = "acc-" + a;
        List<JsonNode> mine = totals.stream().filter(r -> r.key().equals(account))
            .map(TopicReader.Rec::value).toList();
        // In the topic's order, once each: n = 1..30, the running total of 1 + 2 + ... + n.
        assertThat(mine).extracting(v -> v.path("n").asLong())
            .containsExactlyElementsOf(range(perAccount));
        assertThat(mine).extracting(v -> v.path("total").asLong())
            .containsExactlyElementsOf(range(perAccount).stream().map(n -> n * (n + 1) / 2)
                .toList());
      }

      // The journal says where each step came from; the history route shows it.
      List<TopicReader.Rec> journal = TopicReader.readToEnd(bootstrap(), t.app() + ".journal",
          TIMEOUT);
      List<JsonNode> acc0 = journal.stream().filter(r -> r.key().equals("account/acc-0"))
          .map(TopicReader.Rec::value).toList();
      assertThat(acc0).hasSize(perAccount);
      List<Long> offsets = acc0.stream().map(v -> v.at("/request/origin/offset").asLong())
          .toList();
      assertThat(offsets).isSorted().doesNotHaveDuplicates();
      assertThat(acc0).allMatch(v -> v.at("/request/origin/topic").asText().equals(t.in())
          && v.at("/request/origin/subscription").asText().equals("account.entry")
          && v.at("/published/0/topic").asText().equals(t.out()));
      JsonNode history = new HttpProbe(server.url())
          .get("/api/actors/account/acc-0/history?limit=2").json();
      assertThat(history.at("/records/1/request/origin/offset").asLong()).isEqualTo(offsets.get(1));
      assertThat(history.at("/records/1/published/0/value/n").asLong()).isEqualTo(2);

      // A client cannot call the subscription's internal action; it can read the state.
      HttpProbe http = new HttpProbe(server.url());
      assertThat(http.action("account", "acc-0", "entry", "[{\"account\":\"acc-0\",\"n\":31,"
          + "\"amount\":1}]").errorCode()).isEqualTo("actor.action_not_found");
      assertThat(http.action("account", "acc-0", "summary", "[]").json().path("output"))
          .hasToString("{\"entries\":30,\"total\":465,\"lastN\":30,\"outOfOrder\":0}");

      // The lag of the subscribed topic's partitions, as a meter.
      MeterRegistry registry = server.meterRegistry();
      Await.until("the subscription's lag meter", TIMEOUT,
          () -> registry.find("rivulet.subscription.lag").tag("topic", t.in()).gauges().size()
              == 3);
      assertThat(registry.get("rivulet.subscription.records").tag("subscription", "account.entry")
          .counter().count()).isEqualTo(expected);
    }
  }

  @Test
  void badRecordsAreDeadLetteredWithTheirReasonAndTheRestGoesOn() throws Exception {
    Names t = Names.fresh();
    KafkaTopics.create(bootstrap(), 1, t.in(), t.out());
    try (RivuletServer server = start(t);
        KafkaProducer<String, byte[]> producer = KafkaTopics.producer(bootstrap())) {
      produce(producer, t.in(), "acc-p", 1, 10);
      producer.send(new ProducerRecord<>(t.in(), "acc-p", "{not json".getBytes(
          StandardCharsets.UTF_8)));
      producer.send(new ProducerRecord<>(t.in(), "acc-p",
          "{\"account\":\"\",\"n\":2,\"amount\":1}".getBytes(StandardCharsets.UTF_8)));
      produce(producer, t.in(), "acc-p", 2, -5); // the action fails
      produce(producer, t.in(), "acc-p", 2, 20);
      producer.flush();

      List<TopicReader.Rec> totals = TopicReader.readUntil(bootstrap(), t.out(), TIMEOUT,
          rs -> rs.size() >= 2);
      assertThat(totals).extracting(r -> r.value().path("total").asLong()).containsExactly(10L, 30L);
      List<TopicReader.Rec> dead = TopicReader.readUntil(bootstrap(), t.app() + ".deadletter",
          TIMEOUT, rs -> rs.size() >= 3);
      assertThat(dead).extracting(r -> r.headers().get("rivulet.reason"))
          .containsExactly("undecodable", "bad_key", "failed");
      assertThat(dead).extracting(r -> r.headers().get("rivulet.origin"))
          .containsExactly(t.in() + "-0@1", t.in() + "-0@2", t.in() + "-0@3");
      assertThat(dead).allMatch(r -> r.headers().get("rivulet.subscription")
          .equals("account.entry"));
      assertThat(dead.get(0).value()).hasToString("\"{not json\""); // as written, not JSON
      assertThat(dead.get(2).headers().get("rivulet.error"))
          .isEqualTo("user.negative_amount: entry 2 has a negative amount");
      assertThat(dead.get(2).value().at("/origin/offset").asLong()).isEqualTo(3);

      // The failure is journaled like any action's, and changed nothing.
      List<JsonNode> journal = TopicReader.readToEnd(bootstrap(), t.app() + ".journal", TIMEOUT)
          .stream().map(TopicReader.Rec::value).toList();
      assertThat(journal).extracting(v -> v.path("error").path("code").asText(""))
          .containsExactly("", "negative_amount", "");
      assertThat(journal.get(1).has("published")).isFalse();
      MeterRegistry registry = server.meterRegistry();
      for (String reason : List.of("undecodable", "bad_key", "failed")) {
        assertThat(registry.get("rivulet.subscription.deadletters").tag("reason", reason)
            .counter().count()).as(reason).isEqualTo(1);
      }
    }
  }

  @Test
  void aNewSubscriptionStartingAtTheLatestRecordSkipsWhatCameBefore() throws Exception {
    Names t = Names.fresh();
    KafkaTopics.create(bootstrap(), 1, t.in(), t.out());
    try (KafkaProducer<String, byte[]> producer = KafkaTopics.producer(bootstrap())) {
      for (int n = 1; n <= 3; n++) produce(producer, t.in(), "acc-l", n, 100);
      producer.flush();
      try (RivuletServer server = TestStack.start(List.of(Account.class), c -> c
          .application(t.app())
          .subscribe(SubscribedActors.subscription(t.in())
              .startingAt(TopicSubscription.Start.LATEST))
          .output(TopicOutput.json(t.out())))) {
        // The partition's lag is known once its consumer found where to start: the end, then.
        Await.until("the subscription to find where it starts", TIMEOUT,
            () -> !server.meterRegistry().find("rivulet.subscription.lag").tag("topic", t.in())
                .gauges().isEmpty());
        produce(producer, t.in(), "acc-l", 4, 1);
        producer.flush();
        List<TopicReader.Rec> totals = TopicReader.readUntil(bootstrap(), t.out(), TIMEOUT,
            rs -> !rs.isEmpty());
        // One partition: had the first three been read, they would have come first.
        assertThat(totals).extracting(r -> r.value().path("n").asLong()).containsExactly(4L);
        assertThat(totals.get(0).value().path("total").asLong()).isEqualTo(1);
      }
    }
  }

  @Test
  void aDisabledSubscriptionKeepsItsOffsetsAndResumesFromThemWhenEnabledAgain()
      throws Exception {
    Names t = Names.fresh();
    KafkaTopics.create(bootstrap(), 1, t.in(), t.out());
    var dataDir = TempDirs.create("rivulet-disabled-");
    try (KafkaProducer<String, byte[]> producer = KafkaTopics.producer(bootstrap())) {
      try (RivuletServer first = start(t, c -> c.dataDir(dataDir))) {
        for (int n = 1; n <= 3; n++) produce(producer, t.in(), "acc-d", n, 1);
        producer.flush();
        TopicReader.readUntil(bootstrap(), t.out(), TIMEOUT, rs -> rs.size() >= 3);
      }
      try (RivuletServer paused = start(t, c -> c.dataDir(dataDir)
          .engine(e -> e.disableSubscriptions(List.of("account.entry"))))) {
        for (int n = 4; n <= 6; n++) produce(producer, t.in(), "acc-d", n, 1);
        producer.flush();
        // The actor still answers; the topic's committed offset waits where it was.
        assertThat(new HttpProbe(paused.url()).action("account", "acc-d", "summary", "[]")
            .json().at("/output/entries").asLong()).isEqualTo(3);
        assertThat(committed(t.app(), t.in())).isEqualTo(Map.of(0, 3L));
      }
      try (RivuletServer resumed = start(t, c -> c.dataDir(dataDir))) {
        List<TopicReader.Rec> totals = TopicReader.readUntil(bootstrap(), t.out(), TIMEOUT,
            rs -> rs.size() >= 6);
        assertThat(totals).extracting(r -> r.value().path("n").asLong())
            .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        List<JsonNode> journal = TopicReader.readToEnd(bootstrap(), t.app() + ".journal",
            TIMEOUT).stream().map(TopicReader.Rec::value)
            .filter(v -> v.at("/request/origin").isObject()).toList();
        assertThat(journal).extracting(v -> v.at("/request/origin/offset").asLong())
            .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
      }
    }
  }

  @Test
  void aMissingTopicOrAnUnknownSubscriptionStopsTheEngineFromStartingWithAClearError() {
    Names t = Names.fresh();
    KafkaTopics.create(bootstrap(), 1, t.out());
    EngineConfig missingInput = SubscribedActors.subscribe(config(t), t.in(), t.out());
    assertThatThrownBy(() -> Engine.start(missingInput, List.of(Account.class)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("topic " + t.in() + " does not exist, and subscription account.entry reads "
            + "it (disable it with --disabled-subscriptions account.entry); Rivulet does not "
            + "create topics it does not own: create it first");
    EngineConfig missingOutput = config(t).output(TopicOutput.json("nowhere-" + t.in()));
    assertThatThrownBy(() -> Engine.start(missingOutput, List.of(Account.class)))
        .hasMessageStartingWith("topic nowhere-" + t.in() + " does not exist, and it is "
            + "declared as an output");
    EngineConfig typo = SubscribedActors.subscribe(config(t), t.in(), t.out())
        .disableSubscriptions(List.of("account.entyr"));
    assertThatThrownBy(() -> Engine.start(typo, List.of(Account.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("disabled subscriptions [account.entyr] do not exist; subscriptions: "
            + "[account.entry]");
  }

  private static EngineConfig config(Names t) {
    return new EngineConfig().bootstrapServers(bootstrap()).application(t.app())
        .stateDir(TempDirs.create("rivulet-sub-"));
  }

  private static RivuletServer start(Names t) {
    return start(t, c -> {});
  }

  private static RivuletServer start(Names t, java.util.function.Consumer<ServerConfig> more) {
    return TestStack.start(List.of(Account.class), c -> {
      c.application(t.app()).subscribe(SubscribedActors.subscription(t.in()))
          .output(TopicOutput.json(t.out()));
      more.accept(c);
    });
  }

  static void produce(KafkaProducer<String, byte[]> producer, String topic, String account,
      long n, long amount) {
    producer.send(new ProducerRecord<>(topic, account, ("{\"account\":\"" + account
        + "\",\"n\":" + n + ",\"amount\":" + amount + "}").getBytes(StandardCharsets.UTF_8)));
  }

  /** The engine group's committed offsets of {@code topic}, by partition. */
  private static Map<Integer, Long> committed(String app, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin
          .listConsumerGroupOffsets(app + "-engine").partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS);
      return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
          .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
    }
  }

  private static List<Long> range(int to) {
    List<Long> out = new ArrayList<>();
    for (long n = 1; n <= to; n++) out.add(n);
    return out;
  }
}
