package dev.rivulet.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.InboxRecord.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Actor address and request options from a route's path and query, and their error codes. */
class ActorPathsTest {
  @Test
  void theKeyIsOneSegment() {
    ActorId id = ActorPaths.actorId("counter", "my key/with slash");
    assertThat(id.name()).isEqualTo("counter");
    assertThat(id.key()).containsExactly("my key/with slash");
    assertThat(id).hasToString("counter/my key%2Fwith slash");
  }

  @Test
  void aBadNameIsAnInvalidKeyError() {
    assertApiError(() -> ActorPaths.actorId("bad name", "k"), ErrorCode.INVALID_KEY,
        "actor name must be 1 to 64 characters of [A-Za-z0-9_-], got \"bad name\"", 400);
    assertApiError(() -> ActorPaths.actorId("", "k"), ErrorCode.INVALID_KEY,
        "actor name must be 1 to 64 characters of [A-Za-z0-9_-], got \"\"", 400);
  }

  @Test
  void anOverlongIdIsAnInvalidKeyError() {
    ActorPaths.actorId("counter", "k".repeat(512 - "counter/".length()));
    assertApiError(() -> ActorPaths.actorId("counter", "k".repeat(512 - "counter/".length() + 1)),
        ErrorCode.INVALID_KEY, "actor id is longer than 512 bytes", 400);
    // bytes, not characters: 2 bytes each in UTF-8
    assertApiError(() -> ActorPaths.actorId("counter", "é".repeat(253)),
        ErrorCode.INVALID_KEY, "actor id is longer than 512 bytes", 400);
  }

  @Test
  void modeDefaultsToTheFallbackAndNamesTheThreeModes() {
    assertThat(ActorPaths.mode(null, Mode.GET_OR_CREATE)).isEqualTo(Mode.GET_OR_CREATE);
    assertThat(ActorPaths.mode("", Mode.GET)).isEqualTo(Mode.GET);
    assertThat(ActorPaths.mode("get", Mode.CREATE)).isEqualTo(Mode.GET);
    assertThat(ActorPaths.mode("getOrCreate", Mode.GET)).isEqualTo(Mode.GET_OR_CREATE);
    assertThat(ActorPaths.mode("create", Mode.GET)).isEqualTo(Mode.CREATE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "getorcreate", "get_or_create", " get", "destroy"})
  void anyOtherModeIsAnInvalidRequest(String mode) {
    assertApiError(() -> ActorPaths.mode(mode, Mode.GET), ErrorCode.INVALID_REQUEST,
        "mode must be get, getOrCreate or create, got \"" + mode + "\"", 400);
  }

  @Test
  void jsonParamsAreParsedExactlyAndAbsentOnesAreNull() {
    assertThat(ActorPaths.jsonParam("input", null)).isNull();
    assertThat(ActorPaths.jsonParam("input", "")).isNull();
    assertThat(ActorPaths.jsonParam("input", "{\"owner\":\"ann\",\"n\":[1,12.50]}"))
        .hasToString("{\"owner\":\"ann\",\"n\":[1,12.50]}");
    JsonNode nul = ActorPaths.jsonParam("params", "null");
    assertThat(nul).isNotNull();
    assertThat(nul.isNull()).isTrue();
    assertThat(ActorPaths.jsonParam("input", "\"text\"").asText()).isEqualTo("text");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nope", "{", "{} x", "{'a':1}", "[1,]"})
  void invalidJsonInAParamIsAnInvalidJsonErrorNamingTheParam(String value) {
    assertApiError(() -> ActorPaths.jsonParam("params", value), ErrorCode.INVALID_JSON,
        "query parameter params is not valid JSON", 400);
  }

  private static void assertApiError(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code, String message,
      int status) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.error()).isEqualTo(code.error(message));
          assertThat(e.status()).isEqualTo(status);
        });
  }
}
