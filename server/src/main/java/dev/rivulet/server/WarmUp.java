package dev.rivulet.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.client.ActorConnection;
import dev.rivulet.client.ActorError;
import dev.rivulet.client.ActorHandle;
import dev.rivulet.client.RivuletClient;
import dev.rivulet.engine.Engine;
import dev.rivulet.engine.EngineConfig;
import dev.rivulet.gateway.Gateway;
import dev.rivulet.gateway.GatewayConfig;
import dev.rivulet.records.RecordCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms a fresh JVM's hot path before it serves ({@code --warm-up CALLS}): a JVM runs its code
 * interpreted, then compiled with profiling, and only after thousands of calls fully compiled, so
 * the first thousand requests after a start would answer several times slower than the steady
 * state (decision 16 has the figures).
 *
 * <p>The warm-up runs a throwaway application of its own on the same cluster, named {@code
 * <app>-warm-up-<random>}: an engine (one partition, the user's exactly-once and commit settings
 * and Kafka client settings), a gateway on a loopback port, and clients calling it, half over HTTP
 * and half over WebSockets, until {@code calls} calls were answered or {@code limit} passed. The
 * calls are the ones the configuration names ({@link ServerConfig#warmUpCall(String)}: the
 * user's own actions, run by the user's own actor classes, which warms their code too and is
 * measurably warmer, decision 16), else {@link WarmUpActor#add}. An action is a pure function of
 * its state and its call, so running it in a throwaway application changes nothing anywhere
 * else; the warm-up's engine has no effects, subscriptions or output topics configured, so an
 * action that needs one answers an error, which is logged once and warms the path all the same. Then all of it is closed and its
 * topics, its consumer group and its state directory are deleted. The user's topics get no record
 * of it. What it runs is the code the user's application runs (the gateway's routes and sockets,
 * the Kafka clients, the stream processor, RocksDB), so the JIT has compiled it before the first
 * real request.
 *
 * <p>A warm-up never keeps the server from starting: if it fails (say the cluster's ACLs do not
 * let it create its topics) it says so in the log and the server starts cold.
 */
final class WarmUp {
  private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
  /** Clients calling at once: enough to fill the pipeline, few enough for two cores. */
  private static final int CLIENTS = 8;
  /** How often the warm-up looks at its calls and the compiler. */
  private static final Duration SAMPLE = Duration.ofMillis(100);
  /** The compiler's activity logged at the end is over the calls' last {@code LAST}. */
  private static final Duration LAST = Duration.ofSeconds(5);
  /** A compiler busier than this over the calls' last seconds had not finished the hot path. */
  private static final double STILL_COMPILING = 0.5;

  /** What a warm-up did: the calls answered and how long it took, start and clean-up included. */
  record Result(int calls, Duration took) {}

  /**
   * A call the warm-up makes: action {@code action} of actor type {@code type}, with {@code args}
   * (a JSON array). Written {@code type.action [args]} on the command line.
   */
  record Call(String type, String action, ArrayNode args) {
    /** The built-in call, on {@link WarmUpActor}. */
    static final Call BUILT_IN = new Call("warm-up", "add",
        JsonNodeFactory.instance.arrayNode().add(1));

    /**
     * {@code type.action [args]}: the type up to the first dot (actor types have none), the
     * action up to the first blank, then the arguments as a JSON array (none: {@code []}).
     */
    static Call parse(String text) {
      String t = text.strip();
      int dot = t.indexOf('.');
      int blank = t.indexOf(' ');
      String name = blank < 0 ? t : t.substring(0, blank);
      String argsText = blank < 0 ? "[]" : t.substring(blank + 1).strip();
      if (dot < 1 || dot >= name.length() - 1) {
        throw new IllegalArgumentException("a warm-up call is TYPE.ACTION [ARGS], such as "
            + "counter.increment [1]; got " + text);
      }
      // Read as the gateway reads a client's arguments, so that what one refuses the other does.
      JsonNode args;
      try {
        args = RecordCodec.readTree(RecordCodec.mapper(), argsText);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("the arguments of warm-up call " + name
            + " must be a JSON array, got " + argsText + " ("
            + e.getOriginalMessage().lines().findFirst().orElse("unreadable") + ")");
      } catch (IOException e) {
        throw new IllegalArgumentException("the arguments of warm-up call " + name
            + " must be a JSON array, got " + argsText, e);
      }
      if (!(args instanceof ArrayNode array)) {
        throw new IllegalArgumentException("the arguments of warm-up call " + name
            + " must be a JSON array, got " + argsText);
      }
      return new Call(name.substring(0, dot), name.substring(dot + 1), array);
    }

    @Override
    public String toString() {
      return type + "." + action + " " + args;
    }
  }

  private WarmUp() {}

  /**
   * Runs a warm-up of {@code calls} calls (at most {@code limit}) against the cluster at {@code
   * bootstrap}, with the settings of {@code config}, in a directory under {@code dataDir}.
   */
  static Result run(ServerConfig config, String bootstrap, Path dataDir, int calls,
      Duration limit) {
    long start = System.nanoTime();
    String app = config.engineConfig().application() + "-warm-up-"
        + UUID.randomUUID().toString().substring(0, 8);
    Path dir = dataDir.resolve("warm-up").resolve(app);
    AtomicInteger answered = new AtomicInteger();
    long started = start;
    long called = start;
    try {
      Files.createDirectories(dir);
      List<Call> named = config.warmUpCallList();
      List<Class<? extends ActorBase<?>>> classes = new ArrayList<>(List.of(WarmUpActor.class));
      if (!named.isEmpty()) classes.addAll(config.actors());
      try (Engine engine = Engine.start(engineConfig(config.engineConfig(), bootstrap, app, dir),
              classes);
          Gateway gateway = Gateway.start(gatewayConfig(config.gatewayConfig(), bootstrap, app))) {
        started = System.nanoTime();
        call("http://127.0.0.1:" + gateway.port(), named.isEmpty() ? List.of(Call.BUILT_IN)
            : named, calls, started + limit.toNanos(), answered);
        called = System.nanoTime();
      }
    } catch (Exception | LinkageError e) {
      log.warn("the warm-up failed after {} calls; starting cold: {}", answered.get(),
          e.toString());
    } finally {
      clean(config, bootstrap, app);
      int left = Directories.delete(dir);
      if (left > 0) log.warn("{} files of the warm-up's state directory {} were left", left, dir);
    }
    long end = System.nanoTime();
    Result result = new Result(answered.get(), Duration.ofNanos(end - start));
    log.info("warmed up with {} calls in {} ms: its application started in {} ms, the calls took "
        + "{} ms, closing and deleting it {} ms", result.calls(), result.took().toMillis(),
        (started - start) / 1_000_000, (called - started) / 1_000_000, (end - called) / 1_000_000);
    return result;
  }

  private static EngineConfig engineConfig(EngineConfig user, String bootstrap, String app,
      Path dir) {
    return new EngineConfig().bootstrapServers(bootstrap).application(app).partitions(1)
        .replicationFactor(user.replicationFactor()).stateDir(dir)
        .exactlyOnce(user.exactlyOnce()).transactionalStores(user.transactionalStores())
        .commitInterval(user.commitInterval()).pollInterval(user.pollInterval())
        .staticMembership(false).standbyReplicas(0).metricsPort(-1)
        .kafkaProperties(user.kafkaProperties());
  }

  private static GatewayConfig gatewayConfig(GatewayConfig user, String bootstrap, String app) {
    return new GatewayConfig().bootstrapServers(bootstrap).application(app).host("127.0.0.1")
        .port(0).readUncommitted(user.readUncommitted()).kafkaProperties(user.kafkaProperties());
  }

  /**
   * {@link #CLIENTS} clients, half over HTTP and half over a connection subscribed to every
   * event, each making one of {@code calls} (in turn) on an actor of its own until {@code total}
   * were answered or the deadline ({@link System#nanoTime()}); meanwhile this thread samples the
   * JIT compiler's work for the log. An error answer counts: it ran the path too. A call that
   * fails is logged once.
   */
  private static void call(String url, List<Call> calls, int total, long deadline,
      AtomicInteger answered) throws InterruptedException {
    RivuletClient client = RivuletClient.create(url, Duration.ofSeconds(30));
    AtomicLong stopped = new AtomicLong();
    AtomicBoolean enough = new AtomicBoolean();
    Set<String> reported = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      boolean socket = i % 2 == 1;
      Call call = calls.get(i % calls.size());
      Object[] args = new Object[call.args().size()];
      for (int a = 0; a < args.length; a++) args[a] = call.args().get(a);
      ActorHandle<Void> actor = client.actor(call.type()).getOrCreate("c" + i);
      threads.add(new Thread(() -> {
        try (ActorConnection<Void> conn = socket ? actor.connect() : null) {
          while (!enough.get() && answered.get() < total && System.nanoTime() - deadline < 0) {
            try {
              if (conn != null) conn.callJsonAsync(call.action(), args).join();
              else actor.callJson(call.action(), args);
            } catch (RuntimeException e) {
              Throwable cause = e instanceof CompletionException && e.getCause() != null
                  ? e.getCause() : e;
              if (!(cause instanceof ActorError error)) throw e;
              if (reported.add(call + " " + error.group() + "." + error.code())) {
                log.warn("warm-up call {} answered {}.{}: {}", call, error.group(),
                    error.code(), error.getMessage());
              }
            }
            answered.incrementAndGet();
          }
        } catch (RuntimeException e) {
          stopped.incrementAndGet();
          if (reported.add(call + " " + e)) {
            log.warn("a warm-up client of {} stopped: {}", call, e.toString());
          }
        }
      }, "rivulet-warm-up-" + i));
    }
    for (Thread t : threads) {
      t.setDaemon(true); // a client stuck in a call must not keep the process alive
      t.start();
    }
    // The JIT compiler's work, for the log: whether it was still busy when the calls ended tells
    // an operator whether more calls would have left the first requests less to compile.
    CompilerActivity compiler = new CompilerActivity(LAST.toNanos());
    long began = System.nanoTime();
    compiler.sample();
    try {
      while (threads.stream().anyMatch(Thread::isAlive)) {
        Thread.sleep(SAMPLE.toMillis());
        compiler.sample();
      }
    } finally {
      enough.set(true); // however this ends, no client outlives the warm-up
      for (Thread t : threads) t.join(Duration.ofSeconds(60).toMillis());
    }
    if (compiler.measurable()) {
      double busy = compiler.busy();
      log.info("the JIT compiler worked {} ms during the warm-up's {} ms of calls; {}% of a core "
              + "over their last {} ms{}", compiler.sinceFirstMillis(),
          (System.nanoTime() - began) / 1_000_000, Math.round(busy * 100), compiler.spanMillis(),
          busy < STILL_COMPILING ? "" : ": it was still compiling the hot path, which the first "
              + "requests will finish; more calls (--warm-up) and a longer --warm-up-limit "
              + "would leave them less");
    }
    if (stopped.get() == CLIENTS) throw new IllegalStateException("no warm-up client could call");
  }

  /** Deletes the warm-up's topics (its own and Kafka Streams') and its consumer group. */
  private static void clean(ServerConfig config, String bootstrap, String app) {
    Map<String, Object> props = new HashMap<>(config.engineConfig().kafkaProperties());
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      List<String> topics = admin.listTopics().names().get().stream()
          .filter(t -> t.startsWith(app + ".") || t.startsWith(app + "-")).toList();
      if (!topics.isEmpty()) admin.deleteTopics(topics).all().get();
      try {
        admin.deleteConsumerGroups(List.of(app + "-engine")).all().get();
      } catch (java.util.concurrent.ExecutionException e) {
        log.debug("the warm-up's consumer group: {}", e.getCause().toString());
      }
    } catch (Exception e) {
      log.warn("could not delete the warm-up's topics ({}.* and {}-*): {}", app, app,
          e.toString().toLowerCase(Locale.ROOT).contains("authoriz")
              ? e + " (the warm-up needs the right to create and delete topics)" : e.toString());
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
    }
  }
}
