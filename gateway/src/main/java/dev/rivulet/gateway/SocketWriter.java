package dev.rivulet.gateway;

import dev.rivulet.records.ErrorCode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes frames to one client's WebSocket without ever blocking, within the connection's {@link
 * Limits.Budget budget} of bytes not yet written: a client that stops reading lets its frames
 * pile up in the gateway, and once they pass the budget its socket is dropped ({@code
 * gateway.slow_consumer}; the engine then hears of the disconnect as for any closed socket). Other
 * clients are not held up by it: nothing waits for a write.
 */
final class SocketWriter {
  private static final Logger log = LoggerFactory.getLogger(SocketWriter.class);

  private final Session session;
  private final Limits.Budget budget;
  private final GatewayMetrics metrics;
  private volatile boolean dropped;

  SocketWriter(Session session, Limits.Budget budget, GatewayMetrics metrics) {
    this.session = session;
    this.budget = budget;
    this.metrics = metrics;
  }

  /** Sends a text frame (its size counted as its characters). */
  void text(String text) {
    long size = text.length();
    if (reserve(size)) session.sendText(text, release(size));
  }

  /** Sends a binary frame. */
  void binary(byte[] bytes) {
    if (reserve(bytes.length)) session.sendBinary(ByteBuffer.wrap(bytes), release(bytes.length));
  }

  /** Whether the socket was dropped for not reading. */
  boolean dropped() {
    return dropped;
  }

  /** Bytes given to the socket and not written yet. */
  long waiting() {
    return budget.waiting();
  }

  private boolean reserve(long size) {
    if (dropped || !session.isOpen()) return false;
    if (budget.take(size)) return true;
    budget.give(size);
    drop();
    return false;
  }

  private Callback release(long size) {
    Runnable written = () -> budget.give(size);
    return Callback.from(written, failure -> written.run());
  }

  private void drop() {
    synchronized (this) {
      if (dropped) return;
      dropped = true;
    }
    metrics.error(GatewayMetrics.WEBSOCKET, ErrorCode.SLOW_CONSUMER.error("dropped"));
    log.info("dropping the WebSocket of {}: {} bytes waited to be written, more than its "
        + "buffer allows (--max-outgoing-buffer-bytes)",
        AuthRequest.address(session.getRemoteSocketAddress()), budget.waiting());
    session.disconnect();
  }
}
