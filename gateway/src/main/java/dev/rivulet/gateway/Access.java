package dev.rivulet.gateway;

import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.InboxRecord;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use which half of the gateway, in one place.
 *
 * <ul>
 *   <li><b>The client API</b> (actions, connections, raw requests, RivetKit's routes) runs the
 *       {@link Authenticator}, when there is one, for every request ({@link #authenticate}): its
 *       identity goes to the actor, its refusal to the client.
 *   <li><b>The admin API</b> (history, state, diff, fork, the actor lists, destroy by URL, the
 *       inspector, metrics) is served ({@link #admin}) to a request bearing the admin token, on
 *       any listener, when one is configured; otherwise on the admin listener ({@code adminPort})
 *       to anyone who reaches it (the main listener then refuses it); otherwise, with {@code
 *       adminOpen} (development: {@code ./rivulet}), to requests from this machine's loopback
 *       addresses (the client's: behind trusted proxies, the one they forward, {@link
 *       ClientAddress}). Everything else is refused: the admin API is closed unless configured.
 * </ul>
 */
final class Access {
  private static final Logger log = LoggerFactory.getLogger(Access.class);

  private final Authenticator authenticator; // or null: everyone is anonymous
  private final String adminToken; // or null
  private final boolean adminListener;
  private final boolean adminOpen;

  Access(Authenticator authenticator, String adminToken, boolean adminListener,
      boolean adminOpen) {
    this.authenticator = authenticator;
    this.adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken;
    this.adminListener = adminListener;
    this.adminOpen = adminOpen;
  }

  /**
   * The identity of a client API request, by the authenticator; null without one (the request is
   * then not even made: its header and query maps cost every call), or for a client it lets in
   * anonymously.
   *
   * @throws ApiError when the authenticator refuses it ({@code auth.*}), or fails
   *     ({@code core.internal_error}, logged)
   */
  InboxRecord.Identity authenticate(Supplier<AuthRequest> requested) {
    if (authenticator == null) return null;
    AuthRequest request = requested.get();
    try {
      return authenticator.authenticate(request);
    } catch (AuthException e) {
      throw new ApiError(e.error());
    } catch (RuntimeException e) {
      log.error("the authenticator failed on {}", request, e);
      throw new ApiError(ErrorCode.INTERNAL_ERROR, ErrorCode.INTERNAL_MESSAGE);
    }
  }

  /**
   * The headers of a raw request (or raw WebSocket) as the actor gets them, names in lower case:
   * without RivetKit's gateway token ({@code x-rivet-token}, the gateway's, not the actor's), and
   * without {@code authorization} when an authenticator consumed the credentials (the actor gets
   * the identity instead): what reaches the actor is journaled.
   */
  java.util.Map<String, String> forwardedHeaders(java.util.Map<String, String> headers) {
    java.util.Map<String, String> kept = new java.util.LinkedHashMap<>();
    headers.forEach((name, value) -> {
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      if (lower.equals("x-rivet-token")) return;
      if (authenticator != null && lower.equals("authorization")) return;
      kept.put(lower, value);
    });
    return kept;
  }

  /**
   * Lets an admin API request on this listener through, or refuses it: {@code auth.forbidden}
   * where the admin API is not served to this caller, {@code auth.unauthenticated} (with {@code
   * WWW-Authenticate}) for a missing or wrong admin token.
   */
  void admin(Context ctx, boolean onAdminListener) {
    if (adminToken != null) {
      String auth = ctx.header("Authorization");
      String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
          ? auth.substring(7).trim() : null;
      if (given != null && Authenticators.sameSecret(adminToken, given)) return;
      ctx.header("WWW-Authenticate", "Bearer realm=\"rivulet-admin\"");
      throw new ApiError(ErrorCode.UNAUTHENTICATED, given == null
          ? "the admin API needs the admin token: Authorization: Bearer <token> (--admin-token)"
          : "the admin token is not the gateway's");
    }
    if (onAdminListener) return;
    if (adminListener) {
      throw new ApiError(ErrorCode.FORBIDDEN, "the admin API (" + ctx.path()
          + ") is served on the admin port only (--admin-port), not on this one");
    }
    if (adminOpen && loopback(ctx.ip())) return;
    throw new ApiError(ErrorCode.FORBIDDEN, "the admin API (" + ctx.path() + ") is closed: "
        + "give the gateway an admin token (--admin-token) or an admin port (--admin-port)"
        + (adminOpen ? "; --admin-open serves it to this machine only" : ""));
  }

  /**
   * Whether this listener serves the inspector's page: where its admin calls can succeed (the
   * page holds no data of its own; it asks for the admin token when its calls need one).
   */
  boolean servesInspector(Context ctx, boolean onAdminListener) {
    if (adminToken != null || onAdminListener) return true;
    return !adminListener && adminOpen && loopback(ctx.ip());
  }

  /** What a start-up log line says of the admin API on this gateway. */
  String describe(String host, int port, int adminPort) {
    String where = adminListener ? "on its own port, http://" + host + ":" + adminPort
        : "on http://" + host + ":" + port;
    if (adminToken != null) {
      return "admin API for requests with the admin token" + (adminListener
          ? ", on this port and on its own, http://" + host + ":" + adminPort : "");
    }
    if (adminListener) return "admin API " + where + ", open to whoever reaches that port";
    if (adminOpen) return "admin API " + where + " OPEN WITHOUT A TOKEN to this machine "
        + "(--admin-open, for development): history, state, forks, the actor lists, destroy, "
        + "the inspector and metrics";
    return "admin API closed (no --admin-token, --admin-port or --admin-open)";
  }

  /** Whether the gateway is in development mode: its admin API open to this machine. */
  boolean openForDevelopment() {
    return adminToken == null && !adminListener && adminOpen;
  }

  /** Whether {@code ip}, the client's address ({@link ClientAddress}), is a loopback one. */
  static boolean loopback(String ip) {
    byte[] address = ClientAddress.literal(ip); // an IP literal, never a name looked up
    if (address == null) return false;
    try {
      return InetAddress.getByAddress(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
