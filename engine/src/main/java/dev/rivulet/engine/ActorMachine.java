package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.HttpRequest;
import dev.rivulet.actor.HttpResponse;
import dev.rivulet.actor.RawSocket;
import dev.rivulet.actor.TopicOutput;
import dev.rivulet.actor.internal.ActionMethod;
import dev.rivulet.actor.internal.ActorHooks;
import dev.rivulet.actor.internal.ActorHooks.Hook;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.actor.internal.ArgumentsException;
import dev.rivulet.actor.internal.Json;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.JournalRecord;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An actor as a state machine: applying one inbox record to the stored actor gives the next stored
 * actor, the journal record and what goes out (to gateways, other actors, effect runners): a
 * {@link Step}, and nothing else. It has no Kafka in it, so the processor ({@link
 * ActionProcessor}, before it), the tests and the replayer all run the same code. It decides what
 * runs for each kind of record, in {@link #apply}; a {@link Turn} runs it.
 *
 * <p>Requests that cannot apply (unknown type or action, bad arguments, missing or existing
 * actor, a generation that is not the live one, a rejected connection) are rejected before
 * anything is kept: they get an error reply, no journal record, and the actor is not created. A
 * request that applies always gets a journal record, also when its action fails; a failed action
 * leaves the actor as it was.
 */
final class ActorMachine {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The reason journaled when a stateless call's connection closes at the end of its step. */
  static final String STATELESS_ENDED = "stateless call ended";

  /** Result and events of one record together may be this many times the message limit. */
  static final int EVENTS_PER_RECORD = 4;

  /**
   * What every turn needs: the actor types, effect names, output topics and limits. {@code
   * effects} and {@code outputs} are null in a replay that was not given them.
   */
  record Env(Map<String, ActorType> types, Set<String> effects, int snapshotEvery,
      int maxStateBytes, int maxMessageBytes, Map<String, TopicOutput> outputs, boolean replay,
      long maxCollectionBytes) {
    Env(Map<String, ActorType> types, Set<String> effects, int snapshotEvery, int maxStateBytes,
        int maxMessageBytes) {
      this(types, effects, snapshotEvery, maxStateBytes, maxMessageBytes, null, false);
    }

    Env(Map<String, ActorType> types, Set<String> effects, int snapshotEvery, int maxStateBytes,
        int maxMessageBytes, Map<String, TopicOutput> outputs) {
      this(types, effects, snapshotEvery, maxStateBytes, maxMessageBytes, outputs, false);
    }

    Env(Map<String, ActorType> types, Set<String> effects, int snapshotEvery, int maxStateBytes,
        int maxMessageBytes, Map<String, TopicOutput> outputs, boolean replay) {
      this(types, effects, snapshotEvery, maxStateBytes, maxMessageBytes, outputs, replay,
          DEFAULT_MAX_COLLECTION_BYTES);
    }

    Env(Map<String, ActorType> types, Set<String> effects, int snapshotEvery, int maxStateBytes,
        int maxMessageBytes, Map<String, TopicOutput> outputs, long maxCollectionBytes) {
      this(types, effects, snapshotEvery, maxStateBytes, maxMessageBytes, outputs, false,
          maxCollectionBytes);
    }
  }

  /** The stored collections of one actor may hold this many bytes together, by default. */
  static final long DEFAULT_MAX_COLLECTION_BYTES = 8L << 20;

  private final Env env;
  private final LiveActors live;
  private final EntryStore entries;

  /** A machine over the actors' stored collections in {@code entries}. */
  ActorMachine(Env env, LiveActors live, EntryStore entries) {
    this.env = env;
    this.live = live;
    this.entries = entries;
  }

  Env env() {
    return env;
  }

  /**
   * Applies {@code request} to {@code current} (null when the actor was never created).
   *
   * @param timestamp the inbox record's timestamp, the source of the deterministic clock
   * @param source where the inbox record was read, for the journal
   */
  Step apply(ActorRecord current, InboxRecord request, long timestamp, JournalRecord.Source source) {
    ActorId actor = request.actor();
    ActorType type = env.types().get(actor.name());
    if (type == null) {
      return StepBuilder.rejected(request, ErrorCode.ACTOR_TYPE_NOT_FOUND.error(
          "No actor type named \"" + actor.name() + "\" is registered; registered types: "
              + String.join(", ", env.types().keySet())));
    }
    return switch (request.kind()) {
      case CREATE, ACTION, CONNECT, RAW_HTTP ->
          open(type, current, (InboxRecord.Opening) request, timestamp, source);
      case DESTROY -> destroy(type, current, (InboxRecord.Destroy) request, timestamp, source);
      case DISCONNECT ->
          disconnect(type, current, (InboxRecord.Disconnect) request, timestamp, source);
      case FIRE -> fire(type, current, (InboxRecord.Fire) request, timestamp, source);
      case CONTINUE -> resume(type, current, (InboxRecord.Continue) request, timestamp, source);
      case SOCKET_MESSAGE ->
          message(type, current, (InboxRecord.SocketMessage) request, timestamp, source);
      case QUERY -> throw new IllegalArgumentException(
          "queries are answered from the stores (QueryAnswers), not applied to an actor");
    };
  }

  /**
   * A request that may create the actor: create, action, connect, raw HTTP. A stateless one (an
   * action or raw HTTP request with {@link InboxRecord.Stateless}) runs inside a connection of its
   * own, opened after the actor and closed at the end of the step.
   */
  private Step open(ActorType type, ActorRecord current, InboxRecord.Opening request,
      long timestamp, JournalRecord.Source source) {
    ActorId actor = request.actor();
    ActionMethod action = null;
    Object[] args = null;
    if (request instanceof InboxRecord.Action a) {
      action = type.action(a.action());
      boolean fromClient = a.caller() == null && a.origin() == null; // internal: not clients
      if (action == null || (action.internal() && fromClient)) {
        return StepBuilder.rejected(request, ErrorCode.ACTION_NOT_FOUND.error(
            "Action `" + a.action() + "` was not found on actor type " + type.name()
                + "; its actions: " + String.join(", ", publicActions(type))));
      }
      try {
        args = convert(action, a.args());
      } catch (RunFailure e) {
        return StepBuilder.rejected(request, e.reply);
      }
    }

    if (request instanceof InboxRecord.Connect c && c.raw() != null
        && !type.hooks().handlesWebSockets()) {
      return StepBuilder.rejected(request, ErrorCode.ROUTE_NOT_FOUND.error("Actor type "
          + type.name() + " does not handle raw WebSockets: it overrides none of "
          + "onWebSocketOpen, onWebSocketMessage and onWebSocketClose"));
    }

    boolean exists = current != null && current.live();
    Long generation = request.generation();
    if (generation != null && (!exists || current.generation() != generation)) {
      return StepBuilder.rejected(request, notFound(actor, generation));
    }
    if (!exists && request.mode() == InboxRecord.Mode.GET) {
      return StepBuilder.rejected(request, notFound(actor));
    }
    if (exists && request.mode() == InboxRecord.Mode.CREATE) {
      return StepBuilder.rejected(request,
          ErrorCode.ACTOR_DUPLICATE_KEY.error("Actor " + actor + " already exists"));
    }

    // Secret parts of the params reach onBeforeConnect only: what the step keeps (the journal's
    // request, the connection and its open) has them hidden.
    boolean opensConnection = request instanceof InboxRecord.Connect
        || (request instanceof InboxRecord.Action a && a.stateless() != null)
        || (request instanceof InboxRecord.RawHttp r && r.stateless() != null);
    JsonNode params = paramsOf(request);
    JsonNode keptParams = opensConnection ? type.hooks().secretParams().hide(params) : params;
    JsonNode hidden = opensConnection ? type.hooks().secretParams().hidden(params) : null;
    InboxRecord kept = hidden == null ? request : withParams(request, keptParams);
    Turn turn = new Turn(env, type, current, kept, timestamp, source, entries);
    try {
      if (exists) {
        wake(turn);
      } else {
        create(turn, request);
      }
    } catch (RunFailure e) {
      live.drop(actor);
      return StepBuilder.rejected(request, e.reply);
    }

    String statelessConn = null;
    InboxRecord.Stateless stateless = request instanceof InboxRecord.Action a ? a.stateless()
        : request instanceof InboxRecord.RawHttp r ? r.stateless() : null;
    if (stateless != null) {
      JsonNode connState;
      try {
        connState = accept(turn, params, keptParams);
      } catch (RunFailure e) {
        if (!exists) live.drop(actor);
        return StepBuilder.rejected(request, e.reply);
      }
      statelessConn = stateless.connId();
      turn.open(statelessConn, new ActorRecord.Connection(request.replyTo().gateway(),
          InboxRecord.Stateless.TRANSPORT, keptParams, connState, null, request.identity()),
          hidden);
      turn.hook(Lifecycle.ON_CONNECT, statelessConn);
    }

    if (request instanceof InboxRecord.Action a && a.replyTo() != null && a.caller() == null
        && a.origin() == null && type.hooks().overridesBeforeAction()) {
      String name = action.name();
      Object[] converted = args;
      try {
        turn.call(Lifecycle.ON_BEFORE_ACTION, a.connId() != null ? a.connId() : statelessConn,
            d -> {
              type.hooks().beforeAction(turn.instance(), name, converted);
              return null;
            });
      } catch (RunFailure e) {
        if (!exists) live.drop(actor);
        return StepBuilder.rejected(request, e.reply);
      }
    }

    return switch (request.kind()) {
      case CREATE -> turn.succeed(created(actor, turn.generation(), !exists,
          exists ? current.createdAt() : turn.at()));
      case CONNECT -> connect(turn, (InboxRecord.Connect) request, params, keptParams, hidden,
          current, exists);
      case RAW_HTTP -> answer(turn, (InboxRecord.RawHttp) request, statelessConn);
      default -> {
        String connId = ((InboxRecord.Action) request).connId();
        yield act(turn, action, args, connId != null ? connId : statelessConn, statelessConn);
      }
    };
  }

  /**
   * A new connection: accepted (or rejected) by its hooks, then {@code onConnect}; a raw
   * WebSocket's then {@code onWebSocketOpen}, which may still refuse it.
   */
  private Step connect(Turn turn, InboxRecord.Connect c, JsonNode params, JsonNode keptParams,
      JsonNode hidden, ActorRecord current, boolean existed) {
    try {
      JsonNode connState = accept(turn, params, keptParams);
      turn.open(c.connId(), new ActorRecord.Connection(c.replyTo().gateway(), c.transport(),
          keptParams, connState, c.raw(), c.identity()), hidden);
      turn.hook(Lifecycle.ON_CONNECT, c.connId());
      if (c.raw() != null && turn.type().hooks().overrides(Hook.WEBSOCKET_OPEN)) {
        turn.call(Lifecycle.ON_WEBSOCKET_OPEN, c.connId(), d -> {
          turn.type().hooks().run(Hook.WEBSOCKET_OPEN, turn.instance(),
              new RawSocketView(d, c.connId(), c.raw()));
          return null;
        });
      }
    } catch (RunFailure e) {
      if (!existed) live.drop(c.actor());
      return StepBuilder.rejected(c, e.reply);
    }
    ObjectNode output = NODES.objectNode();
    output.put("actorId", c.actor().toString());
    output.put("connectionId", c.connId());
    // Where the actor was before this connection: a resuming client catches up to here.
    output.put("seq", current == null ? 0 : current.seq());
    output.put("eventSeq", current == null ? 0 : current.eventSeq());
    output.put("generation", turn.generation());
    return turn.succeed(output);
  }

  /**
   * Whether the actor accepts a connection with {@code params}: its {@code onBeforeConnect}, then
   * its {@code createConnState}, each only when the class declares it (a hook it does not declare
   * costs no draft of the state). Returns the connection's state, or null when it keeps none.
   * {@code onBeforeConnect} gets the params as sent; {@code createConnState} gets them as kept
   * ({@code kept}: their secret parts hidden). A replay has only the kept params: it does not run
   * {@code onBeforeConnect} of a class whose params have secret parts (the journal says the
   * connection was accepted).
   *
   * @throws RunFailure when a hook refused the connection or failed: the request is refused
   */
  private JsonNode accept(Turn turn, JsonNode params, JsonNode kept) throws RunFailure {
    ActorHooks hooks = turn.type().hooks();
    if (hooks.hasBeforeConnect() && !(env.replay() && hooks.secretParams().any())) {
      turn.call(Lifecycle.ON_BEFORE_CONNECT, null, d -> {
        hooks.beforeConnect(turn.instance(), params);
        return null;
      });
    }
    if (!hooks.hasConnState()) return null;
    Object state = turn.call(Lifecycle.CREATE_CONN_STATE, null,
        d -> hooks.createConnState(turn.instance(), kept));
    return state == null ? null
        : turn.serialize(state, turn.hookName(Lifecycle.CREATE_CONN_STATE)).tree();
  }

  /** Runs an action and ends the turn with its result or error. */
  private Step act(Turn turn, ActionMethod action, Object[] args, String callerConn,
      String statelessConn) {
    try {
      return finish(turn, statelessConn, runAction(turn, action, args, callerConn), null);
    } catch (RunFailure e) {
      return finish(turn, statelessConn, null, e);
    }
  }

  /**
   * Ends the turn with {@code output}, or with {@code failure} when it is set; first, a stateless
   * call's connection ends ({@code onDisconnect}), whatever the outcome.
   */
  private static Step finish(Turn turn, String statelessConn, JsonNode output,
      RunFailure failure) {
    if (statelessConn != null) turn.disconnect(statelessConn, STATELESS_ENDED, null, false);
    return failure == null ? turn.succeed(output) : turn.fail(failure);
  }

  private JsonNode runAction(Turn turn, ActionMethod action, Object[] args, String connId)
      throws RunFailure {
    String who = action.qualifiedName();
    String why = "is read-only (@Action(readOnly = true))";
    Draft draft = turn.draft(action.readOnly() ? Draft.Rights.NOTHING : Draft.Rights.FULL, who, why,
        connId);
    Object result = turn.run(draft, who, d -> action.invoke(turn.instance(), args));
    if (action.readOnly()) turn.checkUnchanged(draft, who, why);
    Object response = result;
    if (turn.type().hooks().overridesBeforeActionResponse()) {
      response = turn.call(Lifecycle.ON_BEFORE_ACTION_RESPONSE, connId, d -> turn.type().hooks()
          .beforeActionResponse(turn.instance(), action.name(), args, result));
    }
    JsonValues.Serialized out = turn.serialize(response, who);
    if (out.size() > env.maxMessageBytes()) {
      throw new RunFailure(ErrorCode.OUTGOING_TOO_LONG.error(
          "the result of " + who + " is larger than " + env.maxMessageBytes() + " bytes"));
    }
    turn.countOutgoing(out.size(), who);
    if (!action.readOnly()) turn.keep(draft, who);
    return out.tree();
  }

  /** Raw HTTP: {@code onRequest} answers with a status, headers and a body (base64). */
  private Step answer(Turn turn, InboxRecord.RawHttp r, String statelessConn) {
    String who = turn.hookName(Lifecycle.ON_REQUEST);
    byte[] body = r.body() == null ? new byte[0] : Base64.getDecoder().decode(r.body());
    HttpRequest req = new HttpRequest(r.method(), r.path(),
        r.query() == null ? Map.of() : r.query(), r.headers() == null ? Map.of() : r.headers(),
        body);
    try {
      HttpResponse res = (HttpResponse) turn.call(Lifecycle.ON_REQUEST, statelessConn, d -> {
        HttpResponse response = turn.type().hooks().request(turn.instance(), req);
        if (response == null) throw RunFailure.internal(who + " returned null");
        if (response.body().length > env.maxMessageBytes()) {
          throw new RunFailure(ErrorCode.OUTGOING_TOO_LONG.error(
              "the response of " + who + " is larger than " + env.maxMessageBytes() + " bytes"));
        }
        return response;
      });
      ObjectNode output = NODES.objectNode();
      output.put("status", res.status());
      ObjectNode headers = output.putObject("headers");
      res.headers().forEach(headers::put);
      output.put("body", Base64.getEncoder().encodeToString(res.body()));
      return finish(turn, statelessConn, output, null);
    } catch (RunFailure e) {
      return finish(turn, statelessConn, null, e);
    }
  }

  /** A new actor: its initial state (or a fork's), then {@code onCreate}, then {@code onWake}. */
  private void create(Turn turn, InboxRecord.Opening request) throws RunFailure {
    turn.bind(live.instance(turn.type(), turn.actor(), turn.generation()).instance());
    if (request instanceof InboxRecord.Create c && c.state() != null) {
      // A fork starts from a past state of another actor, not from createState or onCreate.
      try {
        Json.mapper().treeToValue(c.state(), turn.type().stateType());
      } catch (IOException e) {
        throw new RunFailure(ErrorCode.INVALID_ARGUMENTS.error("the forked state does not fit "
            + turn.type().stateType().toCanonical() + ": " + e.getMessage()));
      }
      turn.begin(c.state());
      if (c.collections() != null) turn.beginCollections(c.collections());
      turn.hook(Lifecycle.ON_WAKE, null);
      return;
    }
    Object initial = turn.call(Lifecycle.CREATE_STATE, null,
        d -> turn.type().initialState(turn.instance(), request.input()));
    String who = turn.hookName(Lifecycle.CREATE_STATE);
    if (initial == null) throw RunFailure.internal(who + " returned null");
    JsonValues.Serialized s = turn.serialize(initial, who);
    if (s.size() > env.maxStateBytes()) {
      throw new RunFailure(ErrorCode.STATE_TOO_LARGE.error("the initial state of "
          + turn.actor() + " is larger than " + env.maxStateBytes() + " bytes"));
    }
    turn.begin(s.tree());
    if (turn.type().hooks().overrides(Hook.CREATE)) {
      turn.call(Lifecycle.ON_CREATE, null, d -> {
        turn.type().hooks().run(Hook.CREATE, turn.instance());
        return null;
      });
    }
    turn.hook(Lifecycle.ON_WAKE, null);
  }

  /** Loads the actor's instance, running {@code onWake} when it was asleep. */
  private Turn wake(Turn turn) {
    LiveActors.Awake awake = live.instance(turn.type(), turn.actor(), turn.generation());
    turn.bind(awake.instance());
    if (awake.fresh()) turn.hook(Lifecycle.ON_WAKE, null);
    return turn;
  }

  private Step destroy(ActorType type, ActorRecord current, InboxRecord.Destroy d,
      long timestamp, JournalRecord.Source source) {
    if (current == null || !current.live()) return StepBuilder.rejected(d, notFound(d.actor()));
    if (d.generation() != null && current.generation() != d.generation()) {
      return StepBuilder.rejected(d, notFound(d.actor(), d.generation()));
    }
    Turn turn = wake(new Turn(env, type, current, d, timestamp, source, entries));
    turn.destroy();
    ObjectNode output = NODES.objectNode();
    output.put("destroyed", true);
    output.put("generation", turn.generation());
    return turn.succeed(output);
  }

  private Step disconnect(ActorType type, ActorRecord current, InboxRecord.Disconnect d,
      long timestamp, JournalRecord.Source source) {
    if (current == null || !current.live()) return Step.none();
    ActorRecord.Connection conn = current.connections().get(d.connId());
    if (conn == null || !conn.gateway().equals(d.gateway())) return Step.none();
    Turn turn = wake(new Turn(env, type, current, d, timestamp, source, entries));
    // The client ended it (its socket is gone), or its gateway was judged lost: then the
    // gateway is told too, in case it was alive after all and still holds the socket.
    turn.disconnect(d.connId(), d.reason(), d.code(), d.judgedLost());
    return turn.succeed(null);
  }

  /**
   * A message on a raw WebSocket, for {@code onWebSocketMessage}: a step of its own, failed (and
   * journaled with its error) when the hook fails; the socket stays open. Nothing when the actor
   * does not hold that raw socket for that gateway.
   */
  private Step message(ActorType type, ActorRecord current, InboxRecord.SocketMessage m,
      long timestamp, JournalRecord.Source source) {
    if (current == null || !current.live()) return Step.none();
    ActorRecord.Connection conn = current.connections().get(m.connId());
    if (conn == null || conn.raw() == null || !conn.gateway().equals(m.gateway())) {
      return Step.none();
    }
    Turn turn = wake(new Turn(env, type, current, m, timestamp, source, entries));
    if (!type.hooks().overrides(Hook.WEBSOCKET_MESSAGE)) return turn.succeed(null);
    RawSocket.Message message;
    try {
      message = m.text() != null ? RawSocket.Message.text(m.text())
          : RawSocket.Message.binary(Base64.getDecoder().decode(m.binary()));
    } catch (IllegalArgumentException e) {
      return turn.fail(ErrorCode.INVALID_REQUEST.error("the binary message of connection "
          + m.connId() + " is not base64: " + e.getMessage()));
    }
    try {
      turn.call(Lifecycle.ON_WEBSOCKET_MESSAGE, m.connId(), d -> {
        type.hooks().run(Hook.WEBSOCKET_MESSAGE, turn.instance(),
            new RawSocketView(d, m.connId(), conn.raw()), message);
        return null;
      });
      return turn.succeed(null);
    } catch (RunFailure e) {
      return turn.fail(e);
    }
  }

  private Step fire(ActorType type, ActorRecord current, InboxRecord.Fire f, long timestamp,
      JournalRecord.Source source) {
    if (current == null || !current.live() || !current.schedules().containsKey(f.scheduleId())) {
      return Step.none(); // cancelled, or the actor was destroyed
    }
    Turn turn = wake(new Turn(env, type, current, f, timestamp, source, entries));
    turn.fired(f.scheduleId());
    return continueWith(turn, type.action(f.action()), f.args(),
        "scheduled action " + f.action());
  }

  /** The result of a call or effect, for its continuation. */
  private Step resume(ActorType type, ActorRecord current, InboxRecord.Continue c, long timestamp,
      JournalRecord.Source source) {
    if (current == null || !current.live() || !current.pending().containsKey(c.id())) {
      return Step.none(); // already applied (an effect that ran twice), or the actor is gone
    }
    Turn turn = wake(new Turn(env, type, current, c, timestamp, source, entries));
    turn.resolved(c.id());
    ArrayNode args = NODES.arrayNode();
    ObjectNode result = args.addObject();
    result.put("ok", c.error() == null);
    result.set("output", c.output() == null ? NODES.nullNode() : c.output());
    result.put("group", c.error() == null ? null : c.error().group());
    result.put("code", c.error() == null ? null : c.error().code());
    result.put("message", c.error() == null ? null : c.error().message());
    if (c.extra() != null) c.extra().forEach(args::add);
    return continueWith(turn, type.action(c.continuation()), args,
        "continuation " + c.continuation());
  }

  /** Runs an action the actor itself asked for earlier (a schedule, a continuation). */
  private Step continueWith(Turn turn, ActionMethod action, JsonNode args, String what) {
    if (action == null) {
      return turn.fail(ErrorCode.ACTION_NOT_FOUND.error(
          what + " no longer exists on " + turn.type().name()));
    }
    try {
      return act(turn, action, convert(action, args), null, null);
    } catch (RunFailure e) {
      return turn.fail(e);
    }
  }

  /**
   * Runs {@code onSleep} for an actor about to leave memory. Nothing it does is kept: it may only
   * release what the instance's fields hold.
   */
  void sleep(ActorType type, ActorRecord current, ActorBase<?> instance) {
    if (!type.hooks().overrides(Hook.SLEEP) || current == null || !current.live()) return;
    Turn.outside(env, type, current, instance, entries).hook(Lifecycle.ON_SLEEP, null);
  }

  /** The connection params a request opens a connection with: a connect's, a stateless call's. */
  private static JsonNode paramsOf(InboxRecord.Opening request) {
    if (request instanceof InboxRecord.Connect c) return c.params();
    InboxRecord.Stateless stateless = request instanceof InboxRecord.Action a ? a.stateless()
        : request instanceof InboxRecord.RawHttp r ? r.stateless() : null;
    return stateless == null ? null : stateless.params();
  }

  /** {@code request} with other connection params: what the journal keeps of it. */
  private static InboxRecord withParams(InboxRecord.Opening request, JsonNode params) {
    if (request instanceof InboxRecord.Connect c) {
      return new InboxRecord.Connect(c.actor(), c.replyTo(), c.mode(), c.input(), c.connId(),
          params, c.transport(), c.generation(), c.raw(), c.identity());
    }
    if (request instanceof InboxRecord.Action a) {
      return new InboxRecord.Action(a.actor(), a.replyTo(), a.mode(), a.input(), a.action(),
          a.args(), a.connId(), a.caller(), a.idempotencyKey(), a.origin(), a.generation(),
          new InboxRecord.Stateless(a.stateless().connId(), params), a.identity());
    }
    InboxRecord.RawHttp r = (InboxRecord.RawHttp) request;
    return new InboxRecord.RawHttp(r.actor(), r.replyTo(), r.mode(), r.input(), r.method(),
        r.path(), r.query(), r.headers(), r.body(), r.generation(),
        new InboxRecord.Stateless(r.stateless().connId(), params), r.identity());
  }

  private static ErrorInfo notFound(ActorId actor) {
    return ErrorCode.ACTOR_NOT_FOUND.error("Actor " + actor + " does not exist");
  }

  private static ErrorInfo notFound(ActorId actor, long generation) {
    return ErrorCode.ACTOR_NOT_FOUND.error(
        "Actor " + actor + ", generation " + generation + ", does not exist");
  }

  private static List<String> publicActions(ActorType type) {
    return type.actions().values().stream().filter(a -> !a.internal()).map(ActionMethod::name)
        .toList();
  }

  private static ObjectNode created(ActorId actor, long generation, boolean created,
      long createdAt) {
    ObjectNode out = NODES.objectNode();
    ObjectNode a = out.putObject("actor");
    a.put("id", actor.toString());
    a.put("name", actor.name());
    ArrayNode key = a.putArray("key");
    actor.key().forEach(key::add);
    a.put("generation", generation);
    a.put("createdAt", createdAt);
    out.put("created", created);
    return out;
  }

  /** Converts action arguments, failing the run with a clear message. */
  private static Object[] convert(ActionMethod method, JsonNode args) throws RunFailure {
    try {
      return method.convertArgs(args);
    } catch (ArgumentsException e) {
      throw new RunFailure(ErrorCode.INVALID_ARGUMENTS.error(e.getMessage()));
    }
  }
}
