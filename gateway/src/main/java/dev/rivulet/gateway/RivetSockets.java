package dev.rivulet.gateway;

import dev.rivulet.gateway.rivetkit.ClientProtocol.Frame;
import dev.rivulet.gateway.rivetkit.GatewayTarget;
import dev.rivulet.gateway.rivetkit.RivetKitProtocolException;
import dev.rivulet.gateway.rivetkit.Subprotocols;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.InboxRecord;
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
  private final RawSockets raw;

  RivetSockets(WsEndpoint connections, RawSockets raw) {
    this.connections = connections;
    this.raw = raw;
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
    ws.onMessage(ctx -> {
      if (ctx.attribute(RawSockets.RAW) != null) raw.receive(ctx, Frame.text(ctx.message()));
      else connections.onMessage(ctx);
    });
    ws.onBinaryMessage(ctx -> {
      if (ctx.attribute(RawSockets.RAW) != null) raw.receive(ctx, WsEndpoint.frame(ctx));
      else connections.onBinaryMessage(ctx);
    });
    ws.onClose(ctx -> {
      raw.onClose(ctx);
      connections.onClose(ctx);
    });
    ws.onError(ctx -> log.debug("websocket error: {}", String.valueOf(ctx.error())));
  }

  private void open(WsConnectContext ctx, String prefix, boolean byHeader, RequestTrace trace) {
    URI uri = ctx.session.getUpgradeRequest().getRequestURI();
    String rawPath = uri.getRawPath().substring(prefix.length());
    // A raw socket's client reads the application's messages only: it is refused by the close
    // alone, never with an Error frame. (Ids and names have no '/', so only a raw socket's path
    // has this segment.)
    boolean rawSocket = rawPath.contains("/websocket");
    WsWire wire = WsWire.RIVETKIT_JSON;
    try {
      Subprotocols protocols = subprotocols(ctx);
      wire = WsWire.rivetKit(protocols.encoding());
      if (!connections.admit(ctx, rawSocket ? null : wire)) return;
      String query = uri.getRawQuery();
      GatewayTarget target = byHeader
          ? RivetTargets.fromHeaders(protocols.target(), protocols.actorId(), protocols.token(),
              rawPath, query)
          : RivetTargets.parse(rawPath, query);
      RivetTargets.Resolved actor = RivetTargets.resolve(target);
      LogContext.enter(actor.actor().toString(), null, trace.traceId());
      String token = target.token() != null ? target.token() : protocols.token();
      if (target.path().equals("/connect")) {
        InboxRecord.Identity who = connections.authenticate(ctx, GatewayMetrics.WEBSOCKET,
            actor.actor(), protocols.params(), token);
        connections.open(ctx, new WsEndpoint.Opening(actor.actor(), actor.mode(), actor.input(),
            actor.generation(), protocols.params(), wire, List.of(), null, who), trace);
      } else if (target.path().equals("/websocket") || target.path().startsWith("/websocket/")) {
        InboxRecord.Identity who = connections.authenticate(ctx, RawSocketConnection.TRANSPORT,
            actor.actor(), protocols.params(), token);
        raw.open(ctx, actor, target.path().substring("/websocket".length()), target.query(),
            protocols.params(), trace, who);
      } else {
        throw new ApiError(ErrorCode.ROUTE_NOT_FOUND,
            "no WebSocket route of the actor answers " + target.path());
      }
    } catch (ApiError e) {
      if (rawSocket) raw.refuse(ctx, e.error());
      else connections.rejectEarly(ctx, wire, e.error());
    }
  }

  private static Subprotocols subprotocols(WsConnectContext ctx) {
    try {
      return Subprotocols.parse(ctx.header("Sec-WebSocket-Protocol"));
    } catch (RivetKitProtocolException e) {
      throw RivetTargets.error(e);
    }
  }
}
