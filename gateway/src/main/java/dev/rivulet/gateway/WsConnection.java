package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.gateway.rivetkit.ClientProtocol.Frame;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorInfo;
import io.javalin.websocket.WsContext;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * One client WebSocket to one actor: connecting until the engine accepted the connection, then
 * open until either side closes it. Holds the client's event subscriptions, the messages it sent
 * before the connection was accepted, and the {@link WsWire} its frames are written in.
 */
final class WsConnection implements ClientConnection {
  enum Status { CONNECTING, OPEN, CLOSED }

  /** How many messages a client may send before its connection is accepted. */
  static final int MAX_EARLY_MESSAGES = 128;

  private final String connId;
  private final ActorId actor;
  private final WsContext ctx;
  private final RequestTrace trace;
  private final WsWire wire;
  private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
  private final Queue<Frame> early = new ArrayDeque<>();
  private Status status = Status.CONNECTING;
  private volatile Long resumeAfter;
  private boolean failed;
  private final SocketWriter writer;
  private final Limits.Rate rate;

  WsConnection(String connId, ActorId actor, WsContext ctx, RequestTrace trace, WsWire wire,
      SocketWriter writer, Limits.Rate rate) {
    this.connId = connId;
    this.actor = actor;
    this.ctx = ctx;
    this.trace = trace;
    this.wire = wire;
    this.writer = writer;
    this.rate = rate;
  }

  /** Whether one more message from the client is within its rate ({@link Limits.Rate}). */
  boolean admit() {
    return rate.admit();
  }

  /** How this connection's frames are written and read. */
  WsWire wire() {
    return wire;
  }

  @Override
  public String connId() {
    return connId;
  }

  @Override
  public ActorId actor() {
    return actor;
  }

  @Override
  public String transport() {
    return GatewayMetrics.WEBSOCKET;
  }

  @Override
  public RequestTrace trace() {
    return trace;
  }

  /**
   * Handles a message from the client in order: at once when the connection is open, after the
   * messages before it once it opens, or not at all when it is closed. Returns false when too
   * many messages arrived before the connection opened.
   */
  synchronized boolean receive(Frame frame, Consumer<Frame> handler) {
    switch (status) {
      case OPEN -> handler.accept(frame);
      case CONNECTING -> {
        if (early.size() >= MAX_EARLY_MESSAGES) return false;
        early.add(frame);
      }
      case CLOSED -> { }
    }
    return true;
  }

  /**
   * Opens the connection: sends {@code init} first, then handles what the client sent early, all
   * before any later message. Returns false when the connection was closed meanwhile.
   */
  synchronized boolean open(Frame init, Consumer<Frame> handler) {
    if (status != Status.CONNECTING) return false;
    status = Status.OPEN;
    send(init);
    for (Frame frame; (frame = early.poll()) != null; ) handler.accept(frame);
    return true;
  }

  /** Marks the connection closed; returns the status it had. */
  synchronized Status markClosed() {
    Status previous = status;
    status = Status.CLOSED;
    return previous;
  }

  /** The client reconnects having seen events up to {@code eventSeq}. */
  void resumeAfter(long eventSeq) {
    this.resumeAfter = eventSeq;
  }

  Long resumeAfter() {
    return resumeAfter;
  }

  void subscribe(String event, boolean on) {
    if (on) subscriptions.add(event);
    else subscriptions.remove(event);
  }

  final EventGate gate = new EventGate();

  @Override
  public void deliver(OutgoingEvent event) {
    if (event.direct() || subscriptions.contains(event.name())) {
      gate.admit(event.eventSeq(), () -> send(event.webSocketFrame(wire)));
    }
  }

  /** A missed broadcast, sent if the client subscribes to it. */
  EventGate.Held missed(String event, JsonNode args, long eventSeq) {
    return new EventGate.Held(eventSeq, () -> {
      if (subscriptions.contains(event)) send(wire.event(event, args, eventSeq));
    });
  }

  /** Sends a frame, within the connection's budget of unwritten bytes ({@link SocketWriter}). */
  synchronized void send(Frame frame) {
    if (status == Status.CLOSED || !ctx.session.isOpen()) return;
    if (frame.isText()) writer.text(frame.text());
    else writer.binary(frame.bytes());
  }

  @Override
  public void closeByServer(String reason) {
    if (ctx.session.isOpen()) ctx.closeSession(1000, closeReason(reason));
  }

  /** Whether a message is over {@code maxBytes}; text is counted exactly only when it may be. */
  static boolean tooLarge(Frame frame, int maxBytes) {
    if (!frame.isText()) return frame.bytes().length > maxBytes;
    String text = frame.text();
    return text.length() > maxBytes / 3 && utf8Length(text) > maxBytes;
  }

  private static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else bytes += 3;
    }
    return bytes;
  }

  /** WebSocket close reasons are at most 123 bytes. */
  static String closeReason(String reason) {
    String r = reason == null ? "" : reason;
    while (r.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
      r = r.substring(0, r.length() - 1);
    }
    return r;
  }

  /**
   * Sends an error frame for the connection and closes it with reason {@code group.code}; once:
   * what the client sends meanwhile is ignored ({@link #failed()}).
   */
  void fail(ErrorInfo error) {
    if (markFailed()) sendThenClose(ctx, wire.error(error, null), error.qualifiedCode());
  }

  /**
   * Closes a connection that did not open, at once and without an {@code Error} frame, with
   * {@code reason}: a client that retries on that reason must see one close only, not an error
   * first and a close after it while its next attempt is under way.
   */
  void failAtOnce(String reason) {
    if (markFailed() && ctx.session.isOpen()) ctx.closeSession(1011, closeReason(reason));
  }

  /** Marks the connection failed; false when it already was, or is closed. */
  private synchronized boolean markFailed() {
    if (status == Status.CLOSED || failed) return false;
    failed = true;
    return true;
  }

  /** Whether the connection failed and is closing. */
  synchronized boolean failed() {
    return failed;
  }

  /**
   * How long a socket stays open after its last frame before the server closes it. RivetKit's
   * client reads a frame asynchronously and a close synchronously: closed at once, the client
   * fails its calls with the close's bare {@code group.code} before it has read the {@code Error}
   * frame that says more (the message, the metadata).
   */
  static final long CLOSE_GRACE_MILLIS = 250;

  private static final ScheduledExecutorService CLOSER =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rivulet-ws-close");
        t.setDaemon(true);
        return t;
      });

  /** Sends {@code frame}, then closes the socket with 1011 and {@code reason} a moment later. */
  static void sendThenClose(WsContext ctx, Frame frame, String reason) {
    Runnable close = () -> CLOSER.schedule(() -> {
      if (ctx.session.isOpen()) ctx.closeSession(1011, closeReason(reason));
    }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    if (!ctx.session.isOpen()) return;
    Callback then = Callback.from(close, failure -> close.run());
    if (frame.isText()) ctx.session.sendText(frame.text(), then);
    else ctx.session.sendBinary(ByteBuffer.wrap(frame.bytes()), then);
  }
}
