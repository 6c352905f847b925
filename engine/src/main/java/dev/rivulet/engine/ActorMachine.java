package dev.rivulet.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.UserError;
import dev.rivulet.actor.internal.ActionMethod;
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
import dev.rivulet.records.OutboxRecord;
import dev.rivulet.records.RecordCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An actor as a state machine: applying one inbox record to the stored actor gives the next stored
 * actor, the journal record and the outbox records, and nothing else. It has no Kafka in it, so the
 * processor, the tests and the replayer all run the same code.
 *
 * <p>Requests that cannot apply (unknown type or action, bad arguments, missing or existing
 * actor) are rejected before anything runs: they get an error reply, no journal record, and the
 * actor is not created. A request that applies always gets a journal record, also when its action
 * fails; a failed action leaves the state as it was.
 */
final class ActorMachine {
  private static final Logger log = LoggerFactory.getLogger(ActorMachine.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Result and events of one record together may be this many times the message limit. */
  static final int EVENTS_PER_RECORD = 4;

  /** Patches up to this size are kept as they are, however small the state. */
  static final int PATCH_FLOOR_BYTES = 4096;

  /** A record for the outbox partition of {@code gateway}. */
  record Outgoing(String gateway, OutboxRecord record) {}

  /**
   * What applying a record produced: the actor to store ({@code null}: unchanged), the journal
   * record ({@code null}: none) and what to send to gateways.
   */
  record Step(ActorRecord next, JournalRecord journal, List<Outgoing> outbox) {
    static Step none() {
      return new Step(null, null, List.of());
    }
  }

  /** How an action ended: a result or an error, the state after it, its events. */
  private record Outcome(
      JsonNode state, JsonNode output, ErrorInfo error, ErrorInfo journalError,
      List<Invocation.Emitted> emitted) {
    static Outcome failed(JsonNode state, ErrorInfo reply, ErrorInfo journal) {
      return new Outcome(state, null, reply, journal, List.of());
    }
  }

  private final Map<String, ActorType> types;
  private final LiveActors live;
  private final int snapshotEvery;
  private final int maxStateBytes;
  private final int maxMessageBytes;

  ActorMachine(
      Map<String, ActorType> types,
      LiveActors live,
      int snapshotEvery,
      int maxStateBytes,
      int maxMessageBytes) {
    this.types = types;
    this.live = live;
    this.snapshotEvery = snapshotEvery;
    this.maxStateBytes = maxStateBytes;
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * Applies {@code request} to {@code current} (null when the actor was never created).
   *
   * @param timestamp the inbox record's timestamp, the source of the deterministic clock
   * @param source where the inbox record was read, for the journal
   */
  Step apply(
      ActorRecord current, InboxRecord request, long timestamp, JournalRecord.Source source) {
    ActorId actor = request.actor();
    ActorType type = types.get(actor.name());
    if (type == null) {
      return reject(request, ErrorCode.ACTOR_TYPE_NOT_FOUND.error(
          "No actor type named \"" + actor.name() + "\" is registered; registered types: "
              + String.join(", ", types.keySet())));
    }
    if (request instanceof InboxRecord.Disconnect d) return disconnect(current, d, timestamp, source);

    InboxRecord.Mode mode;
    JsonNode input;
    ActionMethod action = null;
    Object[] args = null;
    if (request instanceof InboxRecord.Action a) {
      mode = a.mode();
      input = a.input();
      action = type.action(a.action());
      if (action == null) {
        return reject(request, ErrorCode.ACTION_NOT_FOUND.error(
            "Action `" + a.action() + "` was not found on actor type " + type.name()
                + "; its actions: " + String.join(", ", type.actions().keySet())));
      }
      try {
        args = action.convertArgs(a.args());
      } catch (ArgumentsException e) {
        return reject(request, ErrorCode.INVALID_ARGUMENTS.error(e.getMessage()));
      }
    } else if (request instanceof InboxRecord.Create c) {
      mode = c.mode();
      input = c.input();
    } else {
      InboxRecord.Connect c = (InboxRecord.Connect) request;
      mode = c.mode();
      input = c.input();
    }

    boolean exists = current != null && current.live();
    if (!exists && mode == InboxRecord.Mode.GET) {
      return reject(request, ErrorCode.ACTOR_NOT_FOUND.error("Actor " + actor + " does not exist"));
    }
    if (exists && mode == InboxRecord.Mode.CREATE) {
      return reject(request, ErrorCode.ACTOR_DUPLICATE_KEY.error(
          "Actor " + actor + " already exists"));
    }

    long seq = (current == null ? 0 : current.seq()) + 1;
    long generation = exists ? current.generation() : (current == null ? 1 : current.generation() + 1);
    long at = Math.max(timestamp, current == null ? 0 : current.lastAt());
    Invocation inv = new Invocation(actor, generation, seq, at, Invocation.seedOf(actor, seq));
    ActorBase<?> instance = live.instance(type, actor, generation);

    JsonNode before = exists ? current.state() : null;
    ActorRecord base;
    if (exists) {
      base = new ActorRecord(actor, generation, seq, current.eventSeq(), at, false, before,
          current.connections());
    } else {
      JsonNode initial;
      try {
        initial = createState(type, instance, inv, input);
      } catch (CreateFailed e) {
        return reject(request, e.error);
      }
      base = new ActorRecord(actor, generation, seq, current == null ? 0 : current.eventSeq(), at,
          false, initial, Map.of());
    }

    if (request instanceof InboxRecord.Create) {
      return applied(request, before, base, created(actor, generation, !exists), null, null,
          List.of(), inv, !exists, source);
    }
    if (request instanceof InboxRecord.Connect c) {
      ActorRecord next = base.withConnection(c.connId(),
          new ActorRecord.Connection(c.replyTo().gateway(), c.transport(), c.params()));
      ObjectNode output = NODES.objectNode();
      output.put("actorId", actor.toString());
      output.put("connectionId", c.connId());
      return applied(request, before, next, output, null, null, List.of(), inv, !exists, source);
    }
    Outcome outcome = invoke(type, action, args, instance, inv, base.state());
    ActorRecord next = new ActorRecord(actor, generation, seq, base.eventSeq(), at, false,
        outcome.state(), base.connections());
    return applied(request, before, next, outcome.output(), outcome.error(), outcome.journalError(),
        outcome.emitted(), inv, !exists, source);
  }

  private Step applied(
      InboxRecord request, JsonNode before, ActorRecord next, JsonNode output, ErrorInfo error,
      ErrorInfo journalError, List<Invocation.Emitted> emitted, Invocation inv, boolean created,
      JournalRecord.Source source) {
    List<Outgoing> outbox = new ArrayList<>();
    List<JournalRecord.Broadcast> broadcasts = new ArrayList<>();
    long eventSeq = next.eventSeq();
    Set<String> gateways = new LinkedHashSet<>();
    for (ActorRecord.Connection c : next.connections().values()) gateways.add(c.gateway());
    for (Invocation.Emitted e : emitted) {
      eventSeq++;
      broadcasts.add(new JournalRecord.Broadcast(eventSeq, e.name(), e.args(), null));
      for (String gateway : gateways) {
        outbox.add(new Outgoing(gateway,
            new OutboxRecord.Event(next.actor(), eventSeq, e.name(), e.args(), null)));
      }
    }
    ActorRecord stored = new ActorRecord(next.actor(), next.generation(), next.seq(), eventSeq,
        next.lastAt(), false, next.state(), next.connections());

    InboxRecord.ReplyTo replyTo = replyTo(request);
    if (replyTo != null) {
      outbox.add(0, new Outgoing(replyTo.gateway(), new OutboxRecord.Reply(replyTo.requestId(),
          next.actor(), error == null ? nullToJson(output) : null, error)));
    }
    JsonNode patch = JsonPatch.diff(before, stored.state());
    if (patch.size() > 1) {
      int patchSize = jsonSize(patch);
      if (patchSize > PATCH_FLOOR_BYTES && patchSize > jsonSize(stored.state())) {
        patch = JsonPatch.replaceAll(stored.state()); // bounded by the state's own size
      }
    }
    boolean snapshot = created || stored.seq() % snapshotEvery == 0;
    JournalRecord journal = new JournalRecord(stored.actor(), stored.seq(), stored.generation(),
        request.kind(), inv.at(), inv.seed(), request, source, created ? Boolean.TRUE : null,
        error == null ? nullToJson(output) : null, journalError, broadcasts.isEmpty() ? null : broadcasts,
        patch, snapshot ? stored.state() : null);
    return new Step(stored, journal, outbox);
  }

  private Step disconnect(
      ActorRecord current, InboxRecord.Disconnect d, long timestamp, JournalRecord.Source source) {
    if (current == null || !current.live()) return Step.none();
    ActorRecord.Connection conn = current.connections().get(d.connId());
    if (conn == null || !conn.gateway().equals(d.gateway())) return Step.none();
    long seq = current.seq() + 1;
    long at = Math.max(timestamp, current.lastAt());
    Invocation inv = new Invocation(d.actor(), current.generation(), seq, at,
        Invocation.seedOf(d.actor(), seq));
    ActorRecord next = new ActorRecord(current.actor(), current.generation(), seq,
        current.eventSeq(), at, false, current.state(), current.connections())
        .withoutConnection(d.connId());
    return applied(d, current.state(), next, null, null, null, List.of(), inv, false, source);
  }

  private Outcome invoke(
      ActorType type, ActionMethod action, Object[] args, ActorBase<?> instance, Invocation inv,
      JsonNode state) {
    Object result;
    JsonNode after;
    JsonNode output;
    try {
      inv.initState(Json.mapper().treeToValue(state, type.stateType()));
    } catch (IOException e) {
      log.error("stored state of {} does not fit {}: {}", inv.actorId(), type.stateType(),
          e.getMessage());
      return internal(state, "the stored state does not fit " + type.stateType().toCanonical()
          + ": " + e.getMessage());
    }
    if (action.readOnly()) inv.readOnly(action.qualifiedName());
    ActorScopes.bind(instance, inv);
    try {
      result = action.invoke(instance, args);
    } catch (UserError e) {
      ErrorInfo error = new ErrorInfo("user", e.code(), e.getMessage(),
          e.metadata().isEmpty() ? null : Json.mapper().valueToTree(e.metadata()));
      return Outcome.failed(state, error, error);
    } catch (Invocation.ReadOnlyViolation e) {
      ErrorInfo error = ErrorCode.READ_ONLY_VIOLATION.error(e.getMessage());
      return Outcome.failed(state, error, error);
    } catch (Throwable t) {
      rethrowFatal(t);
      log.warn("action {} of {} failed", action.qualifiedName(), inv.actorId(), t);
      return internal(state, action.qualifiedName() + " threw " + t);
    } finally {
      ActorScopes.bind(instance, null);
    }
    if (inv.violation() != null) { // the action caught the exception and carried on
      ErrorInfo error = ErrorCode.READ_ONLY_VIOLATION.error(inv.violation());
      return Outcome.failed(state, error, error);
    }
    Serialized stateJson;
    Serialized outputJson;
    List<Serialized> events = new ArrayList<>();
    try {
      stateJson = serialize(inv.state());
      outputJson = serialize(result);
      for (Invocation.Emitted e : inv.emitted()) events.add(serialize(e.args()));
    } catch (IOException | IllegalArgumentException e) {
      log.warn("result or state of {} on {} is not serializable", action.qualifiedName(),
          inv.actorId(), e);
      return internal(state, action.qualifiedName() + " returned a value or left a state that "
          + "cannot be serialized to JSON: " + e.getMessage());
    }
    after = stateJson.tree();
    output = outputJson.tree();
    if (action.readOnly() && !JsonPatch.equal(after, state)) {
      ErrorInfo error = ErrorCode.READ_ONLY_VIOLATION.error(action.qualifiedName()
          + " is read-only (@Action(readOnly = true)) but changed the state in place");
      return Outcome.failed(state, error, error);
    }
    if (stateJson.size() > maxStateBytes) {
      ErrorInfo error = ErrorCode.STATE_TOO_LARGE.error("the state of " + inv.actorId()
          + " after " + action.qualifiedName() + " is larger than " + maxStateBytes + " bytes");
      return Outcome.failed(state, error, error);
    }
    ErrorInfo tooLong = outgoingTooLong(action.qualifiedName(), outputJson.size(),
        inv.emitted(), events);
    if (tooLong != null) return Outcome.failed(state, tooLong, tooLong);
    List<Invocation.Emitted> emitted = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      emitted.add(new Invocation.Emitted(inv.emitted().get(i).name(), events.get(i).tree()));
    }
    return new Outcome(after, output, null, null, emitted);
  }

  /** A value as JSON: the tree as it reads back (see {@link #canonical}) and its size in bytes. */
  private record Serialized(JsonNode tree, int size) {}

  /**
   * Serializes a value of the actor's with the actor mapper, which refuses NaN and Infinity.
   *
   * @throws IOException when the value has no JSON form
   */
  private static Serialized serialize(Object value) throws IOException {
    byte[] bytes = Json.mapper().writeValueAsBytes(value);
    return new Serialized(canonical(bytes), bytes.length);
  }

  /** The error when a result or the events are over the limits, or null. */
  private ErrorInfo outgoingTooLong(String what, long outputSize, List<Invocation.Emitted> emitted,
      List<Serialized> events) {
    long total = outputSize;
    if (total > maxMessageBytes) {
      return ErrorCode.OUTGOING_TOO_LONG.error(
          "the result of " + what + " is larger than " + maxMessageBytes + " bytes");
    }
    for (int i = 0; i < emitted.size(); i++) {
      int size = events.get(i).size();
      if (size > maxMessageBytes) {
        return ErrorCode.OUTGOING_TOO_LONG.error("event " + emitted.get(i).name() + " of " + what
            + " is larger than " + maxMessageBytes + " bytes");
      }
      total += size;
      if (total > EVENTS_PER_RECORD * maxMessageBytes) {
        return ErrorCode.OUTGOING_TOO_LONG.error(what + " emitted more than "
            + EVENTS_PER_RECORD * maxMessageBytes + " bytes of result and events");
      }
    }
    return null;
  }

  /**
   * The state as it will read back from the store: numbers as the text gives them, so that a
   * float field or a BigDecimal compares equal to itself after a round trip.
   */
  private static JsonNode canonical(byte[] json) throws IOException {
    return RecordCodec.mapper().readTree(json);
  }

  /** Thrown by {@link #createState} with the error to reply. */
  private static final class CreateFailed extends Exception {
    private static final long serialVersionUID = 1L;
    final transient ErrorInfo error;

    CreateFailed(ErrorInfo error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }

  private JsonNode createState(ActorType type, ActorBase<?> instance, Invocation inv, JsonNode input)
      throws CreateFailed {
    ActorScopes.bind(instance, inv);
    inv.creating(true);
    try {
      Serialized initial = serialize(type.initialState(instance, input));
      JsonNode state = initial.tree();
      if (state == null || state.isNull()) {
        log.warn("the initial state of {} is null", inv.actorId());
        throw new CreateFailed(ErrorCode.INTERNAL_ERROR.error(ErrorCode.INTERNAL_MESSAGE));
      }
      if (initial.size() > maxStateBytes) {
        throw new CreateFailed(ErrorCode.STATE_TOO_LARGE.error(
            "the initial state of " + inv.actorId() + " is larger than " + maxStateBytes + " bytes"));
      }
      return state;
    } catch (CreateFailed e) {
      throw e;
    } catch (ArgumentsException e) {
      throw new CreateFailed(ErrorCode.INVALID_ARGUMENTS.error(e.getMessage()));
    } catch (UserError e) {
      throw new CreateFailed(new ErrorInfo("user", e.code(), e.getMessage(),
          e.metadata().isEmpty() ? null : Json.mapper().valueToTree(e.metadata())));
    } catch (Throwable t) {
      rethrowFatal(t);
      log.warn("creating the state of {} failed", inv.actorId(), t);
      throw new CreateFailed(ErrorCode.INTERNAL_ERROR.error(ErrorCode.INTERNAL_MESSAGE));
    } finally {
      inv.creating(false);
      ActorScopes.bind(instance, null);
    }
  }

  private static Outcome internal(JsonNode state, String detail) {
    return Outcome.failed(state, ErrorCode.INTERNAL_ERROR.error(ErrorCode.INTERNAL_MESSAGE),
        ErrorCode.INTERNAL_ERROR.error(detail));
  }

  private static void rethrowFatal(Throwable t) {
    if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
      throw (VirtualMachineError) t;
    }
  }

  private static Step reject(InboxRecord request, ErrorInfo error) {
    InboxRecord.ReplyTo replyTo = replyTo(request);
    if (replyTo == null) return Step.none();
    return new Step(null, null, List.of(new Outgoing(replyTo.gateway(),
        new OutboxRecord.Reply(replyTo.requestId(), request.actor(), null, error))));
  }

  static InboxRecord.ReplyTo replyTo(InboxRecord request) {
    if (request instanceof InboxRecord.Action a) return a.replyTo();
    if (request instanceof InboxRecord.Create c) return c.replyTo();
    if (request instanceof InboxRecord.Connect c) return c.replyTo();
    return null;
  }

  private static ObjectNode created(ActorId actor, long generation, boolean created) {
    ObjectNode out = NODES.objectNode();
    ObjectNode a = out.putObject("actor");
    a.put("id", actor.toString());
    a.put("name", actor.name());
    var key = a.putArray("key");
    actor.key().forEach(key::add);
    a.put("generation", generation);
    out.put("created", created);
    return out;
  }

  private static JsonNode nullToJson(JsonNode node) {
    return node == null ? NODES.nullNode() : node;
  }

  /** The size of a JSON value in bytes, without keeping the bytes. */
  static int jsonSize(JsonNode node) {
    CountingStream out = new CountingStream();
    try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
      Json.mapper().writeTree(g, node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return (int) Math.min(Integer.MAX_VALUE, out.count);
  }

  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
