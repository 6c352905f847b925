package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.TopicOutput;
import dev.rivulet.actor.UserError;
import dev.rivulet.actor.internal.ActorScopes;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.actor.internal.ArgumentsException;
import dev.rivulet.actor.internal.Json;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.JsonPatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbox record applied to one actor, between {@link ActorMachine} (which decides what runs)
 * and the {@link Step} (what comes out, built by {@link StepBuilder}). A turn holds the actor's
 * values while the record applies; each run of user code works on a {@link Draft} of them ({@link
 * #draft}, {@link #run}) and the turn keeps only the drafts of successful runs ({@link #keep}).
 * Lifecycle hooks run by the rules of {@link Lifecycle} ({@link #hook}, {@link #call}).
 *
 * <p>A turn ends in exactly one of {@link #succeed} and {@link #fail}; both first settle what the
 * step owes ({@code onDisconnect} of closed connections, {@code onDestroy}, {@code
 * onStateChange}), whatever the outcome, so no path can skip them.
 */
final class Turn {
  private static final Logger log = LoggerFactory.getLogger(Turn.class);
  private static final Object[] NO_ARGS = new Object[0];

  /** User code to run against a draft. */
  @FunctionalInterface
  interface Code {
    Object run(Draft draft) throws Throwable;
  }

  private final ActorMachine.Env env;
  private final ActorType type;
  private final ActorId actor;
  private final InboxRecord request;
  private final long seq;
  private final long generation;
  private final long at;
  private final long seed;
  private final StepBuilder step;
  private final InboxRecord.Identity callerIdentity;

  private final JsonNode stateBefore;
  /** What {@code onStateChange} compares with: the stored state, or a new actor's initial one. */
  private JsonNode stateUnchanged;
  private JsonNode state;
  private final Map<String, ActorRecord.Connection> connections;
  private final Map<String, ActorRecord.Scheduled> schedules;
  private final Map<String, ActorRecord.Awaiting> pending;
  private final List<Draft.Closing> closing = new ArrayList<>();
  private final EntryLayer entries;
  private boolean created;
  private boolean destroyed;
  private ActorBase<?> instance;
  private long outgoingBytes;
  private int ids;
  private RandomGenerator random;

  Turn(ActorMachine.Env env, ActorType type, ActorRecord current, InboxRecord request,
      long timestamp, JournalRecord.Source source, EntryStore store) {
    this.env = env;
    this.type = type;
    this.actor = request.actor();
    this.request = request;
    boolean exists = current != null && current.live();
    this.seq = (current == null ? 0 : current.seq()) + 1;
    this.generation = exists ? current.generation()
        : (current == null ? 1 : current.generation() + 1);
    this.at = Math.max(timestamp, current == null ? 0 : current.lastAt());
    this.seed = seedOf(actor, seq);
    this.stateBefore = exists ? current.state() : null;
    this.state = stateBefore;
    this.stateUnchanged = stateBefore;
    this.connections = new LinkedHashMap<>(exists ? current.connections() : Map.of());
    this.schedules = new LinkedHashMap<>(exists ? current.schedules() : Map.of());
    this.pending = new LinkedHashMap<>(exists ? current.pending() : Map.of());
    this.entries = EntryLayer.root(store, actor, exists ? current.collections() : Map.of());
    this.step = new StepBuilder(request, current, seq, generation, at, seed, source,
        env.snapshotEvery());
    this.callerIdentity = identityOf(request, connections);
  }

  /**
   * Who made {@code request}: its own identity (a client's request outside a connection, a
   * connect), else the identity of the connection it came through; null when none.
   */
  private static InboxRecord.Identity identityOf(InboxRecord request,
      Map<String, ActorRecord.Connection> connections) {
    if (request instanceof InboxRecord.Opening o && o.identity() != null) return o.identity();
    String conn = request instanceof InboxRecord.Action a ? a.connId()
        : request instanceof InboxRecord.SocketMessage m ? m.connId()
        : request instanceof InboxRecord.Disconnect d ? d.connId() : null;
    ActorRecord.Connection c = conn == null ? null : connections.get(conn);
    return c == null ? null : c.identity();
  }

  /** Who made the request being applied ({@code context().identity()}), or null. */
  InboxRecord.Identity callerIdentity() {
    return callerIdentity;
  }

  /**
   * A turn for a hook outside the actor's history ({@code onSleep}): it runs against the stored
   * actor and never ends in a step.
   */
  static Turn outside(ActorMachine.Env env, ActorType type, ActorRecord current,
      ActorBase<?> instance, EntryStore store) {
    Turn turn = new Turn(env, type, current, new InboxRecord.Destroy(current.actor(), null),
        current.lastAt(), null, store);
    turn.bind(instance);
    return turn;
  }

  // ---------------------------------------------------------------- what runs see

  ActorId actor() {
    return actor;
  }

  ActorType type() {
    return type;
  }

  InboxRecord request() {
    return request;
  }

  long seq() {
    return seq;
  }

  long generation() {
    return generation;
  }

  /** The deterministic time of the record, epoch milliseconds. */
  long at() {
    return at;
  }

  Map<String, ActorType> types() {
    return env.types();
  }

  ActorMachine.Env env() {
    return env;
  }

  /** The actor's stored collections as the turn has them so far. */
  EntryLayer entries() {
    return entries;
  }

  Set<String> effectNames() {
    return env.effects();
  }

  /** The declared output topics; null in a replay that was not given them. */
  Map<String, TopicOutput> outputs() {
    return env.outputs();
  }

  RandomGenerator random() {
    if (random == null) random = new SplittableRandom(seed);
    return random;
  }

  /** An id unique within the actor's life: {@code <prefix><seq>.<n>}. */
  String nextId(String prefix) {
    return prefix + seq + "." + (++ids);
  }

  /** The actor's instance the turn's code runs on. */
  ActorBase<?> instance() {
    return instance;
  }

  // ---------------------------------------------------------------- what the machine changes

  /** Binds the actor's instance (taken from or put into memory by the machine). */
  void bind(ActorBase<?> instance) {
    this.instance = instance;
  }

  /** The actor is created in this turn, with {@code initial} as its state. */
  void begin(JsonNode initial) {
    this.state = initial;
    this.stateUnchanged = initial; // an initial state is not a change, as in RivetKit
    this.created = true;
  }

  /**
   * A fork's stored collections, as a checkpoint holds them.
   *
   * @throws RunFailure when they are not of that shape or over the limit
   */
  void beginCollections(JsonNode collections) throws RunFailure {
    try {
      entries.load(collections);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new RunFailure(ErrorCode.INVALID_ARGUMENTS.error("the forked collections are not "
          + "valid: " + e.getMessage()));
    }
    if (entries.totalBytes() > env.maxCollectionBytes()) {
      throw new RunFailure(ErrorCode.STATE_TOO_LARGE.error("the forked collections of " + actor
          + " hold " + entries.totalBytes() + " bytes, more than " + env.maxCollectionBytes()));
    }
  }

  /** The actor is destroyed in this turn. */
  void destroy() {
    this.destroyed = true;
  }

  /** The call or effect {@code id} got its result. */
  void resolved(String id) {
    pending.remove(id);
  }

  /** A due schedule was taken off the actor to run now. */
  void fired(String scheduleId) {
    schedules.remove(scheduleId);
    step.scheduleFired(scheduleId);
  }

  /**
   * Opens a connection (its state already created); {@code hidden} names the parts of its params
   * kept hidden ({@link dev.rivulet.actor.Secret}), or is null.
   */
  void open(String connId, ActorRecord.Connection conn, JsonNode hidden) {
    connections.put(connId, conn);
    step.connectionOpened(connId, conn, hidden);
  }

  /**
   * Ends a connection the server did not end (its client closed it, its gateway lost it, or its
   * gateway was judged lost), by the rules of the hooks: {@code onWebSocketClose} for a raw
   * socket, then {@code onDisconnect}, then the connection is forgotten. Nothing when it is
   * already gone. (A run ends one with {@code conn.disconnect}, through its draft.)
   *
   * @param reason why, or null (journaled as {@code closed}; a raw socket's hook hears "")
   * @param code the close code, or null: a raw socket's hook then hears 1006 (abnormal closure)
   * @param closeSocket whether the gateway must still close the client's socket: its gateway was
   *     judged lost, and may yet be alive and holding it
   */
  void disconnect(String connId, String reason, Integer code, boolean closeSocket) {
    ActorRecord.Connection conn = connections.get(connId);
    if (conn == null) return;
    if (conn.raw() != null) {
      int heard = code != null ? code : 1006;
      String why = reason == null ? "" : reason;
      hook(Lifecycle.ON_WEBSOCKET_CLOSE, connId,
          d -> new Object[] {new RawSocketView(d, connId, conn.raw()), heard, why});
    }
    hook(Lifecycle.ON_DISCONNECT, connId);
    close(connId, reason == null ? "closed" : reason, code, closeSocket);
  }

  /** Forgets a connection; {@code closeSocket}: the gateway must close the client's socket. */
  private void close(String connId, String reason, Integer code, boolean closeSocket) {
    if (connections.remove(connId) == null) return;
    step.connectionClosed(connId, reason, code, closeSocket);
  }

  // ---------------------------------------------------------------- runs

  /** A draft over the turn's current values, for a run with {@code rights}. */
  Draft draft(Draft.Rights rights, String who, String why, String callerConn) throws RunFailure {
    Draft draft = new Draft(this, rights, who, why, callerConn, connections, schedules, pending);
    if (state != null) {
      try {
        draft.initState(Json.mapper().treeToValue(state, type.stateType()));
      } catch (IOException e) {
        log.error("stored state of {} does not fit {}: {}", actor, type.stateType(), e.getMessage());
        throw RunFailure.internal("the stored state does not fit "
            + type.stateType().toCanonical() + ": " + e.getMessage());
      }
    }
    return draft;
  }

  /** Runs user code against {@code draft}; a failure leaves the turn as it was. */
  Object run(Draft draft, String what, Code code) throws RunFailure {
    ActorScopes.bind(instance, draft);
    Object result;
    try {
      result = code.run(draft);
    } catch (RunFailure e) {
      throw e; // the code's result was refused
    } catch (UserError e) {
      throw new RunFailure(RunFailure.userError(e));
    } catch (ArgumentsException e) {
      throw new RunFailure(ErrorCode.INVALID_ARGUMENTS.error(e.getMessage()));
    } catch (Draft.Violation e) {
      throw new RunFailure(ErrorCode.READ_ONLY_VIOLATION.error(e.getMessage()));
    } catch (Draft.Refused e) {
      throw new RunFailure(e.error);
    } catch (Throwable t) {
      RunFailure.rethrowFatal(t);
      log.warn("{} of {} failed", what, actor, t);
      throw RunFailure.internal(what + " threw " + t);
    } finally {
      ActorScopes.bind(instance, null);
      draft.end();
    }
    if (draft.violation() != null) { // the code caught the exception and carried on
      throw new RunFailure(ErrorCode.READ_ONLY_VIOLATION.error(draft.violation()));
    }
    if (draft.refusal() != null) throw new RunFailure(draft.refusal().error);
    if (!draft.unfinished().isEmpty()) {
      throw RunFailure.internal(what + ": " + draft.unfinished().get(0)
          + " has no continuation; add .then(\"action\") or use send() for no reply");
    }
    return result;
  }

  /** Keeps what a successful run changed. */
  void keep(Draft draft, String what) throws RunFailure {
    JsonNode next = serializedState(draft, what);
    List<Draft.Emitted> emitted = new ArrayList<>(draft.events().size());
    for (Draft.Emitted e : draft.events()) {
      JsonValues.Serialized args = serialize(e.args(), what);
      if (args.size() > env.maxMessageBytes()) {
        throw new RunFailure(ErrorCode.OUTGOING_TOO_LONG.error("event " + e.name() + " of " + what
            + " is larger than " + env.maxMessageBytes() + " bytes"));
      }
      countOutgoing(args.size(), what);
      emitted.add(new Draft.Emitted(e.name(), args.tree(), e.connIds()));
    }
    for (Published p : draft.published()) {
      int size = p.value() == null ? 0 : p.value().length;
      if (size > env.maxMessageBytes()) {
        throw new RunFailure(ErrorCode.OUTGOING_TOO_LONG.error("the record " + what
            + " published to " + p.topic() + " is larger than " + env.maxMessageBytes() + " bytes"));
      }
      countOutgoing(size, what);
    }
    for (Draft.Frame f : draft.frames()) {
      if (f.size() > env.maxMessageBytes()) {
        throw new RunFailure(ErrorCode.OUTGOING_TOO_LONG.error("a message " + what
            + " sent on a raw WebSocket is larger than " + env.maxMessageBytes() + " bytes"));
      }
      countOutgoing(f.size(), what);
    }
    draft.collections().keepChangesInPlace();
    // Nothing can fail from here on: the draft becomes the turn's.
    if (draft.collections().used() != null) draft.collections().used().mergeIntoParent();
    if (next != null && !JsonPatch.equal(next, state)) state = next;
    draft.connections().forEach(step::connectionSeen);
    for (String id : draft.connStateChanges()) {
      ActorRecord.Connection c = draft.connections().get(id);
      if (c != null) step.connectionStateSet(id, c.state());
    }
    connections.clear();
    connections.putAll(draft.connections());
    step.schedulesChanged(schedules, draft.schedules());
    schedules.clear();
    schedules.putAll(draft.schedules());
    pending.clear();
    pending.putAll(draft.pending());
    emitted.forEach(step::emitted);
    draft.frames().forEach(step::framed);
    closing.addAll(draft.closing());
    step.sent(draft.messages());
    step.asked(draft.effects());
    step.published(draft.published());
    if (draft.destroyed()) destroyed = true;
  }

  /** Fails a read-only run that changed its state in place. */
  void checkUnchanged(Draft draft, String what, String why) throws RunFailure {
    draft.collections().keepChangesInPlace(); // a violation for a run that may change nothing
    JsonNode after = serializedState(draft, what);
    if (after != null && !JsonPatch.equal(after, state)) {
      throw new RunFailure(ErrorCode.READ_ONLY_VIOLATION.error(
          what + " " + why + " but changed the state in place"));
    }
  }

  /** Counts a result, event or published record against the turn's limit on outgoing bytes. */
  void countOutgoing(long bytes, String what) throws RunFailure {
    outgoingBytes += bytes;
    long limit = (long) ActorMachine.EVENTS_PER_RECORD * env.maxMessageBytes();
    if (outgoingBytes > limit) {
      throw new RunFailure(ErrorCode.OUTGOING_TOO_LONG.error(
          what + " emitted more than " + limit + " bytes of result and events"));
    }
  }

  // ---------------------------------------------------------------- hooks, by the table

  /** The hook's name in messages and logs: {@code onConnect of chatRoom/general}. */
  String hookName(Lifecycle hook) {
    return hook.method + " of " + actor;
  }

  /**
   * Runs a hook whose failure the step tolerates ({@link Lifecycle#tolerated()}), when the class
   * overrides it: with its rights, kept when it is part of the step; a failure is logged, and
   * noted in the journal record when the hook is part of the step.
   *
   * @param conn the connection a connection hook is about, or null
   */
  void hook(Lifecycle hook, String conn) {
    hook(hook, conn, draft -> hook == Lifecycle.ON_STATE_CHANGE
        ? new Object[] {draft.state()}
        : conn == null ? NO_ARGS : new Object[] {new ConnView(draft, conn)});
  }

  /** {@link #hook(Lifecycle, String)}, with the hook's arguments made from its draft. */
  void hook(Lifecycle hook, String conn, Function<Draft, Object[]> args) {
    if (!hook.tolerated() || hook.voidHook == null) {
      throw new IllegalArgumentException(hook + " is not a tolerated void hook");
    }
    if (!type.hooks().overrides(hook.voidHook)) return;
    String what = hookName(hook);
    try {
      execute(hook, conn, what, draft -> {
        type.hooks().run(hook.voidHook, instance, args.apply(draft));
        return null;
      });
    } catch (RunFailure e) {
      log.warn("{} failed: {}", what, e.journal.message());
      if (hook.failure == Lifecycle.Failure.NOTED) step.hookFailed(what, e.journal);
    }
  }

  /**
   * Runs a hook whose failure is the request's ({@link Lifecycle.Failure#REJECTS} or {@link
   * Lifecycle.Failure#FAILS}) with its rights, kept when it is part of the step and may change
   * it; returns what {@code code} returned. {@code code} may throw a {@link RunFailure} to refuse
   * what the hook returned.
   *
   * @param callerConn the connection the request came through (what {@code context().conn()}
   *     returns in the hook), or null
   */
  Object call(Lifecycle hook, String callerConn, Code code) throws RunFailure {
    if (hook.tolerated()) throw new IllegalArgumentException(hook + " is a tolerated hook");
    return execute(hook, callerConn, hookName(hook), code);
  }

  private Object execute(Lifecycle hook, String conn, String what, Code code)
      throws RunFailure {
    Draft draft = draft(hook.rights, what, hook.why, conn);
    Object result = run(draft, what, code);
    if (hook.rights == Draft.Rights.EVENTS_ONLY) checkUnchanged(draft, what, hook.why);
    if (hook.inStep && hook.rights != Draft.Rights.NOTHING) keep(draft, what);
    return result;
  }

  // ---------------------------------------------------------------- the end of the turn

  /** Ends the turn: the record applied, answering {@code output}. */
  Step succeed(JsonNode output) {
    return end(output, null, null);
  }

  /** Ends the turn: the record applied, and failed with what a run failed with. */
  Step fail(RunFailure failure) {
    return end(null, failure.reply, failure.journal);
  }

  /** Ends the turn: the record applied, and failed with {@code error}. */
  Step fail(ErrorInfo error) {
    return end(null, error, error);
  }

  private Step end(JsonNode output, ErrorInfo replyError, ErrorInfo journalError) {
    settle();
    return step.build(created, destroyed, stateBefore, state, connections, schedules, pending,
        entries, outgoingBytes, output, replyError, journalError);
  }

  /**
   * Settles what the kept runs asked for: closed connections get their {@code onWebSocketClose}
   * (raw sockets) and {@code onDisconnect}, a
   * destroyed actor its {@code onDestroy} and the end of its connections, schedules and pending
   * work, and a changed state its {@code onStateChange}.
   */
  private void settle() {
    for (int round = 0; round < 100 && !closing.isEmpty(); round++) { // hooks may close more
      List<Draft.Closing> closed = new ArrayList<>(closing);
      closing.clear();
      for (Draft.Closing c : closed) disconnect(c.connId(), c.reason(), c.code(), true);
    }
    if (destroyed) {
      hook(Lifecycle.ON_DESTROY, null);
      for (String connId : new ArrayList<>(connections.keySet())) {
        close(connId, "actor destroyed", null, true);
      }
      step.schedulesChanged(schedules, Map.of());
      schedules.clear();
      pending.clear();
      entries.destroyAll();
      return;
    }
    if (state != null && !JsonPatch.equal(state, stateUnchanged)) {
      hook(Lifecycle.ON_STATE_CHANGE, null);
    }
  }

  // ---------------------------------------------------------------- helpers

  private JsonNode serializedState(Draft draft, String what) throws RunFailure {
    if (draft.state() == null) return null;
    JsonValues.Serialized s = serialize(draft.state(), what);
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
      throw RunFailure.internal(what + " returned a value or left a state that cannot be "
          + "serialized to JSON: " + e.getMessage());
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

}
