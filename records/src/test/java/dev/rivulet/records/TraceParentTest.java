package dev.rivulet.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {
  private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void aValidHeaderKeepsItsParts() {
    TraceParent t = TraceParent.parse(VALID);
    assertThat(t).isNotNull();
    assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(t.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(t.sampled()).isTrue();
    assertThat(t.header()).isEqualTo(VALID);
    assertThat(TraceParent.parse(VALID.substring(0, 53) + "00").sampled()).isFalse();
  }

  @Test
  void kafkaHeaderBytesParseLikeTheString() {
    TraceParent t = TraceParent.parse(VALID.getBytes(StandardCharsets.US_ASCII));
    assertThat(t).isEqualTo(TraceParent.parse(VALID));
    assertThat(new String(t.headerBytes(), StandardCharsets.US_ASCII)).isEqualTo(VALID);
    assertThat(TraceParent.parse((byte[]) null)).isNull();
    assertThat(TraceParent.parse(new byte[3])).isNull();
    assertThat(TraceParent.parse(VALID.replace('4', 'é').getBytes(StandardCharsets.UTF_8))).isNull();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
      "garbage",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0", // too short
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-", // version 00 has exactly 55
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ", // no trailing space either
      " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper-case hex
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0G",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // all-zero trace id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // all-zero parent id
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff is invalid
      "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // wrong delimiters
      "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7_01",
      "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01", // misplaced dash
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x", // later version: dash after 55
  })
  void invalidHeadersAreIgnored(String value) {
    assertThat(TraceParent.parse(value)).isNull();
  }

  @Test
  void aLaterVersionIsReadAsFarAsVersion00GoesAndPassedOnAsVersion00() {
    TraceParent t = TraceParent.parse(
        "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds");
    assertThat(t).isNotNull();
    assertThat(t.header()).isEqualTo(VALID);
    assertThat(TraceParent.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        .isEqualTo(t);
  }

  @Test
  void unknownFlagsAreNotPassedOn() {
    TraceParent t = TraceParent.parse(VALID.substring(0, 53) + "ff");
    assertThat(t.header()).endsWith("-03");
    assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void aNewTraceIsValidSampledAndRandom() {
    Set<String> traces = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      TraceParent t = TraceParent.newTrace();
      assertThat(TraceParent.parse(t.header())).isEqualTo(t);
      assertThat(t.sampled()).isTrue();
      assertThat(t.header()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
      traces.add(t.traceId());
    }
    assertThat(traces).hasSize(1000);
  }

  @Test
  void aChildKeepsTheTraceAndFlagsWithANewSpan() {
    TraceParent parent = TraceParent.parse(VALID);
    TraceParent child = parent.child();
    assertThat(child.traceId()).isEqualTo(parent.traceId());
    assertThat(child.spanId()).isNotEqualTo(parent.spanId()).isNotEqualTo("0000000000000000");
    assertThat(child.header()).startsWith("00-").endsWith("-01");
    assertThat(TraceParent.parse(child.header())).isEqualTo(child);
  }

  @Test
  void traceStateIsPassedOnOnlyWhenPrintableAndShortEnough() {
    assertThat(TraceParent.state("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"))
        .isEqualTo("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
    assertThat(TraceParent.state(null)).isNull();
    assertThat(TraceParent.state("")).isNull();
    assertThat(TraceParent.state("a=b\nc=d")).isNull();
    assertThat(TraceParent.state("a=" + "x".repeat(511))).isNull();
  }
}
