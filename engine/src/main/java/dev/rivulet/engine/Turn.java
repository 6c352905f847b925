package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.UserError;
import dev.rivulet.actor.internal.ActionMethod;
import dev.rivulet.actor.internal.ActorHooks.Hook;
import dev.rivulet.actor.internal.ActorScopes;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.actor.internal.ArgumentsException;
import dev.rivulet.actor.internal.Json;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.EffectRecord;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.JsonPatch;
import dev.rivulet.records.OutboxRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbox record applied to one actor: the runs of user code it takes (an action and the hooks
 * around it), what they changed, and the step that comes out. Each run works on a draft; the turn
 * keeps what the successful runs committed.
 */
final class Turn {
  private static final Logger log = LoggerFactory.getLogger(Turn.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A run of user code that failed: what the client hears and what the journal keeps. */
  static final class RunFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final transient ErrorInfo reply;
    final transient ErrorInfo journal;

    RunFailure(ErrorInfo reply, ErrorInfo journal) {
      super(journal.message(), null, false, false);
      this.reply = reply;
      this.journal = journal;
    }

    RunFailure(ErrorInfo both) {
      this(both, both);
    }
  }

  /** User code to run. */
  @FunctionalInterface
  interface Code {
    Object run() throws Throwable;
  }

  final ActorMachine.Env env;
  final ActorType type;
  final ActorId actor;
  final InboxRecord request;
  final ActorRecord current;
  final JournalRecord.Source source;
  final long seq;
  final long generation;
  final long at;
  final long seed;

  JsonNode state;
  final Map<String, ActorRecord.Connection> connections;
  final Map<String, ActorRecord.Scheduled> schedules;
  final Map<String, ActorRecord.Awaiting> pending;
  boolean created;
  boolean destroyed;
  ActorBase<?> instance;

  private final JsonNode stateBefore;
  private final Map<String, String> gatewayOf = new LinkedHashMap<>();
  private final List<Invocation.Emitted> events = new ArrayList<>();
  private final List<Invocation.Closing> closed = new ArrayList<>();
  private final List<InboxRecord.Action> messages = new ArrayList<>();
  private final List<EffectRecord> effects = new ArrayList<>();
  private final ArrayNode connectionOps = NODES.arrayNode();
  private final ArrayNode scheduleOps = NODES.arrayNode();
  private final Map<String, String> closedByServer = new LinkedHashMap<>();
  private final List<String> hookFailures = new ArrayList<>();
  private long outgoingBytes;
  private int ids;
  private RandomGenerator random;

  Turn(ActorMachine.Env env, ActorType type, ActorRecord current, InboxRecord request,
      long timestamp, JournalRecord.Source source) {
    this.env = env;
    this.type = type;
    this.actor = request.actor();
    this.request = request;
    this.current = current;
    this.source = source;
    boolean exists = current != null && current.live();
    this.seq = (current == null ? 0 : current.seq()) + 1;
    this.generation = exists ? current.generation()
        : (current == null ? 1 : current.generation() + 1);
    this.at = Math.max(timestamp, current == null ? 0 : current.lastAt());
    this.seed = seedOf(actor, seq);
    this.stateBefore = exists ? current.state() : null;
    this.state = stateBefore;
    this.connections = new LinkedHashMap<>(exists ? current.connections() : Map.of());
    this.schedules = new LinkedHashMap<>(exists ? current.schedules() : Map.of());
    this.pending = new LinkedHashMap<>(exists ? current.pending() : Map.of());
    connections.forEach((id, c) -> gatewayOf.put(id, c.gateway()));
  }

  Map<String, ActorType> types() {
    return env.types();
  }

  ActorType type() {
    return type;
  }

  Set<String> effectNames() {
    return env.effects();
  }

  RandomGenerator random() {
    if (random == null) random = new SplittableRandom(seed);
    return random;
  }

  /** An id unique within the actor's life: {@code <prefix><seq>.<n>}. */
  String nextId(String prefix) {
    return prefix + seq + "." + (++ids);
  }

  // ---------------------------------------------------------------- runs

  /** A new run over the turn's current values. */
  Invocation run(Invocation.Rights rights, String who, String why, String callerConn)
      throws RunFailure {
    Invocation inv = new Invocation(this, rights, who, why, callerConn);
    if (state != null) {
      try {
        inv.initState(Json.mapper().treeToValue(state, type.stateType()));
      } catch (IOException e) {
        log.error("stored state of {} does not fit {}: {}", actor, type.stateType(), e.getMessage());
        throw internal("the stored state does not fit " + type.stateType().toCanonical() + ": "
            + e.getMessage());
      }
    }
    return inv;
  }

  /** Runs user code bound to {@code inv}; a failure leaves the turn as it was. */
  Object execute(Invocation inv, String what, Code code) throws RunFailure {
    ActorScopes.bind(instance, inv);
    Object result;
    try {
      result = code.run();
    } catch (UserError e) {
      throw new RunFailure(userError(e));
    } catch (ArgumentsException e) {
      throw new RunFailure(ErrorCode.INVALID_ARGUMENTS.error(e.getMessage()));
    } catch (Invocation.Violation e) {
      throw new RunFailure(ErrorCode.READ_ONLY_VIOLATION.error(e.getMessage()));
    } catch (Throwable t) {
      rethrowFatal(t);
      log.warn("{} of {} failed", what, actor, t);
      throw internal(what + " threw " + t);
    } finally {
      ActorScopes.bind(instance, null);
    }
    if (inv.violation() != null) { // the code caught the exception and carried on
      throw new RunFailure(ErrorCode.READ_ONLY_VIOLATION.error(inv.violation()));
    }
    if (!inv.unfinished.isEmpty()) {
      throw internal(what + ": " + inv.unfinished.get(0) + " has no continuation; add "
          + ".then(\"action\") or use send() for no reply");
    }
    return result;
  }

  /** Keeps what a successful run changed. */
  void commit(Invocation inv, String what) throws RunFailure {
    JsonNode next = serializedState(inv, what);
    if (next != null && !JsonPatch.equal(next, state)) state = next;
    for (var e : inv.connections.entrySet()) {
      if (!connections.containsKey(e.getKey())) {
        gatewayOf.put(e.getKey(), e.getValue().gateway());
      }
    }
    for (String id : inv.connStateChanges.keySet()) {
      ActorRecord.Connection c = inv.connections.get(id);
      if (c == null) continue;
      ObjectNode op = connectionOps.addObject();
      op.put("op", "state");
      op.put("connId", id);
      op.set("state", c.state());
    }
    connections.clear();
    connections.putAll(inv.connections);
    recordScheduleChanges(inv.schedules);
    schedules.clear();
    schedules.putAll(inv.schedules);
    pending.clear();
    pending.putAll(inv.pending);
    List<Invocation.Emitted> canonical = new ArrayList<>();
    for (Invocation.Emitted e : inv.events) {
      JsonValues.Serialized args = serialize(e.args(), what);
      if (args.size() > env.maxMessageBytes()) {
        throw new RunFailure(ErrorCode.OUTGOING_TOO_LONG.error("event " + e.name() + " of " + what
            + " is larger than " + env.maxMessageBytes() + " bytes"));
      }
      countOutgoing(args.size(), what);
      canonical.add(new Invocation.Emitted(e.name(), args.tree(), e.connIds()));
    }
    events.addAll(canonical);
    closed.addAll(inv.closing);
    messages.addAll(inv.messages);
    effects.addAll(inv.effects);
    if (inv.destroy) destroyed = true;
  }

  /** Fails a read-only run that changed its state in place. */
  void checkUnchanged(Invocation inv, String what, String why) throws RunFailure {
    JsonNode after = serializedState(inv, what);
    if (after != null && !JsonPatch.equal(after, state)) {
      throw new RunFailure(ErrorCode.READ_ONLY_VIOLATION.error(
          what + " " + why + " but changed the state in place"));
    }
  }

  /** Counts a result or event against the turn's limit on outgoing bytes. */
  void countOutgoing(long bytes, String what) throws RunFailure {
    outgoingBytes += bytes;
    long limit = (long) ActorMachine.EVENTS_PER_RECORD * env.maxMessageBytes();
    if (outgoingBytes > limit) {
      throw new RunFailure(ErrorCode.OUTGOING_TOO_LONG.error(
          what + " emitted more than " + limit + " bytes of result and events"));
    }
  }

  /** Runs a hook that is part of the step; a failing one is logged and changes nothing. */
  void hook(Hook hook, String conn) {
    if (!type.hooks().overrides(hook)) return;
    String what = hookName(hook);
    try {
      Invocation inv = run(Invocation.Rights.FULL, what, "", conn);
      execute(inv, what, () -> {
        type.hooks().run(hook, instance, conn == null ? new Object[0]
            : new Object[] {new ConnView(inv, conn)});
        return null;
      });
      commit(inv, what);
    } catch (RunFailure e) {
      log.warn("{} failed: {}", what, e.journal.message());
      hookFailures.add(what + ": " + e.journal.qualifiedCode() + ": " + e.journal.message());
    }
  }

  String hookName(Hook hook) {
    String method = switch (hook) {
      case CREATE -> "onCreate";
      case WAKE -> "onWake";
      case SLEEP -> "onSleep";
      case DESTROY -> "onDestroy";
      case STATE_CHANGE -> "onStateChange";
      case CONNECT -> "onConnect";
      case DISCONNECT -> "onDisconnect";
    };
    return method + " of " + actor;
  }

  /**
   * Settles what the committed runs asked for: closed connections get their {@code
   * onDisconnect}, a destroyed actor its {@code onDestroy} and the end of its connections,
   * schedules and pending work, and a changed state its {@code onStateChange}.
   */
  void settle() {
    for (int round = 0; round < 100 && !closed.isEmpty(); round++) { // hooks may close more
      List<Invocation.Closing> closing = new ArrayList<>(closed);
      closed.clear();
      for (Invocation.Closing c : closing) {
        if (!connections.containsKey(c.connId())) continue;
        hook(Hook.DISCONNECT, c.connId());
        close(c.connId(), c.reason(), true);
      }
    }
    if (destroyed) {
      hook(Hook.DESTROY, null);
      for (String connId : new ArrayList<>(connections.keySet())) {
        close(connId, "actor destroyed", true);
      }
      recordScheduleChanges(Map.of());
      schedules.clear();
      pending.clear();
      return;
    }
    if (state != null && !JsonPatch.equal(state, stateBefore)
        && type.hooks().overrides(Hook.STATE_CHANGE)) {
      String what = hookName(Hook.STATE_CHANGE);
      try {
        Invocation inv = run(Invocation.Rights.EVENTS_ONLY, what, "may only broadcast", null);
        Object typed = inv.state();
        execute(inv, what, () -> {
          type.hooks().run(Hook.STATE_CHANGE, instance, typed);
          return null;
        });
        checkUnchanged(inv, what, "may only broadcast");
        commit(inv, what);
      } catch (RunFailure e) {
        log.warn("{} failed: {}", what, e.journal.message());
        hookFailures.add(what + ": " + e.journal.qualifiedCode() + ": " + e.journal.message());
      }
    }
  }

  /** Opens a connection (its state already created). */
  void open(String connId, InboxRecord.Connect c, JsonNode connState) {
    connections.put(connId, new ActorRecord.Connection(c.replyTo().gateway(), c.transport(),
        c.params(), connState));
    gatewayOf.put(connId, c.replyTo().gateway());
    ObjectNode op = connectionOps.addObject();
    op.put("op", "open");
    op.put("connId", connId);
    op.put("gateway", c.replyTo().gateway());
    op.put("transport", c.transport());
    if (c.params() != null) op.set("params", c.params());
    if (connState != null) op.set("state", connState);
  }

  /** Forgets a connection; {@code byServer}: the gateway must close the client's socket. */
  void close(String connId, String reason, boolean byServer) {
    if (connections.remove(connId) == null) return;
    ObjectNode op = connectionOps.addObject();
    op.put("op", "close");
    op.put("connId", connId);
    op.put("reason", reason);
    if (byServer) closedByServer.put(connId, reason);
  }

  /** A due schedule was taken off the record to run now. */
  void fired(String scheduleId) {
    schedules.remove(scheduleId);
    ObjectNode op = scheduleOps.addObject();
    op.put("op", "fire");
    op.put("id", scheduleId);
  }

  private void recordScheduleChanges(Map<String, ActorRecord.Scheduled> next) {
    for (String id : schedules.keySet()) {
      if (!next.containsKey(id)) {
        ObjectNode op = scheduleOps.addObject();
        op.put("op", "cancel");
        op.put("id", id);
      }
    }
    next.forEach((id, s) -> {
      if (!schedules.containsKey(id)) {
        ObjectNode op = scheduleOps.addObject();
        op.put("op", "set");
        op.put("id", id);
        op.put("at", s.at());
        op.put("action", s.action());
        op.set("args", s.args());
      }
    });
  }

  // ---------------------------------------------------------------- the step

  /**
   * The step: the stored actor, the journal record, and what goes to gateways, other actors,
   * effect runners and the stores' indexes. The last thing a turn does.
   */
  ActorMachine.Step finish(JsonNode output, ErrorInfo replyError, ErrorInfo journalError) {
    List<ActorMachine.Outgoing> outbox = new ArrayList<>();
    List<ActorMachine.Routed> inbox = new ArrayList<>();
    List<JournalRecord.Broadcast> broadcasts = new ArrayList<>();
    long eventSeq = current == null ? 0 : current.eventSeq();
    // Every gateway that held a connection during the turn: a connection closed in this turn
    // (onDestroy's goodbye, a kick) still hears what was broadcast before it closed.
    Set<String> gateways = new LinkedHashSet<>(gatewayOf.values());
    for (Invocation.Emitted e : events) {
      eventSeq++;
      broadcasts.add(new JournalRecord.Broadcast(eventSeq, e.name(), e.args(), e.connIds()));
      if (e.connIds() == null) {
        for (String gateway : gateways) {
          outbox.add(new ActorMachine.Outgoing(gateway,
              new OutboxRecord.Event(actor, eventSeq, e.name(), e.args(), null)));
        }
      } else {
        for (String connId : e.connIds()) {
          String gateway = gatewayOf.get(connId);
          if (gateway != null) {
            outbox.add(new ActorMachine.Outgoing(gateway,
                new OutboxRecord.Event(actor, eventSeq, e.name(), e.args(), List.of(connId))));
          }
        }
      }
    }
    closedByServer.forEach((connId, reason) -> {
      String gateway = gatewayOf.get(connId);
      if (gateway != null) {
        outbox.add(new ActorMachine.Outgoing(gateway,
            new OutboxRecord.Disconnect(actor, connId, reason)));
      }
    });
    ActorMachine.reply(request, output, replyError, outbox, inbox);
    ArrayNode messageOps = NODES.arrayNode();
    for (InboxRecord.Action m : messages) {
      inbox.add(new ActorMachine.Routed(m.actor().toString(), m));
      ObjectNode op = messageOps.addObject();
      op.put("to", m.actor().toString());
      op.put("action", m.action());
      op.set("args", m.args());
      if (m.caller().expectsReply()) {
        op.put("callId", m.caller().callId());
        op.put("continuation", m.caller().continuation());
      }
    }
    ArrayNode effectOps = NODES.arrayNode();
    for (EffectRecord e : effects) {
      ObjectNode op = effectOps.addObject();
      op.put("effectId", e.effectId());
      op.put("name", e.name());
      op.set("args", e.args());
      op.put("continuation", e.continuation());
    }

    JsonNode finalState = destroyed ? null : state;
    // The turn ends here: the stored actor takes its maps as they are.
    ActorRecord next = new ActorRecord(actor, generation, seq, eventSeq, at, destroyed,
        finalState, destroyed ? Map.of() : connections, destroyed ? Map.of() : schedules,
        destroyed ? Map.of() : pending);

    JsonNode patch = JsonPatch.diff(stateBefore, finalState == null ? NODES.nullNode() : finalState);
    if (patch.size() > 1) {
      int patchSize = JsonValues.size(patch);
      if (patchSize > ActorMachine.PATCH_FLOOR_BYTES
          && patchSize > JsonValues.size(finalState == null ? NODES.nullNode() : finalState)) {
        patch = JsonPatch.replaceAll(finalState == null ? NODES.nullNode() : finalState);
      }
    }
    boolean snapshot = !destroyed && (created || seq % env.snapshotEvery() == 0);
    // Hooks that failed (and changed nothing) are noted in meta; the record itself applied.
    ObjectNode meta = snapshot || !hookFailures.isEmpty() ? meta(next, snapshot) : null;
    JournalRecord journal = new JournalRecord(actor, seq, generation, request.kind(), at, seed,
        request, source, created ? Boolean.TRUE : null,
        replyError == null ? (output == null ? NODES.nullNode() : output) : null, journalError,
        broadcasts.isEmpty() ? null : broadcasts, patch, snapshot ? finalState : null,
        connectionOps.isEmpty() ? null : connectionOps,
        scheduleOps.isEmpty() ? null : scheduleOps,
        messageOps.isEmpty() ? null : messageOps,
        effectOps.isEmpty() ? null : effectOps,
        destroyed ? Boolean.TRUE : null, meta);
    return new ActorMachine.Step(next, journal, outbox, inbox, List.copyOf(effects),
        indexChanges(next));
  }

  private ObjectNode meta(ActorRecord next, boolean snapshot) {
    ObjectNode meta = NODES.objectNode();
    if (snapshot) { // empty maps are left out
      meta.put("eventSeq", next.eventSeq());
      if (!next.connections().isEmpty()) meta.set("connections", RecordsJson.tree(next.connections()));
      if (!next.schedules().isEmpty()) meta.set("schedules", RecordsJson.tree(next.schedules()));
      if (!next.pending().isEmpty()) meta.set("pending", RecordsJson.tree(next.pending()));
    }
    if (!hookFailures.isEmpty()) {
      ArrayNode failures = meta.putArray("hookFailures");
      hookFailures.forEach(failures::add);
    }
    return meta;
  }

  /** What the schedule and connection indexes must learn from this step. */
  private List<ActorMachine.IndexChange> indexChanges(ActorRecord next) {
    List<ActorMachine.IndexChange> changes = new ArrayList<>();
    Map<String, ActorRecord.Scheduled> before =
        current == null || !current.live() ? Map.of() : current.schedules();
    before.forEach((id, s) -> {
      if (!next.schedules().containsKey(id)) {
        changes.add(ActorMachine.IndexChange.delete(ActorMachine.SCHEDULES,
            ScheduleIndex.key(s.at(), actor, id)));
      }
    });
    next.schedules().forEach((id, s) -> {
      if (!before.containsKey(id)) {
        changes.add(ActorMachine.IndexChange.put(ActorMachine.SCHEDULES,
            ScheduleIndex.key(s.at(), actor, id),
            ScheduleIndex.value(new InboxRecord.Fire(actor, id, s.at(), s.action(), s.args()))));
      }
    });
    Map<String, ActorRecord.Connection> conns =
        current == null || !current.live() ? Map.of() : current.connections();
    conns.forEach((id, c) -> {
      if (!next.connections().containsKey(id)) {
        changes.add(ActorMachine.IndexChange.delete(ActorMachine.GATEWAY_CONNS,
            GatewayIndex.key(c.gateway(), actor, id)));
      }
    });
    next.connections().forEach((id, c) -> {
      if (!conns.containsKey(id)) {
        changes.add(ActorMachine.IndexChange.put(ActorMachine.GATEWAY_CONNS,
            GatewayIndex.key(c.gateway(), actor, id), GatewayIndex.VALUE));
      }
    });
    return changes;
  }

  // ---------------------------------------------------------------- helpers

  private JsonNode serializedState(Invocation inv, String what) throws RunFailure {
    if (inv.state() == null) return null;
    JsonValues.Serialized s = serialize(inv.state(), what);
    if (s.size() > env.maxStateBytes()) {
      throw new RunFailure(ErrorCode.STATE_TOO_LARGE.error("the state of " + actor + " after "
          + what + " is larger than " + env.maxStateBytes() + " bytes"));
    }
    return s.tree();
  }

  JsonValues.Serialized serialize(Object value, String what) throws RunFailure {
    try {
      return JsonValues.serialize(value);
    } catch (IOException | IllegalArgumentException e) {
      log.warn("a value of {} on {} cannot be serialized", what, actor, e);
      throw internal(what + " returned a value or left a state that cannot be serialized to JSON: "
          + e.getMessage());
    }
  }

  static ErrorInfo userError(UserError e) {
    return new ErrorInfo("user", e.code(), e.getMessage(),
        e.metadata().isEmpty() ? null : Json.mapper().valueToTree(e.metadata()));
  }

  static RunFailure internal(String detail) {
    return new RunFailure(ErrorCode.INTERNAL_ERROR.error(ErrorCode.INTERNAL_MESSAGE),
        ErrorCode.INTERNAL_ERROR.error(detail));
  }

  static void rethrowFatal(Throwable t) {
    if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
      throw (VirtualMachineError) t;
    }
  }

  /** A seed that depends only on the actor and the sequence number: the same in every replay. */
  static long seedOf(ActorId actor, long seq) {
    long h = 0xcbf29ce484222325L; // FNV-1a over the id's UTF-16 code units
    String id = actor.toString();
    for (int i = 0; i < id.length(); i++) {
      h ^= id.charAt(i);
      h *= 0x100000001b3L;
    }
    long z = h ^ (seq * 0x9e3779b97f4a7c15L); // SplitMix64 finalizer
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Converts action arguments, failing the run with a clear message. */
  static Object[] convert(ActionMethod method, JsonNode args) throws RunFailure {
    try {
      return method.convertArgs(args);
    } catch (ArgumentsException e) {
      throw new RunFailure(ErrorCode.INVALID_ARGUMENTS.error(e.getMessage()));
    }
  }
}
