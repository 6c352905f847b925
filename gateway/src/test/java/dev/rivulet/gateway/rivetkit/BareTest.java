package dev.rivulet.gateway.rivetkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class BareTest {
  @Test
  void uintsAreLeb128VarintsOfUpTo64Bits() throws Exception {
    assertThat(hex(new BareWriter().uint(0))).isEqualTo("00");
    assertThat(hex(new BareWriter().uint(127))).isEqualTo("7f");
    assertThat(hex(new BareWriter().uint(128))).isEqualTo("80 01");
    assertThat(hex(new BareWriter().uint(300))).isEqualTo("ac 02");
    BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    assertThat(hex(new BareWriter().uint(max))).isEqualTo("ff ff ff ff ff ff ff ff ff 01");
    for (BigInteger v : new BigInteger[] {BigInteger.ZERO, BigInteger.valueOf(127),
        BigInteger.valueOf(128), BigInteger.valueOf(1L << 35), BigInteger.ONE.shiftLeft(63), max}) {
      BareReader r = new BareReader(new BareWriter().uint(v).toByteArray());
      assertThat(r.uint("v")).isEqualTo(v);
      r.finish("v");
    }
  }

  @Test
  void fixedWidthNumbersAreLittleEndian() throws Exception {
    assertThat(hex(new BareWriter().u16(4))).isEqualTo("04 00");
    assertThat(hex(new BareWriter().u16(0x1234))).isEqualTo("34 12");
    assertThat(hex(new BareWriter().u64(1))).isEqualTo("01 00 00 00 00 00 00 00");
    BareReader r = new BareReader(new BareWriter().u16(0xbeef).u64(-1L).toByteArray());
    assertThat(r.u16("a")).isEqualTo(0xbeef);
    assertThat(r.u64("b")).isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
  }

  @Test
  void stringsDataAndOptionalsRoundTrip() throws Exception {
    byte[] bytes = new BareWriter().string("héllo").data(new byte[] {1, 2}).optionalString(null)
        .optionalString("x").optionalData(null).optionalUint(BigInteger.TEN).bool(true)
        .toByteArray();
    assertThat(Hex.of(bytes)).startsWith("06 68 c3 a9 6c 6c 6f 02 01 02 00 01 01 78 00 01 0a 01");
    BareReader r = new BareReader(bytes);
    assertThat(r.string("s")).isEqualTo("héllo");
    assertThat(r.data("d")).containsExactly(1, 2);
    assertThat(r.optionalString("o1")).isNull();
    assertThat(r.optionalString("o2")).isEqualTo("x");
    assertThat(r.optionalData("o3")).isNull();
    assertThat(r.optionalUint("o4")).isEqualTo(BigInteger.TEN);
    assertThat(r.bool("b")).isTrue();
    r.finish("all");
  }

  @Test
  void malformedInputIsAClearError() {
    assertInvalid(new byte[] {}, "message ends before s length");
    assertInvalid(new byte[] {5, 'a'}, "s claims 5 bytes but only 1 are left");
    assertInvalid(new byte[] {2, (byte) 0xc3, (byte) 0x28}, "s is not valid UTF-8");
    assertThatThrownBy(() -> new BareReader(new byte[] {2}).bool("flag"))
        .hasMessageContaining("flag is not a boolean");
    assertThatThrownBy(() -> new BareReader(Hex.parse("80 00")).uint("n"))
        .hasMessageContaining("not a minimal varint");
    assertThatThrownBy(() -> new BareReader(Hex.parse("ff ff ff ff ff ff ff ff ff 02")).uint("n"))
        .hasMessageContaining("does not fit in 64 bits");
    assertThatThrownBy(() -> new BareReader(Hex.parse("ff ff ff ff ff ff ff ff ff ff 01")).uint("n"))
        .isInstanceOf(RivetKitProtocolException.class);
    assertThatThrownBy(() -> {
      BareReader r = new BareReader(new byte[] {0, 9});
      r.uint("n");
      r.finish("message");
    }).hasMessageContaining("message has 1 bytes after its end")
        .satisfies(e -> assertThat(((RivetKitProtocolException) e).code())
            .isEqualTo("invalid_request"));
  }

  private static void assertInvalid(byte[] bytes, String message) {
    assertThatThrownBy(() -> new BareReader(bytes).string("s"))
        .isInstanceOf(RivetKitProtocolException.class)
        .hasMessageContaining(message);
  }

  private static String hex(BareWriter w) {
    return Hex.of(w.toByteArray());
  }
}
