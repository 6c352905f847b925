package dev.rivulet.engine;

import static dev.rivulet.engine.MachineHarness.action;
import static dev.rivulet.engine.MachineHarness.connect;
import static dev.rivulet.engine.MachineHarness.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.records.ActorId;
import dev.rivulet.records.GatewayHeartbeat;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.records.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real topology (inbox → ActionProcessor with its RocksDB store → journal, outbox, dead
 * letter) under exactly-once, in TopologyTestDriver. The outbox partitioner cannot be observed
 * here (the driver has one partition per topic); the outbox key, the gateway id, can.
 */
class ActionProcessorTopologyTest {
  private static final Topics TOPICS = new Topics("t");

  @TempDir Path stateDir;

  private TopologyTestDriver driver;
  private SimpleMeterRegistry registry;
  private TestInputTopic<String, byte[]> inbox;
  private TestOutputTopic<String, byte[]> journal;
  private TestOutputTopic<String, byte[]> outbox;
  private TestOutputTopic<String, byte[]> deadLetter;
  private TestInputTopic<String, byte[]> gateways;
  /** The driver's wall clock, as far as this test moved it. */
  private long clock;
  private static final String WITNESS = LivenessWitness.key("test-instance");

  @BeforeEach
  void start() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "t-engine");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    EngineSettings settings = new EngineSettings(new ActorMachine.Env(MachineHarness.TYPES, java.util.Set.of(), 100,
        1 << 20, 1 << 20, java.util.Map.of()), 100, 30_000, 15_000, 86_400_000, List.of(), WITNESS);
    registry = new SimpleMeterRegistry();
    driver = new TopologyTestDriver(
        EngineTopology.build(TOPICS, settings, new EngineMetrics(registry, MachineHarness.TYPES)),
        props);
    inbox = driver.createInputTopic(TOPICS.inbox(), new StringSerializer(),
        new ByteArraySerializer());
    journal = driver.createOutputTopic(TOPICS.journal(), new StringDeserializer(),
        new ByteArrayDeserializer());
    outbox = driver.createOutputTopic(TOPICS.outbox(), new StringDeserializer(),
        new ByteArrayDeserializer());
    deadLetter = driver.createOutputTopic(TOPICS.deadLetter(), new StringDeserializer(),
        new ByteArrayDeserializer());
    gateways = driver.createInputTopic(TOPICS.gateways(), new StringSerializer(),
        new ByteArraySerializer());
    // The driver's wall clock starts at the moment it is made: this is at most a few ms after.
    clock = System.currentTimeMillis();
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void anActionGetsItsReplyItsJournalRecordAndItsEvents() {
    send(connect("counter/a", "gw-2", "c1"), 1_000);
    send(action("counter/a", "r1", "increment", "[5]"), 2_000);

    assertThat(outboxLines()).containsExactly(
        q("gw-2 {'kind':'reply','requestId':'req-c1','actor':'counter/a',"
            + "'output':{'actorId':'counter/a','connectionId':'c1','seq':0,'eventSeq':0,"
            + "'generation':1}}"),
        q("gw-1 {'kind':'reply','requestId':'r1','actor':'counter/a','output':5}"),
        q("gw-2 {'kind':'event','actor':'counter/a','eventSeq':1,'name':'newCount','args':[5]}"));

    List<TestRecord<String, byte[]>> records = journal.readRecordsToList();
    assertThat(records).extracting(TestRecord::key).containsExactly("counter/a", "counter/a");
    assertThat(records).extracting(TestRecord::timestamp).containsExactly(1_000L, 2_000L);
    var second = RecordCodec.decodeJournal(records.get(1).value());
    assertThat(second.seq()).isEqualTo(2);
    assertThat(second.kind()).isEqualTo("action");
    assertThat(second.at()).isEqualTo(2_000);
    assertThat(second.source()).hasToString("Source[partition=0, offset=1]");
    assertThat(second.request()).isEqualTo(action("counter/a", "r1", "increment", "[5]"));
    assertThat(second.output()).hasToString("5");
    assertThat(second.patch()).hasToString(q("[{'op':'replace','path':'/count','value':5}]"));
    assertThat(deadLetter.isEmpty()).isTrue();
  }

  @Test
  void aRawSocketsFramesAndTheActorsCloseReachTheOutboxOfTheGatewayHoldingIt() {
    send(MachineHarness.rawConnect("echo/e", "gw-2", "w1", "/room"), 1_000);
    send(MachineHarness.text("echo/e", "gw-2", "w1", "hello"), 2_000);
    send(MachineHarness.text("echo/e", "gw-3", "w1", "not its gateway"), 3_000);
    send(MachineHarness.text("echo/e", "gw-2", "w1", "bye"), 4_000);

    List<String> lines = outboxLines();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith(q("gw-2 {'kind':'reply','requestId':'req-w1'"));
    assertThat(lines.get(1)).startsWith(q("gw-2 {'kind':'socketFrame','actor':'echo/e',"
        + "'connId':'w1','text':'{"));
    assertThat(lines.subList(2, 5)).containsExactly(
        q("gw-2 {'kind':'socketFrame','actor':'echo/e','connId':'w1','text':'echo hello',"
            + "'seq':2,'index':0}"),
        q("gw-2 {'kind':'socketFrame','actor':'echo/e','connId':'w1','text':'goodbye',"
            + "'seq':3,'index':0}"),
        q("gw-2 {'kind':'disconnect','actor':'echo/e','connId':'w1','reason':'bye',"
            + "'code':4000}"));
    assertThat(journal.readValuesToList()).extracting(v -> RecordCodec.decodeJournal(v).kind())
        .containsExactly("connect", "socketMessage", "socketMessage");
    assertThat(deadLetter.isEmpty()).isTrue();
  }

  @Test
  void theStateSurvivesFromRecordToRecordInTheStore() {
    for (int i = 1; i <= 3; i++) send(action("counter/a", "r" + i, "increment", "[" + i + "]"), i);
    send(action("counter/b", "r4", "increment", "[10]"), 4);
    send(action("counter/a", "r5", "getCount", "[]"), 5);

    assertThat(outboxLines()).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r1','actor':'counter/a','output':1}"),
        q("gw-1 {'kind':'reply','requestId':'r2','actor':'counter/a','output':3}"),
        q("gw-1 {'kind':'reply','requestId':'r3','actor':'counter/a','output':6}"),
        q("gw-1 {'kind':'reply','requestId':'r4','actor':'counter/b','output':10}"),
        q("gw-1 {'kind':'reply','requestId':'r5','actor':'counter/a','output':6}"));
    KeyValueStore<String, byte[]> store = driver.getKeyValueStore(ActionProcessor.STORE);
    assertThat(new String(store.get("counter/a"), StandardCharsets.UTF_8)).isEqualTo(q(
        "{'actor':'counter/a','generation':1,'seq':4,'eventSeq':3,'lastAt':5,'destroyed':false,"
            + "'state':{'count':6},'createdAt':1}"));
    assertThat(ActorRecord.decode(store.get("counter/b")).seq()).isEqualTo(1);
    assertThat(journal.readValuesToList()).hasSize(5);
  }

  @Test
  void aKeyOfSeveralPartsWithSlashesIsTheEscapedActorId() {
    InboxRecord.Action request = new InboxRecord.Action(
        new ActorId("counter", List.of("a/b", "50%")),
        new InboxRecord.ReplyTo("gw-1", "r1"), InboxRecord.Mode.GET_OR_CREATE, null, "clock",
        MachineHarness.json("[]"), null);
    inbox.pipeInput("counter/a%2Fb/50%25", encode(request), 9L);

    var applied = RecordCodec.decodeJournal(journal.readValue());
    assertThat(applied.actor().key()).containsExactly("a/b", "50%");
    assertThat(applied.output().get("actorId").asText()).isEqualTo("counter/a%2Fb/50%25");
    assertThat(applied.output().get("key")).hasToString(q("['a/b','50%']"));
    assertThat(driver.getKeyValueStore(ActionProcessor.STORE).get("counter/a%2Fb/50%25"))
        .isNotNull();
    assertThat(deadLetter.isEmpty()).isTrue();
  }

  @Test
  void aRejectedRequestIsRepliedToButNotJournaledNorStored() {
    send(action(InboxRecord.Mode.GET, "counter/a", "r1", "increment", "[1]"), 1);
    assertThat(outboxLines()).containsExactly(q("gw-1 {'kind':'reply','requestId':'r1',"
        + "'actor':'counter/a','error':{'group':'actor','code':'not_found',"
        + "'message':'Actor counter/a does not exist'}}"));
    assertThat(journal.isEmpty()).isTrue();
    assertThat(driver.getKeyValueStore(ActionProcessor.STORE).get("counter/a")).isNull();
  }

  @Test
  void malformedBytesAreDeadLetteredWithTheirHeadersAndTheNextRecordIsProcessed() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
    inbox.pipeInput(new TestRecord<>("counter/a", bytes("{not json"), headers, 7L));
    TestRecord<String, byte[]> dead = assertDeadLetteredThenNextProcessed(
        "counter/a", "{not json", "not a valid InboxRecord: Unexpected character ('n' (code 110))");
    assertThat(dead.timestamp()).isEqualTo(7L);
    assertThat(header(dead, "trace")).isEqualTo("abc");
  }

  @Test
  void aRecordWhoseKeyIsNotItsActorIdIsDeadLettered() {
    inbox.pipeInput("counter/b", encode(action("counter/a", "r0", "increment", "[1]")));
    assertDeadLetteredThenNextProcessed("counter/b", null,
        "inbox record key \"counter/b\" is not its actor id \"counter/a\"");
    assertThat(driver.getKeyValueStore(ActionProcessor.STORE).get("counter/b")).isNull();
  }

  @Test
  void aRecordWithoutKeyIsDeadLettered() {
    inbox.pipeInput(null, encode(action("counter/a", "r0", "increment", "[1]")));
    assertDeadLetteredThenNextProcessed(null, null,
        "inbox record has no key (the key must be the actor id)");
  }

  @Test
  void aRecordOfAnUnknownKindIsDeadLettered() {
    String value = "{'kind':'explode','actor':'counter/a'}".replace('\'', '"');
    inbox.pipeInput("counter/a", bytes(value));
    assertDeadLetteredThenNextProcessed("counter/a", value,
        "not a valid InboxRecord: Could not resolve type id 'explode'");
  }

  @Test
  void aRecordWithoutValueIsDeadLettered() {
    inbox.pipeInput("counter/a", (byte[]) null);
    TestRecord<String, byte[]> dead =
        assertDeadLetteredThenNextProcessed("counter/a", null, "record has no value");
    assertThat(dead.value()).isNull();
  }

  @Test
  void aRecordWithAnInvalidActorIdIsDeadLettered() {
    String value = q("{'kind':'create','actor':'bad name/x','replyTo':{'gateway':'gw-1',"
        + "'requestId':'r0'},'mode':'create'}");
    inbox.pipeInput("bad name/x", bytes(value));
    assertDeadLetteredThenNextProcessed("bad name/x", value, "not a valid InboxRecord: ");
  }

  @Test
  void theJsonLiteralNullIsDeadLettered() {
    inbox.pipeInput("counter/a", bytes("null"));
    assertDeadLetteredThenNextProcessed("counter/a", "null", "");
  }

  @Test
  void anEngineFailureDeadLettersTheRecordAndRepliesAnInternalError() {
    send(action("broken/x", "r0", "poke", "[]"), 3);
    TestRecord<String, byte[]> dead = deadLetter.readRecord();
    assertThat(dead.key()).isEqualTo("broken/x");
    assertThat(dead.value()).isEqualTo(encode(action("broken/x", "r0", "poke", "[]")));
    assertThat(header(dead, "rivulet.error")).isEqualTo("the engine failed to apply the record: "
        + "java.lang.IllegalStateException: this actor cannot be constructed");
    assertThat(header(dead, "rivulet.source")).isEqualTo("t.inbox-0@0");
    assertThat(outboxLines()).containsExactly(q("gw-1 {'kind':'reply','requestId':'r0',"
        + "'actor':'broken/x','error':{'group':'core','code':'internal_error',"
        + "'message':'An internal error occurred'}}"));
    assertThat(journal.isEmpty()).isTrue();
    assertThat(driver.getKeyValueStore(ActionProcessor.STORE).get("broken/x")).isNull();

    send(action("counter/a", "r1", "increment", "[1]"), 4);
    assertThat(outboxLines()).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r1','actor':'counter/a','output':1}"));
    assertThat(deadLetter.isEmpty()).isTrue();
  }

  /**
   * Checks the one dead letter (key, value unless {@code value} is null, reason prefix, source at
   * offset 0), then sends a valid record for counter/a and checks it was applied.
   */
  private TestRecord<String, byte[]> assertDeadLetteredThenNextProcessed(
      String key, String value, String reasonPrefix) {
    List<TestRecord<String, byte[]>> dead = deadLetter.readRecordsToList();
    assertThat(dead).hasSize(1);
    TestRecord<String, byte[]> record = dead.get(0);
    assertThat(record.key()).isEqualTo(key);
    if (value != null) assertThat(record.value()).isEqualTo(bytes(value));
    assertThat(header(record, "rivulet.error")).startsWith(reasonPrefix);
    assertThat(header(record, "rivulet.source")).isEqualTo("t.inbox-0@0");
    assertThat(outbox.isEmpty()).isTrue();
    assertThat(journal.isEmpty()).isTrue();

    send(action("counter/a", "next", "increment", "[2]"), 100);
    assertThat(outboxLines()).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'next','actor':'counter/a','output':2}"));
    var applied = RecordCodec.decodeJournal(journal.readValue());
    assertThat(applied.seq()).isEqualTo(1);
    assertThat(applied.source()).hasToString("Source[partition=0, offset=1]");
    assertThat(deadLetter.isEmpty()).isTrue();
    return record;
  }

  @Test
  void eachAppliedRecordIsTimedByActorTypeKindActionAndOutcome() {
    send(action("counter/a", "r1", "increment", "[1]"), 1);
    send(action("counter/a", "r2", "increment", "[1]"), 2);
    send(action("counter/a", "r3", "reject", "[\"no\"]"), 3);
    send(action("counter/a", "r4", "fail", "[]"), 4);
    send(action("counter/a", "r5", "nope", "[]"), 5);
    send(action("ghost/a", "r6", "boo", "[]"), 6);
    send(MachineHarness.create(InboxRecord.Mode.CREATE, "counter/b", "r7", null), 7);

    assertThat(timed("counter", "action", "increment", "ok")).isEqualTo(2);
    assertThat(timed("counter", "action", "reject", "user_error")).isEqualTo(1);
    assertThat(timed("counter", "action", "fail", "error")).isEqualTo(1);
    assertThat(timed("counter", "action", EngineMetrics.UNKNOWN, "error")).isEqualTo(1);
    assertThat(timed(EngineMetrics.UNKNOWN, "action", EngineMetrics.UNKNOWN, "error")).isEqualTo(1);
    assertThat(timed("counter", "create", "", "ok")).isEqualTo(1);
    assertThat(registry.get(EngineMetrics.DURATION).timers()).hasSize(6);

    assertThat(errors("counter", "user.limit_reached")).isEqualTo(1);
    assertThat(errors("counter", "core.internal_error")).isEqualTo(1);
    assertThat(errors("counter", "actor.action_not_found")).isEqualTo(1);
    assertThat(errors(EngineMetrics.UNKNOWN, "actor.type_not_found")).isEqualTo(1);
    assertThat(registry.get(EngineMetrics.ERRORS).counters()).hasSize(4);
  }

  @Test
  void pendingSchedulesAreCountedAsTheyAreSetCancelledAndFired() {
    long now = System.currentTimeMillis();
    send(action("alarm/a", "r1", "set", "[3600000]"), now);
    send(action("alarm/a", "r2", "set", "[3600000]"), now);
    send(action("alarm/b", "r3", "set", "[3600000]"), now);
    assertThat(gauge("rivulet.schedules.pending")).isEqualTo(3);
    String id = RecordCodec.decodeJournal(journal.readRecordsToList().get(1).value()).output()
        .asText();
    send(action("alarm/a", "r4", "cancel", "[\"" + id + "\"]"), now);
    assertThat(gauge("rivulet.schedules.pending")).isEqualTo(2);

    send(action("alarm/c", "r5", "set", "[1]"), 1_000); // due long ago: fires at once
    assertThat(gauge("rivulet.schedules.pending")).isEqualTo(3);
    driver.advanceWallClockTime(java.time.Duration.ofSeconds(1)); // fires, counts live actors
    assertThat(gauge("rivulet.schedules.pending")).isEqualTo(2);
    assertThat(gauge("rivulet.schedules.overdue")).isZero();
    assertThat(timed("alarm", "fire", "ring", "ok")).isEqualTo(1);
    assertThat(gauge("rivulet.actors.live")).isEqualTo(3);
  }

  @Test
  void aRecordsTraceParentStaysOnItsJournalRecordAndReply() {
    String trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", bytes(trace));
    headers.add("tracestate", bytes("rojo=1"));
    InboxRecord request = action("counter/a", "r1", "increment", "[1]");
    inbox.pipeInput(new TestRecord<>("counter/a", encode(request), headers, 1L));

    TestRecord<String, byte[]> applied = journal.readRecord();
    assertThat(header(applied, "traceparent")).isEqualTo(trace);
    assertThat(header(applied, "tracestate")).isEqualTo("rojo=1");
    assertThat(header(outbox.readRecord(), "traceparent")).isEqualTo(trace);
  }

  @Test
  void aRecordWithoutAValidTraceParentStartsATrace() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", bytes("00-not-a-trace"));
    headers.add("tracestate", bytes("rojo=1"));
    headers.add("other", bytes("kept"));
    InboxRecord request = action("counter/a", "r1", "increment", "[1]");
    inbox.pipeInput(new TestRecord<>("counter/a", encode(request), headers, 1L));
    send(action("counter/a", "r2", "increment", "[1]"), 2);

    List<TestRecord<String, byte[]>> applied = journal.readRecordsToList();
    String first = header(applied.get(0), "traceparent");
    String second = header(applied.get(1), "traceparent");
    assertThat(first).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    assertThat(second).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").isNotEqualTo(first);
    assertThat(header(applied.get(0), "tracestate")).isNull();
    assertThat(header(applied.get(0), "other")).isEqualTo("kept");
    assertThat(outbox.readRecordsToList()).extracting(r -> header(r, "traceparent"))
        .containsExactly(first, second);
  }

  @Test
  void aRecordOfTheGatewaysTopicThatIsNoHeartbeatNeitherStopsTheEngineNorEndsConnections() {
    send(connect("counter/a", "gw-2", "c1"), clock);
    outbox.readRecordsToList();
    beat(16, "gw-2"); // past the engine's first timeout: gateways are judged from here on
    gateways.pipeInput("gw-2", bytes("\u0000not a heartbeat{"), clock); // poison, under a live id
    // The liveness check runs every 2 s: the gateway's last heartbeat still counts.
    beat(3);
    assertThat(disconnects()).isEmpty();
    send(action("counter/a", "r1", "increment", "[1]"), clock);
    assertThat(outboxLines()).contains(
        q("gw-1 {'kind':'reply','requestId':'r1','actor':'counter/a','output':1}"));
    beat(14); // then silent for longer than the timeout (15 s), while the engine sees its marks
    assertThat(disconnects()).containsExactly("counter/a c1 gateway gw-2 lost (judged)");
    // The gateway is told as well, should it be alive after all: it closes the client's socket.
    assertThat(outboxLines()).containsExactly(q("gw-2 {'kind':'disconnect','actor':'counter/a',"
        + "'connId':'c1','reason':'gateway gw-2 lost'}"));
  }

  @Test
  void aClientsDisconnectIsNotSentBackToItsGatewayWhateverItsReasonSays() {
    send(connect("counter/a", "gw-2", "c1"), clock);
    outbox.readRecordsToList();
    // A client may close its socket with any reason, this one too: it is not the engine's
    // judgement (the record's `lost` field), so its gateway, which saw the socket end, is not told.
    send(new InboxRecord.Disconnect(ActorId.parse("counter/a"), "gw-2", "c1", "gateway gw-2 lost"),
        clock);
    assertThat(disconnects()).containsExactly("counter/a c1 gateway gw-2 lost");
    assertThat(outboxLines()).isEmpty();
  }

  @Test
  void noGatewayIsLostWhileTheEngineDoesNotSeeItsOwnMarks() {
    send(connect("counter/a", "gw-2", "c1"), clock);
    beat(16, "gw-2");
    // The broker away for 40 s: neither the gateway's heartbeats nor the engine's marks arrive.
    for (int s = 0; s < 40; s++) {
      clock += 1_000;
      driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
    assertThat(disconnects()).isEmpty();
    // Back: the marks arrive before the gateway is heard again; it gets a whole timeout for that.
    beat(10);
    assertThat(disconnects()).isEmpty();
    beat(10, "gw-2");
    assertThat(disconnects()).isEmpty();
    // A gateway that stays silent once the engine sees again is lost after the timeout.
    send(connect("counter/b", "gw-3", "c2"), clock);
    beat(20, "gw-2");
    assertThat(disconnects()).containsExactly("counter/b c2 gateway gw-3 lost (judged)");
  }

  @Test
  void aCheckThatDidNotRunForAWhileJudgesNoGatewayAtItsFirstLookBack() {
    send(connect("counter/a", "gw-2", "c1"), clock);
    beat(16, "gw-2"); // gateways are judged from here on
    // The broker away for 20 s, and the stream thread held up all along (as a transaction's
    // commit holds it): no check runs. Once the broker is back, this engine's own mark is read
    // before the gateway's next heartbeat, and only then does the check run again.
    clock += 20_000;
    gateways.pipeInput(WITNESS,
        RecordCodec.encode(new GatewayHeartbeat(WITNESS, clock, true)), clock);
    driver.advanceWallClockTime(Duration.ofSeconds(20));
    assertThat(disconnects()).isEmpty();
    beat(10, "gw-2"); // the gateway is heard again within one timeout: nothing ends
    assertThat(disconnects()).isEmpty();
    beat(16); // a gateway silent for a whole timeout while the engine looks is still lost
    assertThat(disconnects()).containsExactly("counter/a c1 gateway gw-2 lost (judged)");
  }

  /**
   * {@code seconds} of the engine's wall clock, a second at a time, each with this engine's
   * liveness mark and a heartbeat of each of {@code beating}.
   */
  private void beat(int seconds, String... beating) {
    for (int s = 0; s < seconds; s++) {
      gateways.pipeInput(WITNESS,
          RecordCodec.encode(new GatewayHeartbeat(WITNESS, clock, true)), clock);
      for (String gateway : beating) {
        gateways.pipeInput(gateway,
            RecordCodec.encode(new GatewayHeartbeat(gateway, clock, true)), clock);
      }
      clock += 1_000;
      driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
  }

  /** The disconnects journaled since the last call: actor, connection and reason. */
  private List<String> disconnects() {
    return journal.readRecordsToList().stream().map(r -> RecordCodec.decodeJournal(r.value()))
        .filter(j -> j.kind().equals("disconnect"))
        .map(j -> {
          InboxRecord.Disconnect d = (InboxRecord.Disconnect) j.request();
          return j.actor() + " " + d.connId() + " " + d.reason()
              + (d.judgedLost() ? " (judged)" : "");
        })
        .toList();
  }

  private double timed(String type, String kind, String action, String outcome) {
    var timer = registry.find(EngineMetrics.DURATION).tags("actor_type", type, "kind", kind,
        "action", action, "outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }

  private double errors(String type, String code) {
    var counter = registry.find(EngineMetrics.ERRORS).tags("actor_type", type, "code", code)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private void send(InboxRecord request, long timestamp) {
    inbox.pipeInput(request.actor().toString(), encode(request), timestamp);
  }

  private List<String> outboxLines() {
    return outbox.readRecordsToList().stream()
        .map(r -> r.key() + " " + new String(r.value(), StandardCharsets.UTF_8))
        .toList();
  }

  private static String header(TestRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static byte[] encode(InboxRecord request) {
    return RecordCodec.encode(request);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
