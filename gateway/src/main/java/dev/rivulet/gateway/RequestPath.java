package dev.rivulet.gateway;

import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.LogContext;
import dev.rivulet.records.OutboxRecord;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one way to the engine and back, used by every route and transport. A request is
 * an inbox record carrying this gateway's id and a fresh request id ({@link InboxRecord.ReplyTo});
 * the engine's reply comes back on this gateway's outbox partition, where {@link OutboxRouter}
 * hands it to {@link PendingReplies}. The rules of that round trip live here only:
 *
 * <ol>
 *   <li>the reply is expected before the record is sent: a fast reply must find its request
 *       already waiting;
 *   <li>a record that cannot be written to Kafka fails its request ({@code gateway.unavailable});
 *   <li>a reply that does not come within the action timeout fails it ({@code
 *       actor.action_timed_out});
 *   <li>a client's request is timed from its arrival to its reply ({@link GatewayMetrics#replied})
 *       and its request id is in the logging context;
 *   <li>a connection whose opening got no answer (the two failures above) is ended at the engine
 *       as well: its {@code Connect} may still be applied later (a timed-out record can have
 *       been written; an engine that was away applies it when it is back), and the {@code
 *       Disconnect} sent after it, to the same partition, ends the connection no socket holds.
 * </ol>
 */
final class RequestPath {
  private static final Logger log = LoggerFactory.getLogger(RequestPath.class);

  private final String gatewayId;
  private final InboxSender inbox;
  private final PendingReplies pending;
  private final GatewayMetrics metrics;

  RequestPath(String gatewayId, InboxSender inbox, PendingReplies pending, GatewayMetrics metrics) {
    this.gatewayId = gatewayId;
    this.inbox = inbox;
    this.pending = pending;
    this.metrics = metrics;
  }

  String gatewayId() {
    return gatewayId;
  }

  /** The number of partitions of the inbox (each answers list queries for its own actors). */
  int inboxPartitions() {
    return inbox.partitions();
  }

  /**
   * A client's request over {@code transport}, in {@code trace}: the record {@code request} makes
   * for its reply address is sent, and the reply (or the failure) completes the future. Timed in
   * the gateway's metrics from the trace's start.
   */
  CompletableFuture<OutboxRecord.Reply> ask(Function<InboxRecord.ReplyTo, InboxRecord> request,
      RequestTrace trace, String transport) {
    String requestId = UUID.randomUUID().toString();
    LogContext.requestId(requestId);
    InboxRecord record = request.apply(new InboxRecord.ReplyTo(gatewayId, requestId));
    CompletableFuture<OutboxRecord.Reply> reply = pending.expect(requestId);
    long start = trace.startNanos();
    reply.whenComplete((r, error) -> metrics.replied(record.actor().name(),
        record.kind().wireName(), record.actionName(), transport, r, error,
        System.nanoTime() - start));
    if (record instanceof InboxRecord.Connect connect) {
      reply.whenComplete((r, error) -> {
        if (error != null) {
          unanswered(connect, ApiError.clientErrorQuietly(error).qualifiedCode(), trace);
        }
      });
    }
    send(requestId, record, null, trace);
    return reply;
  }

  /** Ends at the engine a connection whose opening got no answer ({@code reason}: why). */
  private void unanswered(InboxRecord.Connect connect, String reason, RequestTrace trace) {
    tell(new InboxRecord.Disconnect(connect.actor(), gatewayId, connect.connId(),
            "the connection did not open: " + reason), trace,
        "the end of connection " + connect.connId() + ", which did not open");
  }

  /**
   * The gateway's own question to the engine (history, state, fork), not timed as a client's
   * request; {@code trace} may be null (the engine then starts one).
   */
  CompletableFuture<OutboxRecord.Reply> askOwn(
      Function<InboxRecord.ReplyTo, InboxRecord> request, RequestTrace trace) {
    return askOwn(request, null, trace);
  }

  /** The gateway's own question, to inbox partition {@code partition} rather than the actor's. */
  CompletableFuture<OutboxRecord.Reply> askOwn(
      Function<InboxRecord.ReplyTo, InboxRecord> request, Integer partition, RequestTrace trace) {
    String requestId = UUID.randomUUID().toString();
    InboxRecord record = request.apply(new InboxRecord.ReplyTo(gatewayId, requestId));
    CompletableFuture<OutboxRecord.Reply> reply = pending.expect(requestId);
    send(requestId, record, partition, trace);
    return reply;
  }

  /** Tells the engine that a connection of this gateway has ended; nobody waits for a reply. */
  void disconnected(ClientConnection conn, String reason) {
    disconnected(conn, reason, null);
  }

  /** The same, with the WebSocket close code (a raw socket's hooks get it), or null. */
  void disconnected(ClientConnection conn, String reason, Integer code) {
    tell(new InboxRecord.Disconnect(conn.actor(), gatewayId, conn.connId(), reason, code),
        conn.trace(), "the end of connection " + conn.connId());
  }

  /**
   * Sends a record nobody waits a reply for (a raw socket's message, a disconnect). Records sent
   * one after another from one thread reach the actor's inbox in that order.
   */
  void tell(InboxRecord record, RequestTrace trace, String what) {
    inbox.send(record, trace == null ? null : trace.headers()).whenComplete((ok, error) -> {
      if (error != null) log.warn("could not send {} to {}", what, record.actor());
    });
  }

  private void send(String requestId, InboxRecord record, Integer partition, RequestTrace trace) {
    inbox.send(record, partition, trace == null ? null : trace.headers())
        .whenComplete((ok, error) -> {
          if (error != null) pending.fail(requestId, error);
        });
  }
}
