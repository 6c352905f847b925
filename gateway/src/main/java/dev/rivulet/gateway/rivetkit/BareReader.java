package dev.rivulet.gateway.rivetkit;

import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads BARE values from a byte array, the counterpart of {@link BareWriter}. Every read checks
 * that the bytes are there and well formed; anything else is a {@link RivetKitProtocolException}
 * naming what could not be read and where.
 */
public final class BareReader {
  private final byte[] bytes;
  private int offset;

  public BareReader(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Where the next read starts. */
  public int offset() {
    return offset;
  }

  public int u8(String what) throws RivetKitProtocolException {
    need(1, what);
    return bytes[offset++] & 0xFF;
  }

  public boolean bool(String what) throws RivetKitProtocolException {
    int b = u8(what);
    if (b > 1) throw fail(what + " is not a boolean (byte " + b + ")", offset - 1);
    return b == 1;
  }

  public int u16(String what) throws RivetKitProtocolException {
    need(2, what);
    int v = (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
    offset += 2;
    return v;
  }

  /** Eight bytes little-endian, as an unsigned value (a long for values below 2^63). */
  public BigInteger u64(String what) throws RivetKitProtocolException {
    need(8, what);
    byte[] be = new byte[9]; // a leading zero keeps it unsigned
    for (int i = 0; i < 8; i++) be[8 - i] = bytes[offset + i];
    offset += 8;
    return new BigInteger(be);
  }

  /** A LEB128 varint of at most 64 bits. */
  public BigInteger uint(String what) throws RivetKitProtocolException {
    int start = offset;
    BigInteger value = BigInteger.ZERO;
    for (int shift = 0; ; shift += 7) {
      if (shift > 63) throw fail(what + " is longer than a 64-bit uint", start);
      int b = u8(what);
      if (shift == 63 && b > 1) throw fail(what + " does not fit in 64 bits", start);
      value = value.or(BigInteger.valueOf(b & 0x7F).shiftLeft(shift));
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) throw fail(what + " is not a minimal varint", start);
        return value;
      }
    }
  }

  /** A uint used as a length: it must fit in the bytes that are left. */
  private int length(String what) throws RivetKitProtocolException {
    int start = offset;
    BigInteger len = uint(what + " length");
    if (len.compareTo(BigInteger.valueOf(bytes.length - offset)) > 0) {
      throw fail(what + " claims " + len + " bytes but only " + (bytes.length - offset)
          + " are left", start);
    }
    return len.intValue();
  }

  public String string(String what) throws RivetKitProtocolException {
    int len = length(what);
    int start = offset;
    offset += len;
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, len))
          .toString();
    } catch (CharacterCodingException e) {
      throw fail(what + " is not valid UTF-8", start);
    }
  }

  public byte[] data(String what) throws RivetKitProtocolException {
    int len = length(what);
    byte[] out = Arrays.copyOfRange(bytes, offset, offset + len);
    offset += len;
    return out;
  }

  public String optionalString(String what) throws RivetKitProtocolException {
    return bool(what + " presence") ? string(what) : null;
  }

  public byte[] optionalData(String what) throws RivetKitProtocolException {
    return bool(what + " presence") ? data(what) : null;
  }

  public BigInteger optionalUint(String what) throws RivetKitProtocolException {
    return bool(what + " presence") ? uint(what) : null;
  }

  /** Checks that every byte was read: a message has nothing after its last field. */
  public void finish(String what) throws RivetKitProtocolException {
    if (offset != bytes.length) {
      throw fail(what + " has " + (bytes.length - offset) + " bytes after its end", offset);
    }
  }

  private void need(int n, String what) throws RivetKitProtocolException {
    if (bytes.length - offset < n) throw fail("message ends before " + what, offset);
  }

  private static RivetKitProtocolException fail(String message, int at) {
    return RivetKitProtocolException.invalid("malformed bare message: " + message + " (byte " + at + ")");
  }
}
