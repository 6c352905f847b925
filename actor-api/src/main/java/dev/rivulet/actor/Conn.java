package dev.rivulet.actor;

/**
 * A client connection to an actor (a WebSocket or an SSE stream), as actions and hooks see it:
 * its id, the params it connected with, its own state, and a way to reach or drop it.
 *
 * <p>Changes made through a connection (its state, a message, a disconnect) take effect only if the
 * action or hook that made them succeeds, like every other change.
 */
public interface Conn {
  /** The connection's id, as its client received it in {@code Init}. */
  String id();

  /**
   * How the client is connected: {@code "websocket"} or {@code "sse"}; {@code "raw-websocket"}
   * for a raw WebSocket ({@link RawSocket}), which receives no events; {@code "http"} for the
   * connection of a stateless call, which lasts for the call only and receives no events either.
   */
  String transport();

  /**
   * The params the client connected with, converted to {@code type}; null when it sent none. Parts
   * marked {@link Secret} are null here.
   */
  <P> P params(Class<P> type);

  /**
   * Who opened the connection, as the gateway's authenticator established it; null when the
   * gateway has no authenticator or let the client in anonymously.
   */
  Identity identity();

  /**
   * The connection's state, converted to {@code type}: what {@code createConnState} returned, as
   * last changed with {@link #setState}; null when the actor keeps none.
   */
  <T> T state(Class<T> type);

  /** Replaces the connection's state; it is stored with the actor, durably. */
  void setState(Object state);

  /** Sends an event to this connection only (subscribed to it or not, for an SSE stream). */
  void send(String event, Object... args);

  /**
   * Closes this connection from the server: the client's socket is closed with {@code reason},
   * and {@code onDisconnect} runs in the same step.
   */
  void disconnect(String reason);
}
