package dev.rivulet.gateway;

import dev.rivulet.records.ActorId;
import dev.rivulet.records.OutboxRecord;

/** A client's open connection to an actor at this gateway: a WebSocket or an SSE stream. */
interface ClientConnection {
  String connId();

  ActorId actor();

  /** {@code websocket} or {@code sse}. */
  String transport();

  /** The trace the connection was opened in; its disconnect goes to the engine in it. */
  RequestTrace trace();

  /**
   * Delivers an event if the connection wants it: a broadcast when it subscribed to the event, a
   * message sent to this connection ({@code direct}) always. Never blocks on the network.
   */
  void deliver(OutgoingEvent event);

  /** Closes the connection from the server side (the actor disconnected it) with a reason. */
  void closeByServer(String reason);

  /** The same with the close code the actor gave (raw WebSockets); null: the default. */
  default void closeByServer(String reason, Integer code) {
    closeByServer(reason);
  }

  /** A message the actor sent on this raw WebSocket; other connections have none. */
  default void frame(OutboxRecord.SocketFrame frame) {}
}
