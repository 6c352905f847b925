package dev.rivulet.gateway.rivetkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes CBOR the way RivetKit's client library ({@code cbor-x}) does, so that what Rivulet writes
 * is what RivetKit's own runtime writes, byte for byte: objects as maps with a 2-byte length
 * ({@code 0xb9}), integers of 32 bits (and negatives down to -2^32) in their shortest form, larger
 * integers up to 2^53 as float64 (a JavaScript number: {@code cbor-x} reads an 8-byte integer as a
 * BigInt), beyond that 8-byte integers or bignums, every fraction as float64. Ids use {@link #u64}:
 * the 8-byte form, which the client reads as the BigInt its schema requires. Jackson's generator
 * can write neither form, so this is by hand; reading stays with Jackson's parser.
 */
final class CborWriter {
  private static final BigInteger TWO_POW_32 = BigInteger.ONE.shiftLeft(32);
  private static final BigInteger MAX_SAFE = BigInteger.ONE.shiftLeft(53).subtract(BigInteger.ONE);
  private static final BigInteger TWO_POW_64 = BigInteger.ONE.shiftLeft(64);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

  /** A map header as {@code cbor-x} writes one for an object: {@code 0xb9} and 2 bytes. */
  CborWriter map(int entries) {
    if (entries >= 0x10000) return head(5, entries);
    out.write(0xb9);
    out.write(entries >>> 8);
    out.write(entries);
    return this;
  }

  /** A value in wire form (see {@link UserValues#toWire}). */
  CborWriter value(JsonNode v) {
    switch (v.getNodeType()) {
      case OBJECT -> {
        map(v.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          text(e.getKey());
          value(e.getValue());
        }
      }
      case ARRAY -> {
        head(4, v.size());
        for (JsonNode item : v) value(item);
      }
      case STRING -> text(v.asText());
      case BOOLEAN -> bool(v.booleanValue());
      case NULL, MISSING -> nil();
      case BINARY -> {
        byte[] b = binary(v);
        head(2, b.length);
        out.writeBytes(b);
      }
      case NUMBER -> number(v);
      default -> throw new IllegalArgumentException("cannot write " + v.getNodeType() + " as CBOR");
    }
    return this;
  }

  private void number(JsonNode n) {
    BigInteger i = integralValue(n);
    if (i == null) {
      float64(n.doubleValue());
    } else if (i.signum() >= 0 && i.compareTo(TWO_POW_32) < 0) {
      head(0, i.longValue());
    } else if (i.signum() < 0 && i.negate().compareTo(TWO_POW_32) <= 0) {
      head(1, i.negate().longValue() - 1);
    } else if (i.abs().compareTo(MAX_SAFE) <= 0) {
      float64(i.doubleValue());
    } else if (i.signum() >= 0 && i.compareTo(TWO_POW_64) < 0) {
      u64(i);
    } else if (i.signum() < 0 && i.negate().compareTo(TWO_POW_64) <= 0) {
      out.write(0x3b);
      long v = i.negate().subtract(BigInteger.ONE).longValue();
      for (int k = 7; k >= 0; k--) out.write((int) (v >>> (8 * k)));
    } else {
      byte[] magnitude = (i.signum() >= 0 ? i : i.negate().subtract(BigInteger.ONE)).toByteArray();
      int skip = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0;
      out.write(i.signum() >= 0 ? 0xc2 : 0xc3);
      head(2, magnitude.length - skip);
      out.write(magnitude, skip, magnitude.length - skip);
    }
  }

  private void float64(double d) {
    out.write(0xfb);
    long bits = Double.doubleToRawLongBits(d);
    for (int k = 7; k >= 0; k--) out.write((int) (bits >>> (8 * k)));
  }

  /** The value of an integral number (whatever its node type), or null for a fraction. */
  private static BigInteger integralValue(JsonNode n) {
    if (n.isIntegralNumber()) return n.bigIntegerValue();
    if (n.isDouble() || n.isFloat()) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d) || d != Math.rint(d)) return null;
      return BigDecimal.valueOf(d).toBigInteger();
    }
    BigDecimal dec = n.decimalValue();
    if (dec.signum() == 0) return BigInteger.ZERO;
    return dec.stripTrailingZeros().scale() <= 0 ? dec.toBigIntegerExact() : null;
  }

  private static byte[] binary(JsonNode v) {
    try {
      return v.binaryValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  /** A major type with its argument in the shortest form (arguments below 2^32). */
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
