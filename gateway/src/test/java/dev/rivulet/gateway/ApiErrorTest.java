package dev.rivulet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every error the gateway answers with gets its HTTP status in one place. */
class ApiErrorTest {
  @Test
  void apiErrorsMapEveryCodeToItsStatus() {
    List<Object[]> expected = List.of(
        new Object[] {ErrorCode.ACTOR_NOT_FOUND, 404}, new Object[] {ErrorCode.ACTOR_TYPE_NOT_FOUND, 404},
        new Object[] {ErrorCode.ACTOR_DUPLICATE_KEY, 409}, new Object[] {ErrorCode.ACTION_NOT_FOUND, 404},
        new Object[] {ErrorCode.INVALID_ARGUMENTS, 400}, new Object[] {ErrorCode.READ_ONLY_VIOLATION, 500},
        new Object[] {ErrorCode.STATE_TOO_LARGE, 500}, new Object[] {ErrorCode.OUTGOING_TOO_LONG, 400},
        new Object[] {ErrorCode.ACTION_TIMED_OUT, 408}, new Object[] {ErrorCode.INVALID_REQUEST, 400},
        new Object[] {ErrorCode.INVALID_KEY, 400}, new Object[] {ErrorCode.INVALID_JSON, 400},
        new Object[] {ErrorCode.INVALID_BODY, 400}, new Object[] {ErrorCode.INCOMING_TOO_LONG, 413},
        new Object[] {ErrorCode.ROUTE_NOT_FOUND, 404}, new Object[] {ErrorCode.METHOD_NOT_ALLOWED, 405},
        new Object[] {ErrorCode.ORIGIN_NOT_ALLOWED, 403},
        new Object[] {ErrorCode.IDEMPOTENCY_KEY_REUSED, 422},
        new Object[] {ErrorCode.QUERY_INVALID_PARAMS, 400},
        new Object[] {ErrorCode.QUERY_DUPLICATE_PARAM, 400},
        new Object[] {ErrorCode.QUERY_INVALID_INPUT, 400},
        new Object[] {ErrorCode.UNSUPPORTED_ENCODING, 400},
        new Object[] {ErrorCode.UNAUTHENTICATED, 401}, new Object[] {ErrorCode.FORBIDDEN, 403},
        new Object[] {ErrorCode.TOO_MANY_CONNECTIONS, 429},
        new Object[] {ErrorCode.RATE_LIMITED, 429}, new Object[] {ErrorCode.SLOW_CONSUMER, 503},
        new Object[] {ErrorCode.UNAVAILABLE, 503}, new Object[] {ErrorCode.INTERNAL_ERROR, 500});
    assertThat(expected).hasSize(ErrorCode.values().length);
    for (Object[] row : expected) {
      ApiError e = new ApiError((ErrorCode) row[0], "m");
      assertThat(e.status()).as("%s", row[0]).isEqualTo(row[1]);
    }
  }

  @Test
  void userErrorsAre400AndUnknownErrorsAre500() {
    assertThat(new ApiError(new ErrorInfo("user", "room_full", "full")).status()).isEqualTo(400);
    assertThat(new ApiError(new ErrorInfo("user", "not_found", "x")).status()).isEqualTo(400);
    assertThat(new ApiError(new ErrorInfo("actor", "bogus", "x")).status()).isEqualTo(500);
    assertThat(new ApiError(new ErrorInfo("request", "not_found", "x")).status()).isEqualTo(500);
  }

  @Test
  void anApiErrorsMessageIsItsQualifiedCodeAndMessage() {
    ApiError e = new ApiError(ErrorCode.ACTOR_NOT_FOUND, "No actor counter/a");
    assertThat(e).hasMessage("actor.not_found: No actor counter/a");
    assertThat(e.error()).isEqualTo(new ErrorInfo("actor", "not_found", "No actor counter/a"));
    assertThat(e.getStackTrace()).isEmpty();
  }
}
