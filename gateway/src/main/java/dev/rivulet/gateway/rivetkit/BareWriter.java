package dev.rivulet.gateway.rivetkit;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes BARE values (the binary format of RivetKit's {@code bare} encoding) into a growing
 * buffer: {@code uint} as a LEB128 varint, {@code u16}/{@code u64} little-endian, {@code bool} as
 * one byte, {@code str} and {@code data} as a varint length then the bytes, an optional as a
 * presence byte then the value.
 */
public final class BareWriter {
  private static final BigInteger U64_LIMIT = BigInteger.ONE.shiftLeft(64);

  private byte[] buf = new byte[64];
  private int size;

  /** One byte; also a union's tag (RivetKit's unions have fewer than 128 members). */
  public BareWriter u8(int value) {
    ensure(1);
    buf[size++] = (byte) value;
    return this;
  }

  public BareWriter bool(boolean value) {
    return u8(value ? 1 : 0);
  }

  /** Two bytes, little-endian: the version prefix of every bare message. */
  public BareWriter u16(int value) {
    ensure(2);
    buf[size++] = (byte) value;
    buf[size++] = (byte) (value >>> 8);
    return this;
  }

  /** Eight bytes, little-endian, unsigned. */
  public BareWriter u64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) buf[size++] = (byte) (value >>> (8 * i));
    return this;
  }

  /** A variable-length unsigned integer (LEB128), the type of action ids and generations. */
  public BareWriter uint(long value) {
    if (value < 0) throw new IllegalArgumentException("uint must not be negative: " + value);
    return varint(value);
  }

  /** A variable-length unsigned integer of up to 64 bits. */
  public BareWriter uint(BigInteger value) {
    if (value.signum() < 0 || value.compareTo(U64_LIMIT) >= 0) {
      throw new IllegalArgumentException("uint must be within 0 and 2^64-1: " + value);
    }
    return varint(value.longValue());
  }

  private BareWriter varint(long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      u8((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    return u8((int) v);
  }

  public BareWriter string(String value) {
    return data(value.getBytes(StandardCharsets.UTF_8));
  }

  public BareWriter data(byte[] value) {
    varint(value.length);
    ensure(value.length);
    System.arraycopy(value, 0, buf, size, value.length);
    size += value.length;
    return this;
  }

  /** An optional string: absent when null. */
  public BareWriter optionalString(String value) {
    bool(value != null);
    return value == null ? this : string(value);
  }

  /** Optional data: absent when null. */
  public BareWriter optionalData(byte[] value) {
    bool(value != null);
    return value == null ? this : data(value);
  }

  /** An optional uint: absent when null. */
  public BareWriter optionalUint(BigInteger value) {
    bool(value != null);
    return value == null ? this : uint(value);
  }

  /** The bytes written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int more) {
    if (size + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
  }
}
