package dev.rivulet.gateway;

import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.OutboxRecord;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every endpoint of a gateway shares: its id, the inbox, the waiting requests, the connections. */
final class GatewayCore {
  private static final Logger log = LoggerFactory.getLogger(GatewayCore.class);

  private final String gatewayId;
  private final InboxSender inbox;
  private final PendingReplies pending;
  private final LocalConnections connections;
  private final GatewayMetrics metrics;

  GatewayCore(String gatewayId, InboxSender inbox, PendingReplies pending,
      LocalConnections connections, GatewayMetrics metrics) {
    this.gatewayId = gatewayId;
    this.inbox = inbox;
    this.pending = pending;
    this.connections = connections;
    this.metrics = metrics;
  }

  GatewayMetrics metrics() {
    return metrics;
  }

  String gatewayId() {
    return gatewayId;
  }

  PendingReplies pending() {
    return pending;
  }

  LocalConnections connections() {
    return connections;
  }

  InboxRecord.ReplyTo replyTo(String requestId) {
    return new InboxRecord.ReplyTo(gatewayId, requestId);
  }

  /** Sends a request whose reply is expected under {@code requestId}; a failed send fails it. */
  void send(String requestId, InboxRecord record) {
    send(requestId, record, null);
  }

  /** Sends a request in {@code trace} (null: none; the engine starts one). */
  void send(String requestId, InboxRecord record, RequestTrace trace) {
    inbox.send(record, trace == null ? null : trace.headers()).whenComplete((ok, error) -> {
      if (error != null) pending.fail(requestId, error);
    });
  }

  /** Asks the engine a question about an actor; the answer is the reply's output. */
  CompletableFuture<OutboxRecord.Reply> query(ActorId actor, String what, Long from, Long to,
      Integer limit) {
    String requestId = UUID.randomUUID().toString();
    CompletableFuture<OutboxRecord.Reply> reply = pending.expect(requestId);
    send(requestId, new InboxRecord.Query(actor, replyTo(requestId), what, from, to, limit, null,
        null));
    return reply;
  }

  /** Asks one inbox partition for its actors (of type {@code type}, after {@code after}). */
  CompletableFuture<OutboxRecord.Reply> list(int partition, String type, String after, int limit) {
    String requestId = UUID.randomUUID().toString();
    CompletableFuture<OutboxRecord.Reply> reply = pending.expect(requestId);
    inbox.send(new InboxRecord.Query(LIST, replyTo(requestId), "list", null, null, limit, type,
        after), partition, null).whenComplete((ok, error) -> {
          if (error != null) pending.fail(requestId, error);
        });
    return reply;
  }

  int inboxPartitions() {
    return inbox.partitions();
  }

  /** The actor id list queries carry; the engine answers for its whole partition. */
  private static final ActorId LIST = ActorId.of("_rivulet", "list");

  /** Tells the engine that a connection of this gateway has ended. */
  void disconnect(ClientConnection conn, String reason) {
    inbox.send(new InboxRecord.Disconnect(conn.actor(), gatewayId, conn.connId(), reason),
            conn.trace() == null ? null : conn.trace().headers())
        .whenComplete((ok, error) -> {
          if (error != null) {
            log.warn("could not report the end of connection {} to {}", conn.connId(), conn.actor());
          }
        });
  }

  /** The client-facing error for a failure; unexpected ones are logged and masked. */
  static ErrorInfo errorOf(Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (e instanceof ApiError api) return api.error();
    log.error("unexpected gateway failure", e);
    return ErrorCode.INTERNAL_ERROR.error(ErrorCode.INTERNAL_MESSAGE);
  }
}
