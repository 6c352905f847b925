package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.HttpRequest;
import dev.rivulet.actor.HttpResponse;
import dev.rivulet.actor.internal.ActionMethod;
import dev.rivulet.actor.internal.ActorHooks.Hook;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.actor.internal.Json;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.EffectRecord;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.OutboxRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An actor as a state machine: applying one inbox record to the stored actor gives the next stored
 * actor, the journal record and what goes out (to gateways, other actors, effect runners), and
 * nothing else. It has no Kafka in it, so the processor, the tests and the replayer all run the
 * same code.
 *
 * <p>Requests that cannot apply (unknown type or action, bad arguments, missing or existing
 * actor, a rejected connection) are rejected before anything is kept: they get an error reply, no
 * journal record, and the actor is not created. A request that applies always gets a journal
 * record, also when its action fails; a failed action leaves the actor as it was.
 */
final class ActorMachine {
  private static final Logger log = LoggerFactory.getLogger(ActorMachine.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Result and events of one record together may be this many times the message limit. */
  static final int EVENTS_PER_RECORD = 4;

  /** Patches up to this size are kept as they are, however small the state. */
  static final int PATCH_FLOOR_BYTES = 4096;

  /** The store of due schedules, by due time. */
  static final String SCHEDULES = "schedules";

  /** The store of connections by gateway, to find those of a gateway that died. */
  static final String GATEWAY_CONNS = "gateway-conns";

  /** What every turn needs: the actor types, effect names and limits. */
  record Env(Map<String, ActorType> types, Set<String> effects, int snapshotEvery,
      int maxStateBytes, int maxMessageBytes) {}

  /** A record for the outbox partition of {@code gateway}. */
  record Outgoing(String gateway, OutboxRecord record) {}

  /** A record for the inbox, keyed by {@code key} (the target actor's id). */
  record Routed(String key, InboxRecord record) {}

  /** A put ({@code value} set) or delete in one of the index stores. */
  record IndexChange(String store, String key, byte[] value) {
    static IndexChange put(String store, String key, byte[] value) {
      return new IndexChange(store, key, value);
    }

    static IndexChange delete(String store, String key) {
      return new IndexChange(store, key, null);
    }
  }

  /**
   * What applying a record produced: the actor to store ({@code null}: unchanged), the journal
   * record ({@code null}: none) and what goes out.
   */
  record Step(ActorRecord next, JournalRecord journal, List<Outgoing> outbox, List<Routed> inbox,
      List<EffectRecord> effects, List<IndexChange> indexes) {
    static Step none() {
      return new Step(null, null, List.of(), List.of(), List.of(), List.of());
    }

    /**
     * The error the record ended in, null when it succeeded (or changed nothing): the journaled
     * error, or the error reply of a request that was rejected.
     */
    ErrorInfo error() {
      if (journal != null) return journal.error();
      for (int i = 0; i < outbox.size(); i++) {
        if (outbox.get(i).record() instanceof OutboxRecord.Reply r) return r.error();
      }
      for (int i = 0; i < inbox.size(); i++) {
        if (inbox.get(i).record() instanceof InboxRecord.Continue c) return c.error();
      }
      return null;
    }
  }

  private final Env env;
  private final LiveActors live;

  ActorMachine(Env env, LiveActors live) {
    this.env = env;
    this.live = live;
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
      return reject(request, ErrorCode.ACTOR_TYPE_NOT_FOUND.error(
          "No actor type named \"" + actor.name() + "\" is registered; registered types: "
              + String.join(", ", env.types().keySet())));
    }
    boolean exists = current != null && current.live();
    if (request instanceof InboxRecord.Disconnect d) return disconnect(type, current, d, timestamp, source);
    if (request instanceof InboxRecord.Fire f) return fire(type, current, f, timestamp, source);
    if (request instanceof InboxRecord.Continue c) return resume(type, current, c, timestamp, source);
    if (request instanceof InboxRecord.Destroy d) {
      if (!exists) return reject(request, notFound(actor));
      Turn turn = wake(new Turn(env, type, current, request, timestamp, source));
      turn.destroyed = true;
      turn.settle();
      ObjectNode output = NODES.objectNode();
      output.put("destroyed", true);
      output.put("generation", turn.generation);
      return turn.finish(output, null, null);
    }
    return serve(type, current, request, timestamp, source);
  }

  /** A request that may create the actor: create, action, connect, raw HTTP. */
  private Step serve(ActorType type, ActorRecord current, InboxRecord request, long timestamp,
      JournalRecord.Source source) {
    ActorId actor = request.actor();
    InboxRecord.Mode mode;
    JsonNode input;
    ActionMethod action = null;
    Object[] args = null;
    if (request instanceof InboxRecord.Action a) {
      mode = a.mode();
      input = a.input();
      action = type.action(a.action());
      boolean fromClient = a.caller() == null;
      if (action == null || (action.internal() && fromClient)) {
        return reject(request, ErrorCode.ACTION_NOT_FOUND.error(
            "Action `" + a.action() + "` was not found on actor type " + type.name()
                + "; its actions: " + String.join(", ", publicActions(type))));
      }
      try {
        args = Turn.convert(action, a.args());
      } catch (Turn.RunFailure e) {
        return reject(request, e.reply);
      }
    } else if (request instanceof InboxRecord.Create c) {
      mode = c.mode();
      input = c.input();
    } else if (request instanceof InboxRecord.Connect c) {
      mode = c.mode();
      input = c.input();
    } else {
      InboxRecord.Request r = (InboxRecord.Request) request;
      mode = r.mode();
      input = r.input();
    }

    boolean exists = current != null && current.live();
    if (!exists && mode == InboxRecord.Mode.GET) return reject(request, notFound(actor));
    if (exists && mode == InboxRecord.Mode.CREATE) {
      return reject(request, ErrorCode.ACTOR_DUPLICATE_KEY.error("Actor " + actor + " already exists"));
    }

    Turn turn = new Turn(env, type, current, request, timestamp, source);
    try {
      if (exists) {
        wake(turn);
      } else {
        create(turn, input);
      }
    } catch (Turn.RunFailure e) {
      live.drop(actor);
      return reject(request, e.reply);
    }

    if (request instanceof InboxRecord.Create) {
      turn.settle();
      return turn.finish(created(actor, turn.generation, !exists), null, null);
    }
    if (request instanceof InboxRecord.Connect c) {
      JsonNode connState;
      try {
        connState = acceptConnection(turn, c);
      } catch (Turn.RunFailure e) {
        if (!exists) live.drop(actor);
        return reject(request, e.reply);
      }
      turn.open(c.connId(), c, connState);
      turn.hook(Hook.CONNECT, c.connId());
      turn.settle();
      ObjectNode output = NODES.objectNode();
      output.put("actorId", actor.toString());
      output.put("connectionId", c.connId());
      // Where the actor was before this connection: a resuming client catches up to here.
      output.put("seq", current == null ? 0 : current.seq());
      output.put("eventSeq", current == null ? 0 : current.eventSeq());
      return turn.finish(output, null, null);
    }
    if (request instanceof InboxRecord.Request r) {
      return answer(turn, r);
    }
    InboxRecord.Action a = (InboxRecord.Action) request;
    return act(turn, action, args, a.connId());
  }

  /** Runs an action and finishes the turn with its result or error. */
  private Step act(Turn turn, ActionMethod action, Object[] args, String connId) {
    JsonNode output = null;
    Turn.RunFailure failure = null;
    try {
      output = runAction(turn, action, args, connId);
    } catch (Turn.RunFailure e) {
      failure = e;
    }
    turn.settle();
    return failure == null ? turn.finish(output, null, null)
        : turn.finish(null, failure.reply, failure.journal);
  }

  private JsonNode runAction(Turn turn, ActionMethod action, Object[] args, String connId)
      throws Turn.RunFailure {
    String who = action.qualifiedName();
    String why = "is read-only (@Action(readOnly = true))";
    Invocation inv = turn.run(action.readOnly() ? Invocation.Rights.NOTHING
        : Invocation.Rights.FULL, who, why, connId);
    Object result = turn.execute(inv, who, () -> action.invoke(turn.instance, args));
    if (action.readOnly()) turn.checkUnchanged(inv, who, why);
    Object response = result;
    if (turn.type.hooks().overridesBeforeActionResponse()) {
      String hook = "onBeforeActionResponse of " + turn.actor;
      Invocation pure = turn.run(Invocation.Rights.NOTHING, hook, "may not change anything", connId);
      response = turn.execute(pure, hook,
          () -> turn.type.hooks().beforeActionResponse(turn.instance, action.name(), args, result));
    }
    JsonValues.Serialized out = turn.serialize(response, who);
    if (out.size() > env.maxMessageBytes()) {
      throw new Turn.RunFailure(ErrorCode.OUTGOING_TOO_LONG.error(
          "the result of " + who + " is larger than " + env.maxMessageBytes() + " bytes"));
    }
    turn.countOutgoing(out.size(), who);
    if (!action.readOnly()) turn.commit(inv, who);
    return out.tree();
  }

  /** Raw HTTP: {@code onRequest} answers with a status, headers and a body (base64). */
  private Step answer(Turn turn, InboxRecord.Request r) {
    String who = "onRequest of " + turn.actor;
    try {
      Invocation inv = turn.run(Invocation.Rights.FULL, who, "", null);
      byte[] body = r.body() == null ? new byte[0] : Base64.getDecoder().decode(r.body());
      HttpRequest req = new HttpRequest(r.method(), r.path(),
          r.query() == null ? Map.of() : r.query(), r.headers() == null ? Map.of() : r.headers(),
          body);
      HttpResponse res = (HttpResponse) turn.execute(inv, who,
          () -> turn.type.hooks().request(turn.instance, req));
      if (res == null) throw Turn.internal(who + " returned null");
      if (res.body().length > env.maxMessageBytes()) {
        throw new Turn.RunFailure(ErrorCode.OUTGOING_TOO_LONG.error(
            "the response of " + who + " is larger than " + env.maxMessageBytes() + " bytes"));
      }
      turn.commit(inv, who);
      ObjectNode output = NODES.objectNode();
      output.put("status", res.status());
      ObjectNode headers = output.putObject("headers");
      res.headers().forEach(headers::put);
      output.put("body", Base64.getEncoder().encodeToString(res.body()));
      turn.settle();
      return turn.finish(output, null, null);
    } catch (Turn.RunFailure e) {
      turn.settle();
      return turn.finish(null, e.reply, e.journal);
    }
  }

  /** A new actor: its initial state, then {@code onCreate}, then {@code onWake}. */
  private void create(Turn turn, JsonNode input) throws Turn.RunFailure {
    turn.instance = live.instance(turn.type, turn.actor, turn.generation).instance();
    if (turn.request instanceof InboxRecord.Create c && c.state() != null) {
      // A fork starts from a past state of another actor, not from createState or onCreate.
      try {
        Json.mapper().treeToValue(c.state(), turn.type.stateType());
      } catch (IOException e) {
        throw new Turn.RunFailure(ErrorCode.INVALID_ARGUMENTS.error("the forked state does not fit "
            + turn.type.stateType().toCanonical() + ": " + e.getMessage()));
      }
      turn.state = c.state();
      turn.created = true;
      runWake(turn);
      return;
    }
    String who = "createState of " + turn.actor;
    Invocation inv = turn.run(Invocation.Rights.NOTHING, who,
        "returns the initial state and may do nothing else", null);
    Object initial = turn.execute(inv, who,
        () -> turn.type.initialState(turn.instance, input));
    if (initial == null) throw Turn.internal(who + " returned null");
    JsonValues.Serialized s = turn.serialize(initial, who);
    if (s.size() > env.maxStateBytes()) {
      throw new Turn.RunFailure(ErrorCode.STATE_TOO_LARGE.error(
          "the initial state of " + turn.actor + " is larger than " + env.maxStateBytes() + " bytes"));
    }
    turn.state = s.tree();
    turn.created = true;
    if (turn.type.hooks().overrides(Hook.CREATE)) {
      String hook = turn.hookName(Hook.CREATE);
      Invocation onCreate = turn.run(Invocation.Rights.FULL, hook, "", null);
      turn.execute(onCreate, hook, () -> {
        turn.type.hooks().run(Hook.CREATE, turn.instance);
        return null;
      });
      turn.commit(onCreate, hook);
    }
    runWake(turn);
  }

  /** Loads the actor's instance, running {@code onWake} when it was asleep. */
  private Turn wake(Turn turn) {
    LiveActors.Awake awake = live.instance(turn.type, turn.actor, turn.generation);
    turn.instance = awake.instance();
    if (awake.fresh()) runWake(turn);
    return turn;
  }

  private static void runWake(Turn turn) {
    if (!turn.type.hooks().overrides(Hook.WAKE)) return;
    String hook = turn.hookName(Hook.WAKE);
    try {
      Invocation inv = turn.run(Invocation.Rights.NOTHING, hook,
          "runs outside the actor's history and may not change it", null);
      turn.execute(inv, hook, () -> {
        turn.type.hooks().run(Hook.WAKE, turn.instance);
        return null;
      });
    } catch (Turn.RunFailure e) {
      log.warn("{} failed: {}", hook, e.journal.message());
    }
  }

  /** {@code onBeforeConnect} may reject; {@code createConnState} gives the connection's state. */
  private static JsonNode acceptConnection(Turn turn, InboxRecord.Connect c) throws Turn.RunFailure {
    String who = "onBeforeConnect of " + turn.actor;
    Invocation before = turn.run(Invocation.Rights.NOTHING, who, "may not change anything", null);
    turn.execute(before, who, () -> {
      turn.type.hooks().beforeConnect(turn.instance, c.params());
      return null;
    });
    if (!turn.type.hooks().hasConnState()) return null;
    String create = "createConnState of " + turn.actor;
    Invocation inv = turn.run(Invocation.Rights.NOTHING, create, "may not change anything", null);
    Object state = turn.execute(inv, create,
        () -> turn.type.hooks().createConnState(turn.instance, c.params()));
    return state == null ? null : turn.serialize(state, create).tree();
  }

  private Step disconnect(ActorType type, ActorRecord current, InboxRecord.Disconnect d,
      long timestamp, JournalRecord.Source source) {
    if (current == null || !current.live()) return Step.none();
    ActorRecord.Connection conn = current.connections().get(d.connId());
    if (conn == null || !conn.gateway().equals(d.gateway())) return Step.none();
    Turn turn = wake(new Turn(env, type, current, d, timestamp, source));
    turn.hook(Hook.DISCONNECT, d.connId());
    turn.close(d.connId(), d.reason() == null ? "closed" : d.reason(), false);
    turn.settle();
    return turn.finish(null, null, null);
  }

  private Step fire(ActorType type, ActorRecord current, InboxRecord.Fire f, long timestamp,
      JournalRecord.Source source) {
    if (current == null || !current.live() || !current.schedules().containsKey(f.scheduleId())) {
      return Step.none(); // cancelled, or the actor was destroyed
    }
    Turn turn = wake(new Turn(env, type, current, f, timestamp, source));
    turn.fired(f.scheduleId());
    ActionMethod action = type.action(f.action());
    if (action == null) {
      ErrorInfo error = ErrorCode.ACTION_NOT_FOUND.error("scheduled action " + f.action()
          + " no longer exists on " + type.name());
      turn.settle();
      return turn.finish(null, error, error);
    }
    try {
      return act(turn, action, Turn.convert(action, f.args()), null);
    } catch (Turn.RunFailure e) {
      turn.settle();
      return turn.finish(null, e.reply, e.journal);
    }
  }

  /** The result of a call or effect, for its continuation. */
  private Step resume(ActorType type, ActorRecord current, InboxRecord.Continue c, long timestamp,
      JournalRecord.Source source) {
    if (current == null || !current.live() || !current.pending().containsKey(c.id())) {
      return Step.none(); // already applied (an effect that ran twice), or the actor is gone
    }
    Turn turn = wake(new Turn(env, type, current, c, timestamp, source));
    turn.pending.remove(c.id());
    ActionMethod action = type.action(c.continuation());
    ArrayNode args = NODES.arrayNode();
    ObjectNode result = args.addObject();
    result.put("ok", c.error() == null);
    result.set("output", c.output() == null ? NODES.nullNode() : c.output());
    result.put("group", c.error() == null ? null : c.error().group());
    result.put("code", c.error() == null ? null : c.error().code());
    result.put("message", c.error() == null ? null : c.error().message());
    if (c.extra() != null) c.extra().forEach(args::add);
    if (action == null) {
      ErrorInfo error = ErrorCode.ACTION_NOT_FOUND.error("continuation " + c.continuation()
          + " no longer exists on " + type.name());
      turn.settle();
      return turn.finish(null, error, error);
    }
    try {
      return act(turn, action, Turn.convert(action, args), null);
    } catch (Turn.RunFailure e) {
      turn.settle();
      return turn.finish(null, e.reply, e.journal);
    }
  }

  /**
   * Runs {@code onSleep} for an actor about to leave memory. Nothing it does is kept: it may only
   * release what the instance's fields hold.
   */
  void sleep(ActorType type, ActorRecord current, ActorBase<?> instance) {
    if (!type.hooks().overrides(Hook.SLEEP) || current == null || !current.live()) return;
    InboxRecord marker = new InboxRecord.Destroy(current.actor(), null);
    Turn turn = new Turn(env, type, current, marker, current.lastAt(), null);
    turn.instance = instance;
    String hook = turn.hookName(Hook.SLEEP);
    try {
      Invocation inv = turn.run(Invocation.Rights.NOTHING, hook,
          "runs outside the actor's history and may not change it", null);
      turn.execute(inv, hook, () -> {
        type.hooks().run(Hook.SLEEP, instance);
        return null;
      });
    } catch (Turn.RunFailure e) {
      log.warn("{} failed: {}", hook, e.journal.message());
    }
  }

  // ---------------------------------------------------------------- replies

  /** Adds the reply to {@code request}, if it wants one: to its gateway or its calling actor. */
  static void reply(InboxRecord request, JsonNode output, ErrorInfo error,
      List<Outgoing> outbox, List<Routed> inbox) {
    JsonNode out = error == null ? (output == null ? NODES.nullNode() : output) : null;
    InboxRecord.ReplyTo replyTo = replyTo(request);
    if (replyTo != null) {
      outbox.add(0, new Outgoing(replyTo.gateway(),
          new OutboxRecord.Reply(replyTo.requestId(), request.actor(), out, error)));
    } else if (request instanceof InboxRecord.Action a && a.caller() != null
        && a.caller().expectsReply()) {
      InboxRecord.Caller caller = a.caller();
      inbox.add(new Routed(caller.actor().toString(), new InboxRecord.Continue(caller.actor(),
          "call", caller.callId(), caller.continuation(), caller.extra(), out, error)));
    }
  }

  static InboxRecord.ReplyTo replyTo(InboxRecord request) {
    if (request instanceof InboxRecord.Action a) return a.replyTo();
    if (request instanceof InboxRecord.Create c) return c.replyTo();
    if (request instanceof InboxRecord.Connect c) return c.replyTo();
    if (request instanceof InboxRecord.Request r) return r.replyTo();
    if (request instanceof InboxRecord.Destroy d) return d.replyTo();
    return null;
  }

  private static Step reject(InboxRecord request, ErrorInfo error) {
    List<Outgoing> outbox = new ArrayList<>();
    List<Routed> inbox = new ArrayList<>();
    reply(request, null, error, outbox, inbox);
    return new Step(null, null, outbox, inbox, List.of(), List.of());
  }

  private static ErrorInfo notFound(ActorId actor) {
    return ErrorCode.ACTOR_NOT_FOUND.error("Actor " + actor + " does not exist");
  }

  private static List<String> publicActions(ActorType type) {
    return type.actions().values().stream().filter(a -> !a.internal()).map(ActionMethod::name)
        .toList();
  }

  private static ObjectNode created(ActorId actor, long generation, boolean created) {
    ObjectNode out = NODES.objectNode();
    ObjectNode a = out.putObject("actor");
    a.put("id", actor.toString());
    a.put("name", actor.name());
    ArrayNode key = a.putArray("key");
    actor.key().forEach(key::add);
    a.put("generation", generation);
    out.put("created", created);
    return out;
  }

}
