package dev.rivulet.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the CPU went during a phase, by component: the CPU time of this JVM's threads grouped by
 * their names (broker, engine, gateway, bare pipelines, the bench's own driving threads), the rest of
 * the process (GC, JIT), and the client process's own total. Measured with {@link ThreadMXBean},
 * not sampled.
 */
final class CpuBreakdown {
  /** Component names, in the order they print. */
  static final List<String> COMPONENTS = List.of(
      "engine: stream thread", "engine: producer I/O", "engine: other",
      "gateway: Jetty (HTTP, WebSocket)", "gateway: outbox router", "gateway: inbox producer I/O",
      "gateway: other", "broker, other threads", "bare pipelines", "bench driver",
      "JVM: GC, JIT", "client process");

  /** The components that work when requests skip the gateway ({@link DirectInbox}). */
  static final List<String> ENGINE_ONLY = List.of(
      "engine: stream thread", "engine: producer I/O", "broker, other threads", "JVM: GC, JIT");

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<Long, Long> startByThread = new HashMap<>();
  private final long startProcess = processCpu();

  CpuBreakdown() {
    for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (t == null) continue;
      startByThread.put(t.getThreadId(), THREADS.getThreadCpuTime(t.getThreadId()));
    }
  }

  /** CPU nanoseconds per component since construction; {@code clientNanos} is the client's. */
  Map<String, Long> since(long clientNanos) {
    Map<String, Long> byComponent = new LinkedHashMap<>();
    for (String c : COMPONENTS) byComponent.put(c, 0L);
    long threads = 0;
    for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (t == null) continue;
      long now = THREADS.getThreadCpuTime(t.getThreadId());
      if (now < 0) continue;
      long used = now - startByThread.getOrDefault(t.getThreadId(), 0L);
      threads += used;
      byComponent.merge(componentOf(t.getThreadName()), used, Long::sum);
    }
    byComponent.put("JVM: GC, JIT", Math.max(0, processCpu() - startProcess - threads));
    byComponent.put("client process", clientNanos);
    return byComponent;
  }

  static String componentOf(String thread) {
    if (thread.contains("bench-direct")) return "bench driver"; // DirectInbox's producer, reader
    boolean engine = thread.contains("-engine-") || thread.endsWith("-engine");
    if (thread.startsWith("kafka-producer-network-thread")) {
      if (engine) return "engine: producer I/O";
      if (thread.contains("rivulet-gateway-")) return "gateway: inbox producer I/O";
      if (thread.contains("bare-")) return "bare pipelines";
      return "broker, other threads";
    }
    if (thread.contains("bare-")) return "bare pipelines";
    if (engine && thread.contains("StreamThread")) return "engine: stream thread";
    if (engine || thread.startsWith("rivulet-metrics") || thread.startsWith("rivulet-effect")) {
      return "engine: other";
    }
    if (thread.startsWith("JettyServerThreadPool") || thread.startsWith("qtp")) {
      return "gateway: Jetty (HTTP, WebSocket)";
    }
    if (thread.startsWith("rivulet-outbox")) return "gateway: outbox router";
    if (thread.startsWith("rivulet-")) return "gateway: other";
    if (thread.equals("main")) return "bench driver";
    return "broker, other threads"; // the embedded broker's many threads, and the odd JDK one
  }

  /** Adds {@code more} into {@code total}, component by component. */
  static void add(Map<String, Long> total, Map<String, Long> more) {
    more.forEach((k, v) -> total.merge(k, v, Long::sum));
  }

  static long processCpu() {
    return ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
  }
}
