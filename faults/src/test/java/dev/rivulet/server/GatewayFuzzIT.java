package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.Mutator;
import dev.rivulet.server.testing.PrometheusText;
import dev.rivulet.server.testing.TestStack;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the gateway for a bounded time ({@code -Drivulet.fuzz.seconds}, 60 by default) with
 * random and mutated inputs from valid seeds ({@code -Drivulet.fuzz.seed} replays a run): HTTP on
 * Rivulet's routes and RivetKit's {@code /api/rivet} routes (stateless actions in JSON, CBOR and
 * BARE), WebSocket connections on Rivulet's JSON route and on RivetKit's {@code .../connect} in
 * JSON, CBOR and BARE (handshakes and messages), Server-Sent Events, and malformed HTTP framing on
 * a raw socket. Meanwhile a canary client increments a counter once a second and must get every
 * answer right. Checked: every refusal carries a stable code (one of {@link ErrorCode}'s, or an
 * actor's {@code user.*}), never {@code core.internal_error}; every frame the server sends is
 * readable; a connection given garbage still answers a well-formed call, or was closed with an
 * error saying why; the server keeps serving; its heap and threads stay bounded.
 */
class GatewayFuzzIT {
  private static final Duration BUDGET =
      Duration.ofSeconds(Long.getLong("rivulet.fuzz.seconds", 60));
  private static final long SEED = Long.getLong("rivulet.fuzz.seed", System.nanoTime());
  private static final int JETTY_MAX_THREADS = 200;
  /** Threads of the pools besides Jetty's that grow with the load and shrink when idle. */
  private static final int OTHER_THREADS = 50;
  private static final int CONNECTIONS_PER_ADDRESS = 20_000;
  /** An SSE stream whose client left ends at the server's next heartbeat (every 15 s). */
  private static final Duration CONNECTIONS_END = Duration.ofSeconds(45);
  private static final List<Class<? extends ActorBase<?>>> ACTORS = Stream.concat(
      TestActors.ALL.stream(), ModelActors.ALL.stream()).toList();

  private final FuzzTally tally = new FuzzTally();

  private RivuletServer server;
  private String base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void theGatewayKeepsServingAndRefusesEveryBadInputWithAStableCode() throws Exception {
    server = TestStack.start(ACTORS, c -> c
        .engine(e -> e.liveActorsPerTask(100).sleepAfter(Duration.ofSeconds(2)))
        // Every input comes from 127.0.0.1, standing for many clients: an SSE stream the fuzzer
        // left holds its place until the server's next heartbeat finds it gone (15 s), so the
        // per-address limit (1,000 by default; LimitsIT tests it) would refuse the fuzzer's own
        // well-formed connections on a fast machine.
        .gateway(g -> g.maxBodyBytes(64 * 1024).maxWsMessageBytes(64 * 1024)
            .maxConnectionsPerAddress(CONNECTIONS_PER_ADDRESS)
            .actionTimeout(Duration.ofSeconds(10))));
    base = server.url();
    System.out.printf("fuzzing the gateway for %d s, seed %d (-Drivulet.fuzz.seed=%d replays "
        + "it)%n", BUDGET.toSeconds(), SEED, SEED);
    HttpProbe canaryHttp = new HttpProbe(base);
    try {
      // Warm up before the baseline: classes loaded, pools filled.
      long warmUntil = System.nanoTime() + BUDGET.toNanos() / 10;
      runWorkers(warmUntil, SEED - 1);
      long[] before = heapAndThreads();
      long until = System.nanoTime() + BUDGET.toNanos();
      Thread canary = new Thread(() -> canary(canaryHttp, until), "fuzz-canary");
      canary.start();
      runWorkers(until, SEED);
      canary.join();
      long[] after = heapAndThreads();

      long total = tally.totalTried();
      System.out.printf("fuzz: %,d inputs tried in %d s (seed %d): %s%n", total,
          BUDGET.toSeconds(), SEED, tally.tried());
      System.out.printf("fuzz: answers %s%n", tally.answers());
      System.out.printf("fuzz: heap in use after GC %,d -> %,d KiB, threads %d -> %d%n",
          before[0] >> 10, after[0] >> 10, before[1], after[1]);
      Map<String, List<String>> problems = tally.problems();
      problems.forEach((kind, examples) -> System.out.printf("fuzz problem: %s (%d), e.g. %s%n",
          kind, examples.size(), examples.subList(0, Math.min(3, examples.size()))));
      assertThat(problems).as("problems found (seed " + SEED + ")").isEmpty();
      assertThat(total).isGreaterThan(100);
      assertThat(tally.answers("canary 200"))
          .as("the canary's right answers").isPositive();
      assertThat(after[0] - before[0]).as("heap growth, bytes").isLessThan(96L << 20);
      // Each SSE stream the fuzzer opened and left holds a server thread until the server's
      // next heartbeat finds it gone (15 s); idle threads leave Jetty's pool after 60 s. Bounded
      // by the pool's maximum (200, Javalin's default), not by the inputs tried; the other pools
      // that come and go with the load (the JDK HTTP client's, the gateway's SSE writers and
      // history readers, each idle thread gone after 60 s) add a few: growth that followed the
      // inputs tried would be thousands.
      assertThat(after[1] - before[1]).as("thread growth; the threads now by name: "
          + threadsByName()).isLessThan(JETTY_MAX_THREADS + OTHER_THREADS);
      // Every connection the fuzzer opened has ended and was let go: none is held for ever.
      Await.until("the fuzzer's connections to end on the server", CONNECTIONS_END,
          () -> openConnections(canaryHttp) == 0);
    } finally {
      server.close();
    }
  }

  // ---------------------------------------------------------------- workers

  private void runWorkers(long until, long seed) throws InterruptedException {
    HttpFuzz httpFuzz = new HttpFuzz(base, http, tally);
    WebSocketFuzz webSockets = new WebSocketFuzz(base, tally);
    SseFuzz sse = new SseFuzz(base, http, tally);
    RawHttpFuzz raw = new RawHttpFuzz(server.gateway().port(), tally);
    List<Thread> workers = new ArrayList<>();
    workers.add(worker("http", until, new Random(seed), httpFuzz::rivulet));
    workers.add(worker("http-rivetkit", until, new Random(seed + 1), httpFuzz::rivetKit));
    workers.add(worker("websocket", until, new Random(seed + 2), webSockets::session));
    workers.add(worker("sse-and-raw", until, new Random(seed + 3), m -> {
      if (m.random().nextBoolean()) sse.stream(m);
      else raw.request(m);
    }));
    workers.forEach(Thread::start);
    for (Thread t : workers) t.join();
  }

  private interface Input {
    void tryOne(Mutator m) throws Exception;
  }

  private Thread worker(String name, long until, Random random, Input input) {
    Mutator m = new Mutator(random);
    return new Thread(() -> {
      while (System.nanoTime() < until) {
        try {
          input.tryOne(m);
        } catch (Exception | AssertionError e) {
          tally.problem(name + ": the fuzzer's client failed", e.toString());
        }
      }
    }, "fuzz-" + name);
  }

  /** Once a second, an increment that must be answered, and answered right. */
  private void canary(HttpProbe probe, long until) {
    try {
      canaryLoop(probe, until);
    } catch (RuntimeException e) {
      tally.problem("the canary could not call", e.toString());
    }
  }

  private void canaryLoop(HttpProbe probe, long until) {
    long expected = 0;
    while (System.nanoTime() < until) {
      long started = System.nanoTime();
      HttpProbe.Response r = probe.action("tally", "fuzz-canary", "add", "[1]");
      expected++;
      tally.answered("canary " + r.status());
      if (r.status() == 408 && "actor.action_timed_out".equals(r.errorCode())) {
        // No reply within the gateway's timeout (a loaded machine): said with its stable code;
        // the increment may still apply, so the count is read again.
        expected = probe.action("tally", "fuzz-canary", "total", "[]").json().path("output")
            .asLong();
      } else if (r.status() != 200 || r.json().path("output").asLong() != expected) {
        tally.problem("the canary was not answered right", r.status() + " " + r.text()
            + ", expected " + expected);
        expected = probe.action("tally", "fuzz-canary", "total", "[]").json().path("output")
            .asLong();
      }
      long waited = (System.nanoTime() - started) / 1_000_000;
      try {
        Thread.sleep(Math.max(0, 1_000 - waited)); // pacing, not waiting for a condition
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Heap in use after a full GC, and live threads. */
  private static double openConnections(HttpProbe http) {
    PrometheusText metrics = PrometheusText.parse(http.get("/metrics").text());
    return metrics.valueOrZero("rivulet_connections_active", "kind", "websocket")
        + metrics.valueOrZero("rivulet_connections_active", "kind", "sse");
  }

  /** This JVM's threads counted by name, digits dropped (pools name their threads by number). */
  private static Map<String, Long> threadsByName() {
    return Thread.getAllStackTraces().keySet().stream().collect(Collectors.groupingBy(
        t -> t.getName().replaceAll("[0-9]+", "#"), TreeMap::new, Collectors.counting()));
  }

  private static long[] heapAndThreads() {
    for (int i = 0; i < 3; i++) System.gc();
    return new long[] {ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
        ManagementFactory.getThreadMXBean().getThreadCount()};
  }
}
