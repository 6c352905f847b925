package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.gateway.rivetkit.ClientProtocol.Frame;
import dev.rivulet.gateway.rivetkit.ActorIds;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.LogContext;
import dev.rivulet.records.OutboxRecord;
import dev.rivulet.records.TraceParent;
import io.javalin.websocket.WsBinaryMessageContext;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to an actor over a WebSocket, in RivetKit's client protocol: Rivulet's own route
 * {@code /api/actors/{name}/{key}/connect} (JSON frames, {@link WsWire#RIVULET}) and RivetKit's
 * {@code .../connect} under the client's endpoint (any of its encodings, opened by {@link
 * RivetSockets}). On open the gateway asks the engine to connect (a {@code connect} inbox record
 * through {@link RequestPath}); when the engine accepts, the client gets {@code Init} and its
 * actions flow as {@code action} inbox records; on close the engine gets a {@code disconnect}. A
 * connection the engine rejects gets an {@code Error} frame and is closed with reason {@code
 * group.code}; so is one that sends a malformed message.
 */
final class WsEndpoint {
  private static final Logger log = LoggerFactory.getLogger(WsEndpoint.class);
  static final String CONN = "rivulet.conn";
  private static final String PARAMS_PROTOCOL = "rivet_conn_params.";
  private static final String ENCODING_PROTOCOL = "rivet_encoding.";

  /**
   * What a WebSocket asks for when it opens: the actor and how to find it ({@code generation}:
   * only that one, or null), the connection params, its wire, and for a client resuming on
   * Rivulet's route the events it subscribes to from the start and the last one it saw.
   */
  record Opening(ActorId actor, InboxRecord.Mode mode, JsonNode input, Long generation,
      JsonNode params, WsWire wire, List<String> events, Long resumeAfter,
      InboxRecord.Identity identity) {}

  /** The attribute holding the client address a socket is counted against ({@link Limits}). */
  private static final String ADDRESS = "rivulet.address";

  private final RequestPath requests;
  private final LocalConnections connections;
  private final GatewayMetrics metrics;
  private final EventCatchUp catchUp;
  private final int maxMessageBytes;
  private final Access access;
  private final Limits limits;
  private final Cors cors;
  private final ClientAddress clients;
  /** Connections whose opening is under way: the engine has not answered yet. */
  private final Set<WsConnection> opening = ConcurrentHashMap.newKeySet();

  WsEndpoint(RequestPath requests, LocalConnections connections, GatewayMetrics metrics,
      EventCatchUp catchUp, int maxMessageBytes, Access access, Limits limits, Cors cors,
      ClientAddress clients) {
    this.cors = cors;
    this.clients = clients;
    this.requests = requests;
    this.connections = connections;
    this.metrics = metrics;
    this.catchUp = catchUp;
    this.maxMessageBytes = maxMessageBytes;
    this.access = access;
    this.limits = limits;
  }

  /**
   * Lets a new socket in, or refuses it: a browser page of an origin that may not call the
   * gateway ({@code request.origin_not_allowed}, {@link Cors#allowsSocket}), a client address
   * that holds as many connections as it may ({@code gateway.too_many_connections}, {@link
   * Limits#connect}). A refusal is an error frame in {@code wire} and the close, or for a raw
   * socket ({@code wire} null) the close alone. A socket let in is counted against its address
   * until it closes.
   */
  boolean admit(WsConnectContext ctx, WsWire wire) {
    String origin = ctx.header("Origin");
    if (!cors.allowsSocket(origin, ctx.header("Host"))) {
      refuse(ctx, wire, ErrorCode.ORIGIN_NOT_ALLOWED.error("pages of " + origin
          + " may not call this gateway; allow it with --allowed-origins"));
      return false;
    }
    String address = clients.of(ctx);
    if (!limits.connect(address)) {
      refuse(ctx, wire, ErrorCode.TOO_MANY_CONNECTIONS.error("the address " + address
          + " holds " + limits.connectionsPerAddress() + " connections to this gateway, as many "
          + "as one address may (--max-connections-per-address)"));
      return false;
    }
    ctx.attribute(ADDRESS, address);
    return true;
  }

  private void refuse(WsConnectContext ctx, WsWire wire, ErrorInfo error) {
    if (wire != null) {
      rejectEarly(ctx, wire, error);
    } else {
      metrics.error(GatewayMetrics.WEBSOCKET, error);
      ctx.closeSession(1011, WsConnection.closeReason(error.qualifiedCode()));
    }
  }

  /** Who opens a socket, by the authenticator (null: anonymous); refused: an {@link ApiError}. */
  InboxRecord.Identity authenticate(WsConnectContext ctx, String transport, ActorId actor,
      JsonNode params, String token) {
    String address = ctx.attribute(ADDRESS); // set by admit, which runs first
    return access.authenticate(() -> AuthRequest.of(ctx,
        address != null ? address : clients.of(ctx), transport, actor.name(), actor.key(), params,
        token));
  }

  /** What writes to a new socket: within the gateway's budget per connection. */
  SocketWriter writer(WsContext ctx) {
    return new SocketWriter(ctx.session, limits.budget(), metrics);
  }

  /** A new connection's message rate. */
  Limits.Rate rate() {
    return limits.rate();
  }

  /** Rivulet's own route: the actor in the path, options in the query. */
  void configure(WsConfig ws) {
    ws.onConnect(ctx -> {
      RequestTrace trace = trace(ctx);
      LogContext.enter(ctx.pathParam("name") + "/" + ctx.pathParam("key"), null, trace.traceId());
      try {
        if (!admit(ctx, WsWire.RIVULET)) return;
        Opening opening;
        try {
          opening = rivuletOpening(ctx);
        } catch (ApiError e) {
          rejectEarly(ctx, WsWire.RIVULET, e.error());
          return;
        }
        open(ctx, opening, trace);
      } finally {
        LogContext.exit();
      }
    });
    ws.onMessage(this::onMessage);
    ws.onBinaryMessage(this::onBinaryMessage);
    ws.onClose(this::onClose);
    ws.onError(ctx -> log.debug("websocket error: {}", String.valueOf(ctx.error())));
  }

  /** The trace a WebSocket opens in: the upgrade request's {@code traceparent}, or a new one. */
  static RequestTrace trace(WsContext ctx) {
    return RequestTrace.of(ctx.header(TraceParent.HEADER), ctx.header(TraceParent.STATE_HEADER));
  }

  private Opening rivuletOpening(WsConnectContext ctx) {
    ActorId actor = ActorPaths.actorId(ctx.pathParam("name"), ctx.pathParam("key"));
    checkEncoding(ctx);
    InboxRecord.Mode mode = ActorPaths.mode(ctx.queryParam("mode"), InboxRecord.Mode.GET_OR_CREATE);
    JsonNode input = ActorPaths.jsonParam("input", ctx.queryParam("input"));
    JsonNode params = params(ctx);
    List<String> events = new ArrayList<>(); // subscriptions from the start, for a resume
    String wanted = ctx.queryParam("events");
    if (wanted != null) {
      for (String e : wanted.split(",")) if (!e.isBlank()) events.add(e.trim());
    }
    Long resumeAfter = null;
    String lastId = ctx.queryParam("lastEventId");
    if (lastId != null && !lastId.isBlank()) {
      try {
        resumeAfter = Long.parseLong(lastId.trim());
      } catch (NumberFormatException e) {
        throw new ApiError(ErrorCode.INVALID_REQUEST, "lastEventId must be a number");
      }
    }
    InboxRecord.Identity who = authenticate(ctx, GatewayMetrics.WEBSOCKET, actor, params, null);
    return new Opening(actor, mode, input, null, params, WsWire.RIVULET, events, resumeAfter,
        who);
  }

  /** Opens {@code opening}'s connection on the socket of {@code ctx}. */
  void open(WsConnectContext ctx, Opening opening, RequestTrace trace) {
    String connId = UUID.randomUUID().toString();
    WsConnection conn = new WsConnection(connId, opening.actor(), ctx, trace, opening.wire(),
        writer(ctx), rate());
    ctx.attribute(CONN, conn);
    this.opening.add(conn);
    for (String e : opening.events()) conn.subscribe(e, true);
    if (opening.resumeAfter() != null) conn.resumeAfter(opening.resumeAfter());
    requests.ask(replyTo -> new InboxRecord.Connect(opening.actor(), replyTo, opening.mode(),
            opening.input(), connId, opening.params(), "websocket", opening.generation(), null,
            opening.identity()), trace, GatewayMetrics.WEBSOCKET)
        .whenComplete((reply, error) -> opened(conn, reply, error));
  }

  private void opened(WsConnection conn, OutboxRecord.Reply reply, Throwable error) {
    opening.remove(conn);
    ErrorInfo failure = error != null ? ApiError.clientError(error)
        : reply.ok() ? null : reply.error();
    if (failure != null) {
      String retry = conn.wire().retryLater(failure);
      if (retry == null) {
        fail(conn, failure);
      } else {
        // Logged once already (PendingReplies, InboxSender); its retrying client comes back.
        metrics.error(GatewayMetrics.WEBSOCKET, failure);
        log.debug("connection {} to {} did not open ({}); its client is told to retry",
            conn.connId(), conn.actor(), failure.qualifiedCode());
        conn.failAtOnce(retry);
      }
      return;
    }
    JsonNode connected = reply.output();
    Long after = conn.resumeAfter();
    boolean resume = after != null && after < connected.path("eventSeq").asLong();
    if (resume) conn.gate.hold(after); // live events wait for the missed ones
    connections.add(conn); // before Init: events from here on reach the client
    String actorId = conn.wire() == WsWire.RIVULET ? conn.actor().toString() : ActorIds.of(
        conn.actor().name(), conn.actor().key(), connected.path("generation").asLong(1));
    Frame init = conn.wire().init(actorId, conn.connId(), connected.path("eventSeq").asLong());
    if (!conn.open(init, f -> handle(conn, f))) {
      connections.remove(conn); // the client left before the engine accepted it
      requests.disconnected(conn, "closed while connecting");
      return;
    }
    if (resume) {
      catchUp.missed(conn.actor(), after, connected.path("seq").asLong())
          .whenComplete((missed, ignored) -> {
            List<EventGate.Held> held = new ArrayList<>();
            if (missed != null) {
              for (EventCatchUp.Missed m : missed) held.add(conn.missed(m.name(), m.args(), m.eventSeq()));
            }
            conn.gate.release(held);
          });
    }
  }

  void onMessage(WsMessageContext ctx) {
    receive(ctx, Frame.text(ctx.message()));
  }

  void onBinaryMessage(WsBinaryMessageContext ctx) {
    receive(ctx, frame(ctx));
  }

  /** A binary message as a frame. */
  static Frame frame(WsBinaryMessageContext ctx) {
    ByteBuffer data = ctx.data();
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    return Frame.binary(bytes);
  }

  private void receive(WsContext ctx, Frame frame) {
    WsConnection conn = ctx.attribute(CONN);
    if (conn == null || conn.failed()) return;
    if (!conn.admit()) {
      fail(conn, ErrorCode.RATE_LIMITED.error("more than " + limits.messagesPerSecond()
          + " messages per second on one connection (--max-messages-per-second)"));
      return;
    }
    if (!conn.receive(frame, f -> handle(conn, f))) {
      fail(conn, ErrorCode.INVALID_REQUEST.error(
          "more than " + WsConnection.MAX_EARLY_MESSAGES + " messages before Init"));
    }
  }

  private void handle(WsConnection conn, Frame frame) {
    if (WsConnection.tooLarge(frame, maxMessageBytes)) {
      fail(conn, ErrorCode.INCOMING_TOO_LONG.error(
          "message is larger than " + maxMessageBytes + " bytes"));
      return;
    }
    WireFrames.ToServer message;
    try {
      message = conn.wire().parse(frame);
    } catch (WireFrames.MalformedFrame e) {
      fail(conn, ErrorCode.INVALID_REQUEST.error("malformed message: " + e.getMessage()));
      return;
    }
    if (message instanceof WireFrames.SubscriptionRequest s) {
      conn.subscribe(s.eventName(), s.subscribe());
    } else if (message instanceof WireFrames.ActionRequest a) {
      // Each action is a trace of its own, or the one its frame names.
      RequestTrace trace = RequestTrace.of(a.traceparent(), a.tracestate());
      LogContext.enter(conn.actor().toString(), null, trace.traceId());
      try {
        requests.ask(replyTo -> new InboxRecord.Action(conn.actor(), replyTo,
            InboxRecord.Mode.GET, null, a.name(), a.args(), conn.connId()), trace,
            GatewayMetrics.WEBSOCKET).whenComplete((reply, error) -> {
              if (error != null) sendError(conn, ApiError.clientError(error), a.id());
              else if (reply.ok()) conn.send(conn.wire().actionResponse(a.id(), reply.output()));
              else sendError(conn, reply.error(), a.id());
            });
      } finally {
        LogContext.exit();
      }
    }
  }

  /** An action's error frame; the connection stays open. */
  private void sendError(WsConnection conn, ErrorInfo error, BigInteger actionId) {
    metrics.error(GatewayMetrics.WEBSOCKET, error);
    conn.send(conn.wire().error(error, actionId));
  }

  /** A connection-level error: an Error frame, and the socket closes. */
  private void fail(WsConnection conn, ErrorInfo error) {
    metrics.error(GatewayMetrics.WEBSOCKET, error);
    conn.fail(error);
  }

  void onClose(WsCloseContext ctx) {
    String address = ctx.attribute(ADDRESS);
    if (address != null) limits.disconnected(address);
    WsConnection conn = ctx.attribute(CONN);
    if (conn == null) return;
    opening.remove(conn);
    if (conn.markClosed() == WsConnection.Status.OPEN) {
      connections.remove(conn);
      requests.disconnected(conn, ctx.reason() == null ? "closed" : ctx.reason());
    }
  }

  /**
   * Before the gateway stops: the sockets still opening on RivetKit's wire are closed with its
   * retry-later reason ({@link WsWire#retryLater}), so that their clients open again, through
   * another gateway; the stop itself ends them without a reason (the client sees {@code 1006}),
   * which ends their retrying. Rivulet's own client retries either way.
   */
  void stopOpening() {
    ErrorInfo stopping = ErrorCode.UNAVAILABLE.error("the gateway is stopping");
    for (WsConnection conn : opening) {
      String retry = conn.wire().retryLater(stopping);
      if (retry != null) conn.failAtOnce(retry);
    }
  }

  /** Refuses a socket before it is a connection: an {@code Error} frame, then the close. */
  void rejectEarly(WsContext ctx, WsWire wire, ErrorInfo error) {
    metrics.error(GatewayMetrics.WEBSOCKET, error);
    WsConnection.sendThenClose(ctx, wire.error(error, null), error.qualifiedCode());
  }

  private static void checkEncoding(WsContext ctx) {
    for (String p : protocols(ctx)) {
      if (p.startsWith(ENCODING_PROTOCOL) && !p.equals(ENCODING_PROTOCOL + "json")) {
        throw new ApiError(ErrorCode.INVALID_REQUEST, "unsupported encoding "
            + p.substring(ENCODING_PROTOCOL.length()) + " on this route, which speaks json; "
            + "RivetKit's encodings are served under /api/rivet");
      }
    }
  }

  /** Connection params: the {@code rivet_conn_params.} subprotocol, or the {@code params} query. */
  private static JsonNode params(WsContext ctx) {
    for (String p : protocols(ctx)) {
      if (p.startsWith(PARAMS_PROTOCOL)) {
        String json = URLDecoder.decode(p.substring(PARAMS_PROTOCOL.length()), StandardCharsets.UTF_8);
        return ActorPaths.jsonParam("rivet_conn_params", json);
      }
    }
    return ActorPaths.jsonParam("params", ctx.queryParam("params"));
  }

  private static String[] protocols(WsContext ctx) {
    String header = ctx.header("Sec-WebSocket-Protocol");
    if (header == null) return new String[0];
    String[] parts = header.split(",");
    for (int i = 0; i < parts.length; i++) parts[i] = parts[i].trim();
    return parts;
  }
}
