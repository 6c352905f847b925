package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rivulet.actor.ActorContext;
import dev.rivulet.actor.Identity;
import dev.rivulet.actor.ActorRef;
import dev.rivulet.actor.Conn;
import dev.rivulet.actor.Pending;
import dev.rivulet.actor.RawSocket;
import dev.rivulet.actor.Result;
import dev.rivulet.actor.Schedule;
import dev.rivulet.actor.ScheduledAction;
import dev.rivulet.actor.StoredLog;
import dev.rivulet.actor.StoredMap;
import dev.rivulet.actor.internal.ActionMethod;
import dev.rivulet.actor.internal.ActorScope;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.actor.internal.ArgumentsException;
import dev.rivulet.actor.internal.Json;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.EffectRecord;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A draft of what one run of user code (an action or a hook) within a {@link Turn} changes, and
 * the context that run sees. The turn makes a draft over its current values ({@link Turn#draft}),
 * runs the code against it ({@link Turn#run}) and, when the run succeeded, keeps it ({@link
 * Turn#keep}): a failing action leaves no trace. What a run may change depends on its {@link
 * Rights}.
 */
final class Draft implements ActorScope, ActorContext {
  /** What a run may do. */
  enum Rights {
    /** Actions and the hooks that are part of a step. */
    FULL,
    /** onStateChange: events only. */
    EVENTS_ONLY,
    /** Read-only actions, createState and the hooks outside the actor's history: nothing. */
    NOTHING
  }

  /** An event: to every subscribed connection when {@code connIds} is null, else to those. */
  record Emitted(String name, JsonNode args, List<String> connIds) {}

  /** A connection the run closed; {@code code}: the close code given to a raw socket, or null. */
  record Closing(String connId, String reason, Integer code) {}

  /** A message the run sent on a raw socket: exactly one of text and binary (base64). */
  record Frame(String connId, String text, String binary) {
    /** Its size in bytes, as counted against the limits. */
    long size() {
      if (binary != null) return binary.length() / 4L * 3;
      long bytes = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
      }
      return bytes;
    }
  }

  /** Something a read-only run tried to change. */
  static final class Violation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Violation(String message) {
      super(message);
    }
  }

  /** A change refused with an error of its own (a limit): the run fails with it. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ErrorInfo error;

    Refused(ErrorInfo error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }

  private final Turn turn;
  private final Rights rights;
  private final String who;
  private final String why;
  private final String callerConn;
  private Object state;
  private String violation;

  // what the run changed
  private final Map<String, ActorRecord.Connection> connections;
  private final Map<String, ActorRecord.Scheduled> schedules;
  private final Map<String, ActorRecord.Awaiting> pending;
  private final List<Emitted> events = new ArrayList<>();
  private final List<Closing> closing = new ArrayList<>();
  private final List<Frame> frames = new ArrayList<>();
  private final List<InboxRecord.Action> messages = new ArrayList<>();
  private final List<EffectRecord> effects = new ArrayList<>();
  private final List<Published> published = new ArrayList<>();
  private final List<String> unfinished = new ArrayList<>();
  private final Set<String> connStateChanges = new LinkedHashSet<>();
  private boolean destroy;
  private boolean ended;
  private Refused refusal;
  private final RunCollections collections = new RunCollections(this);

  /**
   * @param who the run, for messages ({@code counter.increment}, {@code onWake of counter/a})
   * @param why why a run with fewer rights may not change things, for messages
   * @param callerConn the connection the request came through, or null
   */
  Draft(Turn turn, Rights rights, String who, String why, String callerConn,
      Map<String, ActorRecord.Connection> connections, Map<String, ActorRecord.Scheduled> schedules,
      Map<String, ActorRecord.Awaiting> pending) {
    this.turn = turn;
    this.rights = rights;
    this.who = who;
    this.why = why;
    this.callerConn = callerConn;
    this.connections = new LinkedHashMap<>(connections);
    this.schedules = new LinkedHashMap<>(schedules);
    this.pending = new LinkedHashMap<>(pending);
  }

  /** The first change a run tried but was denied, even if it caught the exception; or null. */
  String violation() {
    return violation;
  }

  /** The connections, schedules and calls or effects awaiting results, as the run left them. */
  Map<String, ActorRecord.Connection> connections() {
    return connections;
  }

  Map<String, ActorRecord.Scheduled> schedules() {
    return schedules;
  }

  Map<String, ActorRecord.Awaiting> pending() {
    return pending;
  }

  /** The connections whose state the run set. */
  Set<String> connStateChanges() {
    return connStateChanges;
  }

  /** Events the run broadcast or sent, in order. */
  List<Emitted> events() {
    return events;
  }

  /** Connections the run disconnected. */
  List<Closing> closing() {
    return closing;
  }

  /** Messages the run sent on raw sockets, in order. */
  List<Frame> frames() {
    return frames;
  }

  /** Actions the run sent to (or called on) other actors. */
  List<InboxRecord.Action> messages() {
    return messages;
  }

  List<EffectRecord> effects() {
    return effects;
  }

  /** Records the run published to output topics, in order. */
  List<Published> published() {
    return published;
  }

  /** Calls and effects the run started without giving them a continuation. */
  List<String> unfinished() {
    return unfinished;
  }

  /** Whether the run destroyed the actor. */
  boolean destroyed() {
    return destroy;
  }

  /** The first change the run tried that a limit refused, even if it caught it; or null. */
  Refused refusal() {
    return refusal;
  }

  /** Records {@code error} as the run's refusal; returns the exception to throw. */
  Refused refuse(ErrorInfo error) {
    Refused refused = new Refused(error);
    if (refusal == null) refusal = refused;
    return refused;
  }

  /** The run has returned: its views of stored collections no longer work. */
  void end() {
    ended = true;
  }

  /** The stored collections this run uses. */
  RunCollections collections() {
    return collections;
  }

  /** Whether the run has returned. */
  boolean ended() {
    return ended;
  }

  /** The turn this run is part of. */
  Turn turn() {
    return turn;
  }

  /**
   * The error for a change {@code what} when this run may change nothing ({@code who why but
   * what}); null when it may.
   */
  ErrorInfo readOnlyError(String what) {
    return rights == Rights.FULL ? null
        : ErrorCode.READ_ONLY_VIOLATION.error(who + " " + why + " but " + what);
  }

  ActorMachine.Env env() {
    return turn.env();
  }

  /** The run and its actor, for messages: {@code chatRoom.sendMessage on chatRoom/general}. */
  String where() {
    return who.contains(" of " + turn.actor()) ? who : who + " on " + turn.actor();
  }

  /** Fails unless the run may change the actor: a read-only run's {@code what} is a violation. */
  void requireChange(String what) {
    require(Rights.FULL, what);
  }

  /** Fails when the run has ended: a view kept past its run. */
  void checkOpen(String kind, String name) {
    if (ended) {
      throw new IllegalStateException("a view of " + kind + " " + name + " was kept past the run "
          + "that asked for it (" + where() + "); ask for it again in each action or hook");
    }
  }

  /** Sets the state the run starts from, bypassing the rights check. */
  void initState(Object initial) {
    this.state = initial;
  }

  private void require(Rights needed, String what) {
    boolean allowed = rights == Rights.FULL || (rights == Rights.EVENTS_ONLY && needed == Rights.EVENTS_ONLY);
    if (allowed) return;
    String message = who + " " + why + " but " + what;
    if (violation == null) violation = message;
    throw new Violation(message);
  }

  // ---------------------------------------------------------------- ActorScope

  @Override
  public Object state() {
    return state;
  }

  @Override
  public void setState(Object next) {
    require(Rights.FULL, "called setState");
    this.state = Objects.requireNonNull(next, "the state must not be null");
  }

  @Override
  public ActorContext context() {
    return this;
  }

  @Override
  public <T> StoredLog<T> storedLog(String name, Class<T> type) {
    collections.check(name, EntryLayer.LOG, type);
    return new StoredViews.LogView<>(this, name, type);
  }

  @Override
  public <V> StoredMap<V> storedMap(String name, Class<V> type) {
    collections.check(name, EntryLayer.MAP, type);
    return new StoredViews.MapView<>(this, name, type);
  }

  // ---------------------------------------------------------------- ActorContext

  @Override
  public String name() {
    return turn.actor().name();
  }

  @Override
  public List<String> key() {
    return turn.actor().key();
  }

  @Override
  public String actorId() {
    return turn.actor().toString();
  }

  @Override
  public long generation() {
    return turn.generation();
  }

  @Override
  public long sequence() {
    return turn.seq();
  }

  @Override
  public Instant now() {
    return Instant.ofEpochMilli(turn.at());
  }

  @Override
  public RandomGenerator random() {
    return turn.random();
  }

  @Override
  public void broadcast(String event, Object... args) {
    checkEventName(event);
    require(Rights.EVENTS_ONLY, "broadcast " + event);
    events.add(new Emitted(event, serializeArgs(args), null));
  }

  @Override
  public Conn conn() {
    return callerConn != null && connections.containsKey(callerConn)
        ? new ConnView(this, callerConn) : null;
  }

  @Override
  public Identity identity() {
    return ConnView.identityOf(turn.callerIdentity());
  }

  @Override
  public List<Conn> conns() {
    List<Conn> views = new ArrayList<>();
    for (String id : connections.keySet()) views.add(new ConnView(this, id));
    return views;
  }

  @Override
  public List<RawSocket> sockets() {
    List<RawSocket> views = new ArrayList<>();
    connections.forEach((id, c) -> {
      if (c.raw() != null) views.add(new RawSocketView(this, id, c.raw()));
    });
    return views;
  }

  @Override
  public Schedule schedule() {
    return new ScheduleView();
  }

  @Override
  public ActorRef actor(String name, String key) {
    ActorType target = turn.types().get(name);
    if (target == null) {
      throw new IllegalArgumentException("no actor type named \"" + name + "\" is registered");
    }
    ActorId id = ActorId.of(name, key);
    return new ActorRef() {
      @Override
      public void send(String action, Object... args) {
        require(Rights.FULL, "sent " + name + "." + action);
        messages.add(new InboxRecord.Action(id, null, InboxRecord.Mode.GET_OR_CREATE, null,
            action, checkedArgs(target, action, args), null,
            new InboxRecord.Caller(turn.actor(), null, null, null), null));
      }

      @Override
      public Pending call(String action, Object... args) {
        require(Rights.FULL, "called " + name + "." + action);
        JsonNode json = checkedArgs(target, action, args);
        String callId = turn.nextId("c");
        String description = "the call to " + id + "." + action;
        unfinished.add(description);
        return (continuation, extra) -> {
          JsonNode extraJson = checkedContinuation(continuation, extra);
          unfinished.remove(description);
          pending.put(callId, new ActorRecord.Awaiting("call", continuation));
          messages.add(new InboxRecord.Action(id, null, InboxRecord.Mode.GET_OR_CREATE, null,
              action, json, null, new InboxRecord.Caller(turn.actor(), callId, continuation,
                  extraJson), null));
        };
      }
    };
  }

  @Override
  public Pending effect(String name, Object... args) {
    require(Rights.FULL, "asked for effect " + name);
    if (turn.effectNames() != null && !turn.effectNames().contains(name)) { // null: a replay
      throw new IllegalArgumentException("no effect named \"" + name + "\" is registered; "
          + "registered: " + turn.effectNames());
    }
    ArrayNode json = serializeArgs(args);
    String effectId = turn.actor() + "#" + turn.nextId("e");
    String description = "the effect " + name;
    unfinished.add(description);
    return (continuation, extra) -> {
      JsonNode extraJson = checkedContinuation(continuation, extra);
      unfinished.remove(description);
      pending.put(effectId, new ActorRecord.Awaiting("effect", continuation));
      effects.add(new EffectRecord(turn.actor(), effectId, name, json, continuation, extraJson,
          turn.at()));
    };
  }

  @Override
  public void publish(String topic, String key, Object value) {
    require(Rights.FULL, "published to " + topic);
    published.add(Published.of(turn.outputs(), topic, key, value));
  }

  @Override
  public void destroy() {
    require(Rights.FULL, "called destroy");
    destroy = true;
  }

  // ---------------------------------------------------------------- connections

  void sendTo(String connId, String event, Object[] args) {
    checkEventName(event);
    require(Rights.EVENTS_ONLY, "sent " + event + " to a connection");
    if (connections.containsKey(connId)) {
      events.add(new Emitted(event, serializeArgs(args), List.of(connId)));
    }
  }

  void setConnState(String connId, Object value) {
    require(Rights.FULL, "changed a connection's state");
    ActorRecord.Connection conn = connections.get(connId);
    if (conn == null) return;
    JsonNode json;
    try {
      json = JsonValues.serialize(value).tree();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the connection state cannot be written as JSON: "
          + e.getMessage(), e);
    }
    connections.put(connId, conn.withState(json));
    connStateChanges.add(connId);
  }

  void disconnect(String connId, String reason) {
    disconnect(connId, reason, null);
  }

  /** Closes a connection; {@code code}: a raw socket's close code, or null for the default. */
  void disconnect(String connId, String reason, Integer code) {
    require(Rights.FULL, "disconnected a connection");
    if (!connections.containsKey(connId) || isClosing(connId)) return;
    closing.add(new Closing(connId, reason == null ? "disconnected" : reason, code));
  }

  /** A message on a raw socket; nothing when the socket is gone or the run closed it. */
  void sendFrame(String connId, String text, String binary) {
    require(Rights.EVENTS_ONLY, "sent a message on a raw WebSocket");
    if (connections.containsKey(connId) && !isClosing(connId)) {
      frames.add(new Frame(connId, text, binary));
    }
  }

  private boolean isClosing(String connId) {
    for (Closing c : closing) if (c.connId().equals(connId)) return true;
    return false;
  }

  // ---------------------------------------------------------------- helpers

  private static void checkEventName(String event) {
    if (event == null || event.isEmpty()) throw new IllegalArgumentException("event name is empty");
  }

  static ArrayNode serializeArgs(Object[] args) {
    ArrayNode serialized = Json.mapper().createArrayNode();
    if (args != null) {
      for (Object arg : args) serialized.add(tree(arg));
    }
    return serialized;
  }

  /** The mapper's {@code valueToTree}, without its token buffer for the commonest arguments. */
  private static JsonNode tree(Object arg) {
    if (arg == null) return NullNode.getInstance();
    if (arg instanceof Long l) return LongNode.valueOf(l);
    if (arg instanceof Integer i) return IntNode.valueOf(i);
    if (arg instanceof String s) return TextNode.valueOf(s);
    if (arg instanceof Boolean b) return BooleanNode.valueOf(b);
    return Json.mapper().valueToTree(arg);
  }

  private static JsonNode checkedArgs(ActorType target, String action, Object[] args) {
    ActionMethod method = target.action(action);
    if (method == null) {
      throw new IllegalArgumentException("actor type " + target.name() + " has no action " + action);
    }
    ArrayNode json = serializeArgs(args);
    try {
      method.convertArgs(json);
    } catch (ArgumentsException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return json;
  }

  private JsonNode checkedContinuation(String continuation, Object[] extra) {
    ActionMethod method = turn.type().action(continuation);
    if (method == null) {
      throw new IllegalArgumentException(turn.type().name() + " has no action " + continuation
          + " to continue with");
    }
    if (method.params().isEmpty()
        || method.params().get(0).type().getRawClass() != Result.class) {
      throw new IllegalArgumentException("continuation " + method.qualifiedName()
          + " must take a Result as its first parameter");
    }
    ArrayNode json = serializeArgs(extra);
    if (method.params().size() != json.size() + 1) {
      throw new IllegalArgumentException("continuation " + method.qualifiedName() + " takes "
          + (method.params().size() - 1) + " extra arguments after the Result, got " + json.size());
    }
    return json;
  }

  /** The schedule as the run sees it, its changes kept in the draft. */
  private final class ScheduleView implements Schedule {
    @Override
    public String after(Duration delay, String action, Object... args) {
      if (delay.isNegative()) throw new IllegalArgumentException("negative delay " + delay);
      return at(Instant.ofEpochMilli(turn.at()).plus(delay), action, args);
    }

    @Override
    public String at(Instant when, String action, Object... args) {
      require(Rights.FULL, "scheduled " + action);
      JsonNode json = checkedArgs(turn.type(), action, args);
      String id = turn.nextId("s");
      schedules.put(id, new ActorRecord.Scheduled(when.toEpochMilli(), action, json));
      return id;
    }

    @Override
    public boolean cancel(String id) {
      require(Rights.FULL, "cancelled schedule " + id);
      return schedules.remove(id) != null;
    }

    @Override
    public List<ScheduledAction> list() {
      List<ScheduledAction> list = new ArrayList<>();
      schedules.forEach((id, s) ->
          list.add(new ScheduledAction(id, Instant.ofEpochMilli(s.at()), s.action(), s.args())));
      list.sort(Comparator.comparing(ScheduledAction::at).thenComparing(ScheduledAction::id));
      return list;
    }
  }
}
