package dev.rivulet.server;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * How much this JVM's JIT compiler has worked, from {@link CompilationMXBean}'s total compilation
 * time (summed over its compiler threads), for the warm-up's log: since the first sample, and
 * lately as a share of the wall time ({@link #busy()}; with two compiler threads it can exceed 1,
 * and a compile is counted when it ends, so a short window can read more than the threads).
 * Sampled by one thread. On a JVM that does not report it, nothing is sampled and {@link
 * #measurable()} says so.
 */
final class CompilerActivity {
  private final CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
  private final boolean measurable = bean != null && bean.isCompilationTimeMonitoringSupported();
  private final long windowNanos;
  private final List<long[]> recent = new ArrayList<>(); // {nanoTime, compile ms}, oldest first
  private long firstMillis = -1;

  /** Reports {@link #busy()} over the last {@code windowNanos}. */
  CompilerActivity(long windowNanos) {
    this.windowNanos = windowNanos;
  }

  /** Whether this JVM reports its compilation time. */
  boolean measurable() {
    return measurable;
  }

  /** Takes a sample now, forgetting those no longer needed for the window. */
  void sample() {
    if (!measurable) return;
    long now = System.nanoTime();
    long total = bean.getTotalCompilationTime();
    if (firstMillis < 0) firstMillis = total;
    recent.add(new long[] {now, total});
    while (recent.size() > 2 && now - recent.get(1)[0] >= windowNanos) recent.remove(0);
  }

  /** The compiler's time since the first sample, in milliseconds (0 before two samples). */
  long sinceFirstMillis() {
    return recent.isEmpty() ? 0 : recent.get(recent.size() - 1)[1] - firstMillis;
  }

  /**
   * The wall time {@link #busy()} is over, in milliseconds: the window (up to a sample more), or
   * less when the samples span less.
   */
  long spanMillis() {
    return recent.size() < 2 ? 0
        : (recent.get(recent.size() - 1)[0] - recent.get(0)[0]) / 1_000_000;
  }

  /**
   * The compiler's time as a share of the wall time over the last window's samples (less when
   * fewer were taken); 0 before two samples.
   */
  double busy() {
    if (recent.size() < 2) return 0;
    long[] first = recent.get(0);
    long[] last = recent.get(recent.size() - 1);
    long wall = last[0] - first[0];
    return wall <= 0 ? 0 : (last[1] - first[1]) * 1e6 / wall;
  }
}
