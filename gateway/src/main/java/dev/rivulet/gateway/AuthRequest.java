package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an {@link Authenticator} knows of a request of the client API: how it came (method, path,
 * headers, query, the client's address, the transport), which actor and action it is for, the
 * connection params it carries, and its credential ({@link #token()}).
 */
public final class AuthRequest {
  /** A WebSocket subprotocol carrying a token: RivetKit's client sends {@code rivet_token.<t>}. */
  static final String TOKEN_PROTOCOL = "rivet_token.";

  private final String method;
  private final String path;
  private final String transport;
  private final String remoteAddress;
  private final Map<String, String> headers;
  private final Map<String, List<String>> query;
  private final List<String> subprotocols;
  private final String actorName;
  private final List<String> actorKey;
  private final String action;
  private final JsonNode params;
  private final String addressedToken;

  AuthRequest(String method, String path, String transport, String remoteAddress,
      Map<String, String> headers, Map<String, List<String>> query, String actorName,
      List<String> actorKey, String action, JsonNode params, String addressedToken) {
    this.method = method;
    this.path = path;
    this.transport = transport;
    this.remoteAddress = remoteAddress;
    Map<String, String> lower = new LinkedHashMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    this.headers = Collections.unmodifiableMap(lower);
    this.query = query == null ? Map.of() : Collections.unmodifiableMap(query);
    List<String> protocols = new ArrayList<>();
    String offered = lower.get("sec-websocket-protocol");
    if (offered != null) {
      for (String p : offered.split(",")) if (!p.isBlank()) protocols.add(p.trim());
    }
    this.subprotocols = List.copyOf(protocols);
    this.actorName = actorName;
    this.actorKey = actorKey == null ? null : List.copyOf(actorKey);
    this.action = action;
    this.params = params;
    this.addressedToken = addressedToken;
  }

  /** An HTTP request (or SSE stream, {@code transport} {@code sse}). */
  static AuthRequest of(Context ctx, String transport, String actorName, List<String> actorKey,
      String action, JsonNode params, String addressedToken) {
    return new AuthRequest(ctx.method().name(), ctx.path(), transport, ctx.ip(), ctx.headerMap(),
        ctx.queryParamMap(), actorName, actorKey, action, params, addressedToken);
  }

  /**
   * A WebSocket's upgrade request ({@code transport} {@code websocket} or {@code raw-websocket})
   * from the client at {@code address} ({@link ClientAddress}).
   */
  static AuthRequest of(WsContext ctx, String address, String transport, String actorName,
      List<String> actorKey, JsonNode params, String addressedToken) {
    return new AuthRequest("GET", ctx.session.getUpgradeRequest().getRequestURI().getPath(),
        transport, address, ctx.headerMap(),
        ctx.queryParamMap(), actorName, actorKey, null, params, addressedToken);
  }

  /** The IP address at the other end of a socket (a proxy's, behind a proxy). */
  static String address(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
    }
    return String.valueOf(address);
  }

  /** {@code GET}, {@code POST}, ...; {@code GET} for a WebSocket. */
  public String method() {
    return method;
  }

  /** The request's path, without the query. */
  public String path() {
    return path;
  }

  /** {@code http}, {@code sse}, {@code websocket} or {@code raw-websocket}. */
  public String transport() {
    return transport;
  }

  /**
   * The client's IP address: the one the gateway's socket sees, or behind the gateway's trusted
   * proxies ({@code --trusted-proxies}) the one they forward in {@code X-Forwarded-For}.
   */
  public String remoteAddress() {
    return remoteAddress;
  }

  /** A header, by its name in any case; null when absent. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** Every header, names in lower case. */
  public Map<String, String> headers() {
    return headers;
  }

  /** A query parameter's first value; null when absent. */
  public String queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The WebSocket subprotocols the client offered, in order; empty for HTTP. */
  public List<String> subprotocols() {
    return subprotocols;
  }

  /** The actor type the request is for; null when it names none. */
  public String actorName() {
    return actorName;
  }

  /** The actor's key; null when the request names no actor (or names it by a RivetKit id only). */
  public List<String> actorKey() {
    return actorKey;
  }

  /** The action an action call runs; null for everything else (connections included). */
  public String action() {
    return action;
  }

  /** The connection params the request carries (a connection's, a stateless call's); or null. */
  public JsonNode params() {
    return params;
  }

  /**
   * The caller's token, from the first of: {@code Authorization: Bearer <token>}; the {@code
   * x-rivet-token} header; the token RivetKit's client puts in the address ({@code
   * /gateway/{id}@{token}}, {@code rvt-token=}); a {@code rivet_token.<token>} WebSocket
   * subprotocol (RivetKit's client; browsers cannot set headers on a WebSocket); the {@code
   * rvt-token} query parameter (for an {@code EventSource}, which cannot either). Null when none.
   */
  public String token() {
    String auth = header("authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String t = auth.substring(7).trim();
      if (!t.isEmpty()) return t;
    }
    String header = header("x-rivet-token");
    if (header != null && !header.isBlank()) return header.trim();
    if (addressedToken != null && !addressedToken.isBlank()) return addressedToken;
    for (String p : subprotocols) {
      if (p.startsWith(TOKEN_PROTOCOL) && p.length() > TOKEN_PROTOCOL.length()) {
        return p.substring(TOKEN_PROTOCOL.length());
      }
    }
    String query = queryParam("rvt-token");
    return query == null || query.isBlank() ? null : query;
  }

  @Override
  public String toString() {
    return method + " " + path + " (" + transport + " from " + remoteAddress + ")";
  }
}
