package dev.rivulet.engine;

import static dev.rivulet.engine.MachineHarness.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.TopicOutput;
import dev.rivulet.actor.TopicSubscription;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.records.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscriptions and outputs in the real topology, under exactly-once, in TopologyTestDriver: a
 * record of a subscribed topic becomes an inbox action with its origin, is journaled and applied
 * in order, publishes to an output topic; bad records, bad keys and failing actions go to the
 * dead-letter topic with the reason and origin, and never hold up the records behind them.
 */
class SubscriptionTopologyTest {
  private static final Topics TOPICS = new Topics("t");
  private static final Map<String, ActorType> TYPES = withSpending();

  @TempDir Path stateDir;

  private TopologyTestDriver driver;
  private SimpleMeterRegistry registry;
  private TestInputTopic<String, byte[]> payments;
  private TestInputTopic<String, byte[]> raw;
  private TestOutputTopic<String, byte[]> journal;
  private TestOutputTopic<String, byte[]> alerts;
  private TestOutputTopic<String, byte[]> audit;
  private TestOutputTopic<byte[], byte[]> deadLetter;

  private static Map<String, ActorType> withSpending() {
    Map<String, ActorType> types = new LinkedHashMap<>(MachineHarness.TYPES);
    types.put("spending", ActorType.of(TestSpending.class));
    return Map.copyOf(types);
  }

  static List<TopicSubscription> subscriptions() {
    return List.of(
        TopicSubscription.of("payments", TestSpending.class, "pay")
            .keyedBy(TestSpending.Payment.class, (key, p) -> p.account()),
        TopicSubscription.of("raw", TestSpending.class, "raw").bytes());
  }

  static Topology topology(EngineMetrics metrics) {
    EngineSettings settings = new EngineSettings(new ActorMachine.Env(TYPES, Set.of(), 100,
        1 << 20, 1 << 20, Published.declared(
            List.of(TopicOutput.json("alerts"), TopicOutput.bytes("audit")), TOPICS)),
        100, 30_000, 15_000, 86_400_000,
        Subscribed.resolve(subscriptions(), Set.of(), TYPES, TOPICS), "engine/test");
    return EngineTopology.build(TOPICS, settings, metrics);
  }

  @BeforeEach
  void start() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "t-engine");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    registry = new SimpleMeterRegistry();
    driver = new TopologyTestDriver(topology(new EngineMetrics(registry, TYPES,
        Set.of("spending.pay", "spending.raw"))), props);
    payments = driver.createInputTopic("payments", new StringSerializer(),
        new ByteArraySerializer());
    raw = driver.createInputTopic("raw", new StringSerializer(), new ByteArraySerializer());
    journal = driver.createOutputTopic(TOPICS.journal(), new StringDeserializer(),
        new ByteArrayDeserializer());
    alerts = driver.createOutputTopic("alerts", new StringDeserializer(),
        new ByteArrayDeserializer());
    audit = driver.createOutputTopic("audit", new StringDeserializer(),
        new ByteArrayDeserializer());
    deadLetter = driver.createOutputTopic(TOPICS.deadLetter(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void aRecordBecomesAnActionOfItsActorJournaledWithItsOrigin() {
    payments.pipeInput("ignored", json("{'account':'acc-1','amount':60}"), 5_000L);
    payments.pipeInput("ignored", json("{'account':'acc-2','amount':7}"), 6_000L);
    payments.pipeInput("ignored", json("{'account':'acc-1','amount':50}"), 7_000L);

    List<TestRecord<String, byte[]>> records = journal.readRecordsToList();
    assertThat(records).extracting(TestRecord::key)
        .containsExactly("spending/acc-1", "spending/acc-2", "spending/acc-1");
    JournalRecord first = RecordCodec.decodeJournal(records.get(0).value());
    assertThat(first.request()).isEqualTo(InboxRecord.Action.fromTopic(
        dev.rivulet.records.ActorId.of("spending", "acc-1"), "pay",
        MachineHarness.json(q("[{'account':'acc-1','amount':60}]")),
        new InboxRecord.Origin("spending.pay", "payments", 0, 0)));
    assertThat(first.created()).isTrue();
    assertThat(first.at()).as("the record's timestamp is the actor's clock").isEqualTo(5_000);
    assertThat(first.output()).hasToString("60");
    JournalRecord third = RecordCodec.decodeJournal(records.get(2).value());
    assertThat(((InboxRecord.Action) third.request()).origin().offset()).isEqualTo(2);
    assertThat(third.output()).hasToString("110");
    assertThat(third.seq()).isEqualTo(2);
    // Over 100: published, in the same step, and journaled.
    assertThat(third.published()).hasToString(
        q("[{'topic':'alerts','key':'acc-1','value':{'account':'acc-1','spent':110}}]"));
    TestRecord<String, byte[]> alert = alerts.readRecord();
    assertThat(alert.key()).isEqualTo("acc-1");
    assertThat(JsonValuesJson.tree(alert.value()))
        .isEqualTo(MachineHarness.json(q("{'account':'acc-1','spent':110}")));
    assertThat(alert.timestamp()).isEqualTo(7_000L);
    assertThat(alerts.isEmpty()).isTrue();
    assertThat(deadLetter.isEmpty()).isTrue();
    assertThat(registry.get("rivulet.subscription.records").tag("subscription", "spending.pay")
        .counter().count()).isEqualTo(3);
  }

  @Test
  void theHistoryReplaysWithItsOriginsAndPublicationsAndAChangedPublicationDiverges() {
    payments.pipeInput("k", json("{'account':'acc-1','amount':60}"), 5_000L);
    payments.pipeInput("k", json("{'account':'acc-1','amount':50}"), 6_000L);
    List<JournalRecord> history = journal.readValuesToList().stream()
        .map(RecordCodec::decodeJournal).toList();

    Replayer.Result same = new Replayer(List.of(TestSpending.class), 100,
        List.of(TopicOutput.json("alerts"))).replay(history);
    assertThat(same.divergence()).isNull();
    assertThat(same.state()).hasToString(q("{'spent':110,'payments':2}"));
    Replayer.Result other = new Replayer(List.of(TestSpending.class), 100,
        List.of(TopicOutput.encodedWith("alerts", (topic, alert) -> new byte[] {1})))
        .replay(history);
    assertThat(other.divergence().seq()).isEqualTo(2);
    assertThat(other.divergence().field()).isEqualTo("published");
  }

  @Test
  void aRecordThatCannotBeDecodedIsDeadLetteredAndTheNextOneApplies() {
    Headers headers = new RecordHeaders().add("source-app", "bank".getBytes(StandardCharsets.UTF_8));
    payments.pipeInput(new TestRecord<>("k1", "not json".getBytes(StandardCharsets.UTF_8),
        headers, 1_000L));
    payments.pipeInput("k2", json("{'account':'acc-1','amount':'ten'}"), 2_000L);
    payments.pipeInput("k3", json("{'account':'','amount':10}"), 3_000L);
    payments.pipeInput("k4", json("{'account':'acc-1','amount':10}"), 4_000L);

    List<TestRecord<byte[], byte[]>> dead = deadLetter.readRecordsToList();
    assertThat(dead).hasSize(3);
    assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("k1");
    assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not json");
    assertThat(header(dead.get(0), "source-app")).isEqualTo("bank");
    assertThat(header(dead.get(0), "rivulet.reason")).isEqualTo("undecodable");
    assertThat(header(dead.get(0), "rivulet.error")).startsWith("the value is not JSON");
    assertThat(header(dead.get(0), "rivulet.origin")).isEqualTo("payments-0@0");
    assertThat(header(dead.get(0), "rivulet.subscription")).isEqualTo("spending.pay");
    assertThat(header(dead.get(1), "rivulet.reason")).isEqualTo("undecodable");
    assertThat(header(dead.get(1), "rivulet.error"))
        .contains("argument 1 (payment) of spending.pay must be");
    assertThat(header(dead.get(2), "rivulet.reason")).isEqualTo("bad_key");
    assertThat(header(dead.get(2), "rivulet.error"))
        .isEqualTo("the key function returned an empty key");
    assertThat(header(dead.get(2), "rivulet.origin")).isEqualTo("payments-0@2");

    List<JournalRecord> applied = journal.readValuesToList().stream()
        .map(RecordCodec::decodeJournal).toList();
    assertThat(applied).hasSize(1);
    assertThat(((InboxRecord.Action) applied.get(0).request()).origin().offset()).isEqualTo(3);
    assertThat(registry.get("rivulet.subscription.deadletters").tag("reason", "undecodable")
        .counter().count()).isEqualTo(2);
    assertThat(registry.get("rivulet.subscription.deadletters").tag("reason", "bad_key")
        .counter().count()).isEqualTo(1);
  }

  @Test
  void aFailedActionIsJournaledDeadLetteredPublishesNothingAndTheNextOneApplies() {
    payments.pipeInput("k", json("{'account':'acc-9','amount':200}"), 1_000L);
    payments.pipeInput("k", json("{'account':'acc-9','amount':-5}"), 2_000L);
    payments.pipeInput("k", json("{'account':'acc-9','amount':1}"), 3_000L);

    List<JournalRecord> applied = journal.readValuesToList().stream()
        .map(RecordCodec::decodeJournal).toList();
    assertThat(applied).extracting(JournalRecord::seq).containsExactly(1L, 2L, 3L);
    assertThat(applied.get(1).error().qualifiedCode()).isEqualTo("user.negative_amount");
    assertThat(applied.get(1).published()).as("a failed action published nothing").isNull();
    assertThat(applied.get(2).output()).hasToString("201");
    // Only the two successful steps over 100 published.
    assertThat(alerts.readValuesToList()).hasSize(2);

    TestRecord<byte[], byte[]> dead = deadLetter.readRecord();
    assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("spending/acc-9");
    InboxRecord.Action action = (InboxRecord.Action) RecordCodec.decodeInbox(dead.value());
    assertThat(action.origin()).hasToString("payments-0@1");
    assertThat(header(dead, "rivulet.reason")).isEqualTo("failed");
    assertThat(header(dead, "rivulet.error"))
        .isEqualTo("user.negative_amount: a payment of -5");
    assertThat(header(dead, "rivulet.origin")).isEqualTo("payments-0@1");
    assertThat(header(dead, "rivulet.source")).startsWith(TOPICS.inbox() + "-0@");
    assertThat(deadLetter.isEmpty()).isTrue();
    assertThat(registry.get("rivulet.subscription.deadletters").tag("reason", "failed")
        .counter().count()).isEqualTo(1);
  }

  @Test
  void bytesArePassedAsTheyAreAndPublishedAsTheyAre() {
    byte[] data = {0, 1, 2, (byte) 0xff};
    raw.pipeInput("sensor-7", data, 1_000L);
    raw.pipeInput("sensor-7", (byte[]) null, 2_000L); // a tombstone: a null argument

    List<JournalRecord> applied = journal.readValuesToList().stream()
        .map(RecordCodec::decodeJournal).toList();
    assertThat(applied).extracting(r -> r.output().asInt()).containsExactly(4, -1);
    assertThat(applied.get(0).actor()).hasToString("spending/sensor-7");
    assertThat(applied.get(0).published()).hasToString(q("[{'topic':'audit','bytes':'AAEC/w=='}]"));
    assertThat(applied.get(1).published()).hasToString(q("[{'topic':'audit','tombstone':true}]"));
    List<TestRecord<String, byte[]>> written = audit.readRecordsToList();
    assertThat(written.get(0).key()).isNull();
    assertThat(written.get(0).value()).isEqualTo(data);
    assertThat(written.get(1).value()).isNull();
  }

  @Test
  void aRecordWithoutAKeyIsDeadLetteredWhenTheKeyIsTheRecordKey() {
    raw.pipeInput((String) null, new byte[] {1}, 1_000L);
    TestRecord<byte[], byte[]> dead = deadLetter.readRecord();
    assertThat(dead.key()).isNull();
    assertThat(header(dead, "rivulet.reason")).isEqualTo("bad_key");
    assertThat(header(dead, "rivulet.error")).startsWith("the record has no key");
    assertThat(journal.isEmpty()).isTrue();
  }

  /**
   * Each subscribed topic is a sub-topology of its own, after the actions': their tasks and state
   * directories keep their ids whatever subscriptions are added or removed.
   */
  @Test
  void subscriptionsAreSubTopologiesOfTheirOwnAfterTheActions() {
    TopologyDescription described = topology(new EngineMetrics(new SimpleMeterRegistry(), TYPES))
        .describe();
    TopologyDescription.Subtopology actions = described.subtopologies().stream()
        .filter(s -> s.nodes().stream().anyMatch(n -> n.name().equals("actions")))
        .findFirst().orElseThrow();
    assertThat(actions.id()).isZero();
    assertThat(actions.nodes()).extracting(TopologyDescription.Node::name)
        .noneMatch(n -> n.startsWith(EngineTopology.SUBSCRIPTION))
        .contains("publish-alerts", "publish-audit");
    assertThat(described.subtopologies()).hasSize(3);
    for (TopologyDescription.Subtopology s : described.subtopologies()) {
      if (s != actions) {
        assertThat(s.id()).isPositive();
        assertThat(s.nodes()).extracting(TopologyDescription.Node::name)
            .allMatch(n -> n.startsWith(EngineTopology.SUBSCRIPTION));
      }
    }
    EngineSettings none = new EngineSettings(new ActorMachine.Env(TYPES, Set.of(), 100, 1 << 20,
        1 << 20, Map.of()), 100, 30_000, 15_000, 86_400_000, List.of(), "engine/test");
    assertThat(EngineTopology.build(TOPICS, none, new EngineMetrics(new SimpleMeterRegistry(),
        TYPES)).describe().subtopologies()).filteredOn(t -> t.nodes().stream()
        .anyMatch(n -> n.name().equals("actions"))).extracting(TopologyDescription.Subtopology::id)
        .containsExactly(0);
  }

  @Test
  void subscriptionsThatCannotWorkAreRefusedNamingThem() {
    assertThatThrownBy(() -> resolve(TopicSubscription.of("payments", TestSpending.class, "nope")))
        .hasMessage("subscription spending.nope: spending has no action nope");
    assertThatThrownBy(() -> resolve(TopicSubscription.of("t.inbox", TestSpending.class, "pay")))
        .hasMessageContaining("t.inbox is one of the application's own topics");
    assertThatThrownBy(() -> resolve(TopicSubscription.of("payments", TestSpending.class, "pay")
        .bytes())).hasMessageContaining("takes dev.rivulet.engine.TestSpending$Payment, not byte[]");
    assertThatThrownBy(() -> resolve(TopicSubscription.of("payments", TestCounter.class, "label")))
        .hasMessageContaining("counter.label takes 3 parameters");
    assertThatThrownBy(() -> resolve(TopicSubscription.of("payments", TestSpending.class, "pay")
        .keyedBy(String.class, (k, v) -> v)))
        .hasMessageContaining("the key function takes java.lang.String");
    assertThatThrownBy(() -> resolve(TopicSubscription.of("payments", TestSpending.class, "pay"),
        TopicSubscription.of("payments", TestSpending.class, "pay")))
        .hasMessageContaining("two subscriptions have this name");
    assertThatThrownBy(() -> resolve(TopicSubscription.of("payments", TestSpending.class, "pay"),
        TopicSubscription.of("payments", TestSpending.class, "raw").named("other")
            .startingAt(TopicSubscription.Start.LATEST)))
        .hasMessageContaining("share its offsets");
    assertThatThrownBy(() -> Subscribed.resolve(subscriptions(), Set.of("spending.typo"), TYPES,
        TOPICS)).hasMessageContaining("disabled subscriptions [spending.typo] do not exist");
    assertThat(Subscribed.resolve(subscriptions(), Set.of("spending.raw"), TYPES, TOPICS))
        .extracting(Subscribed::name).containsExactly("spending.pay");
    assertThatThrownBy(() -> Published.declared(List.of(TopicOutput.json("a"),
        TopicOutput.bytes("a")), TOPICS)).hasMessage("output a is declared twice");
  }

  @Test
  void publishingIsRefusedOutsideADeclaredOutputAndInReadOnlyActions() {
    MachineHarness fed = new MachineHarness(TYPES, Map.of("alerts", TopicOutput.json("alerts")));
    Step readOnly = fed.apply(MachineHarness.action("spending/a", "r1", "sneakyPublish", "[]"));
    assertThat(readOnly.journal().error().qualifiedCode()).isEqualTo("actor.read_only_violation");
    Step elsewhere = fed.apply(MachineHarness.action("spending/a", "r2", "publishElsewhere", "[]"));
    assertThat(elsewhere.journal().error().message())
        .contains("topic \"elsewhere\" is not a declared output");
    assertThat(elsewhere.published()).isEmpty();
  }

  private static void resolve(TopicSubscription... specs) {
    Subscribed.resolve(List.of(specs), Set.of(), TYPES, TOPICS);
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static byte[] json(String singleQuoted) {
    return q(singleQuoted).getBytes(StandardCharsets.UTF_8);
  }

  /** Reads record values as JSON trees. */
  private static final class JsonValuesJson {
    static JsonNode tree(byte[] bytes) {
      return RecordCodec.decodeTree(bytes);
    }
  }
}
