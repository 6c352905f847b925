package dev.rivulet.client;

/**
 * Where an {@link ActorConnection} stands, as RivetKit's JavaScript client names it ({@code
 * connStatus}). A connection goes {@code CONNECTING → CONNECTED} when it opens; when its socket
 * drops it goes {@code DISCONNECTED → CONNECTING → CONNECTED} again (with {@code DISCONNECTED}
 * between failed attempts), and it ends {@code IDLE}.
 */
public enum ConnectionStatus {
  /**
   * Not connected and not trying to: closed with {@link ActorConnection#close()}, or given up (an
   * error that means the connection can never open, the attempts exhausted, or reconnecting
   * turned off). Final.
   */
  IDLE,
  /** A socket is opening, or is open and waits for the server's {@code Init}. */
  CONNECTING,
  /** The server accepted the connection ({@code Init}): calls go out at once. */
  CONNECTED,
  /** The socket dropped; the next attempt waits for its backoff delay. */
  DISCONNECTED
}
