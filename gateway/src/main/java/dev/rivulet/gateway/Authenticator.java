package dev.rivulet.gateway;

import dev.rivulet.records.InboxRecord;

/**
 * The gateway's one authentication hook, configured once ({@link GatewayConfig#authenticator}):
 * it runs for every request of the client API — each HTTP call, and each WebSocket, raw WebSocket
 * and SSE stream as it opens — before anything reaches Kafka, and says who the caller is. The
 * actor sees the result as {@code context().identity()} (and {@code conn.identity()} for a
 * connection); the credentials themselves never leave the gateway.
 *
 * <pre>{@code
 * config.authenticator(request -> {
 *   String token = request.token();                    // Bearer, x-rivet-token, RivetKit's token
 *   if (token == null) throw AuthException.unauthenticated("a token is required");
 *   User user = users.byToken(token);                  // your own look-up
 *   if (user == null) throw AuthException.unauthenticated("unknown token");
 *   return Authenticators.identity(user.id(), Map.of("roles", user.roles()));
 * });
 * }</pre>
 *
 * {@link Authenticators#jwt} verifies JSON Web Tokens. The admin API is not the authenticator's:
 * it has a token of its own ({@link GatewayConfig#adminToken}).
 */
@FunctionalInterface
public interface Authenticator {
  /**
   * Who makes {@code request}: an identity, or null to let it in anonymously (the actor then
   * decides, in {@code onBeforeConnect} and {@code onBeforeAction}). Runs on the gateway's
   * request threads: keep it quick (cache what it looks up).
   *
   * @throws AuthException to refuse the request ({@code auth.unauthenticated}, 401, or {@code
   *     auth.forbidden}, 403): it never reaches the actor
   */
  InboxRecord.Identity authenticate(AuthRequest request);
}
