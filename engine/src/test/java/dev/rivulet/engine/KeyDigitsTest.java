package dev.rivulet.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyDigitsTest {
  @Test
  void sixteenDigitsAsTheFormatWouldWriteThem() {
    for (long n : new long[] {0, 1, 9, 10, 99_999, 1_700_000_000_000L, KeyDigits.MAX}) {
      assertThat(KeyDigits.of(n)).hasSize(16).isEqualTo(String.format("%016d", n));
    }
  }

  @Test
  void keysSortAsTheirNumbers() {
    List<String> keys = new ArrayList<>();
    for (long n : new long[] {1_000, 9, 10, 100_000_000_000L, 0}) keys.add(KeyDigits.of(n));
    keys.sort(null);
    assertThat(keys).containsExactly(KeyDigits.of(0), KeyDigits.of(9), KeyDigits.of(10),
        KeyDigits.of(1_000), KeyDigits.of(100_000_000_000L));
  }

  @Test
  void numbersThatDoNotFitAreRefused() {
    assertThatThrownBy(() -> KeyDigits.of(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyDigits.of(KeyDigits.MAX + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
