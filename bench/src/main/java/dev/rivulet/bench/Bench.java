package dev.rivulet.bench;

import dev.rivulet.examples.ChatRoom;
import dev.rivulet.examples.Counter;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the benchmarks against an embedded stack started in this JVM and prints each figure as the
 * median of repeated runs. {@code java -jar bench/target/rivulet-bench.jar [--runs N]
 * [--requests N] [--warmup N]}.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    int runs = intArg(args, "--runs", 5);
    int requests = intArg(args, "--requests", 2_000);
    int warmup = intArg(args, "--warmup", 10_000);
    Path dir = Files.createTempDirectory("rivulet-bench-");
    try (RivuletServer server = RivuletServer.start(new ServerConfig()
        .dataDir(dir).brokerPort(0).actors(Counter.class, ChatRoom.class)
        .gateway(g -> g.port(0)))) {
      List<Measurement> results = new ArrayList<>();
      SequentialLatency latency = new SequentialLatency(server.url());
      System.err.printf("warming up: %d requests over HTTP and WebSocket%n", warmup);
      latency.http("counter", "warmup", warmup);
      latency.webSocket("counter", "warmup", warmup);
      results.add(Measurement.median("sequential increment, HTTP", runs,
          run -> latency.http("counter", "http-" + run, requests)));
      results.add(Measurement.median("sequential increment, WebSocket", runs,
          run -> latency.webSocket("counter", "ws-" + run, requests)));
      int historyLength = intArg(args, "--history", 100_000);
      ReplaySpeed replay = new ReplaySpeed(server.url());
      System.err.printf("recording a history of %d steps%n", historyLength);
      replay.record("long-history", historyLength);
      var history = replay.fetch("long-history");
      double[] speeds = new double[runs];
      for (int i = 0; i < runs; i++) {
        speeds[i] = ReplaySpeed.replay(history);
        System.err.printf("replay run %d: %.0f records/s%n", i + 1, speeds[i]);
      }
      System.out.println();
      System.out.println(Measurement.table(results, runs, requests));
      System.out.printf(java.util.Locale.ROOT, "%-36s %10.0f records/s   (median of %d replays of %d records)%n",
          "replay of one actor's history", Measurement.medianOf(speeds), runs, history.size());
    }
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
    }
    return fallback;
  }
}
