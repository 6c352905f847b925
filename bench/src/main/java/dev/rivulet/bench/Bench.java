package dev.rivulet.bench;

import dev.rivulet.examples.ChatRoom;
import dev.rivulet.examples.Counter;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.server.Directories;
import dev.rivulet.server.EmbeddedBroker;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.ServerConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark suite. Starts an embedded broker, Rivulet (engine + gateway) with the examples and,
 * on the same broker, a bare Kafka Streams read-modify-write pipeline (no Rivulet code) as the
 * floor; measures each figure over repeated runs, prints a table of medians with each Rivulet
 * figure's ratio to the floor, and writes the same as JSON.
 *
 * <pre>java -jar bench/target/rivulet-bench.jar [--quick] [--runs 5] [--json bench-results.json]</pre>
 *
 * {@code --help} lists every option.
 */
public final class Bench {
  private Bench() {}

  /** Every phase, in the order they run; {@code --phases} picks some. */
  static final List<String> PHASES = List.of("latency", "throughput", "subscription", "fanout",
      "replay", "footprint", "large-state", "start", "recovery");

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(BenchOptions.USAGE);
      return;
    }
    try {
      run(args);
    } catch (CannotRun e) {
      System.err.println("rivulet-bench: " + e.getMessage());
      System.exit(2);
    }
  }

  /** What keeps the bench from starting, said to its user without a stack trace. */
  static final class CannotRun extends Exception {
    CannotRun(String message) {
      super(message);
    }
  }

  /** Runs the whole bench with {@code args} (see {@link BenchOptions#USAGE}). */
  static void run(String[] args) throws Exception {
    BenchOptions o;
    try {
      o = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      throw new CannotRun(e.getMessage());
    }
    if (List.of(args).contains("--recovery-only")) {
      runRecoveryOnly(o);
      return;
    }
    // The server ends of the throughput sockets and both ends of the fan-out ones live in this
    // JVM, next to the broker's and the state stores' files (thousands with a million actors);
    // the throughput clients in a process of their own.
    long neededFds = Math.max(o.actors(), 2L * o.subscribers())
        + (o.million() >= 100_000 ? 10_000 : 2_000);
    if (ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.UnixOperatingSystemMXBean os
        && os.getMaxFileDescriptorCount() < neededFds) {
      throw new CannotRun(String.format(Locale.ROOT, "%,d WebSockets need about %,d open files; "
              + "this process may open %,d. Raise the limit first (ulimit -n %d) or pass --actors.",
          o.actors(), neededFds, os.getMaxFileDescriptorCount(), neededFds));
    }
    Path dir = Files.createTempDirectory("rivulet-bench-");
    Report report = new Report();
    report.settings().put("runs", o.runs()).put("requests", o.requests())
        .put("warmup", o.warmup()).put("actors", o.actors()).put("window", o.window())
        .put("actions", o.actions()).put("subscribers", o.subscribers())
        .put("broadcasts", o.broadcasts()).put("history", o.history())
        .put("million", o.million()).put("cold", o.cold()).put("commit_ms", o.commitMs())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("max_heap_bytes", Runtime.getRuntime().maxMemory())
        .put("java", System.getProperty("java.version"))
        .put("phases", String.join(",", o.phases()))
        .put("room_sizes", o.roomSizes().toString()).put("message_chars", o.messageChars())
        .put("room_requests", o.roomRequests()).put("start_requests", o.startRequests())
        .put("start_warmup", o.startWarmup()).put("start_warm_up_calls", o.startWarmUpCalls())
        .put("start_warm_up_limit_s", o.startWarmUpLimitSeconds()).put("streams", o.streams().toString())
        .put("recovery", o.recovery().toString()).put("recovery_runs", o.recoveryRuns());
    try (RivuletServer server = RivuletServer.start(new ServerConfig()
        .dataDir(dir).brokerPort(0).application("bench")
        .actors(Counter.class, ChatRoom.class, BenchTally.class)
        .subscribe(BenchTally.subscription()).output(BenchTally.output())
        .engine(e -> {
          e.commitInterval(Duration.ofMillis(o.commitMs()));
          if (o.maxStateBytes() != null) e.maxStateBytes(o.maxStateBytes());
          o.streams().forEach(e::streamsProperty);
        })
        // The bench's clients are all on this machine: 10,000 sockets from one address, as fast
        // as they go; it reads the history through the admin API.
        .gateway(g -> g.port(0).adminOpen(true).maxConnectionsPerAddress(0)
            .maxMessagesPerSecond(0)))) {
      String base = server.url();
      String bootstrap = server.bootstrapServers();
      Duration commit = Duration.ofMillis(o.commitMs()); // the engine's, for the floor too

      // The floor: bare pipelines on the same broker, measured beside Rivulet in each phase.
      try (BarePipeline eosU = new BarePipeline(bootstrap, "eos-u", true, false, commit, 8,
               dir.resolve("bare-eos-u"));
           BarePipeline eosC = new BarePipeline(bootstrap, "eos-c", true, true, commit, 8,
               dir.resolve("bare-eos-c"));
           BarePipeline alos = new BarePipeline(bootstrap, "alos", false, false, commit, 8,
               dir.resolve("bare-alos"))) {
        Measurement floor = null;
        String floorName = "bare EOS/read_uncommitted p50";
        double[] bareRate = null;
        String actors = String.format(Locale.ROOT, "%,d", o.actors());
        if (o.phases().contains("latency")) {
          floor = LatencyPhase.run(o, base, eosU, eosC, alos, report);
        }

        if (o.phases().contains("throughput")) {
          bareRate = ThroughputPhase.run(o, base, bootstrap, eosU, alos, report);
        }

        if (o.phases().contains("subscription")) {
          phase("subscription: bursts of %,d records of a topic over %,d counters, applied and "
              + "published, read_committed; %d runs", o.actions(), o.actors(), o.runs());
          double[] subscribed = new double[o.runs()];
          double[] drained = new double[o.runs()];
          try (Drain rivuletDrain = new Drain(bootstrap, BenchTally.IN, BenchTally.OUT, "rivulet");
               Drain bareDrain = new Drain(bootstrap, eosC.in(), eosC.out(), "bare")) {
            int warmup = Math.max(o.actors(), o.actions() / 5); // every counter created
            rivuletDrain.run("tally", warmup, o.actors());
            bareDrain.run("drain", warmup, o.actors());
            for (int run = 0; run < o.runs(); run++) {
              drained[run] = bareDrain.run("drain", o.actions(), o.actors());
              subscribed[run] = rivuletDrain.run("tally", o.actions(), o.actors());
              System.err.printf(Locale.ROOT, "  run %d: bare EOS %,.0f records/s, Rivulet's "
                  + "subscription %,.0f records/s%n", run + 1, drained[run], subscribed[run]);
            }
          }
          report.rate("7. floor: bare Streams throughput draining a burst, exactly-once, "
              + "read_committed", drained, "records/s", null, null);
          report.rate("7. subscription throughput: a burst of a topic's records applied and "
              + "published, " + actors + " actors", subscribed, "records/s", drained,
              "bare EOS drain records/s");
        }

        if (o.phases().contains("fanout")) {
          phase("fan-out: %,d WebSocket subscribers of one actor, %d runs of %d broadcasts",
              o.subscribers(), o.runs(), o.broadcasts());
          List<long[]> deliveries = new ArrayList<>();
          try (FanOut fanOut = new FanOut(base, "fan-out", o.subscribers())) {
            fanOut.run(Math.max(2, o.broadcasts() / 5)); // warm-up
            for (int run = 1; run <= o.runs(); run++) {
              deliveries.add(Measurement.logged("fan-out delivery", run,
                  fanOut.run(o.broadcasts())));
            }
          }
          report.latency("3. fan-out to " + String.format(Locale.ROOT, "%,d", o.subscribers())
              + " subscribers, delivery", Measurement.of("fan-out", deliveries), floor, floorName);
        }

        if (o.phases().contains("replay")) {
          phase("replay: one counter with %,d journal records", o.history());
          ReplaySpeed replay = new ReplaySpeed(base);
          replay.record("long-history", o.history());
          List<JournalRecord> history = replay.fetch("long-history");
          ReplaySpeed.replay(history); // warm-up
          double[] speeds = new double[o.runs()];
          for (int i = 0; i < o.runs(); i++) {
            speeds[i] = ReplaySpeed.replay(history);
            System.err.printf(Locale.ROOT, "  replay run %d: %,.0f records/s%n", i + 1, speeds[i]);
          }
          report.rate("6. replay of one actor's history (" + String.format(Locale.ROOT, "%,d",
              history.size()) + " records)", speeds, "records/s", bareRate, "bare EOS records/s");
        }

        if (o.phases().contains("footprint")) {
          phase("footprint: creating %,d actors", o.million());
          ManyActors many = new ManyActors(bootstrap, "bench", dir);
          ManyActors.Footprint f = many.create(o.million());
          String n = String.format(Locale.ROOT, "%,d", f.actors());
          report.plain("5. " + n + " actors: heap growth per actor",
              String.format(Locale.ROOT, "%.0f", f.heapPerActor()), "bytes",
              report.settings().objectNode().put("bytes", f.heapPerActor())
                  .put("heap_before", f.heapBefore()).put("heap_after", f.heapAfter()));
          report.plain("5. " + n + " actors: JVM heap in use after GC (all of it)",
              String.format(Locale.ROOT, "%.0f", f.heapAfter() / 1048576.0), "MiB",
              report.settings().objectNode().put("mib", f.heapAfter() / 1048576.0));
          report.plain("5. " + n + " actors: state store disk per actor",
              String.format(Locale.ROOT, "%.0f", f.stateBytes() / (double) f.actors()), "bytes",
              report.settings().objectNode().put("bytes", f.stateBytes() / (double) f.actors()));
          report.plain("5. " + n + " actors: Kafka log per actor (all topics)",
              String.format(Locale.ROOT, "%.0f", f.kafkaBytes() / (double) f.actors()), "bytes",
              report.settings().objectNode().put("bytes", f.kafkaBytes() / (double) f.actors()));
          report.plain("5. " + n + " actors: creation rate (straight to the inbox)",
              String.format(Locale.ROOT, "%,.0f", f.actors() / f.seconds()), "actors/s",
              report.settings().objectNode().put("per_second", f.actors() / f.seconds()));

          phase("cold actors: first action on %d actors out of the live-actor cache", o.cold());
          List<long[]> cold = new ArrayList<>();
          int perRun = Math.max(1, o.cold() / o.runs());
          int stride = Math.max(1, o.million() / 2 / (perRun * o.runs()));
          for (int run = 0; run < o.runs(); run++) {
            cold.add(Measurement.logged("cold actor", run + 1,
                ManyActors.coldActions(base, perRun, run * perRun, stride)));
          }
          report.latency("4. first action on a cold actor (HTTP)", Measurement.of("cold", cold),
              floor, floorName);
        }
        if (o.phases().contains("large-state")) largeState(o, base, eosU, report);
        if (o.phases().contains("start")) startUp(o, bootstrap, dir, report);
        if (o.phases().contains("recovery")) recoveryPhase(report, o, bootstrap, dir);
      }
    } finally {
      // After the stack closed (try-with-resources closes it first).
      if (o.keepData()) {
        System.err.println("data kept in " + dir);
      } else {
        int left = Directories.delete(dir);
        if (left > 0) {
          System.err.println("rivulet-bench: " + left + " paths of " + dir + " could not be deleted");
        }
      }
    }
    System.out.println();
    System.out.print(report.table());
    report.write(o.json());
    System.out.println("\nwritten to " + o.json().toAbsolutePath());
  }

  /**
   * Section 8: how long an engine process takes to answer again after a clean stop and after
   * {@code kill -9}, for each of the {@code --recovery} sizes, transactional state stores off and
   * on.
   */
  private static void recoveryPhase(Report report, BenchOptions o, String bootstrap, Path dir)
      throws Exception {
    CrashRecovery recovery = new CrashRecovery(bootstrap, dir);
    for (int size : o.recovery()) {
      String n = String.format(Locale.ROOT, "%,d", size);
      phase("recovery: an engine process with %s counters stopped cleanly and killed "
          + "(kill -9), %d times each, transactional state stores off and on", n,
          o.recoveryRuns());
      for (boolean transactional : new boolean[] {false, true}) {
        CrashRecovery.Result r = recovery.measure(size, transactional, o.recoveryRuns());
        String stores = transactional ? "on" : "off";
        report.rate("8. " + n + " actors, transactional stores " + stores
            + ": answering again after a clean stop (floor)", r.cleanRestart(), "s", null,
            null);
        report.rate("8. " + n + " actors, transactional stores " + stores
            + ": answering again after kill -9", r.crash(), "s", r.cleanRestart(),
            "clean restart s");
        report.rate("8. " + n + " actors, transactional stores " + stores
            + ": answering again after kill -9, stores restored from their changelogs (a wipe,"
            + " Kafka 4.3's way)", r.rebuilt(), "s", r.cleanRestart(), "clean restart s");
        report.plain("8. " + n + " actors, transactional stores " + stores
            + ": tasks whose stores were wiped after the kills", String.valueOf(r.wipes()),
            "tasks", report.settings().objectNode().put("tasks", r.wipes())
                .put("state_bytes", r.stateBytes()).put("create_seconds", r.createSeconds()));
      }
    }
  }

  /**
   * {@code --recovery-only}: section 8 alone, against a broker of its own (no engine or gateway
   * of the bench's), for the sizes too slow to run with everything else (a million actors).
   */
  private static void runRecoveryOnly(BenchOptions o) throws Exception {
    Path dir = Files.createTempDirectory("rivulet-bench-");
    Report report = new Report();
    report.settings().put("recovery", o.recovery().toString())
        .put("recovery_runs", o.recoveryRuns())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("java", System.getProperty("java.version"));
    try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("kafka"), 0)) {
      recoveryPhase(report, o, broker.bootstrapServers(), dir);
    } finally {
      if (o.keepData()) {
        System.err.println("data kept in " + dir);
      } else {
        Directories.delete(dir);
      }
    }
    System.out.println();
    System.out.print(report.table());
    report.write(o.json());
    System.out.println("\nwritten to " + o.json().toAbsolutePath());
  }

  /**
   * The large-state figure ({@link LargeState}): chat rooms keeping each of {@code --room-sizes}
   * messages, filled, then measured run by run, interleaved with the floor's sequential records
   * so that drift hits both; the broker's bytes in per send against the message's own size.
   */
  private static void largeState(BenchOptions o, String base, BarePipeline floorPipeline,
      Report report) throws Exception {
    phase("large state: chat rooms keeping %s messages of %d characters; %d runs of %,d sends",
        o.roomSizes(), o.messageChars(), o.runs(), o.roomRequests());
    LargeState rooms = new LargeState(base, o.messageChars());
    for (int keep : o.roomSizes()) {
      long start = System.nanoTime();
      rooms.prepare(keep);
      phase("  room keeping %,d filled in %.1f s", keep, (System.nanoTime() - start) / 1e9);
    }
    floorPipeline.sequential("warmup", Math.min(o.warmup(), 5_000));
    for (int keep : o.roomSizes()) rooms.measure(keep, o.roomRequests()); // warm-up
    List<long[]> floorRuns = new ArrayList<>();
    Map<String, Long> floorBytes = new TreeMap<>();
    Map<Integer, List<LargeState.Run>> runs = new LinkedHashMap<>();
    for (int run = 1; run <= o.runs(); run++) {
      Map<String, Long> before = BrokerTraffic.bytesInByTopic();
      floorRuns.add(Measurement.logged("bare, exactly-once, read_uncommitted", run,
          floorPipeline.sequential("large", o.roomRequests())));
      BrokerTraffic.bytesSince(before, BrokerTraffic.bytesInByTopic()).forEach((topic, n) -> {
        if (topic.startsWith(floorPipeline.in().replace(".in", ""))) {
          floorBytes.merge(topic, n, Long::sum);
        }
      });
      for (int keep : o.roomSizes()) {
        LargeState.Run r = rooms.measure(keep, o.roomRequests());
        Measurement.logged("sendMessage, room keeping " + keep, run, r.latencies());
        runs.computeIfAbsent(keep, k -> new ArrayList<>()).add(r);
      }
    }
    Measurement floor = Measurement.of("floor", floorRuns);
    String floorName = "bare EOS/read_uncommitted p50, same runs";
    report.latency("8. floor: bare Streams, exactly-once, read_uncommitted, beside the rooms",
        floor, null, null);
    long floorRecords = (long) o.runs() * o.roomRequests();
    report.bytes("8. floor: Kafka bytes per record, all its topics", floorBytes, floorRecords,
        Double.NaN);
    Measurement empty = runs.containsKey(1)
        ? Measurement.of("empty", runs.get(1).stream().map(LargeState.Run::latencies).toList())
        : null;
    for (Map.Entry<Integer, List<LargeState.Run>> e : runs.entrySet()) {
      int keep = e.getKey();
      String room = String.format(Locale.ROOT, "a chat room keeping %,d messages of %d characters",
          keep, o.messageChars());
      Measurement m = Measurement.of("room", e.getValue().stream()
          .map(LargeState.Run::latencies).toList());
      report.latency("8. sendMessage on " + room + " (HTTP)", m, floor, floorName);
      if (empty != null && keep != 1) {
        report.latency("8. the same, against the room keeping 1 (the empty room)", m, empty,
            "room keeping 1 p50, same runs");
      }
      Map<String, Long> bytes = new TreeMap<>();
      Map<String, Long> stored = new TreeMap<>();
      long sends = 0;
      long messageBytes = 0;
      for (LargeState.Run r : e.getValue()) {
        r.bytesByTopic().forEach((topic, n) -> bytes.merge(topic, n, Long::sum));
        r.storedByTopic().forEach((topic, n) -> stored.merge(topic, n, Long::sum));
        sends += r.latencies().length;
        messageBytes += r.messageBytes();
      }
      report.bytes("8. Kafka bytes per sendMessage on " + room + ", all topics", bytes, sends,
          messageBytes / (double) sends);
      report.bytes("8. Kafka bytes stored per sendMessage on " + room
          + ", all topics (the logs on disk, compressed as stored)", stored, sends,
          messageBytes / (double) sends);
    }
  }

  /**
   * The first requests after a start ({@link StartUp}): each run starts the bare pipeline in a
   * fresh process, then restarts Rivulet in a fresh process on an application and data
   * directory a first process already set up (topics created, actor created, closed cleanly): the
   * start an operator's restart or deploy is.
   */
  private static void startUp(BenchOptions o, String bootstrap, Path dir, Report report)
      throws Exception {
    phase("start: a fresh process's first %,d requests, then %,d more, then %,d steady; %d runs",
        o.startRequests(), o.startWarmup(), o.requests(), o.runs());
    Duration commit = Duration.ofMillis(o.commitMs());
    List<StartUp.Figures> bare = new ArrayList<>();
    List<StartUp.Figures> rivulet = new ArrayList<>();
    List<StartUp.Figures> warmed = new ArrayList<>();
    for (int run = 1; run <= o.runs(); run++) {
      StartUp.Figures b = StartUp.bare(bootstrap, "start-" + run, dir.resolve("start-bare-" + run),
          commit, o.startRequests(), o.startWarmup(), o.requests());
      bare.add(b);
      String app = "start" + run;
      Path data = dir.resolve("start-" + run);
      Duration limit = Duration.ofSeconds(o.startWarmUpLimitSeconds());
      // topics, the actor; then a restart
      StartUp.rivulet(bootstrap, app, data, commit, 1, 0, 1, 0, limit);
      StartUp.Figures r = StartUp.rivulet(bootstrap, app, data, commit, o.startRequests(),
          o.startWarmup(), o.requests(), 0, limit);
      rivulet.add(r);
      StartUp.Figures w = o.startWarmUpCalls() == 0 ? null : StartUp.rivulet(bootstrap, app, data,
          commit, o.startRequests(), o.startWarmup(), o.requests(), o.startWarmUpCalls(), limit);
      if (w != null) warmed.add(w);
      System.err.printf(Locale.ROOT, "  run %d: bare: ready after %.1f s, first %,d done after "
              + "%.1f s; Rivulet restarted: serving after %.1f s, first %,d done after %.1f s%s%n",
          run, b.readyMillis() / 1e3, o.startRequests(), b.firstDoneMillis() / 1e3,
          r.readyMillis() / 1e3, o.startRequests(), r.firstDoneMillis() / 1e3, w == null ? ""
              : String.format(Locale.ROOT, "; with a warm-up: serving after %.1f s, first done "
                  + "after %.1f s", w.readyMillis() / 1e3, w.firstDoneMillis() / 1e3));
      Measurement.logged("Rivulet's first requests", run, r.first());
      Measurement.logged("Rivulet's steady requests", run, r.steady());
    }
    String n = String.format(Locale.ROOT, "%,d", o.startRequests());
    String warmedName = String.format(Locale.ROOT, "Rivulet, restarted with --warm-up %d "
        + "(counter.increment)%s", o.startWarmUpCalls(), o.startWarmUpLimitSeconds() == 60 ? ""
            : " --warm-up-limit " + o.startWarmUpLimitSeconds() + "s");
    for (var side : List.of(Map.entry("floor: bare Streams", bare),
        Map.entry("Rivulet, restarted", rivulet), Map.entry(warmedName, warmed))) {
      List<StartUp.Figures> figures = side.getValue();
      if (figures.isEmpty()) continue;
      double ready = Measurement.medianOf(figures.stream()
          .mapToDouble(StartUp.Figures::readyMillis).toArray()) / 1e3;
      double done = Measurement.medianOf(figures.stream()
          .mapToDouble(StartUp.Figures::firstDoneMillis).toArray()) / 1e3;
      report.plain("9. " + side.getKey() + " in a fresh process: serving after / first " + n
              + " answered after", String.format(Locale.ROOT, "%.1f / %.1f", ready, done), "s",
          report.settings().objectNode().put("ready_s", ready).put("first_done_s", done));
      Measurement steady = Measurement.of("steady",
          figures.stream().map(StartUp.Figures::steady).toList());
      report.latency("9. " + side.getKey() + ": steady, after " + String.format(Locale.ROOT,
          "%,d", o.startRequests() + o.startWarmup()) + " requests", steady, null, null);
      report.latency("9. " + side.getKey() + ": the first " + n + " requests after the start",
          Measurement.of("first", figures.stream().map(StartUp.Figures::first).toList()), steady,
          "its steady p50, same process");
    }
    report.split("9. Rivulet, restarted: the first " + n + ", mean: " + TimeSplit.TERMS,
        rivulet.stream().map(StartUp.Figures::firstSplit).toList());
    report.split("9. Rivulet, restarted: steady, mean: " + TimeSplit.TERMS,
        rivulet.stream().map(StartUp.Figures::steadySplit).toList());
    if (!warmed.isEmpty()) {
      report.split("9. " + warmedName + ": the first " + n + ", mean: " + TimeSplit.TERMS,
          warmed.stream().map(StartUp.Figures::firstSplit).toList());
    }
  }

  /** Says on stderr what the bench does now. */
  static void phase(String format, Object... args) {
    System.err.printf(Locale.ROOT, format + "%n", args);
  }
}
