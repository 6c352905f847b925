/**
 * The gateway: clients in, Kafka out, and back. In order:
 *
 * <ol>
 *   <li>{@code Routes} maps each method and path to a handler: {@code ActionRoutes} (stateless
 *       HTTP), {@code WsEndpoint} with {@code WsConnection} and {@code WireFrames} (the WebSocket
 *       protocol), {@code SseEndpoint}, {@code HistoryRoutes} (the admin and history API);
 *   <li>every handler reaches the engine through {@code RequestPath}: an inbox record sent with a
 *       reply address, its reply awaited in {@code PendingReplies};
 *   <li>the engine's replies and events come back on this gateway's outbox partition, read by
 *       {@code OutboxRouter}: replies complete {@code PendingReplies}, events go to {@code
 *       LocalConnections} and from there to each {@code ClientConnection};
 *   <li>history is read from the journal by {@code JournalHistory} (for the history routes and
 *       {@code EventCatchUp} of reconnecting clients).
 * </ol>
 *
 * <p>Who may do what is decided in one place, {@code Access}: the admin API (history, state,
 * forks, lists, destroy by URL, the inspector, metrics) by the admin token or listener, the client
 * API by the {@link dev.rivulet.gateway.Authenticator} (whose identity goes to the actor in the
 * inbox record). What one client may take is {@code Limits}': connections per address (counted
 * by {@code WsEndpoint} and {@code SseEndpoint}), messages per second per connection, bytes
 * waiting for a client ({@code SocketWriter}, {@code SseConnection}), request and message sizes.
 *
 * <p>Public: {@link dev.rivulet.gateway.Gateway}, {@link dev.rivulet.gateway.GatewayConfig},
 * {@link dev.rivulet.gateway.LocalReads}, and the authentication hook: {@link
 * dev.rivulet.gateway.Authenticator}, {@link dev.rivulet.gateway.AuthRequest}, {@link
 * dev.rivulet.gateway.AuthException}, {@link dev.rivulet.gateway.Authenticators}. The gateway never imports the engine: they share only
 * the records of {@code dev.rivulet.records}.
 */
package dev.rivulet.gateway;
