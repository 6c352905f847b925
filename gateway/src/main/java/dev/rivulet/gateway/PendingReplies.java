package dev.rivulet.gateway;

import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.OutboxRecord;
import io.micrometer.core.instrument.Timer;
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

  /** A request's future and when it started waiting ({@link System#nanoTime()}). */
  private record Waiting(CompletableFuture<OutboxRecord.Reply> reply, long since) {}

  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
  private final Duration timeout;
  private final Timer roundTrips;

  /**
   * Replies are waited for {@code timeout}; {@code roundTrips} times each from its request's
   * registration (just before the inbox send) to the reply's arrival.
   */
  PendingReplies(Duration timeout, Timer roundTrips) {
    this.timeout = timeout;
    this.roundTrips = roundTrips;
  }

  /**
   * Registers {@code requestId}; the future completes with its reply, or exceptionally with
   * {@code actor.action_timed_out}.
   */
  CompletableFuture<OutboxRecord.Reply> expect(String requestId) {
    CompletableFuture<OutboxRecord.Reply> reply = new CompletableFuture<>();
    waiting.put(requestId, new Waiting(reply, System.nanoTime()));
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
    Waiting w = waiting.remove(reply.requestId());
    if (w == null) return false;
    roundTrips.record(System.nanoTime() - w.since(), TimeUnit.NANOSECONDS);
    return w.reply().complete(reply);
  }

  /** Fails a request that could not be sent. */
  void fail(String requestId, Throwable error) {
    Waiting w = waiting.remove(requestId);
    if (w != null) w.reply().completeExceptionally(error);
  }

  int size() {
    return waiting.size();
  }
}
