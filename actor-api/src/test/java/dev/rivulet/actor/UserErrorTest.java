package dev.rivulet.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserErrorTest {
  @ParameterizedTest
  @ValueSource(strings = {"room_full", "a", "v2.limit-reached", "0", "_.-"})
  void acceptsCodesOfLowercaseLettersDigitsAndUnderscoreDotDash(String code) {
    UserError e = new UserError(code, "msg");
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.getMessage()).isEqualTo("msg");
    assertThat(e.metadata()).isEmpty();
  }

  @Test
  void acceptsACodeOfExactly64Characters() {
    assertThat(new UserError("x".repeat(64), "m").code()).hasSize(64);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Room_full", "room full", "room/full", "élan", "room:full"})
  void rejectsCodesOutsideThePattern(String code) {
    assertThatThrownBy(() -> new UserError(code, "msg"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("UserError code must be 1 to 64 characters of [a-z0-9_.-], got: " + code);
  }

  @Test
  void rejectsACodeOf65CharactersAndANullCode() {
    assertThatThrownBy(() -> new UserError("x".repeat(65), "msg"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("UserError code must be 1 to 64 characters of [a-z0-9_.-], got: " + "x".repeat(65));
    assertThatThrownBy(() -> new UserError(null, "msg"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("UserError code must be 1 to 64 characters of [a-z0-9_.-], got: null");
  }

  @Test
  void messageAndMetadataMustNotBeNull() {
    assertThatThrownBy(() -> new UserError("c", null))
        .isInstanceOf(NullPointerException.class).hasMessage("message");
    assertThatThrownBy(() -> new UserError("c", "m", null))
        .isInstanceOf(NullPointerException.class).hasMessage("metadata");
  }

  @Test
  void metadataIsAnImmutableCopy() {
    Map<String, Object> source = new HashMap<>();
    source.put("max", 8);
    source.put("players", List.of("ann"));
    UserError e = new UserError("room_full", "full", source);
    source.put("later", true);

    assertThat(e.metadata()).containsOnly(Map.entry("max", 8), Map.entry("players", List.of("ann")));
    assertThatThrownBy(() -> e.metadata().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void isARuntimeExceptionSoActionsNeedNotDeclareIt() {
    assertThat(new UserError("c", "m")).isInstanceOf(RuntimeException.class).hasNoCause();
  }
}
