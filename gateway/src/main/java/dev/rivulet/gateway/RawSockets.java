package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.gateway.rivetkit.ClientProtocol.Frame;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.OutboxRecord;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Raw WebSockets ({@code .../websocket/*} under RivetKit's endpoint): a connection of transport
 * {@code raw-websocket} whose messages are the application's own. Opening asks the engine to
 * connect (the connection hooks, then {@code onWebSocketOpen}); a refusal closes the socket with
 * 1011 and {@code group.code}, as RivetKit does. Each message the client sends is a {@code
 * socketMessage} inbox record (for {@code onWebSocketMessage}), in order, nobody waiting for a
 * reply; its close is a {@code disconnect} with the close code. What is durable: every message
 * the client sent, and what the actor did with it, are in the actor's journal; what the actor
 * sends reaches the socket at most once, while it is open.
 */
final class RawSockets {
  static final String RAW = "rivulet.raw";

  /** Headers not given to the actor: the handshake's own, and the params (given as params). */
  private static final Set<String> HANDSHAKE = Set.of("sec-websocket-key",
      "sec-websocket-protocol", "sec-websocket-version", "sec-websocket-extensions", "upgrade",
      "connection");

  private final RequestPath requests;
  private final LocalConnections connections;
  private final GatewayMetrics metrics;
  private final int maxMessageBytes;
  private final Access access;
  private final Limits limits;

  RawSockets(RequestPath requests, LocalConnections connections, GatewayMetrics metrics,
      int maxMessageBytes, Access access, Limits limits) {
    this.requests = requests;
    this.connections = connections;
    this.metrics = metrics;
    this.maxMessageBytes = maxMessageBytes;
    this.access = access;
    this.limits = limits;
  }

  /** Opens a raw socket to {@code target}'s actor; {@code rest} is the path after /websocket. */
  void open(WsConnectContext ctx, RivetTargets.Resolved target, String rest, String query,
      JsonNode params, RequestTrace trace, InboxRecord.Identity identity) {
    String connId = UUID.randomUUID().toString();
    RawSocketConnection conn = new RawSocketConnection(connId, target.actor(), ctx, trace,
        new SocketWriter(ctx.session, limits.budget(), metrics), limits.rate());
    ctx.attribute(RAW, conn);
    Map<String, String> headers = new LinkedHashMap<>();
    access.forwardedHeaders(ctx.headerMap()).forEach((name, value) -> {
      if (!HANDSHAKE.contains(name)) headers.put(name, value);
    });
    InboxRecord.RawSocket raw = new InboxRecord.RawSocket(rest.isEmpty() ? "/" : rest,
        RivetTargets.queryParams(query), headers);
    requests.ask(replyTo -> target.connect(replyTo, connId, params, raw, identity), trace,
        GatewayMetrics.WEBSOCKET).whenComplete((reply, error) -> opened(conn, reply, error));
  }

  private void opened(RawSocketConnection conn, OutboxRecord.Reply reply, Throwable error) {
    ErrorInfo failure = error != null ? ApiError.clientError(error)
        : reply.ok() ? null : reply.error();
    if (failure != null) {
      refuse(conn, failure);
      return;
    }
    connections.add(conn);
    if (!conn.open(f -> send(conn, f))) {
      connections.remove(conn); // the client left before the engine accepted it
      requests.disconnected(conn, "closed while connecting");
    }
  }

  /** A message from the client: in order, after the accept. */
  void receive(WsContext ctx, Frame frame) {
    RawSocketConnection conn = ctx.attribute(RAW);
    if (conn == null) return;
    if (!conn.admit()) {
      refuse(conn, ErrorCode.RATE_LIMITED.error("more than " + limits.messagesPerSecond()
          + " messages per second on one socket (--max-messages-per-second)"));
      return;
    }
    if (!conn.receive(frame, f -> send(conn, f))) {
      refuse(conn, ErrorCode.INVALID_REQUEST.error(
          "more than " + WsConnection.MAX_EARLY_MESSAGES + " messages before the socket opened"));
    }
  }

  private void send(RawSocketConnection conn, Frame frame) {
    if (WsConnection.tooLarge(frame, maxMessageBytes)) {
      refuse(conn, ErrorCode.INCOMING_TOO_LONG.error(
          "message is larger than " + maxMessageBytes + " bytes"));
      return;
    }
    requests.tell(new InboxRecord.SocketMessage(conn.actor(), requests.gatewayId(),
        conn.connId(), frame.isText() ? frame.text() : null,
        frame.isText() ? null : Base64.getEncoder().encodeToString(frame.bytes())),
        conn.trace(), "a message of raw socket " + conn.connId());
  }

  void onClose(WsCloseContext ctx) {
    RawSocketConnection conn = ctx.attribute(RAW);
    if (conn == null) return;
    if (conn.markClosed() == RawSocketConnection.Status.OPEN) {
      connections.remove(conn);
      requests.disconnected(conn, ctx.reason() == null ? "closed" : ctx.reason(), ctx.status());
    }
  }

  /** Closes the socket with 1011 and {@code group.code}: raw sockets have no error frames. */
  private void refuse(RawSocketConnection conn, ErrorInfo error) {
    if (!conn.refuse()) return;
    metrics.error(GatewayMetrics.WEBSOCKET, error);
    conn.closeByServer(error.qualifiedCode(), 1011);
  }

  /** Refuses a socket that could not be addressed (no connection yet). */
  void refuse(WsContext ctx, ErrorInfo error) {
    metrics.error(GatewayMetrics.WEBSOCKET, error);
    ctx.closeSession(1011, WsConnection.closeReason(error.qualifiedCode()));
  }
}
