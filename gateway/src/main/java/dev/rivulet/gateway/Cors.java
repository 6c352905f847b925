package dev.rivulet.gateway;

import dev.rivulet.records.ErrorCode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/**
 * Cross-origin requests from browsers: which pages (origins) may call the gateway. RivetKit's
 * client sends its REST calls with credentials and its own headers, so an allowed origin gets a
 * credentialed answer: its own origin echoed (never {@code *}), {@code
 * Access-Control-Allow-Credentials}, and on a preflight the methods and the headers it asked for.
 * An origin not allowed gets no CORS headers (the browser then refuses the page's request), and
 * its preflight a {@code 403 request.origin_not_allowed}.
 *
 * <p>Allowed origins are exact ({@code https://app.example.com}), with a port wildcard ({@code
 * http://localhost:*}), or {@code *} for any. The default allows pages on this machine only:
 * {@code http://localhost:*}, {@code http://127.0.0.1:*} and {@code http://[::1]:*}.
 */
final class Cors {
  /** The default: pages served from this machine, any port (a Vite dev server, say). */
  static final List<String> LOCAL = List.of("http://localhost:*", "http://127.0.0.1:*",
      "http://[::1]:*");

  private static final String METHODS = "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS";
  private static final String EXPOSED = "traceparent, x-rivet-actor, x-rivet-ray-id";

  private final List<String> allowed;

  Cors(List<String> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /** Whether a page of {@code origin} may call the gateway. */
  boolean allows(String origin) {
    for (String pattern : allowed) {
      if (pattern.equals("*") || pattern.equalsIgnoreCase(origin)) return true;
      if (pattern.endsWith(":*")) {
        String base = pattern.substring(0, pattern.length() - 1).toLowerCase(Locale.ROOT);
        String o = origin.toLowerCase(Locale.ROOT);
        if (o.startsWith(base) && o.length() > base.length()
            && o.substring(base.length()).chars().allMatch(Character::isDigit)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether a WebSocket opened with {@code origin} (null: not a browser's) to {@code host} (the
   * upgrade's {@code Host}) may go on. Browsers let any page open a WebSocket anywhere and only
   * say where the page came from: a page of an origin that may not call the gateway is refused
   * here, as its HTTP calls are by the browser; a page served by the gateway itself is its own
   * origin.
   */
  boolean allowsSocket(String origin, String host) {
    if (origin == null || allows(origin)) return true;
    if (host == null) return false;
    String o = origin.toLowerCase(Locale.ROOT);
    String h = host.toLowerCase(Locale.ROOT);
    return o.equals("http://" + h) || o.equals("https://" + h);
  }

  /** Runs before every route: answers preflights, and marks answers to allowed origins. */
  void before(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) return;
    boolean preflight = ctx.method().name().equals("OPTIONS")
        && ctx.header("Access-Control-Request-Method") != null;
    if (!allows(origin)) {
      if (preflight) {
        ctx.skipRemainingHandlers();
        throw new ApiError(ErrorCode.ORIGIN_NOT_ALLOWED, "pages of " + origin
            + " may not call this gateway; allow it with --allowed-origins");
      }
      return;
    }
    ctx.header("Access-Control-Allow-Origin", origin);
    ctx.header("Access-Control-Allow-Credentials", "true");
    ctx.header("Access-Control-Expose-Headers", EXPOSED);
    ctx.header("Vary", "Origin");
    if (preflight) {
      ctx.header("Access-Control-Allow-Methods", METHODS);
      String requested = ctx.header("Access-Control-Request-Headers");
      if (requested != null) ctx.header("Access-Control-Allow-Headers", requested);
      ctx.header("Access-Control-Max-Age", "86400");
      ctx.status(204);
      ctx.skipRemainingHandlers();
    }
  }
}
