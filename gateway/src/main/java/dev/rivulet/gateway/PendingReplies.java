package dev.rivulet.gateway;

import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.OutboxRecord;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests waiting for their reply, by request id. The first reply for an id completes it; a
 * second one (left by a transaction that was aborted and retried) finds nothing and is dropped.
 */
final class PendingReplies {
  private static final Logger log = LoggerFactory.getLogger(PendingReplies.class);

  private final Map<String, CompletableFuture<OutboxRecord.Reply>> waiting =
      new ConcurrentHashMap<>();
  private final Duration timeout;

  PendingReplies(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * Registers {@code requestId}; the future completes with its reply, or exceptionally with
   * {@code actor.action_timed_out}.
   */
  CompletableFuture<OutboxRecord.Reply> expect(String requestId) {
    CompletableFuture<OutboxRecord.Reply> reply = new CompletableFuture<>();
    waiting.put(requestId, reply);
    return reply
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((r, error) -> {
          waiting.remove(requestId);
          if (error instanceof TimeoutException) {
            log.warn("no reply to request {} within {} ms", requestId, timeout.toMillis());
            throw new ApiError(ErrorCode.ACTION_TIMED_OUT, "No reply within "
                + timeout.toMillis() + " ms; the request may still be applied");
          }
          if (error != null) throw error instanceof RuntimeException re ? re : new ApiError(
              ErrorCode.INTERNAL_ERROR, ErrorCode.INTERNAL_MESSAGE);
          return r;
        });
  }

  /** Completes the request the reply answers; returns whether one was waiting. */
  boolean complete(OutboxRecord.Reply reply) {
    CompletableFuture<OutboxRecord.Reply> f = waiting.remove(reply.requestId());
    return f != null && f.complete(reply);
  }

  /** Fails a request that could not be sent. */
  void fail(String requestId, Throwable error) {
    CompletableFuture<OutboxRecord.Reply> f = waiting.remove(requestId);
    if (f != null) f.completeExceptionally(error);
  }

  int size() {
    return waiting.size();
  }
}
