package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.records.ActorId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Server-Sent Events stream of an actor's events. Writes are queued and done in order on a
 * shared executor, so a slow client never holds up the outbox reader; a failed write (the client
 * left) closes the stream.
 */
final class SseConnection implements ClientConnection {
  private final String connId;
  private final ActorId actor;
  private final OutputStream out;
  private final Executor executor;
  private final RequestTrace trace;
  private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Limits.Budget budget;
  private final Runnable abort;

  /**
   * @param budget the bytes that may wait to be written
   * @param abort drops the client's connection (a writer may be blocked on it) when more than the
   *     budget waits
   */
  SseConnection(String connId, ActorId actor, OutputStream out, Executor executor,
      RequestTrace trace, Limits.Budget budget, Runnable abort) {
    this.connId = connId;
    this.actor = actor;
    this.out = out;
    this.executor = executor;
    this.trace = trace;
    this.budget = budget;
    this.abort = abort;
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
    return GatewayMetrics.SSE;
  }

  @Override
  public RequestTrace trace() {
    return trace;
  }

  /** Completes when the stream has ended. */
  CompletableFuture<Void> done() {
    return done;
  }

  final EventGate gate = new EventGate();

  @Override
  public void deliver(OutgoingEvent event) {
    gate.admit(event.eventSeq(), () -> write(event.sseMessage()));
  }

  void send(String event, JsonNode args, long eventSeq) {
    write(message(event, args, eventSeq));
  }

  /** An event as an SSE message: its sequence number as {@code id}, its args as {@code data}. */
  static String message(String event, JsonNode args, long eventSeq) {
    return "id: " + eventSeq + "\nevent: " + oneLine(event) + "\ndata: " + args + "\n\n";
  }

  void event(String event, String data) {
    write("event: " + event + "\ndata: " + data + "\n\n");
  }

  @Override
  public void closeByServer(String reason) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("reason", reason);
    event("rivulet.disconnected", data.toString());
    write(null); // closes after what is queued
  }

  void heartbeat() {
    write(": ping\n\n");
  }

  private static final byte[] END = new byte[0];

  /**
   * Queues text to write; null queues the end of the stream. A client that lets more than its
   * budget wait is dropped.
   */
  private void write(String text) {
    if (closed.get()) return;
    byte[] bytes = text == null ? END : text.getBytes(StandardCharsets.UTF_8);
    if (!budget.take(bytes.length)) {
      budget.give(bytes.length);
      if (close()) abort.run();
      return;
    }
    queue.add(bytes);
    if (draining.compareAndSet(false, true)) executor.execute(this::drain);
  }

  private void drain() {
    try {
      for (byte[] chunk; (chunk = queue.poll()) != null; ) {
        if (chunk == END) {
          out.flush();
          close();
          return;
        }
        try {
          out.write(chunk);
        } finally {
          budget.give(chunk.length);
        }
      }
      out.flush();
    } catch (IOException | RuntimeException e) {
      close();
    } finally {
      draining.set(false);
      if (!queue.isEmpty() && !closed.get() && draining.compareAndSet(false, true)) {
        executor.execute(this::drain);
      }
    }
  }

  /** Ends the stream; true when this call ended it. */
  boolean close() {
    if (!closed.compareAndSet(false, true)) return false;
    queue.clear();
    done.complete(null);
    return true;
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ');
  }
}
