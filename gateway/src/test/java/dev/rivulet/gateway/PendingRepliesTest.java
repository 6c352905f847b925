package dev.rivulet.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.OutboxRecord;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PendingRepliesTest {
  private static final ActorId ACTOR = ActorId.of("counter", "a");

  private final Timer roundTrips = Timer.builder("t").register(new SimpleMeterRegistry());
  private final PendingReplies pending = new PendingReplies(Duration.ofSeconds(30), roundTrips);

  private static OutboxRecord.Reply reply(String requestId, int output) {
    return new OutboxRecord.Reply(requestId, ACTOR, IntNode.valueOf(output), null);
  }

  @Test
  void theFirstReplyCompletesTheRequest() throws Exception {
    CompletableFuture<OutboxRecord.Reply> future = pending.expect("r1");
    assertThat(pending.size()).isEqualTo(1);
    assertThat(future).isNotDone();

    OutboxRecord.Reply first = reply("r1", 1);
    assertThat(pending.complete(first)).isTrue();

    assertThat(future.get(5, TimeUnit.SECONDS)).isSameAs(first);
    assertThat(pending.size()).isZero();
  }

  @Test
  void aDuplicateReplyIsDroppedAndDoesNotReplaceTheFirst() throws Exception {
    CompletableFuture<OutboxRecord.Reply> future = pending.expect("r1");
    OutboxRecord.Reply first = reply("r1", 1);
    assertThat(pending.complete(first)).isTrue();
    assertThat(pending.complete(reply("r1", 2))).isFalse();
    assertThat(future.get(5, TimeUnit.SECONDS)).isSameAs(first);
  }

  @Test
  void eachAnsweredRequestTimesOneRoundTripFromItsRegistration() {
    long start = System.nanoTime();
    pending.expect("r1");
    pending.complete(reply("r1", 1));
    long outer = System.nanoTime() - start;
    pending.complete(reply("r1", 2)); // a duplicate: no second round trip
    pending.expect("r2");
    pending.fail("r2", new IllegalStateException("not sent")); // never answered: none either
    assertThat(roundTrips.count()).isEqualTo(1);
    assertThat(roundTrips.totalTime(TimeUnit.NANOSECONDS)).isBetween(0.0, (double) outer);
  }

  @Test
  void aReplyNobodyWaitsForIsDropped() {
    pending.expect("r1");
    assertThat(pending.complete(reply("r2", 1))).isFalse();
    assertThat(pending.size()).isEqualTo(1);
  }

  @Test
  void requestsAreCompletedIndependently() throws Exception {
    CompletableFuture<OutboxRecord.Reply> one = pending.expect("r1");
    CompletableFuture<OutboxRecord.Reply> two = pending.expect("r2");
    pending.complete(reply("r2", 2));
    assertThat(two.get(5, TimeUnit.SECONDS).output()).isEqualTo(IntNode.valueOf(2));
    assertThat(one).isNotDone();
    assertThat(pending.size()).isEqualTo(1);
  }

  @Test
  void anErrorReplyCompletesNormally() throws Exception {
    CompletableFuture<OutboxRecord.Reply> future = pending.expect("r1");
    OutboxRecord.Reply error = new OutboxRecord.Reply("r1", ACTOR, null,
        new ErrorInfo("user", "room_full", "full"));
    pending.complete(error);
    assertThat(future.get(5, TimeUnit.SECONDS).ok()).isFalse();
  }

  @Test
  void noReplyInTimeIsActionTimedOut() {
    PendingReplies quick = new PendingReplies(Duration.ofMillis(50), roundTrips);
    CompletableFuture<OutboxRecord.Reply> future = quick.expect("r1");

    assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ApiError.class)
        .cause()
        .hasMessage("actor.action_timed_out: No reply within 50 ms; the request may still be applied")
        .satisfies(e -> {
          ApiError api = (ApiError) e;
          assertThat(api.error()).isEqualTo(ErrorCode.ACTION_TIMED_OUT.error(
              "No reply within 50 ms; the request may still be applied"));
          assertThat(api.status()).isEqualTo(408);
        });
    assertThat(quick.size()).isZero();
    assertThat(quick.complete(reply("r1", 1))).isFalse();
  }

  @Test
  void failPassesARuntimeExceptionThrough() {
    CompletableFuture<OutboxRecord.Reply> future = pending.expect("r1");
    ApiError unavailable = new ApiError(ErrorCode.UNAVAILABLE, "Kafka is not reachable");
    pending.fail("r1", unavailable);

    assertThatThrownBy(future::join).isInstanceOf(CompletionException.class).hasCause(unavailable);
    assertThat(pending.size()).isZero();
  }

  @Test
  void failTurnsACheckedExceptionIntoAnInternalError() {
    CompletableFuture<OutboxRecord.Reply> future = pending.expect("r1");
    pending.fail("r1", new IOException("disk on fire"));

    assertThatThrownBy(future::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.error()).isEqualTo(new ErrorInfo("core", "internal_error",
              "An internal error occurred"));
          assertThat(e.status()).isEqualTo(500);
        })
        .hasMessageNotContaining("disk on fire");
  }

  @Test
  void failOfAnUnknownOrAnsweredRequestDoesNothing() throws Exception {
    CompletableFuture<OutboxRecord.Reply> future = pending.expect("r1");
    pending.fail("r2", new IllegalStateException("x"));
    assertThat(pending.size()).isEqualTo(1);

    OutboxRecord.Reply first = reply("r1", 1);
    pending.complete(first);
    pending.fail("r1", new IllegalStateException("late"));
    assertThat(future.get(5, TimeUnit.SECONDS)).isSameAs(first);
  }
}
