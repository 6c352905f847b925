package dev.rivulet.client;

import java.net.http.WebSocket;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket of an {@link ActorConnection} (each reconnection opens a new one), and its
 * listener: sends go out one after the other, messages come in whole, and the socket's end (a
 * close, an error, a failed send) is told to its connection, which alone decides what follows.
 * The fields the connection reads and writes under its lock are marked.
 */
final class ConnectionSocket implements WebSocket.Listener {
  /** What a socket tells its connection. */
  interface Owner {
    /** A whole text message arrived on {@code s}. */
    void received(ConnectionSocket s, String text);

    /** {@code s} ended: closed by the server ({@code code}, {@code reason}) or {@code failure}. */
    void lost(ConnectionSocket s, int code, String reason, Throwable failure);
  }

  private final Owner owner;
  private final Executor executor;
  final Set<String> urlEvents;
  private final StringBuilder partial = new StringBuilder();
  volatile WebSocket ws;
  volatile boolean aborted;
  private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
  // Guarded by the connection's lock:
  boolean initialized;
  ActorError serverError;

  ConnectionSocket(Set<String> urlEvents, Owner owner, Executor executor) {
    this.urlEvents = urlEvents;
    this.owner = owner;
    this.executor = executor;
  }

  /** Sends {@code text} after what was sent before (a WebSocket takes one send at a time). */
  void send(String text) {
    CompletableFuture<?> sent;
    synchronized (this) {
      WebSocket w = ws;
      sending = sent = sending.handle((r, e) -> null).thenCompose(v -> w.sendText(text, true));
    }
    sent.whenCompleteAsync((r, e) -> {
      if (e != null) owner.lost(this, -1, null, ActorConnection.unwrap(e));
    }, executor);
  }

  /** Closes with 1000 after what was sent; drops the socket if the server does not answer. */
  void close() {
    WebSocket w = ws;
    if (w == null || w.isOutputClosed()) {
      abort();
      return;
    }
    CompletableFuture<?> bye;
    synchronized (this) {
      sending = bye = sending.handle((r, e) -> null)
          .thenCompose(v -> w.sendClose(WebSocket.NORMAL_CLOSURE, "Disposed"));
    }
    try {
      bye.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      abort();
      return;
    }
    CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS, executor).execute(() -> {
      if (!w.isInputClosed()) w.abort();
    });
  }

  void abort() {
    aborted = true;
    WebSocket w = ws;
    if (w != null) w.abort();
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    ws = webSocket;
    if (aborted) webSocket.abort();
    else webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      owner.received(this, text);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
    owner.lost(this, code, reason, null);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    owner.lost(this, -1, null, error);
  }
}
