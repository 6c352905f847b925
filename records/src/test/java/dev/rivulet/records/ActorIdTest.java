package dev.rivulet.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Which ids are valid: the name's characters and length, the string form's length in bytes. */
class ActorIdTest {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

  @Test
  void namesAreOneTo64CharactersOfLettersDigitsUnderscoreAndDash() {
    for (char c = 0; c < 0x300; c++) {
      assertValidName("a" + c + "b");
    }
    for (String name : List.of("", "a", "a".repeat(64), "a".repeat(65), "Z9_-", "é", "a b", "a/b",
        "ab\u0660", "ǅ")) {
      assertValidName(name);
    }
  }

  private static void assertValidName(String name) {
    boolean valid = NAME.matcher(name).matches();
    if (valid) {
      assertThat(ActorId.of(name, "k").name()).isEqualTo(name);
    } else {
      assertThatThrownBy(() -> ActorId.of(name, "k")).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("actor name must be 1 to 64 characters of [A-Za-z0-9_-], got \"" + name
              + "\"");
    }
  }

  @Test
  void keysMayBeEmptyOrHaveEmptyPartsAndEveryFormReadsBack() {
    for (List<String> key : List.of(List.<String>of(), List.of(""), List.of("", ""),
        List.of("a", ""), List.of("a/b", "c%d"), List.of("tenant", "room", "7"))) {
      ActorId id = new ActorId("room", key);
      assertThat(ActorId.parse(id.toString())).as(key.toString()).isEqualTo(id);
    }
    assertThat(new ActorId("room", List.of())).hasToString("room");
    assertThat(new ActorId("room", List.of(""))).hasToString("room/");
  }

  @Test
  void theStringFormIsAtMost512BytesOfUtf8() {
    // "n/" and a key: ASCII, two-byte, three-byte and four-byte characters, and escapes
    for (String unit : List.of("k", "é", "€", "😀", "%", "/")) {
      for (int parts = 1; parts <= 3; parts++) {
        for (int length = 0; length < 520; length++) {
          String part = unit.repeat(length / Math.max(1, unit.length()) / parts);
          List<String> key = java.util.Collections.nCopies(parts, part);
          String form = "n/" + String.join("/", key.stream()
              .map(p -> p.replace("%", "%25").replace("/", "%2F")).toList());
          int bytes = form.getBytes(StandardCharsets.UTF_8).length;
          if (bytes <= ActorId.MAX_BYTES) {
            assertThat(new ActorId("n", key)).hasToString(form);
          } else {
            assertThatThrownBy(() -> new ActorId("n", key))
                .hasMessage("actor id is longer than 512 bytes");
          }
        }
      }
    }
  }
}
