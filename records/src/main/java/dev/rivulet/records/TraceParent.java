package dev.rivulet.records;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C Trace Context {@code traceparent}: {@code 00-<trace id, 32 hex>-<parent id, 16 hex>-<flags,
 * 2 hex>}. The gateway reads it from a client's request (or starts a new trace), writes it on the
 * inbox record as a Kafka header of the same name, and the engine keeps it on every record the
 * request leads to: the journal record, the reply and events in the outbox, calls to other actors
 * and effects.
 *
 * <p>Parsing is strict, as the specification asks: lower-case hex only, no all-zero ids, version
 * {@code ff} refused, exactly 55 characters for version {@code 00}. A value that does not parse
 * is ignored (the caller starts a new trace); it is never an error.
 */
public final class TraceParent {
  /** The header carrying it, on HTTP requests and responses and on Kafka records. */
  public static final String HEADER = "traceparent";

  /** The vendor-specific companion header, passed on unchanged with a valid traceparent. */
  public static final String STATE_HEADER = "tracestate";

  /** The longest {@code tracestate} passed on (the specification's limit for propagation). */
  public static final int MAX_STATE_LENGTH = 512;

  private static final int LENGTH = 55;
  private static final int SAMPLED = 0x01;
  /** The flags passed on: sampled, and Trace Context Level 2's random trace id. */
  private static final int KNOWN_FLAGS = 0x03;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final String value;

  private TraceParent(String value) {
    this.value = value;
  }

  /** The traceparent in {@code value}, or null when it is absent or invalid. */
  public static TraceParent parse(String value) {
    if (value == null || value.length() < LENGTH) return null;
    int version = hexByte(value, 0);
    if (version < 0 || version == 0xff) return null;
    boolean longer = value.length() > LENGTH;
    // Version 00 has exactly 55 characters; a later version may append fields, after a dash.
    if (version == 0 ? longer : longer && value.charAt(LENGTH) != '-') return null;
    if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') return null;
    if (!lowerHex(value, 3, 35) || !lowerHex(value, 36, 52)) return null;
    if (zeros(value, 3, 35) || zeros(value, 36, 52)) return null;
    int flags = hexByte(value, 53);
    if (flags < 0) return null;
    if (version == 0 && (flags & ~KNOWN_FLAGS) == 0) {
      return new TraceParent(value); // the common case: passed on as it came
    }
    // A later version, or flags this version does not know: passed on as version 00.
    char[] out = value.substring(0, LENGTH).toCharArray();
    out[0] = '0';
    out[1] = '0';
    int known = flags & KNOWN_FLAGS;
    out[53] = HEX[known >>> 4];
    out[54] = HEX[known & 0xf];
    return new TraceParent(new String(out));
  }

  /** The traceparent in a Kafka header's value, or null when it is absent or invalid. */
  public static TraceParent parse(byte[] value) {
    if (value == null || value.length < LENGTH || value.length > 4 * LENGTH) return null;
    return parse(new String(value, StandardCharsets.ISO_8859_1));
  }

  /** A new trace: random trace and span ids, sampled. */
  public static TraceParent newTrace() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high;
    long low;
    do {
      high = random.nextLong();
      low = random.nextLong();
    } while (high == 0 && low == 0);
    char[] out = new char[LENGTH];
    out[0] = '0';
    out[1] = '0';
    out[2] = '-';
    hex(high, out, 3);
    hex(low, out, 19);
    out[35] = '-';
    hex(spanId(random), out, 36);
    out[52] = '-';
    out[53] = '0';
    out[54] = HEX[SAMPLED];
    return new TraceParent(new String(out));
  }

  /** The same trace and flags with a new span id: what this hop passes on as its own. */
  public TraceParent child() {
    char[] out = value.toCharArray();
    hex(spanId(ThreadLocalRandom.current()), out, 36);
    return new TraceParent(new String(out));
  }

  /** The trace id, 32 lower-case hex digits. */
  public String traceId() {
    return value.substring(3, 35);
  }

  /** The span id (the parent id of the next hop), 16 lower-case hex digits. */
  public String spanId() {
    return value.substring(36, 52);
  }

  /** Whether the caller may have recorded the trace (flag {@code 01}). */
  public boolean sampled() {
    return (hexByte(value, 53) & SAMPLED) != 0;
  }

  /** The header value, version {@code 00}. */
  public String header() {
    return value;
  }

  /** The header value as a Kafka header's bytes. */
  public byte[] headerBytes() {
    return value.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * A {@code tracestate} to pass on with a valid traceparent: {@code value} when it is at most
   * {@value #MAX_STATE_LENGTH} printable ASCII characters, null otherwise (it is dropped).
   */
  public static String state(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_STATE_LENGTH) return null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) return null;
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TraceParent t && t.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }

  private static long spanId(ThreadLocalRandom random) {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
  }

  private static void hex(long v, char[] out, int at) {
    for (int i = 15; i >= 0; i--) {
      out[at + i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
  }

  private static int hexByte(String s, int at) {
    int hi = lowerHexDigit(s.charAt(at));
    int lo = lowerHexDigit(s.charAt(at + 1));
    return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
  }

  private static boolean lowerHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (lowerHexDigit(s.charAt(i)) < 0) return false;
    }
    return true;
  }

  private static boolean zeros(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '0') return false;
    }
    return true;
  }

  private static int lowerHexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  }
}
