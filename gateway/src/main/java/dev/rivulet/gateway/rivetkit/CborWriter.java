package dev.rivulet.gateway.rivetkit;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Writes the envelope of the {@code cbor} encoding's messages (maps of text keys) by hand, so
 * that ids are 64-bit integers the way RivetKit's client needs them: its CBOR library turns a
 * 64-bit integer into a JavaScript BigInt, the only type its schema accepts for an id. User values
 * inside are written by {@link UserValues#toCbor} and embedded as they are.
 */
final class CborWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

  CborWriter map(int entries) {
    return head(5, entries);
  }

  CborWriter text(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    head(3, b.length);
    out.writeBytes(b);
    return this;
  }

  /** An unsigned integer in the 9-byte form ({@code 0x1b} then 8 bytes big-endian). */
  CborWriter u64(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 64) {
      throw new IllegalArgumentException("not an unsigned 64-bit value: " + value);
    }
    out.write(0x1b);
    long v = value.longValue();
    for (int i = 7; i >= 0; i--) out.write((int) (v >>> (8 * i)));
    return this;
  }

  CborWriter bool(boolean b) {
    out.write(b ? 0xf5 : 0xf4);
    return this;
  }

  CborWriter nil() {
    out.write(0xf6);
    return this;
  }

  /** An already encoded CBOR item. */
  CborWriter raw(byte[] item) {
    out.writeBytes(item);
    return this;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private CborWriter head(int major, long len) {
    int m = major << 5;
    if (len < 24) {
      out.write(m | (int) len);
    } else if (len < 0x100) {
      out.write(m | 24);
      out.write((int) len);
    } else if (len < 0x10000) {
      out.write(m | 25);
      out.write((int) (len >>> 8));
      out.write((int) len);
    } else {
      out.write(m | 26);
      for (int i = 3; i >= 0; i--) out.write((int) (len >>> (8 * i)));
    }
    return this;
  }
}
