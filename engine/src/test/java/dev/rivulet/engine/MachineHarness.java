package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.TopicOutput;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.InboxRecord.Mode;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives an {@link ActorMachine} the way {@link ActionProcessor} does, without Kafka: the stored
 * actor goes through {@link ActorRecord#encode()} and {@link ActorRecord#decode} between records,
 * and every record gets the next inbox offset. Also builds inbox records and renders outputs as
 * compact JSON text, written with single quotes in the tests for readability.
 */
final class MachineHarness {
  static final String GATEWAY = "gw-1";

  static final Map<String, ActorType> TYPES = types(TestCounter.class, TestRoom.class,
      TestProfile.class, TestBroken.class, TestLedger.class, TestGauge.class,
      TestQueue.class, TestAlarm.class, TestGate.class, TestSocket.class, TestCalc.class,
      TestTally.class, TestNotebook.class, TestWatched.class);

  private final ActorMachine machine;
  private final Map<ActorId, ActorRecord> store = new HashMap<>();
  private final EntryStore.Memory entries = EntryStore.memory();
  private long offset;

  MachineHarness() {
    this(100, 1 << 20, 1 << 20);
  }

  MachineHarness(int snapshotEvery, int maxStateBytes, int maxMessageBytes) {
    this(snapshotEvery, maxStateBytes, maxMessageBytes, ActorMachine.DEFAULT_MAX_COLLECTION_BYTES);
  }

  /** A harness with its own limits, stored collections' included. */
  MachineHarness(int snapshotEvery, int maxStateBytes, int maxMessageBytes,
      long maxCollectionBytes) {
    this.machine = new ActorMachine(new ActorMachine.Env(TYPES, java.util.Set.of(), snapshotEvery,
        maxStateBytes, maxMessageBytes, null, maxCollectionBytes), new LiveActors(100, 30_000),
        entries);
  }

  /** A harness of other actor types, with output topics. */
  MachineHarness(Map<String, ActorType> types, Map<String, TopicOutput> outputs) {
    this.machine = new ActorMachine(new ActorMachine.Env(types, java.util.Set.of(), 100, 1 << 20,
        1 << 20, outputs), new LiveActors(100, 30_000), entries);
  }

  @SafeVarargs
  static Map<String, ActorType> types(Class<? extends ActorBase<?>>... classes) {
    Map<String, ActorType> types = new LinkedHashMap<>();
    for (Class<? extends ActorBase<?>> cls : classes) {
      ActorType type = ActorType.of(cls);
      types.put(type.name(), type);
    }
    return Map.copyOf(types);
  }

  /** Applies {@code request} at time 1000. */
  Step apply(InboxRecord request) {
    return apply(request, 1_000L);
  }

  Step apply(InboxRecord request, long timestamp) {
    ActorRecord current = store.get(request.actor());
    Step step =
        machine.apply(current, request, timestamp, new JournalRecord.Source(0, offset++));
    if (step.next() != null) {
      store.put(request.actor(), ActorRecord.decode(step.next().encode()));
    }
    entries.apply(step.entries());
    return step;
  }

  /** The entry store, as the steps so far left it. */
  EntryStore.Memory entries() {
    return entries;
  }

  /** The stored actor, as the next record will load it; null when never stored. */
  ActorRecord stored(String actorId) {
    return store.get(ActorId.parse(actorId));
  }

  /** Stores {@code record} as if earlier records had left it. */
  void store(ActorRecord record) {
    store.put(record.actor(), ActorRecord.decode(record.encode()));
  }

  // ---- inbox records ----

  static InboxRecord.Action action(String actor, String requestId, String action, String args) {
    return action(Mode.GET_OR_CREATE, actor, requestId, action, args);
  }

  static InboxRecord.Action action(
      Mode mode, String actor, String requestId, String action, String args) {
    return new InboxRecord.Action(ActorId.parse(actor), new InboxRecord.ReplyTo(GATEWAY, requestId),
        mode, null, action, json(args), null);
  }

  static InboxRecord.Action actionWithInput(
      String actor, String requestId, String input, String action, String args) {
    return new InboxRecord.Action(ActorId.parse(actor), new InboxRecord.ReplyTo(GATEWAY, requestId),
        Mode.GET_OR_CREATE, json(input), action, json(args), null);
  }

  static InboxRecord.Create create(Mode mode, String actor, String requestId, String input) {
    return new InboxRecord.Create(ActorId.parse(actor), new InboxRecord.ReplyTo(GATEWAY, requestId),
        mode, input == null ? null : json(input));
  }

  static InboxRecord.Connect connect(String actor, String gateway, String connId) {
    return new InboxRecord.Connect(ActorId.parse(actor),
        new InboxRecord.ReplyTo(gateway, "req-" + connId), Mode.GET_OR_CREATE, null, connId,
        json("{'room':'lobby'}"), "websocket");
  }

  static InboxRecord.Disconnect disconnect(String actor, String gateway, String connId) {
    return new InboxRecord.Disconnect(ActorId.parse(actor), gateway, connId, "closed");
  }

  /** A stateless call of {@code action}, in connection {@code connId} with {@code params}. */
  static InboxRecord.Action stateless(String actor, String requestId, String action, String args,
      String connId, String params) {
    return new InboxRecord.Action(ActorId.parse(actor), new InboxRecord.ReplyTo(GATEWAY, requestId),
        Mode.GET_OR_CREATE, null, action, json(args), null, null, null, null,
        new InboxRecord.Stateless(connId, params == null ? null : json(params)));
  }

  /** An action for generation {@code generation} only. */
  static InboxRecord.Action ofGeneration(long generation, Mode mode, String actor,
      String requestId, String action, String args) {
    return new InboxRecord.Action(ActorId.parse(actor), new InboxRecord.ReplyTo(GATEWAY, requestId),
        mode, null, action, json(args), null, null, null, generation, null);
  }

  /** A raw WebSocket to {@code path}, with {@code ?x=1} and a User-Agent header. */
  static InboxRecord.Connect rawConnect(String actor, String gateway, String connId, String path) {
    return new InboxRecord.Connect(ActorId.parse(actor),
        new InboxRecord.ReplyTo(gateway, "req-" + connId), Mode.GET_OR_CREATE, null, connId,
        null, InboxRecord.RawSocket.TRANSPORT, null, new InboxRecord.RawSocket(path,
            Map.of("x", List.of("1")), Map.of("user-agent", "test")));
  }

  /** A text message on raw socket {@code connId}. */
  static InboxRecord.SocketMessage text(String actor, String gateway, String connId,
      String text) {
    return new InboxRecord.SocketMessage(ActorId.parse(actor), gateway, connId, text, null);
  }

  /** A binary message on raw socket {@code connId}. */
  static InboxRecord.SocketMessage binary(String actor, String gateway, String connId,
      byte[] bytes) {
    return new InboxRecord.SocketMessage(ActorId.parse(actor), gateway, connId, null,
        java.util.Base64.getEncoder().encodeToString(bytes));
  }

  // ---- rendering ----

  /** JSON text written with single quotes, parsed. */
  static JsonNode json(String singleQuoted) {
    return RecordCodec.decodeTree(q(singleQuoted).getBytes(StandardCharsets.UTF_8));
  }

  /** Single quotes to double quotes. */
  static String q(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  /** The journal record as JSON, without the request (asserted on its own) and the seed. */
  static String journal(Step step) {
    if (step.journal() == null) return null;
    ObjectNode node = RecordCodec.mapper().valueToTree(step.journal());
    node.remove("request");
    node.remove("seed");
    return node.toString();
  }

  /** Each outbox record as {@code gateway record-json}, in order. */
  static List<String> outbox(Step step) {
    return step.outbox().stream()
        .map(o -> o.gateway() + " " + new String(RecordCodec.encode(o.record()),
            StandardCharsets.UTF_8))
        .toList();
  }

  /** The stored actor as JSON. */
  static String text(ActorRecord record) {
    return new String(record.encode(), StandardCharsets.UTF_8);
  }
}
