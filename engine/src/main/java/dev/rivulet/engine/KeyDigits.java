package dev.rivulet.engine;

/**
 * Numbers in store keys: 16 decimal digits, zero-padded, so that keys sort in numeric order.
 * Written on every applied record (journal index, idempotency expiry, schedules), hence no
 * {@link String#format}, which parses its pattern on each call.
 */
final class KeyDigits {
  /** The largest number that fits. */
  static final long MAX = 9_999_999_999_999_999L;

  private static final String ZEROS = "0000000000000000";

  private KeyDigits() {}

  /** {@code n} in 16 digits; {@code 0 <= n <= MAX}. */
  static String of(long n) {
    if (n < 0 || n > MAX) throw new IllegalArgumentException("not in 0.." + MAX + ": " + n);
    String digits = Long.toString(n);
    return ZEROS.substring(digits.length()) + digits;
  }
}
