package dev.rivulet.server.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random and mutated inputs for fuzzing, from valid seeds: byte-level mutations (flips, random
 * bytes, insertions, deletions, repeats, truncation, splices of two seeds) and insertions of
 * tokens that parsers trip on (JSON's and CBOR's, huge numbers, deep nesting, NUL, invalid
 * UTF-8). Deterministic for a given {@link Random}, so a failure is reproduced from its seed.
 */
public final class Mutator {
  private static final List<byte[]> TOKENS = List.of(
      b("{"), b("}"), b("["), b("]"), b("\""), b(":"), b(","), b("null"), b("true"), b("-0"),
      b("1e400"), b("-1e400"), b("1e99999999999"), b("18446744073709551616"),
      b("0.0000000000000000000001"),
      b("\"$BigInt\""), b("[\"$BigInt\",\"-1\"]"), b("[\"$Uint8Array\",\"!!\"]"), b("\\u0000"),
      b("\\ud800"), b("NaN"), b("Infinity"), b("\u0000"), b("\r\n"), b("%"), b("%00"), b("%2F"),
      b("../"), b("/"), b("?"), b("&"), b("="), b("rvt-"), b("rvt-key="), b("rvt-method=get"),
      b("@"), b(".."), new byte[] {(byte) 0xff, (byte) 0xfe}, new byte[] {(byte) 0xc0, (byte) 0x80},
      new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
      // CBOR: indefinite lengths, a huge length, break, tags, undefined, a 64-bit integer.
      new byte[] {(byte) 0x9f}, new byte[] {(byte) 0xbf}, new byte[] {(byte) 0xff},
      new byte[] {0x5b, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0},
      new byte[] {(byte) 0xc2, 0x40}, new byte[] {(byte) 0xf7},
      new byte[] {0x1b, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
          (byte) 0xff, (byte) 0xff},
      // BARE: a version, a varint that never ends.
      new byte[] {4, 0}, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
          (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});

  private final Random random;

  public Mutator(Random random) {
    this.random = random;
  }

  /** The random source, for choices the caller makes. */
  public Random random() {
    return random;
  }

  /** One of {@code items}. */
  public <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  /**
   * {@code seed} with one to four mutations; {@code other} is spliced in sometimes (another seed of
   * the same kind); now and then a string of random bytes instead.
   */
  public byte[] mutate(byte[] seed, byte[] other) {
    if (random.nextInt(20) == 0) return randomBytes(random.nextInt(64));
    byte[] out = seed;
    int rounds = 1 + random.nextInt(4);
    for (int i = 0; i < rounds; i++) out = once(out, other);
    return out;
  }

  /** A string mutated as its UTF-8 bytes (invalid sequences become U+FFFD). */
  public String mutate(String seed) {
    return new String(mutate(seed.getBytes(StandardCharsets.UTF_8), null),
        StandardCharsets.UTF_8);
  }

  /** Up to {@code max} random bytes. */
  public byte[] randomBytes(int max) {
    byte[] b = new byte[random.nextInt(max + 1)];
    random.nextBytes(b);
    return b;
  }

  private byte[] once(byte[] in, byte[] other) {
    int n = in.length;
    switch (random.nextInt(10)) {
      case 0 -> { // flip a bit
        if (n == 0) return in;
        byte[] out = in.clone();
        out[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
        return out;
      }
      case 1 -> { // set a byte
        if (n == 0) return in;
        byte[] out = in.clone();
        out[random.nextInt(n)] = (byte) random.nextInt(256);
        return out;
      }
      case 2 -> { // insert random bytes
        return insert(in, randomBytes(8));
      }
      case 3, 4 -> { // insert a token
        return insert(in, pick(TOKENS));
      }
      case 5 -> { // delete a range
        if (n == 0) return in;
        int from = random.nextInt(n);
        int to = Math.min(n, from + 1 + random.nextInt(Math.max(1, n / 4)));
        return concat(Arrays.copyOfRange(in, 0, from), Arrays.copyOfRange(in, to, n));
      }
      case 6 -> { // repeat a range, sometimes many times (deep nesting, long strings)
        if (n == 0) return in;
        int from = random.nextInt(n);
        int to = Math.min(n, from + 1 + random.nextInt(8));
        byte[] piece = Arrays.copyOfRange(in, from, to);
        int times = random.nextInt(4) == 0 ? 1 + random.nextInt(5_000) : 2;
        ByteArrayOutputStream repeated = new ByteArrayOutputStream();
        for (int i = 0; i < times; i++) repeated.writeBytes(piece);
        return concat(concat(Arrays.copyOfRange(in, 0, from), repeated.toByteArray()),
            Arrays.copyOfRange(in, from, n));
      }
      case 7 -> { // truncate
        return n == 0 ? in : Arrays.copyOf(in, random.nextInt(n));
      }
      case 8 -> { // splice with the other seed
        if (other == null || other.length == 0 || n == 0) return insert(in, pick(TOKENS));
        int cut = random.nextInt(n);
        int otherCut = random.nextInt(other.length);
        return concat(Arrays.copyOf(in, cut), Arrays.copyOfRange(other, otherCut, other.length));
      }
      default -> { // a number's digits grown
        return insert(in, "9".repeat(1 + random.nextInt(400)).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private byte[] insert(byte[] in, byte[] piece) {
    int at = in.length == 0 ? 0 : random.nextInt(in.length + 1);
    return concat(concat(Arrays.copyOf(in, at), piece), Arrays.copyOfRange(in, at, in.length));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
