package dev.rivulet.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The bench's options, from its command line ({@link #USAGE} lists them). */
record BenchOptions(int runs, int requests, int warmup, int actors, int window,
    int actions, int subscribers, int broadcasts, int history, int million, int cold,
    int commitMs, Path json, boolean keepData, Path nodeClients, List<Integer> roomSizes,
    int messageChars, int roomRequests, int startRequests, int startWarmup,
    int startWarmUpCalls, int startWarmUpLimitSeconds, Integer maxStateBytes, Set<String> phases,
    Map<String, String> streams,
    List<Integer> recovery, int recoveryRuns) {
  static BenchOptions parse(String[] args) {
    boolean quick = List.of(args).contains("--quick");
    Set<String> phases = new LinkedHashSet<>(List.of(
        stringArg(args, "--phases", String.join(",", Bench.PHASES)).split(",")));
    for (String phase : phases) {
      if (!Bench.PHASES.contains(phase)) {
        throw new IllegalArgumentException("unknown phase " + phase + "; the phases: " + Bench.PHASES);
      }
    }
    String maxState = stringArg(args, "--max-state-bytes", null);
    if (intArg(args, "--start-warm-up-limit", 60) < 1) {
      throw new IllegalArgumentException("--start-warm-up-limit must be 1 or more seconds, got "
          + intArg(args, "--start-warm-up-limit", 60));
    }
    return new BenchOptions(
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
        intArg(args, "--start-warm-up-limit", 60),
        maxState == null ? null : Integer.valueOf(maxState),
        phases, streamsArgs(args),
        Arrays.stream(stringArg(args, "--recovery", quick ? "1000" : "10000,1000000")
            .split(",")).filter(v -> !v.isBlank()).map(v -> Integer.parseInt(v.trim()))
            .toList(),
        intArg(args, "--recovery-runs", quick ? 1 : 3));
  }

  /** What {@code --help} prints. */
  static final String USAGE = """
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
        --start-warm-up-limit S  that restart's --warm-up-limit, in seconds (60)
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
