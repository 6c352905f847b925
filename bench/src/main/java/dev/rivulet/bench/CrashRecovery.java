package dev.rivulet.bench;

import dev.rivulet.engine.Engine;
import dev.rivulet.engine.EngineConfig;
import dev.rivulet.examples.Counter;
import dev.rivulet.gateway.Gateway;
import dev.rivulet.gateway.GatewayConfig;
import dev.rivulet.server.Directories;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;

/**
 * How long an engine takes to answer again after {@code kill -9}, with {@code actors} counters in
 * its stores: the engine runs in a process of its own ({@link #main}), is filled through the inbox
 * ({@link ManyActors}), then stopped and started again on its state directory, cleanly (the floor:
 * no crash, nothing to repair) and killed outright, each {@code runs} times, alternately. The time
 * is from the signal to the moment every probe actor (one per inbox partition, so every task) has
 * answered an increment through a gateway, JVM start included. Transactional state stores on or
 * off, so that one run of the bench compares them on one machine. Last, once per run, killed and
 * started on an empty state directory: every store restored from its changelog, which is what
 * Kafka Streams up to 4.3 did after every {@code kill -9} under exactly-once (it wiped the stores
 * it could not trust), the "before" of decision 13.
 */
final class CrashRecovery {
  private static final int PARTITIONS = 8;
  private static final String RUNNING = "recovery engine running";
  private static final Duration START = Duration.ofMinutes(10);
  /**
   * A stream thread's warning as it wipes tasks' stores to restore them from scratch (Kafka
   * Streams 4.3 and 4.4, under exactly-once), with their ids. Not 4.4's warning at start-up that
   * a store "did not find checkpoint offsets" (it ignores transactional stores there, and wipes
   * nothing: decision 13).
   */
  private static final Pattern WIPE =
      Pattern.compile("Detected the states of tasks (.*) are corrupted");
  private static final Pattern TASK = Pattern.compile("\\d+_\\d+");

  /** The figures of one size and one setting, in seconds per run. */
  record Result(int actors, boolean transactional, double[] cleanRestart, double[] crash,
      double[] rebuilt, int wipes, double createSeconds, long stateBytes) {}

  private final String bootstrap;
  private final Path dir;

  CrashRecovery(String bootstrap, Path dir) {
    this.bootstrap = bootstrap;
    this.dir = dir;
  }

  Result measure(int actors, boolean transactional, int runs) throws Exception {
    String app = String.format(Locale.ROOT, "recovery-%s-%d", transactional ? "tx" : "plain",
        actors);
    Path dataDir = dir.resolve(app);
    EngineProcess engine = new EngineProcess(app, dataDir.resolve("streams"), transactional);
    Gateway gateway = null;
    try {
      engine.start();
      ManyActors.Footprint f = new ManyActors(bootstrap, app, dataDir).create(actors);
      gateway = Gateway.start(new GatewayConfig().bootstrapServers(bootstrap).application(app)
          .port(0).actionTimeout(Duration.ofSeconds(5)));
      Probe probe = new Probe("http://127.0.0.1:" + gateway.port(), probeKeys(actors));
      probe.awaitAll(System.nanoTime(), START); // every task up before the first measurement
      double[] clean = new double[runs];
      double[] crash = new double[runs];
      double[] rebuilt = new double[runs];
      int wipes = 0;
      for (int run = 0; run < runs; run++) {
        long stopped = System.nanoTime();
        engine.stop();
        engine.start();
        clean[run] = probe.awaitAll(stopped, START);
        long killed = System.nanoTime();
        engine.kill();
        engine.start();
        crash[run] = probe.awaitAll(killed, START);
        int wiped = engine.wipes();
        wipes += wiped;
        long lost = System.nanoTime();
        engine.kill();
        int left = Directories.delete(dataDir.resolve("streams"));
        if (left > 0) {
          throw new IllegalStateException(left + " files of the killed engine's state directory "
              + "could not be deleted: the restore from the changelogs would not be measured");
        }
        engine.start();
        rebuilt[run] = probe.awaitAll(lost, START);
        System.err.printf(Locale.ROOT, "  %,d actors, transactional stores %s, run %d: answering "
                + "again %.1f s after a clean stop, %.1f s after kill -9 (%d tasks' stores "
                + "wiped), %.1f s after kill -9 with the stores restored from their changelogs%n",
            actors, transactional ? "on" : "off", run + 1, clean[run], crash[run], wiped,
            rebuilt[run]);
      }
      return new Result(actors, transactional, clean, crash, rebuilt, wipes, f.seconds(),
          f.stateBytes());
    } finally {
      if (gateway != null) gateway.close();
      engine.kill();
    }
  }

  /** One counter on each inbox partition, among those {@link ManyActors#create} made. */
  private static List<String> probeKeys(int actors) {
    Map<Integer, String> byPartition = new LinkedHashMap<>();
    for (int i = 0; i < actors && byPartition.size() < PARTITIONS; i++) {
      String key = ManyActors.key(i);
      byte[] id = ("counter/" + key).getBytes(StandardCharsets.UTF_8);
      byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(id)) % PARTITIONS, key);
    }
    return List.copyOf(byPartition.values());
  }

  /** Increments on the probe actors until each has answered one sent after a given moment. */
  private static final class Probe {
    private final HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final List<String> keys;

    Probe(String base, List<String> keys) {
      this.base = base;
      this.keys = keys;
    }

    /** Seconds from {@code since} until every probe actor answered a request sent after it. */
    double awaitAll(long since, Duration timeout) throws Exception {
      List<CompletableFuture<Long>> answered = new ArrayList<>();
      for (String key : keys) {
        answered.add(CompletableFuture.supplyAsync(() -> firstAnswer(key, since, timeout)));
      }
      long last = 0;
      for (CompletableFuture<Long> a : answered) last = Math.max(last, a.get());
      return (last - since) / 1e9;
    }

    private long firstAnswer(String key, long since, Duration timeout) {
      long deadline = since + timeout.toNanos();
      HttpRequest request = HttpRequest.newBuilder(
              URI.create(base + "/api/actors/counter/" + key + "/actions/increment"))
          .timeout(Duration.ofSeconds(5)).header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("[1]")).build();
      while (System.nanoTime() < deadline) {
        try {
          if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return System.nanoTime();
          }
        } catch (IOException refusedOrTimedOut) {
          // not answering yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        try {
          Thread.sleep(20); // pacing the next try, not waiting for time to pass
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      throw new IllegalStateException("counter/" + key + " did not answer within " + timeout);
    }
  }

  /** The engine in a JVM of its own ({@link #main}), to stop and to kill. */
  private final class EngineProcess {
    private final String app;
    private final Path stateDir;
    private final boolean transactional;
    private Process process;
    private final Set<String> wiped = ConcurrentHashMap.newKeySet();

    EngineProcess(String app, Path stateDir, boolean transactional) {
      this.app = app;
      this.stateDir = stateDir;
      this.transactional = transactional;
    }

    void start() throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process = new ProcessBuilder(java, "-Xmx1g", "-XX:+UseParallelGC",
          "-cp", System.getProperty("java.class.path"), CrashRecovery.class.getName(),
          bootstrap, app, stateDir.toString(), String.valueOf(transactional))
          .redirectErrorStream(true).start();
      wiped.clear();
      CountDownLatch running = new CountDownLatch(1);
      Process p = process;
      Thread reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = out.readLine()) != null; ) {
            if (line.contains(RUNNING)) running.countDown();
            Matcher m = WIPE.matcher(line);
            if (m.find()) TASK.matcher(m.group(1)).results().forEach(t -> wiped.add(t.group()));
            if (line.contains("ERROR")) System.err.println("  engine: " + line);
          }
        } catch (IOException gone) {
          // the process ended
        }
      }, "recovery-engine-output");
      reader.setDaemon(true);
      reader.start();
      if (!running.await(START.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("the engine of " + app + " did not start");
      }
    }

    /** SIGTERM: the engine closes (commits, writes its checkpoints) and exits. */
    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(2, TimeUnit.MINUTES)) kill();
    }

    /** SIGKILL. */
    void kill() throws InterruptedException {
      if (process == null) return;
      process.destroyForcibly();
      process.waitFor(1, TimeUnit.MINUTES);
    }

    /** The tasks whose stores this run of the engine found unusable and wiped. */
    int wipes() {
      return wiped.size();
    }
  }

  /** The engine process: {@code <bootstrap> <app> <stateDir> <transactional>}. */
  public static void main(String[] args) throws Exception {
    Engine engine = Engine.start(new EngineConfig().bootstrapServers(args[0])
        .application(args[1]).stateDir(Path.of(args[2])).partitions(PARTITIONS)
        .transactionalStores(Boolean.parseBoolean(args[3])), List.of(Counter.class));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      engine.close();
      stopped.countDown();
    }, "recovery-engine-stop"));
    System.out.println(RUNNING);
    stopped.await();
  }
}
