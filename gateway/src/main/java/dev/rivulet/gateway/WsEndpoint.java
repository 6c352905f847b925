package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.LogContext;
import dev.rivulet.records.OutboxRecord;
import dev.rivulet.records.TraceParent;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/actors/{name}/{key}/connect}: RivetKit's client protocol over a WebSocket. On open
 * the gateway asks the engine to connect (a {@code connect} inbox record); when the engine accepts,
 * the client gets {@code Init} and its actions flow as {@code action} inbox records; on close the
 * engine gets a {@code disconnect}. A connection the engine rejects gets an {@code Error} frame and
 * is closed with reason {@code group.code}; so is one that sends a malformed message.
 */
final class WsEndpoint {
  private static final Logger log = LoggerFactory.getLogger(WsEndpoint.class);
  private static final String CONN = "rivulet.conn";
  private static final String PARAMS_PROTOCOL = "rivet_conn_params.";
  private static final String ENCODING_PROTOCOL = "rivet_encoding.";

  private final RequestPath requests;
  private final LocalConnections connections;
  private final GatewayMetrics metrics;
  private final EventCatchUp catchUp;
  private final int maxMessageBytes;

  WsEndpoint(RequestPath requests, LocalConnections connections, GatewayMetrics metrics,
      EventCatchUp catchUp, int maxMessageBytes) {
    this.requests = requests;
    this.connections = connections;
    this.metrics = metrics;
    this.catchUp = catchUp;
    this.maxMessageBytes = maxMessageBytes;
  }

  void configure(WsConfig ws) {
    ws.onConnect(this::onConnect);
    ws.onMessage(this::onMessage);
    ws.onClose(this::onClose);
    ws.onError(ctx -> log.debug("websocket error: {}", String.valueOf(ctx.error())));
  }

  private void onConnect(WsConnectContext ctx) {
    RequestTrace trace = RequestTrace.of(ctx.header(TraceParent.HEADER),
        ctx.header(TraceParent.STATE_HEADER));
    LogContext.enter(ctx.pathParam("name") + "/" + ctx.pathParam("key"), null, trace.traceId());
    try {
      connect(ctx, trace);
    } finally {
      LogContext.exit();
    }
  }

  private void connect(WsConnectContext ctx, RequestTrace trace) {
    String connId = UUID.randomUUID().toString();
    ActorId actor;
    InboxRecord.Mode mode;
    JsonNode input;
    JsonNode params;
    try {
      actor = ActorPaths.actorId(ctx.pathParam("name"), ctx.pathParam("key"));
      checkEncoding(ctx);
      mode = ActorPaths.mode(ctx.queryParam("mode"), InboxRecord.Mode.GET_OR_CREATE);
      input = ActorPaths.jsonParam("input", ctx.queryParam("input"));
      params = params(ctx);
    } catch (ApiError e) {
      rejectEarly(ctx, e.error());
      return;
    }
    WsConnection conn = new WsConnection(connId, actor, ctx, trace);
    ctx.attribute(CONN, conn);
    String events = ctx.queryParam("events"); // subscriptions from the start, for a resume
    if (events != null) {
      for (String e : events.split(",")) if (!e.isBlank()) conn.subscribe(e.trim(), true);
    }
    String lastId = ctx.queryParam("lastEventId");
    if (lastId != null && !lastId.isBlank()) {
      try {
        conn.resumeAfter(Long.parseLong(lastId.trim()));
      } catch (NumberFormatException e) {
        rejectEarly(ctx, ErrorCode.INVALID_REQUEST.error("lastEventId must be a number"));
        return;
      }
    }
    requests.ask(replyTo -> new InboxRecord.Connect(actor, replyTo, mode, input, connId, params,
        "websocket"), trace, GatewayMetrics.WEBSOCKET)
        .whenComplete((reply, error) -> opened(conn, reply, error));
  }

  private void opened(WsConnection conn, OutboxRecord.Reply reply, Throwable error) {
    ErrorInfo failure = error != null ? ApiError.clientError(error)
        : reply.ok() ? null : reply.error();
    if (failure != null) {
      fail(conn, failure);
      return;
    }
    JsonNode connected = reply.output();
    Long after = conn.resumeAfter();
    boolean resume = after != null
        && after < connected.path("eventSeq").asLong();
    if (resume) conn.gate.hold(after); // live events wait for the missed ones
    connections.add(conn); // before Init: events from here on reach the client
    if (!conn.open(WireFrames.init(conn.actor().toString(), conn.connId()), t -> handle(conn, t))) {
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

  private void onMessage(WsMessageContext ctx) {
    WsConnection conn = ctx.attribute(CONN);
    if (conn == null) return;
    if (!conn.receive(ctx.message(), text -> handle(conn, text))) {
      fail(conn, ErrorCode.INVALID_REQUEST.error(
          "more than " + WsConnection.MAX_EARLY_MESSAGES + " messages before Init"));
    }
  }

  private void handle(WsConnection conn, String text) {
    if (text.length() > maxMessageBytes / 3 && utf8Length(text) > maxMessageBytes) {
      fail(conn, ErrorCode.INCOMING_TOO_LONG.error(
          "message is larger than " + maxMessageBytes + " bytes"));
      return;
    }
    WireFrames.ToServer message;
    try {
      message = WireFrames.parse(text);
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
              else if (reply.ok()) conn.send(WireFrames.actionResponse(a.id(), reply.output()));
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
    conn.send(WireFrames.error(error, actionId));
  }

  /** A connection-level error: an Error frame, and the socket closes. */
  private void fail(WsConnection conn, ErrorInfo error) {
    metrics.error(GatewayMetrics.WEBSOCKET, error);
    conn.fail(error);
  }

  private void onClose(WsCloseContext ctx) {
    WsConnection conn = ctx.attribute(CONN);
    if (conn == null) return;
    if (conn.markClosed() == WsConnection.Status.OPEN) {
      connections.remove(conn);
      requests.disconnected(conn, ctx.reason() == null ? "closed" : ctx.reason());
    }
  }

  private void rejectEarly(WsContext ctx, ErrorInfo error) {
    metrics.error(GatewayMetrics.WEBSOCKET, error);
    ctx.send(WireFrames.error(error, null));
    ctx.closeSession(1011, error.qualifiedCode());
  }

  private static void checkEncoding(WsContext ctx) {
    for (String p : protocols(ctx)) {
      if (p.startsWith(ENCODING_PROTOCOL) && !p.equals(ENCODING_PROTOCOL + "json")) {
        throw new ApiError(ErrorCode.INVALID_REQUEST, "unsupported encoding "
            + p.substring(ENCODING_PROTOCOL.length()) + "; this server speaks json");
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

  private static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else bytes += 3;
    }
    return bytes;
  }
}
