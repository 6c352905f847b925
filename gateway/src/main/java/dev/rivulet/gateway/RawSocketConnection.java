package dev.rivulet.gateway;

import dev.rivulet.gateway.rivetkit.ClientProtocol.Frame;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.OutboxRecord;
import io.javalin.websocket.WsContext;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * One raw WebSocket to an actor ({@code .../websocket/*}, for its {@code onWebSocket*} hooks):
 * connecting until the engine accepted it, then open until either side closes it. Its messages
 * are the application's own, in both directions: the client's go to the actor as {@code
 * socketMessage} inbox records, in order (those sent before the accept wait here); the actor's
 * come back as {@code socketFrame} outbox records, each delivered once (a duplicate left by a
 * retried transaction, at or below the last {@code (seq, index)} sent, is dropped).
 */
final class RawSocketConnection implements ClientConnection {
  enum Status { CONNECTING, OPEN, CLOSED }

  static final String TRANSPORT = "raw-websocket";

  private final String connId;
  private final ActorId actor;
  private final WsContext ctx;
  private final RequestTrace trace;
  private final Queue<Frame> early = new ArrayDeque<>();
  private Status status = Status.CONNECTING;
  private long lastSeq = -1;
  private int lastIndex = -1;
  private boolean refused;
  private final SocketWriter writer;
  private final Limits.Rate rate;

  RawSocketConnection(String connId, ActorId actor, WsContext ctx, RequestTrace trace,
      SocketWriter writer, Limits.Rate rate) {
    this.connId = connId;
    this.actor = actor;
    this.ctx = ctx;
    this.trace = trace;
    this.writer = writer;
    this.rate = rate;
  }

  /** Whether one more message from the client is within its rate ({@link Limits.Rate}). */
  boolean admit() {
    return rate.admit();
  }

  /** Marks the socket refused (it is closing); true the first time only. */
  synchronized boolean refuse() {
    if (refused) return false;
    refused = true;
    return true;
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
    return TRANSPORT;
  }

  @Override
  public RequestTrace trace() {
    return trace;
  }

  /**
   * A message from the client, handled in order: at once when open, after the accept when
   * connecting, dropped when closed. Returns false when too many came before the accept.
   */
  synchronized boolean receive(Frame frame, Consumer<Frame> handler) {
    if (refused) return true; // closing: the rest is not read
    switch (status) {
      case OPEN -> handler.accept(frame);
      case CONNECTING -> {
        if (early.size() >= WsConnection.MAX_EARLY_MESSAGES) return false;
        early.add(frame);
      }
      case CLOSED -> { }
    }
    return true;
  }

  /** The engine accepted the socket: what the client sent meanwhile goes first, in order. */
  synchronized boolean open(Consumer<Frame> handler) {
    if (status != Status.CONNECTING) return false;
    status = Status.OPEN;
    for (Frame frame; (frame = early.poll()) != null; ) handler.accept(frame);
    return true;
  }

  /** Marks the socket closed; returns the status it had. */
  synchronized Status markClosed() {
    Status previous = status;
    status = Status.CLOSED;
    return previous;
  }

  /** Raw sockets hear no events: only what the actor sends on them. */
  @Override
  public void deliver(OutgoingEvent event) {}

  @Override
  public synchronized void frame(OutboxRecord.SocketFrame frame) {
    if (status == Status.CLOSED || !ctx.session.isOpen()) return;
    if (frame.seq() < lastSeq || (frame.seq() == lastSeq && frame.index() <= lastIndex)) return;
    lastSeq = frame.seq();
    lastIndex = frame.index();
    if (frame.text() != null) writer.text(frame.text());
    else writer.binary(Base64.getDecoder().decode(frame.binary()));
  }

  @Override
  public void closeByServer(String reason) {
    closeByServer(reason, null);
  }

  @Override
  public void closeByServer(String reason, Integer code) {
    if (ctx.session.isOpen()) {
      ctx.closeSession(code == null ? 1000 : code, WsConnection.closeReason(reason));
    }
  }
}
