package dev.rivulet.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rivulet.engine.HistoryRecorder;
import dev.rivulet.engine.Replayer;
import dev.rivulet.examples.Counter;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.RecordCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Replay speed without Kafka: the history of one counter is recorded in memory through the
 * engine's own state machine ({@link HistoryRecorder}: a WebSocket connect, then {@code
 * --history} increments over it, as {@link ReplaySpeed} sends them through the real stack), then
 * replayed {@code --warmup} times unmeasured and {@code --runs} times measured. Prints each run
 * and the median in records per second.
 *
 * <pre>
 * java -cp "bench/target/rivulet-bench.jar:bench/target/lib/*" dev.rivulet.bench.ReplayMicro \
 *     [--history 100000] [--runs 7] [--warmup 3] [--loop SECONDS]
 * </pre>
 *
 * {@code --loop SECONDS} replays over and over for that long instead (for a profiler). {@code
 * --live N} measures the live path instead: N increments applied from their inbox bytes and every
 * record the processor would write encoded ({@link HistoryRecorder} without keeping the journal).
 */
public final class ReplayMicro {
  private ReplayMicro() {}

  public static void main(String[] args) {
    int length = intArg(args, "--history", 100_000);
    int runs = intArg(args, "--runs", 7);
    int warmup = intArg(args, "--warmup", 3);
    int loop = intArg(args, "--loop", 0);
    int live = intArg(args, "--live", 0);
    if (live > 0) {
      live(live, runs, warmup);
      return;
    }

    long start = System.nanoTime();
    List<JournalRecord> history = record(length);
    System.err.printf(Locale.ROOT, "recorded %d journal records in %.1f s%n", history.size(),
        (System.nanoTime() - start) / 1e9);

    if (loop > 0) {
      long end = System.nanoTime() + loop * 1_000_000_000L;
      for (int n = 1; System.nanoTime() < end; n++) print("loop " + n, replay(history));
      return;
    }
    for (int i = 0; i < warmup; i++) print("warm-up " + (i + 1), replay(history));
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    double[] process = new double[runs];
    double[] allocated = new double[runs];
    for (int i = 0; i < runs; i++) {
      double[] r = replay(history);
      wall[i] = r[0];
      cpu[i] = r[1];
      process[i] = r[2];
      allocated[i] = r[3];
      print("run " + (i + 1), r);
    }
    System.out.printf(Locale.ROOT, "replay of one counter, %d records, %d runs: median %.0f"
        + " records/s (min %.0f, max %.0f); per CPU second: %.0f of the replaying thread, %.0f"
        + " of the process; %.0f bytes allocated per record%n", history.size(), runs,
        Measurement.medianOf(wall), Arrays.stream(wall).min().orElse(0),
        Arrays.stream(wall).max().orElse(0), Measurement.medianOf(cpu),
        Measurement.medianOf(process), Measurement.medianOf(allocated));
  }

  /**
   * One replay: records per second of wall-clock time, per second of the replaying thread's CPU
   * time, per second of the whole process's CPU time (with the collector and the compiler), and
   * the bytes the replaying thread allocated per record.
   * The CPU figures are steadier on a machine shared with other work.
   */
  static double[] replay(List<JournalRecord> history) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    var os = (com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean();
    long allocated = threads.getCurrentThreadAllocatedBytes();
    long cpu = threads.getCurrentThreadCpuTime();
    long process = os.getProcessCpuTime();
    long start = System.nanoTime();
    Replayer.Result result = new Replayer(List.of(Counter.class)).replay(history);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
    double processSeconds = (os.getProcessCpuTime() - process) / 1e9;
    double bytes = threads.getCurrentThreadAllocatedBytes() - allocated;
    if (result.divergence() != null || result.replayed() != history.size()) {
      throw new IllegalStateException("the replay diverged: " + result.divergence().describe());
    }
    int n = result.replayed();
    return new double[] {n / seconds, n / cpuSeconds, n / processSeconds, bytes / n};
  }

  private static void print(String what, double[] rates) {
    System.err.printf(Locale.ROOT, "%s: %.0f records/s (per CPU second: %.0f of the thread, %.0f"
        + " of the process; %.0f bytes per record)%n", what, rates[0], rates[1], rates[2], rates[3]);
  }

  /** The live path: records applied per second of wall-clock and of the thread's CPU time. */
  static void live(int increments, int runs, int warmup) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int i = -warmup; i < runs; i++) {
      HistoryRecorder recorder = new HistoryRecorder(List.of(Counter.class), false);
      ActorId actor = ActorId.of("counter", "live-" + i);
      String gateway = "gw-" + UUID.randomUUID();
      String connId = UUID.randomUUID().toString();
      recorder.apply(new InboxRecord.Connect(actor, reply(gateway),
          InboxRecord.Mode.GET_OR_CREATE, null, connId, null, "websocket"), 1_000);
      byte[][] inbox = new byte[increments][];
      for (int j = 0; j < increments; j++) {
        inbox[j] = RecordCodec.encode(new InboxRecord.Action(actor, reply(gateway),
            InboxRecord.Mode.GET, null, "increment", JsonNodeFactory.instance.arrayNode().add(1),
            connId));
      }
      long c = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      for (int j = 0; j < increments; j++) recorder.apply(inbox[j], 1_000 + j / 20);
      double[] r = {increments / ((System.nanoTime() - start) / 1e9),
          increments / ((threads.getCurrentThreadCpuTime() - c) / 1e9)};
      System.err.printf(Locale.ROOT, "%s %d: %.0f records/s (%.0f per CPU second of the thread)%n",
          i < 0 ? "warm-up" : "run", i < 0 ? i + warmup + 1 : i + 1, r[0], r[1]);
      if (i >= 0) {
        wall[i] = r[0];
        cpu[i] = r[1];
      }
    }
    System.out.printf(Locale.ROOT, "live path, %d increments, %d runs: median %.0f records/s;"
        + " per CPU second of the thread: %.0f%n", increments, runs, Measurement.medianOf(wall),
        Measurement.medianOf(cpu));
  }

  /** A connect over WebSocket, then {@code increments} increments of 1 over that connection. */
  static List<JournalRecord> record(int increments) {
    HistoryRecorder recorder = new HistoryRecorder(List.of(Counter.class));
    ActorId actor = ActorId.of("counter", "long-history");
    String gateway = "gw-" + UUID.randomUUID();
    String connId = UUID.randomUUID().toString();
    long at = 1_700_000_000_000L;
    recorder.apply(new InboxRecord.Connect(actor, reply(gateway), InboxRecord.Mode.GET_OR_CREATE,
        null, connId, null, "websocket"), at);
    for (int i = 0; i < increments; i++) {
      InboxRecord.Action increment = new InboxRecord.Action(actor, reply(gateway),
          InboxRecord.Mode.GET, null, "increment", JsonNodeFactory.instance.arrayNode().add(1),
          connId);
      if (!recorder.apply(increment, at + i / 20)) {
        throw new IllegalStateException("increment " + i + " was rejected");
      }
    }
    return recorder.journal();
  }

  private static InboxRecord.ReplyTo reply(String gateway) {
    return new InboxRecord.ReplyTo(gateway, UUID.randomUUID().toString());
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
    }
    return fallback;
  }
}
