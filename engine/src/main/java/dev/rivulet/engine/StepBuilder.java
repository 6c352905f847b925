package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.EffectRecord;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.JsonPatch;
import dev.rivulet.records.OutboxRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the {@link Step} of one inbox record: the only place a step is made. A {@link Turn}
 * tells it, as they happen, what the kept runs did to connections, schedules and other actors and
 * what they emitted; {@link #build} then turns that, with the actor's final values and the outcome,
 * into the stored actor, the journal record (its patch, snapshot and operations), the replies and
 * events for gateways, the records for other actors, the records for output topics and the index
 * changes. A request rejected
 * before anything applied gets {@link #rejected}: its error reply and nothing else.
 */
final class StepBuilder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Patches up to this size are kept as they are, however small the state. */
  static final int PATCH_FLOOR_BYTES = 4096;

  /**
   * A checkpoint of the stored collections is due when the operations journaled since the last
   * one reach twice the collections' bytes (so it costs at most half of what the changes cost),
   * and at least this many bytes (so that small collections are not copied for every change).
   */
  static final long CHECKPOINT_FLOOR_BYTES = 64 << 10;

  /**
   * A due checkpoint waits for a step whose results, events and collection changes stay under
   * this many bytes, so that a journal record stays within its topic's limit.
   */
  static final long CHECKPOINT_ROOM_BYTES = 1 << 20;

  private final InboxRecord request;
  private final ActorRecord current; // null: never created
  private final ActorId actor;
  private final long seq;
  private final long generation;
  private final long at;
  private final long seed;
  private final JournalRecord.Source source;
  private final int snapshotEvery;

  /**
   * Every connection the turn saw that a gateway holds, with its gateway: closed ones still hear
   * earlier events. A stateless call's connection is not here: nothing is sent to it.
   */
  private final Map<String, String> gatewayOf = new LinkedHashMap<>();
  /** The connections of {@link #gatewayOf} that hear no events: raw WebSockets. */
  private final Set<String> deaf = new LinkedHashSet<>();
  private final List<Draft.Emitted> events = new ArrayList<>();
  private final List<Draft.Frame> frames = new ArrayList<>();
  private final Map<String, Draft.Closing> closedByServer = new LinkedHashMap<>();
  /** Connections their client closed in this step: nothing more can be sent to them. */
  private final Set<String> closedByClient = new LinkedHashSet<>();
  private final List<InboxRecord.Action> messages = new ArrayList<>();
  private final List<EffectRecord> effects = new ArrayList<>();
  private final List<Published> published = new ArrayList<>();
  private final ArrayNode connectionOps = NODES.arrayNode();
  private final ArrayNode scheduleOps = NODES.arrayNode();
  private final List<String> hookFailures = new ArrayList<>();

  StepBuilder(InboxRecord request, ActorRecord current, long seq, long generation, long at,
      long seed, JournalRecord.Source source, int snapshotEvery) {
    this.request = request;
    this.current = current;
    this.actor = request.actor();
    this.seq = seq;
    this.generation = generation;
    this.at = at;
    this.seed = seed;
    this.source = source;
    this.snapshotEvery = snapshotEvery;
    if (current != null && current.live()) current.connections().forEach(this::connectionSeen);
  }

  /** The step of a request refused before anything applied: its error reply, nothing else. */
  static Step rejected(InboxRecord request, ErrorInfo error) {
    List<Step.Outgoing> outbox = new ArrayList<>();
    List<Step.Routed> inbox = new ArrayList<>();
    reply(request, null, error, outbox, inbox);
    return new Step(null, null, outbox, inbox, List.of(), List.of(), List.of(), error,
        Step.EntryWrites.NONE);
  }

  // ---------------------------------------------------------------- what the turn did

  /**
   * A connection was accepted, with its state already created; {@code hidden} names the parts of
   * its params that are not kept ({@code Secret}), or is null.
   */
  void connectionOpened(String connId, ActorRecord.Connection c, JsonNode hidden) {
    connectionSeen(connId, c);
    ObjectNode op = connectionOps.addObject();
    op.put("op", "open");
    op.put("connId", connId);
    op.put("gateway", c.gateway());
    op.put("transport", c.transport());
    if (c.params() != null) op.set("params", c.params());
    if (hidden != null) op.set("secret", hidden);
    if (c.identity() != null) op.set("identity", RecordsJson.tree(c.identity()));
    if (c.state() != null) op.set("state", c.state());
    if (c.raw() != null) op.set("raw", RecordsJson.tree(c.raw()));
  }

  /** A kept run knows connection {@code connId}. */
  void connectionSeen(String connId, ActorRecord.Connection c) {
    if (!c.held()) return;
    gatewayOf.putIfAbsent(connId, c.gateway());
    if (!c.hearsEvents()) deaf.add(connId);
  }

  /** A kept run set the state of a connection. */
  void connectionStateSet(String connId, JsonNode state) {
    ObjectNode op = connectionOps.addObject();
    op.put("op", "state");
    op.put("connId", connId);
    op.set("state", state);
  }

  /**
   * A connection ended, with a close code or null; {@code byServer}: the gateway must close the
   * client's socket.
   */
  void connectionClosed(String connId, String reason, Integer code, boolean byServer) {
    ObjectNode op = connectionOps.addObject();
    op.put("op", "close");
    op.put("connId", connId);
    op.put("reason", reason);
    if (code != null) op.put("code", code);
    if (byServer) closedByServer.put(connId, new Draft.Closing(connId, reason, code));
    else closedByClient.add(connId);
  }

  /** A kept run sent a message on a raw socket. */
  void framed(Draft.Frame frame) {
    frames.add(frame);
    ObjectNode op = connectionOps.addObject();
    op.put("op", "frame");
    op.put("connId", frame.connId());
    if (frame.text() != null) op.put("text", frame.text());
    else op.put("binary", frame.binary());
  }

  /** A due schedule was taken off the actor to run now. */
  void scheduleFired(String scheduleId) {
    ObjectNode op = scheduleOps.addObject();
    op.put("op", "fire");
    op.put("id", scheduleId);
  }

  /** The schedules went from {@code before} to {@code after}: cancellations and new ones. */
  void schedulesChanged(Map<String, ActorRecord.Scheduled> before,
      Map<String, ActorRecord.Scheduled> after) {
    for (String id : before.keySet()) {
      if (!after.containsKey(id)) {
        ObjectNode op = scheduleOps.addObject();
        op.put("op", "cancel");
        op.put("id", id);
      }
    }
    after.forEach((id, s) -> {
      if (!before.containsKey(id)) {
        ObjectNode op = scheduleOps.addObject();
        op.put("op", "set");
        op.put("id", id);
        op.put("at", s.at());
        op.put("action", s.action());
        op.set("args", s.args());
      }
    });
  }

  /** An event a kept run emitted, its arguments already in their stored form. */
  void emitted(Draft.Emitted event) {
    events.add(event);
  }

  /** Actions a kept run sent to or called on other actors. */
  void sent(List<InboxRecord.Action> actions) {
    messages.addAll(actions);
  }

  /** Effects a kept run asked for. */
  void asked(List<EffectRecord> asked) {
    effects.addAll(asked);
  }

  /** Records a kept run published to output topics. */
  void published(List<Published> records) {
    published.addAll(records);
  }

  /** A hook that is part of the step failed and changed nothing. */
  void hookFailed(String what, ErrorInfo error) {
    hookFailures.add(what + ": " + error.qualifiedCode() + ": " + error.message());
  }

  // ---------------------------------------------------------------- the step

  /**
   * The step, from the actor's final values and the outcome: {@code replyError} is what the
   * client hears, {@code journalError} what the journal keeps (they differ for internal errors,
   * whose details stay out of replies); both null when the record succeeded with {@code output}.
   */
  Step build(boolean created, boolean destroyed, JsonNode stateBefore, JsonNode state,
      Map<String, ActorRecord.Connection> connections,
      Map<String, ActorRecord.Scheduled> schedules, Map<String, ActorRecord.Awaiting> pending,
      EntryLayer entries, long outgoingBytes, JsonNode output, ErrorInfo replyError,
      ErrorInfo journalError) {
    List<Step.Outgoing> outbox = new ArrayList<>();
    List<Step.Routed> inbox = new ArrayList<>();
    long eventSeq = current == null ? 0 : current.eventSeq();
    List<JournalRecord.Broadcast> broadcasts = new ArrayList<>();
    Set<String> gateways = new LinkedHashSet<>();
    gatewayOf.forEach((connId, gateway) -> {
      if (!deaf.contains(connId)) gateways.add(gateway);
    });
    for (Draft.Emitted e : events) {
      eventSeq++;
      broadcasts.add(new JournalRecord.Broadcast(eventSeq, e.name(), e.args(), e.connIds()));
      route(e, eventSeq, gateways, outbox);
    }
    // Frames before the disconnects: what a socket was sent reaches it before it closes.
    for (int i = 0; i < frames.size(); i++) {
      Draft.Frame f = frames.get(i);
      String gateway = gatewayOf.get(f.connId());
      if (gateway != null && !closedByClient.contains(f.connId())) {
        outbox.add(new Step.Outgoing(gateway, new OutboxRecord.SocketFrame(actor, f.connId(),
            f.text(), f.binary(), seq, i)));
      }
    }
    closedByServer.forEach((connId, c) -> {
      String gateway = gatewayOf.get(connId);
      if (gateway != null) {
        outbox.add(new Step.Outgoing(gateway,
            new OutboxRecord.Disconnect(actor, connId, c.reason(), c.code())));
      }
    });
    reply(request, output, replyError, outbox, inbox);
    for (InboxRecord.Action m : messages) inbox.add(new Step.Routed(m.actor().toString(), m));

    JsonNode finalState = destroyed ? null : state;
    long createdAt = created || current == null ? at : current.createdAt();
    boolean existed = current != null && current.live();
    long debt = (existed ? current.uncheckpointed() : 0) + entries.stepOpBytes();
    boolean checkpoint = checkpointDue(existed && !current.collections().isEmpty(), destroyed,
        entries, debt, outgoingBytes);
    ActorRecord next = new ActorRecord(actor, generation, seq, eventSeq, at, destroyed,
        finalState, destroyed ? Map.of() : connections, destroyed ? Map.of() : schedules,
        destroyed ? Map.of() : pending, createdAt,
        destroyed ? Map.of() : new TreeMap<>(entries.metas()),
        destroyed || checkpoint ? 0 : debt);
    boolean snapshot = !destroyed && (created || seq % snapshotEvery == 0);
    // Hooks that failed (and changed nothing) are noted in meta; the record itself applied.
    ObjectNode meta = snapshot || !hookFailures.isEmpty() ? meta(next, snapshot) : null;
    JournalRecord journal = new JournalRecord(actor, seq, generation, request.kind().wireName(), at,
        seed, request, source, created ? Boolean.TRUE : null,
        replyError == null ? (output == null ? NODES.nullNode() : output) : null, journalError,
        broadcasts.isEmpty() ? null : broadcasts, patch(stateBefore, finalState),
        snapshot ? finalState : null,
        connectionOps.isEmpty() ? null : connectionOps,
        scheduleOps.isEmpty() ? null : scheduleOps,
        messageOps(), effectOps(), destroyed ? Boolean.TRUE : null, meta, publishedOps(),
        entries.ops(), checkpoint ? entries.content() : null);
    return new Step(next, journal, outbox, inbox, List.copyOf(effects), indexChanges(next),
        List.copyOf(published), null, entries.writes());
  }

  /**
   * Whether the step's journal record holds every stored collection (a checkpoint, from which
   * their state at later steps is folded): when the actor's first collection appears (or a fork
   * brings them), and when the operations journaled since the last checkpoint outweigh twice the
   * collections (at least {@link #CHECKPOINT_FLOOR_BYTES}), on a step with room for it.
   */
  private static boolean checkpointDue(boolean hadCollections, boolean destroyed,
      EntryLayer entries, long debt, long outgoingBytes) {
    if (destroyed || entries.metas().isEmpty()) return false;
    if (!hadCollections) return true;
    return debt >= Math.max(2 * entries.totalBytes(), CHECKPOINT_FLOOR_BYTES)
        && outgoingBytes + entries.stepOpBytes() <= CHECKPOINT_ROOM_BYTES;
  }

  /**
   * An event to the gateways that must deliver it: a broadcast to every gateway that held a
   * connection hearing events during the turn (a connection closed in this turn, by onDestroy's
   * goodbye or a kick, still hears what was broadcast before it closed), a message to its
   * connections' gateway. Raw WebSockets and stateless calls' connections hear none.
   */
  private void route(Draft.Emitted e, long eventSeq, Set<String> gateways,
      List<Step.Outgoing> outbox) {
    if (e.connIds() == null) {
      for (String gateway : gateways) {
        outbox.add(new Step.Outgoing(gateway,
            new OutboxRecord.Event(actor, eventSeq, e.name(), e.args(), null)));
      }
      return;
    }
    for (String connId : e.connIds()) {
      String gateway = gatewayOf.get(connId);
      if (gateway != null && !deaf.contains(connId)) {
        outbox.add(new Step.Outgoing(gateway,
            new OutboxRecord.Event(actor, eventSeq, e.name(), e.args(), List.of(connId))));
      }
    }
  }

  /**
   * Adds the reply to {@code request}, if it wants one: first in the outbox for a waiting
   * gateway, or a {@code continue} record for a calling actor.
   */
  private static void reply(InboxRecord request, JsonNode output, ErrorInfo error,
      List<Step.Outgoing> outbox, List<Step.Routed> inbox) {
    JsonNode out = error == null ? (output == null ? NODES.nullNode() : output) : null;
    InboxRecord.ReplyTo replyTo = request.replyTo();
    if (replyTo != null) {
      outbox.add(0, new Step.Outgoing(replyTo.gateway(),
          new OutboxRecord.Reply(replyTo.requestId(), request.actor(), out, error)));
    } else if (request instanceof InboxRecord.Action a && a.caller() != null
        && a.caller().expectsReply()) {
      InboxRecord.Caller caller = a.caller();
      inbox.add(new Step.Routed(caller.actor().toString(), new InboxRecord.Continue(caller.actor(),
          "call", caller.callId(), caller.continuation(), caller.extra(), out, error)));
    }
  }

  /** The state's change as a JSON Patch; a whole replacement when that is smaller. */
  private static JsonNode patch(JsonNode before, JsonNode after) {
    JsonNode target = after == null ? NODES.nullNode() : after;
    JsonNode patch = JsonPatch.diff(before, target);
    if (patch.size() > 1) {
      int patchSize = JsonValues.size(patch);
      if (patchSize > PATCH_FLOOR_BYTES && patchSize > JsonValues.size(target)) {
        patch = JsonPatch.replaceAll(target);
      }
    }
    return patch;
  }

  private ArrayNode messageOps() {
    if (messages.isEmpty()) return null;
    ArrayNode ops = NODES.arrayNode();
    for (InboxRecord.Action m : messages) {
      ObjectNode op = ops.addObject();
      op.put("to", m.actor().toString());
      op.put("action", m.action());
      op.set("args", m.args());
      if (m.caller().expectsReply()) {
        op.put("callId", m.caller().callId());
        op.put("continuation", m.caller().continuation());
      }
    }
    return ops;
  }

  private ArrayNode effectOps() {
    if (effects.isEmpty()) return null;
    ArrayNode ops = NODES.arrayNode();
    for (EffectRecord e : effects) {
      ObjectNode op = ops.addObject();
      op.put("effectId", e.effectId());
      op.put("name", e.name());
      op.set("args", e.args());
      op.put("continuation", e.continuation());
    }
    return ops;
  }

  private ArrayNode publishedOps() {
    if (published.isEmpty()) return null;
    ArrayNode ops = NODES.arrayNode();
    for (Published p : published) ops.add(p.journal());
    return ops;
  }

  private ObjectNode meta(ActorRecord next, boolean snapshot) {
    ObjectNode meta = NODES.objectNode();
    if (snapshot) { // empty maps are left out
      meta.put("eventSeq", next.eventSeq());
      if (!next.connections().isEmpty()) meta.set("connections", RecordsJson.tree(next.connections()));
      if (!next.schedules().isEmpty()) meta.set("schedules", RecordsJson.tree(next.schedules()));
      if (!next.pending().isEmpty()) meta.set("pending", RecordsJson.tree(next.pending()));
      if (!next.collections().isEmpty()) {
        meta.set("collections", RecordsJson.tree(next.collections()));
      }
    }
    if (!hookFailures.isEmpty()) {
      ArrayNode failures = meta.putArray("hookFailures");
      hookFailures.forEach(failures::add);
    }
    return meta;
  }

  /** What the schedule and connection indexes must learn from this step. */
  private List<Step.IndexChange> indexChanges(ActorRecord next) {
    List<Step.IndexChange> changes = new ArrayList<>();
    boolean existed = current != null && current.live();
    Map<String, ActorRecord.Scheduled> before = existed ? current.schedules() : Map.of();
    before.forEach((id, s) -> {
      if (!next.schedules().containsKey(id)) {
        changes.add(Step.IndexChange.delete(Step.SCHEDULES, ScheduleIndex.key(s.at(), actor, id)));
      }
    });
    next.schedules().forEach((id, s) -> {
      if (!before.containsKey(id)) {
        changes.add(Step.IndexChange.put(Step.SCHEDULES, ScheduleIndex.key(s.at(), actor, id),
            ScheduleIndex.value(new InboxRecord.Fire(actor, id, s.at(), s.action(), s.args()))));
      }
    });
    Map<String, ActorRecord.Connection> conns = existed ? current.connections() : Map.of();
    conns.forEach((id, c) -> {
      if (!next.connections().containsKey(id)) {
        changes.add(Step.IndexChange.delete(Step.GATEWAY_CONNS,
            GatewayIndex.key(c.gateway(), actor, id)));
      }
    });
    next.connections().forEach((id, c) -> {
      if (!conns.containsKey(id)) {
        changes.add(Step.IndexChange.put(Step.GATEWAY_CONNS,
            GatewayIndex.key(c.gateway(), actor, id), GatewayIndex.VALUE));
      }
    });
    return changes;
  }
}
