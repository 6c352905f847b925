package dev.rivulet.server;

import dev.rivulet.records.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * What the fuzzer tried and what came back, by kind, and the problems it found, with examples;
 * shared by the fuzzer's threads.
 */
final class FuzzTally {
  /** The error codes a refusal may carry: every {@link ErrorCode} but the internal error. */
  private static final Set<String> STABLE = Arrays.stream(ErrorCode.values())
      .filter(c -> c != ErrorCode.INTERNAL_ERROR)
      .map(c -> c.error("").group() + "." + c.error("").code()).collect(Collectors.toSet());

  private final Map<String, AtomicLong> tried = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
  private final Map<String, List<String>> problems = new ConcurrentHashMap<>();

  /** One input of {@code kind} tried. */
  void tried(String kind) {
    count(tried, kind);
  }

  /** One answer of {@code kind}. */
  void answered(String kind) {
    count(answers, kind);
  }

  /** How many answers of {@code kind} came back. */
  long answers(String kind) {
    AtomicLong n = answers.get(kind);
    return n == null ? 0 : n.get();
  }

  /** A problem of {@code kind}; up to 20 examples of each are kept. */
  void problem(String kind, String example) {
    List<String> examples = problems.computeIfAbsent(kind, k -> new ArrayList<>());
    synchronized (examples) {
      if (examples.size() < 20) examples.add(example);
    }
  }

  /**
   * A refusal's {@code group.code} (null: it had none): a problem unless it is stable, one of
   * {@link ErrorCode}'s but the internal error, or an actor's own {@code user.*}.
   */
  void checkCode(String kind, String code, String example) {
    if (code == null) {
      problem(kind + ": a refusal without a stable code", example);
    } else if (code.equals("core.internal_error")) {
      problem(kind + ": an internal error", example);
    } else if (!STABLE.contains(code) && !code.startsWith("user.")) {
      problem(kind + ": an unknown error code " + code, example);
    } else {
      answered(kind + " " + code);
    }
  }

  long totalTried() {
    return tried.values().stream().mapToLong(AtomicLong::get).sum();
  }

  Map<String, Long> tried() {
    return sorted(tried);
  }

  Map<String, Long> answers() {
    return sorted(answers);
  }

  /** The problems by kind, each with its examples. */
  Map<String, List<String>> problems() {
    Map<String, List<String>> out = new TreeMap<>();
    problems.forEach((kind, examples) -> {
      synchronized (examples) {
        out.put(kind, List.copyOf(examples));
      }
    });
    return out;
  }

  private static void count(Map<String, AtomicLong> counts, String kind) {
    counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
  }

  private static Map<String, Long> sorted(Map<String, AtomicLong> counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
