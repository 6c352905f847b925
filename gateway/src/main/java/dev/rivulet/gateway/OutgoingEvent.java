package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.gateway.rivetkit.ClientProtocol.Frame;

/**
 * One event on its way to the connections of an actor at this gateway, encoded at most once per
 * transport and wire ({@link WsWire}) however many connections get it: a broadcast to 1,000
 * WebSockets is one frame, not 1,000 encodings of the same frame.
 *
 * <p>The encodings are made lazily, on whichever thread first needs one (the outbox router, or a
 * catch-up releasing held events); two threads racing may both encode, which is harmless: the
 * results are equal (frames are never changed after they are made).
 */
final class OutgoingEvent {
  private final String name;
  private final JsonNode args;
  private final long eventSeq;
  private final boolean direct;
  private final Frame[] webSocketFrames = new Frame[WsWire.values().length];
  private String sseMessage;

  /** {@code direct}: sent to chosen connections, who get it whether subscribed or not. */
  OutgoingEvent(String name, JsonNode args, long eventSeq, boolean direct) {
    this.name = name;
    this.args = args;
    this.eventSeq = eventSeq;
    this.direct = direct;
  }

  String name() {
    return name;
  }

  JsonNode args() {
    return args;
  }

  long eventSeq() {
    return eventSeq;
  }

  boolean direct() {
    return direct;
  }

  /** The {@code Event} frame for connections speaking {@code wire}. */
  Frame webSocketFrame(WsWire wire) {
    Frame frame = webSocketFrames[wire.ordinal()];
    if (frame == null) webSocketFrames[wire.ordinal()] = frame = wire.event(name, args, eventSeq);
    return frame;
  }

  /** The SSE message: {@code id}, {@code event} and the args as {@code data}. */
  String sseMessage() {
    String message = sseMessage;
    if (message == null) sseMessage = message = SseConnection.message(name, args, eventSeq);
    return message;
  }
}
