package dev.rivulet.gateway;

import dev.rivulet.gateway.rivetkit.GatewayTarget;
import dev.rivulet.gateway.rivetkit.RivetKitProtocolException;
import dev.rivulet.gateway.rivetkit.Subprotocols;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.LogContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RivetKit's WebSockets under the client's endpoint: {@code /gateway/{id or name}/connect} (and
 * {@code /connect} routed by the {@code rivet_target.actor} and {@code rivet_actor.<id>}
 * subprotocols) is a connection in the encoding its {@code rivet_encoding.} subprotocol names,
 * served by {@link WsEndpoint}; {@code .../websocket/*} is a raw WebSocket. The socket answers
 * with the {@code rivet} subprotocol (Jetty selects the first one offered, which RivetKit's client
 * always sends first).
 */
final class RivetSockets {
  private static final Logger log = LoggerFactory.getLogger(RivetSockets.class);

  private final WsEndpoint connections;

  RivetSockets(WsEndpoint connections) {
    this.connections = connections;
  }

  /** The WebSocket handlers of a route under {@code prefix} (the endpoint's path, or ""). */
  void configure(WsConfig ws, String prefix, boolean byHeader) {
    ws.onConnect(ctx -> {
      RequestTrace trace = WsEndpoint.trace(ctx);
      LogContext.enter(null, null, trace.traceId());
      try {
        open(ctx, prefix, byHeader, trace);
      } finally {
        LogContext.exit();
      }
    });
    ws.onMessage(connections::onMessage);
    ws.onBinaryMessage(connections::onBinaryMessage);
    ws.onClose(connections::onClose);
    ws.onError(ctx -> log.debug("websocket error: {}", String.valueOf(ctx.error())));
  }

  private void open(WsConnectContext ctx, String prefix, boolean byHeader, RequestTrace trace) {
    Subprotocols protocols;
    try {
      protocols = Subprotocols.parse(ctx.header("Sec-WebSocket-Protocol"));
    } catch (RivetKitProtocolException e) {
      connections.rejectEarly(ctx, WsWire.RIVETKIT_JSON, RivetTargets.error(e).error());
      return;
    }
    WsWire wire = WsWire.rivetKit(protocols.encoding());
    try {
      URI uri = ctx.session.getUpgradeRequest().getRequestURI();
      String raw = uri.getRawPath().substring(prefix.length());
      String query = uri.getRawQuery();
      GatewayTarget target = byHeader
          ? RivetTargets.fromHeaders(protocols.target(), protocols.actorId(), protocols.token(),
              raw, query)
          : RivetTargets.parse(raw, query);
      RivetTargets.Resolved actor = RivetTargets.resolve(target);
      LogContext.enter(actor.actor().toString(), null, trace.traceId());
      if (target.path().equals("/connect")) {
        connections.open(ctx, new WsEndpoint.Opening(actor.actor(), actor.mode(), actor.input(),
            actor.generation(), protocols.params(), wire, List.of(), null), trace);
      } else if (target.path().equals("/websocket") || target.path().startsWith("/websocket/")) {
        throw new ApiError(ErrorCode.ROUTE_NOT_FOUND,
            "raw WebSockets are not served by this gateway yet");
      } else {
        throw new ApiError(ErrorCode.ROUTE_NOT_FOUND,
            "no WebSocket route of the actor answers " + target.path());
      }
    } catch (ApiError e) {
      ErrorInfo error = e.error();
      connections.rejectEarly(ctx, wire, error);
    }
  }
}
