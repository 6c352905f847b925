package dev.rivulet.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

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

  private record Options(int runs, int requests, int warmup, int actors, int window,
      int actions, int subscribers, int broadcasts, int history, int million, int cold,
      int commitMs, Path json, boolean keepData, Path nodeClients, List<Integer> roomSizes,
      int messageChars, int roomRequests, int startRequests, int startWarmup,
      int startWarmUpCalls, Integer maxStateBytes, Set<String> phases, Map<String, String> streams,
      List<Integer> recovery, int recoveryRuns) {
    static Options parse(String[] args) {
      boolean quick = List.of(args).contains("--quick");
      Set<String> phases = new LinkedHashSet<>(List.of(
          stringArg(args, "--phases", String.join(",", PHASES)).split(",")));
      for (String phase : phases) {
        if (!PHASES.contains(phase)) {
          throw new IllegalArgumentException("unknown phase " + phase + "; the phases: " + PHASES);
        }
      }
      String maxState = stringArg(args, "--max-state-bytes", null);
      return new Options(
          intArg(args, "--runs", quick ? 2 : 5),
          intArg(args, "--requests", quick ? 200 : 2_000),
          intArg(args, "--warmup", quick ? 500 : 20_000),
          intArg(args, "--actors", quick ? 200 : 10_000),
          intArg(args, "--window", quick ? 100 : 1_000),
          intArg(args, "--actions", quick ? 2_000 : 100_000),
          intArg(args, "--subscribers", quick ? 50 : 1_000),
          intArg(args, "--broadcasts", quick ? 10 : 100),
          intArg(args, "--history", quick ? 2_000 : 100_000),
          intArg(args, "--million", quick ? 5_000 : 1_000_000),
          intArg(args, "--cold", quick ? 50 : 500),
          intArg(args, "--commit-ms", 100),
          Path.of(stringArg(args, "--json", "bench-results.json")),
          List.of(args).contains("--keep-data"),
          Path.of(stringArg(args, "--node-clients", "rivetkit-compat/js")),
          Arrays.stream(stringArg(args, "--room-sizes", quick ? "1,100,1000" : "1,100,1000,10000")
              .split(",")).map(String::trim).map(Integer::valueOf).toList(),
          intArg(args, "--message-chars", 100),
          intArg(args, "--room-requests", quick ? 100 : 1_000),
          intArg(args, "--start-requests", quick ? 200 : 1_000),
          intArg(args, "--start-warmup", quick ? 500 : 20_000),
          intArg(args, "--start-warm-up-calls", quick ? 1_000 : 10_000),
          maxState == null ? null : Integer.valueOf(maxState),
          phases, streamsArgs(args),
          Arrays.stream(stringArg(args, "--recovery", quick ? "1000" : "10000,1000000")
              .split(",")).filter(v -> !v.isBlank()).map(v -> Integer.parseInt(v.trim()))
              .toList(),
          intArg(args, "--recovery-runs", quick ? 1 : 3));
    }
  }

  private static final String USAGE = """
      Usage: java -jar bench/target/rivulet-bench.jar [options]

      Runs Rivulet's benchmarks against an embedded stack, with a bare Kafka Streams pipeline on
      the same broker as the floor; prints medians and ratios, writes them as JSON.

        --quick              small sizes, for a smoke run (a minute)
        --runs N             repeated runs per figure (5)
        --requests N         sequential requests per latency run (2000)
        --warmup N           warm-up requests before measuring (20000)
        --actors N           actors, one WebSocket each, for throughput (10000)
        --window N           actions in flight for throughput (1000)
        --actions N          actions per throughput run (100000)
        --subscribers N      WebSocket subscribers of the fan-out actor (1000)
        --broadcasts N       broadcasts per fan-out run (100)
        --history N          journal records of the replayed actor (100000)
        --million N          actors created for the footprint figure (1000000)
        --cold N             first actions on evicted actors (500)
        --commit-ms N        commit interval of the engine and the bare pipelines (100)
        --json FILE          where to write the results (bench-results.json)
        --keep-data          keep the broker's and the stores' files (several GB at the
                             default sizes) instead of deleting them at the end
        --node-clients DIR   where RivetKit's pinned JavaScript client is installed, for the
                             latency through it (rivetkit-compat/js; skipped without node)
        --room-sizes N,...   messages kept by the chat rooms of the large-state figure
                             (1,100,1000,10000; the room keeping 1 stands for an empty room)
        --message-chars N    characters of each chat message there (100)
        --room-requests N    sequential sends per room and run (1000)
        --start-requests N   the first requests timed after a start (1000)
        --start-warmup N     requests after those, before the steady ones (20000)
        --start-warm-up-calls N  also restart with ./rivulet's --warm-up N (10000; 0: not)
        --max-state-bytes N  the engine's limit on an actor's state (the engine's default)
        --streams KEY=VALUE  a Kafka Streams setting of the engine (repeatable), for
                             experiments: producer.compression.type=zstd
        --phases P,...       only these phases, in this order: latency, throughput,
                             subscription, fanout, replay, footprint (with the cold actors),
                             large-state, start, recovery (all of them)
        --recovery N[,N]     counters in the engine whose recovery from kill -9 is timed, with
                             transactional state stores off and on (10000,1000000; "" skips)
        --recovery-runs N    clean restarts and kills per size and setting (3)
        --recovery-only      only the recovery figures (section 8), on a broker of their own:
                             --recovery-only --recovery 1000000 --recovery-runs 1
      """;

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(USAGE);
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

  /** Runs the whole bench with {@code args} (see {@link #USAGE}). */
  static void run(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
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
        .put("start_warmup", o.startWarmup()).put("start_warm_up_calls", o.startWarmUpCalls()).put("streams", o.streams().toString())
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

      // Sequential latency, Rivulet and the floor interleaved run by run so drift hits both.
      SequentialLatency rivulet = new SequentialLatency(base);
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
          phase("warming up: %,d requests each over HTTP, WebSocket and the bare pipelines",
              o.warmup());
          rivulet.http("counter", "warmup", o.warmup(), null);
          rivulet.webSocket("counter", "warmup", o.warmup(), null);
          eosU.sequential("warmup", o.warmup());
          alos.sequential("warmup", o.warmup());

          phase("sequential latency: %d runs of %,d requests", o.runs(), o.requests());
          List<long[]> bareU = new ArrayList<>();
          List<long[]> bareC = new ArrayList<>();
          List<long[]> bareA = new ArrayList<>();
          List<long[]> http = new ArrayList<>();
          List<long[]> ws = new ArrayList<>();
          int committedRequests = Math.max(20, o.requests() / 40); // ~100 ms each
          TimeSplit httpSplit = new TimeSplit(base, "http");
          TimeSplit wsSplit = new TimeSplit(base, "websocket");
          List<TimeSplit.Split> httpSplits = new ArrayList<>();
          List<TimeSplit.Split> wsSplits = new ArrayList<>();
          for (int run = 1; run <= o.runs(); run++) {
            bareU.add(Measurement.logged("bare, exactly-once, read_uncommitted", run,
                eosU.sequential("seq", o.requests())));
            bareA.add(Measurement.logged("bare, at-least-once", run,
                alos.sequential("seq", o.requests())));
            bareC.add(Measurement.logged("bare, exactly-once, read_committed", run,
                eosC.sequential("seq", committedRequests)));
            long[] h = rivulet.http("counter", "http-" + run, o.requests(), httpSplit);
            httpSplits.add(httpSplit.of(h));
            http.add(Measurement.logged("Rivulet over HTTP", run, h));
            long[] w = rivulet.webSocket("counter", "ws-" + run, o.requests(), wsSplit);
            wsSplits.add(wsSplit.of(w));
            ws.add(Measurement.logged("Rivulet over WebSocket", run, w));
          }
          floor = Measurement.of("floor", bareU);
          report.latency("floor: bare Streams, exactly-once, read_uncommitted", floor, null, null);
          report.latency("bare Streams, at-least-once", Measurement.of("alos", bareA), floor,
              floorName);
          report.latency("bare Streams, exactly-once, read_committed", Measurement.of("c", bareC),
              floor, floorName);
          report.latency("1. sequential increment over HTTP", Measurement.of("http", http), floor,
              floorName);
          report.latency("1. sequential increment over WebSocket", Measurement.of("ws", ws), floor,
              floorName);
          report.split("1. HTTP, mean: " + TimeSplit.TERMS, httpSplits);
          report.split("1. WebSocket, mean: " + TimeSplit.TERMS, wsSplits);

          String noNode = NodeClients.unavailable(o.nodeClients());
          if (noNode == null) {
            phase("sequential latency from node: RivetKit's client and Rivulet's routes, %d runs "
                + "of %,d", o.runs(), o.requests());
            for (NodeClients.Figure f : NodeClients.measure(o.nodeClients(), base, o.runs(),
                o.requests(), Math.max(o.requests(), o.warmup() / 10))) {
              report.latency("1. from node: " + f.name(), f.measurement(), floor, floorName);
            }
          } else {
            phase("sequential latency through RivetKit's client: skipped: %s", noNode);
            report.plain("1. from node: RivetKit's client", "skipped: " + noNode, "",
                JsonNodeFactory.instance.objectNode().put("skipped", noNode));
          }
        }

        if (o.phases().contains("throughput")) {
          phase("throughput: %,d WebSockets on as many counters, %,d actions in flight, %d runs of "
              + "%,d", o.actors(), o.window(), o.runs(), o.actions());
          Driven bare = new Driven(o.runs());
          double[] bareAlosRate = new double[o.runs()];
          Driven webSockets = new Driven(o.runs());
          Driven direct = new Driven(o.runs());
          Driven connected = new Driven(o.runs());
          String wsPrefix = "tp";
          try (ThroughputProcess many =
                   new ThroughputProcess(base, wsPrefix, o.actors(), o.window());
               DirectInbox inbox = new DirectInbox(bootstrap, "bench")) {
            int warmup = Math.max(o.actors(), o.actions() / 5); // every actor created
            many.run(warmup);
            inbox.throughput("direct", warmup, o.actors(), o.window());
            eosU.throughput(o.actions() / 5, o.actors(), o.window());
            for (int run = 0; run < o.runs(); run++) {
              bare.measure(run, () -> eosU.throughput(o.actions(), o.actors(), o.window()),
                  () -> 0);
              bareAlosRate[run] = alos.throughput(o.actions(), o.actors(), o.window());
              webSockets.measure(run, () -> many.run(o.actions()), many::lastCpuNanos);
              direct.measure(run,
                  () -> inbox.throughput("direct", o.actions(), o.actors(), o.window()), () -> 0);
              connected.measure(run,
                  () -> inbox.throughput(wsPrefix, o.actions(), many.actors(), o.window()),
                  () -> 0);
              System.err.printf(Locale.ROOT, "  run %d: bare EOS %,.0f/s, bare ALOS %,.0f/s, "
                      + "Rivulet %,.0f actions/s; engine only %,.0f actions/s, on the connected "
                      + "actors %,.0f actions/s%n", run + 1, bare.rates[run], bareAlosRate[run],
                  webSockets.rates[run], direct.rates[run], connected.rates[run]);
            }
          }
          bareRate = bare.rates;
          report.rate("floor: bare Streams throughput, exactly-once", bareRate, "records/s", null,
              null);
          report.rate("bare Streams throughput, at-least-once", bareAlosRate, "records/s", bareRate,
              "bare EOS records/s");
          report.rate("2. throughput over WebSockets, " + actors + " actors", webSockets.rates,
              "actions/s", bareRate, "bare EOS records/s");
          report.rate("2. engine only: straight to the inbox and back, " + actors
              + " actors without connections", direct.rates, "actions/s", bareRate,
              "bare EOS records/s");
          report.rate("2. engine only: straight to the inbox and back, the WebSockets' " + actors
              + " actors", connected.rates, "actions/s", bareRate, "bare EOS records/s");
          long measured = (long) o.runs() * o.actions();
          for (String component : CpuBreakdown.COMPONENTS) {
            report.cpu("2. CPU per action: " + component, webSockets.micros(component, measured),
                bare.micros(component, measured));
          }
          for (String component : CpuBreakdown.ENGINE_ONLY) {
            report.engineOnlyCpu("2. engine only, CPU per action, their actors / without "
                + "connections: " + component, connected.micros(component, measured),
                direct.micros(component, measured), bare.micros(component, measured));
          }
          String paths = " (WebSockets / engine only: their actors / without connections)";
          report.traffic("2. broker: records appended per action, all topics" + paths, measured,
              webSockets.traffic.records(), connected.traffic.records(), direct.traffic.records(),
              bare.traffic.records());
          report.traffic("2. broker: produce requests per action" + paths, measured,
              webSockets.traffic.produceRequests(), connected.traffic.produceRequests(),
              direct.traffic.produceRequests(), bare.traffic.produceRequests());
          report.traffic("2. broker: fetch requests per action" + paths, measured,
              webSockets.traffic.fetchRequests(), connected.traffic.fetchRequests(),
              direct.traffic.fetchRequests(), bare.traffic.fetchRequests());
          for (var path : List.of(Map.entry("over WebSockets", webSockets),
              Map.entry("engine only, the WebSockets' actors", connected),
              Map.entry("engine only, actors without connections", direct),
              Map.entry("floor, per record", bare))) {
            report.records("2. broker: records appended per action by topic, " + path.getKey(),
                path.getValue().records, measured);
            report.bytes("2. broker: bytes taken in per action by topic, " + path.getKey(),
                path.getValue().bytes, measured, Double.NaN);
          }
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
  private static void recoveryPhase(Report report, Options o, String bootstrap, Path dir)
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
  private static void runRecoveryOnly(Options o) throws Exception {
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
  private static void largeState(Options o, String base, BarePipeline floorPipeline,
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
  private static void startUp(Options o, String bootstrap, Path dir, Report report)
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
      StartUp.rivulet(bootstrap, app, data, commit, 1, 0, 1, 0); // topics, the actor; a restart
      StartUp.Figures r = StartUp.rivulet(bootstrap, app, data, commit, o.startRequests(),
          o.startWarmup(), o.requests(), 0);
      rivulet.add(r);
      StartUp.Figures w = o.startWarmUpCalls() == 0 ? null : StartUp.rivulet(bootstrap, app, data,
          commit, o.startRequests(), o.startWarmup(), o.requests(), o.startWarmUpCalls());
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
        + "(counter.increment)", o.startWarmUpCalls());
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

  /**
   * One way of driving the throughput phase: its rate per run, and the CPU (by component) and the
   * broker's traffic it caused, summed over the runs.
   */
  private static final class Driven {
    final double[] rates;
    final Map<String, Long> cpu = new LinkedHashMap<>();
    BrokerTraffic traffic = new BrokerTraffic(0, 0, 0);
    final Map<String, Long> bytes = new TreeMap<>();
    final Map<String, Long> records = new TreeMap<>();

    Driven(int runs) {
      rates = new double[runs];
    }

    /** Runs {@code body} as run {@code run}; {@code clientCpu} (nanoseconds) is read after it. */
    void measure(int run, Callable<Double> body, LongSupplier clientCpu) throws Exception {
      CpuBreakdown before = new CpuBreakdown();
      BrokerTraffic trafficBefore = BrokerTraffic.now();
      Map<String, Long> bytesBefore = BrokerTraffic.bytesInByTopic();
      Map<String, Long> recordsBefore = BrokerTraffic.recordsInByTopic();
      rates[run] = body.call();
      CpuBreakdown.add(cpu, before.since(clientCpu.getAsLong()));
      traffic = traffic.plus(BrokerTraffic.now().since(trafficBefore));
      BrokerTraffic.bytesSince(bytesBefore, BrokerTraffic.bytesInByTopic())
          .forEach((topic, n) -> bytes.merge(topic, n, Long::sum));
      BrokerTraffic.bytesSince(recordsBefore, BrokerTraffic.recordsInByTopic())
          .forEach((topic, n) -> records.merge(topic, n, Long::sum));
    }

    /** {@code component}'s CPU per action over {@code actions} actions, in microseconds. */
    double micros(String component, long actions) {
      return cpu.get(component) / 1e3 / actions;
    }
  }

  private static void phase(String format, Object... args) {
    System.err.printf(Locale.ROOT, format + "%n", args);
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
    }
    return fallback;
  }

  /** Every {@code --streams KEY=VALUE}, in order. */
  private static Map<String, String> streamsArgs(String[] args) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i++) {
      if (!args[i].equals("--streams")) continue;
      int eq = args[i + 1].indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("--streams takes KEY=VALUE, got " + args[i + 1]);
      }
      settings.put(args[i + 1].substring(0, eq), args[i + 1].substring(eq + 1));
    }
    return settings;
  }

  private static String stringArg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) return args[i + 1];
    }
    return fallback;
  }
}
