package dev.rivulet.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A latency figure: p50 and p99 of each run, and their medians over the runs. */
record Measurement(String name, double[] p50s, double[] p99s) {
  /** One run: returns the latencies of its requests, in nanoseconds. */
  interface Run {
    long[] run(int index) throws Exception;
  }

  static Measurement median(String name, int runs, Run run) throws Exception {
    double[] p50s = new double[runs];
    double[] p99s = new double[runs];
    for (int i = 0; i < runs; i++) {
      long[] latencies = run.run(i);
      Arrays.sort(latencies);
      p50s[i] = latencies[latencies.length / 2] / 1e6;
      p99s[i] = latencies[(int) Math.min(latencies.length - 1, latencies.length * 0.99)] / 1e6;
      System.err.printf(Locale.ROOT, "%s, run %d: p50 %.2f ms, p99 %.2f ms%n",
          name, i + 1, p50s[i], p99s[i]);
    }
    return new Measurement(name, p50s, p99s);
  }

  /** The p50 and p99 of each run's latencies (nanoseconds). */
  static Measurement of(String name, java.util.List<long[]> runs) {
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

  /** Logs one run's p50 and p99. */
  static long[] logged(String name, int run, long[] latencies) {
    Measurement m = of(name, java.util.List.of(latencies));
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

  static String table(List<Measurement> results, int runs, int requests) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%-36s %10s %10s   (medians of %d runs of %d requests)%n", "", "p50 ms", "p99 ms",
        runs, requests));
    for (Measurement m : results) {
      sb.append(String.format(Locale.ROOT, "%-36s %10.2f %10.2f%n", m.name(), medianOf(m.p50s()),
          medianOf(m.p99s())));
    }
    return sb.toString();
  }
}
