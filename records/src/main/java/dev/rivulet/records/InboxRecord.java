package dev.rivulet.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to one actor, on the {@code <app>.inbox} topic, keyed by the actor id. Everything that
 * changes an actor enters through its inbox, one record at a time, in order.
 *
 * <p>What the engine and the gateway need to know of any record is on this interface: its {@link
 * #kind()} (an exhaustive {@code switch} over {@link Kind} is the one dispatch), where its reply
 * goes ({@link #replyTo()}), the user action it runs ({@link #actionName()}); and, for the requests
 * that may create their actor ({@link Opening}), the mode and the creation input.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = InboxRecord.Create.class, name = "create"),
  @JsonSubTypes.Type(value = InboxRecord.Action.class, name = "action"),
  @JsonSubTypes.Type(value = InboxRecord.Connect.class, name = "connect"),
  @JsonSubTypes.Type(value = InboxRecord.Disconnect.class, name = "disconnect"),
  @JsonSubTypes.Type(value = InboxRecord.Destroy.class, name = "destroy"),
  @JsonSubTypes.Type(value = InboxRecord.Fire.class, name = "fire"),
  @JsonSubTypes.Type(value = InboxRecord.Continue.class, name = "continue"),
  @JsonSubTypes.Type(value = InboxRecord.RawHttp.class, name = "request"),
  @JsonSubTypes.Type(value = InboxRecord.Query.class, name = "query"),
  @JsonSubTypes.Type(value = InboxRecord.SocketMessage.class, name = "socketMessage"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface InboxRecord {
  /** The actor the record is for; its string form is the Kafka key. */
  ActorId actor();

  /** The record's kind; {@link Kind#wireName()} is its JSON {@code kind} field. */
  Kind kind();

  /** Where the reply goes: the gateway waiting for it; null when nobody waits for one. */
  default ReplyTo replyTo() {
    return null;
  }

  /** The action of the actor's class this record runs (or continues with), or null for none. */
  default String actionName() {
    return null;
  }

  /** Every kind of inbox record, with its name on the wire. */
  enum Kind {
    CREATE("create"),
    ACTION("action"),
    CONNECT("connect"),
    DISCONNECT("disconnect"),
    DESTROY("destroy"),
    FIRE("fire"),
    CONTINUE("continue"),
    RAW_HTTP("request"),
    QUERY("query"),
    SOCKET_MESSAGE("socketMessage");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    /** The record's {@code kind} in JSON, in the journal and in metrics labels. */
    public String wireName() {
      return wireName;
    }
  }

  /**
   * A request that opens its actor: finds it ({@link Mode#GET}), creates it ({@link Mode#CREATE})
   * or either ({@link Mode#GET_OR_CREATE}), with {@code input} for its {@code createState}.
   */
  sealed interface Opening extends InboxRecord permits Create, Action, Connect, RawHttp {
    Mode mode();

    /** The creation input, or null. */
    JsonNode input();

    /**
     * The generation the request is for, or null for any: when set, the request applies only to
     * that generation of a live actor, and is {@code actor.not_found} otherwise, whatever its
     * mode (requests by a RivetKit actor id, which names a generation).
     */
    default Long generation() {
      return null;
    }

    /**
     * Who made the request, as the gateway authenticated them; null when anonymous, or for an
     * action over a connection (whose caller is the connection's identity).
     */
    default Identity identity() {
      return null;
    }
  }

  /** How a request finds its actor. */
  enum Mode {
    /** The actor must exist. */
    @JsonProperty("get")
    GET,
    /** The actor is created (with the record's input) when it does not exist. */
    @JsonProperty("getOrCreate")
    GET_OR_CREATE,
    /** The actor must not exist; it is created. */
    @JsonProperty("create")
    CREATE
  }

  /** Where the reply to a request goes: a gateway, and the request's id there. */
  record ReplyTo(String gateway, String requestId) {
    public ReplyTo {
      Objects.requireNonNull(gateway, "replyTo.gateway");
      Objects.requireNonNull(requestId, "replyTo.requestId");
    }
  }

  /** The actor and step a fork copies. */
  record Fork(ActorId actor, long seq) {}

  /**
   * Who made a request, as the gateway's authenticator established it: a subject (a user id, a
   * service name) and the claims it chose to pass on (a token's verified claims, say). Never the
   * credentials themselves: the token stays at the gateway. The actor sees it as {@code
   * context().identity()} and, for a connection, {@code conn.identity()}.
   *
   * @param subject who, as the authenticator names them
   * @param claims what else the authenticator passes on (a JSON object), or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Identity(String subject, JsonNode claims) {
    public Identity {
      Objects.requireNonNull(subject, "identity.subject");
      if (claims != null && !claims.isObject()) {
        throw new IllegalArgumentException("identity.claims must be a JSON object");
      }
    }
  }

  /**
   * A stateless call (an {@link Action} or a {@link RawHttp}) made inside a connection of its own,
   * as RivetKit runs them: after the actor is opened, its {@code onBeforeConnect(params)} and
   * {@code createConnState(params)} run (a failure refuses the request), connection {@code
   * connId} opens (transport {@value #TRANSPORT}, held by the gateway in {@code replyTo}), {@code
   * onConnect} runs, the action or {@code onRequest} runs with that connection as {@code
   * context().conn()}, then {@code onDisconnect} runs and the connection closes: all in the one
   * step of the request. Events sent to that connection go nowhere.
   *
   * @param connId the connection's id, chosen by the gateway (unique, like any connection's)
   * @param params the connection params (RivetKit's {@code x-rivet-conn-params}), or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Stateless(String connId, JsonNode params) {
    /** The transport of a stateless call's connection. */
    public static final String TRANSPORT = "http";

    public Stateless {
      Objects.requireNonNull(connId, "stateless.connId");
    }
  }

  /**
   * What a raw WebSocket ({@code /websocket/*}, for the actor's {@code onWebSocket*} hooks) was
   * opened with: it makes a {@link Connect} a raw socket's, with transport {@value #TRANSPORT}.
   *
   * @param path the path after {@code /websocket}, starting with {@code /} ({@code /} for none)
   * @param query the query parameters (without the gateway's own), every value of each, in order
   * @param headers the upgrade request's headers, names in lower case
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RawSocket(String path, Map<String, List<String>> query, Map<String, String> headers) {
    /** The transport of a raw WebSocket's connection. */
    public static final String TRANSPORT = "raw-websocket";

    public RawSocket {
      Objects.requireNonNull(path, "raw.path");
    }
  }

  /**
   * Create an actor (mode {@code create} or {@code getOrCreate}). A fork has {@code forkOf} (the
   * actor and step it copies) and {@code state}: the new actor starts from that state instead of
   * its {@code createState}; and {@code collections}, when the copied actor had stored logs or
   * maps at that step (as a journal record's {@code collectionsSnapshot} holds them).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Create(ActorId actor, ReplyTo replyTo, Mode mode, JsonNode input, JsonNode state,
      Fork forkOf, JsonNode collections, Identity identity) implements Opening {
    public Create {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(replyTo, "replyTo");
      Objects.requireNonNull(mode, "mode");
      if ((state == null) != (forkOf == null)) {
        throw new IllegalArgumentException("a fork has both a state and forkOf");
      }
      if (collections != null && forkOf == null) {
        throw new IllegalArgumentException("only a fork starts with collections");
      }
    }

    /** A create or fork without an identity (a fork of an actor without stored collections). */
    public Create(ActorId actor, ReplyTo replyTo, Mode mode, JsonNode input, JsonNode state,
        Fork forkOf) {
      this(actor, replyTo, mode, input, state, forkOf, null, null);
    }

    /** A fork, without an identity, of an actor that had stored collections at that step. */
    public Create(ActorId actor, ReplyTo replyTo, Mode mode, JsonNode input, JsonNode state,
        Fork forkOf, JsonNode collections) {
      this(actor, replyTo, mode, input, state, forkOf, collections, null);
    }

    public Create(ActorId actor, ReplyTo replyTo, Mode mode, JsonNode input) {
      this(actor, replyTo, mode, input, null, null, null, null);
    }

    /** A create by a client the gateway authenticated as {@code identity} (or null). */
    public Create(ActorId actor, ReplyTo replyTo, Mode mode, JsonNode input, Identity identity) {
      this(actor, replyTo, mode, input, null, null, null, identity);
    }

    @Override
    public Kind kind() {
      return Kind.CREATE;
    }
  }

  /**
   * Another actor that sent a request: a {@code call} (its reply goes to the caller's
   * {@code continuation}, with {@code extra}) or a fire-and-forget {@code send} (no reply).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Caller(ActorId actor, String callId, String continuation, JsonNode extra) {
    public Caller {
      Objects.requireNonNull(actor, "caller.actor");
    }

    /** Whether the caller waits for a reply. */
    public boolean expectsReply() {
      return callId != null;
    }
  }

  /**
   * Where a record of a subscribed Kafka topic came from: the subscription that read it, and its
   * topic, partition and offset.
   */
  record Origin(String subscription, String topic, int partition, long offset) {
    public Origin {
      Objects.requireNonNull(subscription, "origin.subscription");
      Objects.requireNonNull(topic, "origin.topic");
    }

    /** {@code topic-partition@offset}, as Kafka's tools write a record's position. */
    @Override
    public String toString() {
      return topic + "-" + partition + "@" + offset;
    }
  }

  /**
   * Run an action. From a client it has a {@code replyTo} (and a {@code connId} when it came over
   * a connection, an {@code idempotencyKey} when the client gave one, a {@code generation} when it
   * addressed one generation, {@code stateless} when it runs inside a connection of its own); from
   * another actor it has a {@code caller} instead; from a record of a subscribed topic, an {@code
   * origin} and neither.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Action(
      ActorId actor,
      ReplyTo replyTo,
      Mode mode,
      JsonNode input,
      String action,
      JsonNode args,
      String connId,
      Caller caller,
      String idempotencyKey,
      Origin origin,
      Long generation,
      Stateless stateless,
      Identity identity)
      implements Opening {
    public Action {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(args, "args");
      if (replyTo != null && caller != null) {
        throw new IllegalArgumentException("an action has a replyTo or a caller, not both");
      }
      if (origin != null && (replyTo != null || caller != null)) {
        throw new IllegalArgumentException("an action from a subscribed topic has no replyTo and "
            + "no caller");
      }
      checkGeneration(generation);
      if (stateless != null && (replyTo == null || connId != null)) {
        throw new IllegalArgumentException(
            "a stateless call has a replyTo and no connId (it opens a connection of its own)");
      }
      if (identity != null && (replyTo == null || connId != null)) {
        throw new IllegalArgumentException("only a client's action outside a connection carries "
            + "an identity (over a connection, the connection's is the caller's)");
      }
    }

    /** An action without an identity. */
    public Action(ActorId actor, ReplyTo replyTo, Mode mode, JsonNode input, String action,
        JsonNode args, String connId, Caller caller, String idempotencyKey, Origin origin,
        Long generation, Stateless stateless) {
      this(actor, replyTo, mode, input, action, args, connId, caller, idempotencyKey, origin,
          generation, stateless, null);
    }

    /** An action from a client (for one generation, stateless) or another actor. */
    public Action(ActorId actor, ReplyTo replyTo, Mode mode, JsonNode input, String action,
        JsonNode args, String connId, Caller caller, String idempotencyKey, Long generation,
        Stateless stateless) {
      this(actor, replyTo, mode, input, action, args, connId, caller, idempotencyKey, null,
          generation, stateless);
    }

    /** An action from a client or another actor, for any generation, not stateless. */
    public Action(ActorId actor, ReplyTo replyTo, Mode mode, JsonNode input, String action,
        JsonNode args, String connId, Caller caller, String idempotencyKey) {
      this(actor, replyTo, mode, input, action, args, connId, caller, idempotencyKey, null, null,
          null);
    }

    /** An action from a client. */
    public Action(ActorId actor, ReplyTo replyTo, Mode mode, JsonNode input, String action,
        JsonNode args, String connId) {
      this(actor, replyTo, mode, input, action, args, connId, null, null, null, null, null, null);
    }

    /** An action from a client over HTTP, authenticated as {@code identity} (or null). */
    public Action(ActorId actor, ReplyTo replyTo, Mode mode, JsonNode input, String action,
        JsonNode args, String idempotencyKey, Long generation, Stateless stateless,
        Identity identity) {
      this(actor, replyTo, mode, input, action, args, null, null, idempotencyKey, null,
          generation, stateless, identity);
    }

    /** An action from a record of a subscribed topic: the actor is created on first use. */
    public static Action fromTopic(ActorId actor, String action, JsonNode args, Origin origin) {
      return new Action(actor, null, Mode.GET_OR_CREATE, null, action, args, null, null, null,
          Objects.requireNonNull(origin, "origin"), null, null, null);
    }

    @Override
    public Kind kind() {
      return Kind.ACTION;
    }

    @Override
    public String actionName() {
      return action;
    }
  }

  /**
   * Open a connection (WebSocket or SSE, or a raw WebSocket when {@code raw} is set) held by the
   * gateway in {@code replyTo}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Connect(
      ActorId actor,
      ReplyTo replyTo,
      Mode mode,
      JsonNode input,
      String connId,
      JsonNode params,
      String transport,
      Long generation,
      RawSocket raw,
      Identity identity)
      implements Opening {
    public Connect {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(replyTo, "replyTo");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(connId, "connId");
      Objects.requireNonNull(transport, "transport");
      checkGeneration(generation);
      if ((raw != null) != RawSocket.TRANSPORT.equals(transport)) {
        throw new IllegalArgumentException("a raw WebSocket's connect has transport "
            + RawSocket.TRANSPORT + " and raw, and no other connect has either");
      }
    }

    /** A connection without an identity. */
    public Connect(ActorId actor, ReplyTo replyTo, Mode mode, JsonNode input, String connId,
        JsonNode params, String transport, Long generation, RawSocket raw) {
      this(actor, replyTo, mode, input, connId, params, transport, generation, raw, null);
    }

    /** A connection (WebSocket or SSE) to any generation. */
    public Connect(ActorId actor, ReplyTo replyTo, Mode mode, JsonNode input, String connId,
        JsonNode params, String transport) {
      this(actor, replyTo, mode, input, connId, params, transport, null, null, null);
    }

    @Override
    public Kind kind() {
      return Kind.CONNECT;
    }
  }

  /**
   * Destroy the actor (from a client; actions destroy with {@code context().destroy()}); with
   * {@code generation}, only that generation (else {@code actor.not_found}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Destroy(ActorId actor, ReplyTo replyTo, Long generation) implements InboxRecord {
    public Destroy {
      Objects.requireNonNull(actor, "actor");
      checkGeneration(generation);
    }

    /** Destroy whatever generation is live. */
    public Destroy(ActorId actor, ReplyTo replyTo) {
      this(actor, replyTo, null);
    }

    @Override
    public Kind kind() {
      return Kind.DESTROY;
    }
  }

  /** A scheduled action that is due, written by the engine's schedule punctuator. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Fire(ActorId actor, String scheduleId, long due, String action, JsonNode args)
      implements InboxRecord {
    public Fire {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(scheduleId, "scheduleId");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(args, "args");
    }

    @Override
    public Kind kind() {
      return Kind.FIRE;
    }

    @Override
    public String actionName() {
      return action;
    }
  }

  /**
   * The result of a call this actor made ({@code source} {@code call}) or of an effect it asked
   * for ({@code effect}), for its continuation action: exactly one of {@code output} and {@code
   * error} is set.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Continue(ActorId actor, String source, String id, String continuation, JsonNode extra,
      JsonNode output, ErrorInfo error) implements InboxRecord {
    public Continue {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(continuation, "continuation");
      if ((output == null) == (error == null)) {
        throw new IllegalArgumentException("a continue record has exactly one of output and error");
      }
    }

    @Override
    public Kind kind() {
      return Kind.CONTINUE;
    }

    @Override
    public String actionName() {
      return continuation;
    }
  }

  /**
   * A raw HTTP request for the actor's {@code onRequest} (kind {@code request} on the wire); the
   * body is base64. With {@code generation}, only for that generation; with {@code stateless},
   * inside a connection of its own (see {@link Stateless}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RawHttp(ActorId actor, ReplyTo replyTo, Mode mode, JsonNode input, String method,
      String path, Map<String, List<String>> query,
      Map<String, String> headers, String body, Long generation, Stateless stateless,
      Identity identity)
      implements Opening {
    public RawHttp {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(replyTo, "replyTo");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      checkGeneration(generation);
    }

    /** A raw HTTP request without an identity. */
    public RawHttp(ActorId actor, ReplyTo replyTo, Mode mode, JsonNode input, String method,
        String path, Map<String, List<String>> query, Map<String, String> headers, String body,
        Long generation, Stateless stateless) {
      this(actor, replyTo, mode, input, method, path, query, headers, body, generation,
          stateless, null);
    }

    /** A raw HTTP request to any generation, not stateless. */
    public RawHttp(ActorId actor, ReplyTo replyTo, Mode mode, JsonNode input, String method,
        String path, Map<String, List<String>> query, Map<String, String> headers, String body) {
      this(actor, replyTo, mode, input, method, path, query, headers, body, null, null, null);
    }

    @Override
    public Kind kind() {
      return Kind.RAW_HTTP;
    }
  }

  /**
   * A question about an actor's history or its partition, answered by the engine from its stores
   * without touching the actor (no journal record, no change); {@link What} lists the questions.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Query(ActorId actor, ReplyTo replyTo, What what, Long from, Long to, Integer limit,
      String prefix, String after) implements InboxRecord {
    /** The questions a query may ask. */
    public enum What {
      /**
       * The journal offsets of the records with {@code from <= seq} (at most {@code limit}, up to
       * {@code to} when set).
       */
      @JsonProperty("history")
      HISTORY,
      /**
       * The offsets of the last snapshot at or before {@code to} and of the records after it up to
       * {@code to}.
       */
      @JsonProperty("state")
      STATE,
      /** The offsets of the records holding broadcasts with an event sequence above {@code from}. */
      @JsonProperty("events")
      EVENTS,
      /** The stored actor itself (state, sequence, connections, schedules). */
      @JsonProperty("live")
      LIVE,
      /**
       * The actors of the partition (the query is written to it explicitly), of type {@code
       * prefix} when set, after id {@code after}, at most {@code limit}.
       */
      @JsonProperty("list")
      LIST
    }

    public Query {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(replyTo, "replyTo");
      Objects.requireNonNull(what, "what");
    }

    @Override
    public Kind kind() {
      return Kind.QUERY;
    }
  }

  /**
   * A connection ended: the client closed it, or its gateway lost it, or the engine judged its
   * gateway lost ({@code lost}). {@code code} is the WebSocket close code when there was one (a
   * raw socket's {@code onWebSocketClose} gets it).
   *
   * @param lost {@code true} when the engine wrote it for a gateway that stopped or fell silent
   *     (see {@link #gatewayLost(ActorId, String, String)}); null otherwise, absent on the wire.
   *     Such a gateway may yet be alive (heard too late), so it is also told to close the socket.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Disconnect(ActorId actor, String gateway, String connId, String reason, Integer code,
      Boolean lost) implements InboxRecord {
    public Disconnect {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(gateway, "gateway");
      Objects.requireNonNull(connId, "connId");
      if (Boolean.FALSE.equals(lost)) lost = null; // one form on the wire: absent
    }

    /** A connection its gateway saw end, with the close code when there was one. */
    public Disconnect(ActorId actor, String gateway, String connId, String reason, Integer code) {
      this(actor, gateway, connId, reason, code, null);
    }

    /** A connection its gateway saw end, without a close code. */
    public Disconnect(ActorId actor, String gateway, String connId, String reason) {
      this(actor, gateway, connId, reason, null, null);
    }

    /**
     * The end of a connection whose gateway the engine judged lost (stopped, or silent for a
     * whole timeout), with the reason {@code gateway <id> lost} for people.
     */
    public static Disconnect gatewayLost(ActorId actor, String gateway, String connId) {
      return new Disconnect(actor, gateway, connId, "gateway " + gateway + " lost", null, true);
    }

    /** Whether the engine wrote it for a gateway it judged lost. */
    public boolean judgedLost() {
      return Boolean.TRUE.equals(lost);
    }

    @Override
    public Kind kind() {
      return Kind.DISCONNECT;
    }
  }

  /**
   * One message a client sent on a raw WebSocket (a connection opened by a {@link Connect} with
   * {@code raw}), for the actor's {@code onWebSocketMessage}: exactly one of {@code text} and
   * {@code binary} (base64) is set. The gateway writes a socket's messages in order; each is a
   * step of its own. Nobody waits for a reply. Ignored when the actor does not hold that raw
   * socket for {@code gateway}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SocketMessage(ActorId actor, String gateway, String connId, String text, String binary)
      implements InboxRecord {
    public SocketMessage {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(gateway, "gateway");
      Objects.requireNonNull(connId, "connId");
      if ((text == null) == (binary == null)) {
        throw new IllegalArgumentException("a socket message has exactly one of text and binary");
      }
    }

    @Override
    public Kind kind() {
      return Kind.SOCKET_MESSAGE;
    }
  }

  private static void checkGeneration(Long generation) {
    if (generation != null && generation < 1) {
      throw new IllegalArgumentException("a generation is 1 or more, got " + generation);
    }
  }
}
