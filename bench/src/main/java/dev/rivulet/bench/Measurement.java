package dev.rivulet.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A latency figure: the p50 and p99 of each run, in milliseconds. */
record Measurement(String name, double[] p50s, double[] p99s) {
  /** The p50 and p99 of each run's latencies (nanoseconds). */
  static Measurement of(String name, List<long[]> runs) {
    double[] p50s = new double[runs.size()];
    double[] p99s = new double[runs.size()];
    for (int i = 0; i < runs.size(); i++) {
      long[] latencies = runs.get(i).clone();
      Arrays.sort(latencies);
      p50s[i] = latencies[latencies.length / 2] / 1e6;
      p99s[i] = latencies[(int) Math.min(latencies.length - 1, latencies.length * 0.99)] / 1e6;
    }
    return new Measurement(name, p50s, p99s);
  }

  /** Logs one run's p50 and p99; returns its latencies. */
  static long[] logged(String name, int run, long[] latencies) {
    Measurement m = of(name, List.of(latencies));
    System.err.printf(Locale.ROOT, "  %s, run %d: p50 %.2f ms, p99 %.2f ms%n", name, run,
        m.p50s()[0], m.p99s()[0]);
    return latencies;
  }

  static double medianOf(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
