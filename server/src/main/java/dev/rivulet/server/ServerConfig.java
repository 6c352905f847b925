package dev.rivulet.server;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Effect;
import dev.rivulet.actor.TopicOutput;
import dev.rivulet.actor.TopicSubscription;
import dev.rivulet.engine.EngineConfig;
import dev.rivulet.gateway.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What {@link RivuletServer} runs: which actors, where its data lives, whether it brings its own
 * Kafka broker, and the engine's and gateway's own settings. Mutable.
 */
public final class ServerConfig {
  /** Which parts this process runs. */
  public enum Role {
    /** Engine and gateway (the default). */
    ALL,
    /** Only the engine. */
    ENGINE,
    /** Only the gateway. */
    GATEWAY
  }

  private Path dataDir = Path.of("rivulet-data");
  private String bootstrapServers;
  private int brokerPort = 9092;
  private int healthPort = -1;
  private Role role = Role.ALL;
  private boolean readsFromStore = true;
  private int warmUpCalls = 0;
  private Duration warmUpLimit = WARM_UP_LIMIT;
  private final List<WarmUp.Call> warmUpCallList = new ArrayList<>();
  private final List<Class<? extends ActorBase<?>>> actors = new ArrayList<>();
  private final EngineConfig engine = new EngineConfig();
  private final GatewayConfig gateway = new GatewayConfig();
  private MeterRegistry meterRegistry;

  /**
   * The data directory (default {@code ./rivulet-data}): the embedded broker's log under {@code
   * kafka/} and the engine's state stores under {@code streams/}. Start again on the same directory
   * and every actor is where it was.
   */
  public ServerConfig dataDir(Path dir) {
    this.dataDir = Objects.requireNonNull(dir);
    return this;
  }

  /** Use this Kafka cluster instead of starting an embedded broker. */
  public ServerConfig bootstrapServers(String servers) {
    this.bootstrapServers = servers;
    return this;
  }

  /**
   * A Kafka client setting for every client this process creates, the engine's and the gateway's
   * (TLS, SASL, ...; see {@link EngineConfig#kafkaProperty(String, Object)}).
   */
  public ServerConfig kafkaProperty(String key, Object value) {
    engine.kafkaProperty(key, value);
    gateway.kafkaProperty(key, value);
    return this;
  }

  /** Every entry of {@code properties} as a {@link #kafkaProperty(String, Object)}. */
  public ServerConfig kafkaProperties(java.util.Map<String, ?> properties) {
    properties.forEach(this::kafkaProperty);
    return this;
  }

  /** The embedded broker's port (default 9092; 0 for a free one). */
  public ServerConfig brokerPort(int port) {
    this.brokerPort = port;
    return this;
  }

  /**
   * A port answering {@code GET /health} for this process's engine and gateway (default -1:
   * none; 0: a free one), on the gateway's host. A gateway answers {@code /health} on its own
   * port anyway; this one is for engine-only processes and container health checks.
   */
  public ServerConfig healthPort(int port) {
    this.healthPort = port;
    return this;
  }

  /**
   * Calls a {@link WarmUp} makes before this process starts serving (default 0: none). A fresh
   * JVM answers its first thousand requests several times slower than later ones, while the JIT
   * compiles the hot path; a warm-up of 10,000 calls, in a throwaway application of its own on
   * the same cluster, takes that cost before the port opens (at most {@link #warmUpLimit}). Use
   * it where a load balancer waits for {@code /health} before sending traffic. It needs the right
   * to create and delete topics named {@code <application>-warm-up-*}; without it the process
   * starts cold, saying why.
   */
  public ServerConfig warmUp(int calls) {
    if (calls < 0) {
      throw new IllegalArgumentException("--warm-up calls must be 0 or more, got " + calls);
    }
    this.warmUpCalls = calls;
    return this;
  }

  /**
   * A call the warm-up makes, {@code TYPE.ACTION [ARGS]} (such as {@code counter.increment [1]};
   * the arguments a JSON array, none when left out): name the calls your clients make most, and
   * the warm-up runs them with your actor classes, in its throwaway application, instead of its
   * built-in actor. Repeat for several; the warm-up's clients take them in turn.
   *
   * @throws IllegalArgumentException when {@code call} is not of that form
   */
  public ServerConfig warmUpCall(String call) {
    warmUpCallList.add(WarmUp.Call.parse(call));
    return this;
  }

  /**
   * The longest a warm-up's calls may take, start and clean-up of its application aside (default
   * {@link #WARM_UP_LIMIT}): it stops at its calls or at this, whichever comes first. On a small
   * machine the JIT compiler needs more than a minute of a core for the hot path; the warm-up's
   * log line says how busy the compiler still was at the end (decision 16: on two cores, 60,000
   * calls took 105-117 s and left the compiler at a quarter of a core, against all of one after
   * 10,000 in under a minute; the first requests gained less than that, within the noise).
   *
   * @throws IllegalArgumentException unless it is positive and at most an hour
   */
  public ServerConfig warmUpLimit(Duration limit) {
    if (limit == null || limit.isNegative() || limit.isZero()
        || limit.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("--warm-up-limit must be positive and at most 1h, got "
          + (limit == null ? null : LauncherOptions.text(limit)));
    }
    this.warmUpLimit = limit;
    return this;
  }

  /** The default longest a warm-up's calls may take. */
  public static final Duration WARM_UP_LIMIT = Duration.ofSeconds(60);

  /** Which parts to run (default both engine and gateway). */
  public ServerConfig role(Role role) {
    this.role = Objects.requireNonNull(role);
    return this;
  }

  /**
   * Whether the gateway answers read-only HTTP action calls from the engine's state store when
   * both run here and the call allows it (default {@code true}; see {@code
   * Engine#readLocally}). {@code false} sends every call through Kafka, journaled.
   */
  public ServerConfig readsFromStore(boolean readsFromStore) {
    this.readsFromStore = readsFromStore;
    return this;
  }

  /** Adds actor classes. */
  @SafeVarargs
  public final ServerConfig actors(Class<? extends ActorBase<?>>... classes) {
    this.actors.addAll(List.of(classes));
    return this;
  }

  /** Adds actor classes. */
  public ServerConfig actors(List<Class<? extends ActorBase<?>>> classes) {
    this.actors.addAll(classes);
    return this;
  }

  /** The application's name, for both engine and gateway (default {@code rivulet}). */
  public ServerConfig application(String name) {
    engine.application(name);
    gateway.application(name);
    return this;
  }

  /**
   * Registers an effect under {@code name}: actions ask for it with {@code
   * context().effect(name, args...)}; it runs off the actors' threads in the engine.
   */
  public ServerConfig effect(String name, Effect handler) {
    engine.effect(name, handler);
    return this;
  }

  /**
   * Adds a subscription: records of a Kafka topic of yours become actions of an actor type (see
   * {@link TopicSubscription}).
   */
  public ServerConfig subscribe(TopicSubscription subscription) {
    engine.subscribe(subscription);
    return this;
  }

  /** Declares a Kafka topic actions publish to with {@code context().publish}. */
  public ServerConfig output(TopicOutput output) {
    engine.output(output);
    return this;
  }

  /**
   * Where the engine's and the gateway's meters go (default: a new Prometheus registry on each
   * start, with the JVM's own meters bound to it). {@link RivuletServer} gives the same registry
   * to both, so the gateway's {@code GET /metrics} shows the engine's series too.
   */
  public ServerConfig meterRegistry(MeterRegistry registry) {
    this.meterRegistry = Objects.requireNonNull(registry);
    return this;
  }

  /**
   * Serves the engine's {@code GET /metrics} on its own port (default -1: none; 0: any free one),
   * for a process without a gateway ({@link Role#ENGINE}). Shorthand for {@code
   * engine(e -> e.metricsPort(port))}.
   */
  public ServerConfig metricsPort(int port) {
    engine.metricsPort(port);
    return this;
  }

  /** Changes engine settings. */
  public ServerConfig engine(Consumer<EngineConfig> change) {
    change.accept(engine);
    return this;
  }

  /** Changes gateway settings. */
  public ServerConfig gateway(Consumer<GatewayConfig> change) {
    change.accept(gateway);
    return this;
  }

  Path dataDir() {
    return dataDir;
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  int brokerPort() {
    return brokerPort;
  }

  int healthPort() {
    return healthPort;
  }

  boolean readsFromStore() {
    return readsFromStore;
  }

  /** Calls of the warm-up before serving; 0: none. */
  int warmUpCalls() {
    return warmUpCalls;
  }

  /** The longest the warm-up's calls may take. */
  Duration warmUpLimit() {
    return warmUpLimit;
  }

  /** The calls the warm-up makes; none: its built-in actor's. */
  List<WarmUp.Call> warmUpCallList() {
    return warmUpCallList;
  }

  MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  Role role() {
    return role;
  }

  List<Class<? extends ActorBase<?>>> actors() {
    return actors;
  }

  EngineConfig engineConfig() {
    return engine;
  }

  GatewayConfig gatewayConfig() {
    return gateway;
  }
}
