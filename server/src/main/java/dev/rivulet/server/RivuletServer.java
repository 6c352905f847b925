package dev.rivulet.server;

import dev.rivulet.engine.Engine;
import dev.rivulet.engine.EngineConfig;
import dev.rivulet.gateway.Gateway;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Rivulet application in one JVM: an embedded Kafka broker (unless an external one is
 * configured), the engine and the gateway, started in that order and stopped in the reverse one.
 *
 * <pre>{@code
 * try (RivuletServer server = RivuletServer.start(new ServerConfig()
 *     .dataDir(Path.of("data"))
 *     .actors(Counter.class, ChatRoom.class))) {
 *   System.out.println(server.url()); // http://127.0.0.1:8080
 * }
 * }</pre>
 */
public final class RivuletServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RivuletServer.class);

  private final EmbeddedBroker broker;
  private final Engine engine;
  private final Gateway gateway;
  private final String bootstrapServers;
  private final HealthServer health;
  private final MeterRegistry registry;
  private final OwnRegistry own;
  private final WarmUp.Result warmUp;

  private RivuletServer(EmbeddedBroker broker, Engine engine, Gateway gateway, String bootstrap,
      HealthServer health, MeterRegistry registry, OwnRegistry own, WarmUp.Result warmUp) {
    this.warmUp = warmUp;
    this.broker = broker;
    this.engine = engine;
    this.gateway = gateway;
    this.bootstrapServers = bootstrap;
    this.health = health;
    this.registry = registry;
    this.own = own;
  }

  /** A registry the server made, with the JVM's meters bound to it; closed with the server. */
  private record OwnRegistry(MeterRegistry registry, JvmGcMetrics gc) implements AutoCloseable {
    static OwnRegistry create() {
      MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ClassLoaderMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      JvmGcMetrics gc = new JvmGcMetrics();
      gc.bindTo(registry);
      return new OwnRegistry(registry, gc);
    }

    @Override
    public void close() {
      gc.close();
      registry.close();
    }
  }

  /**
   * Starts what the configuration asks for; returns once it all serves. Fills in the engine's and
   * gateway's bootstrap servers and meter registry (and the engine's state directory, {@code
   * <dataDir>/streams}, unless one was set) in {@code config}.
   */
  public static RivuletServer start(ServerConfig config) {
    EmbeddedBroker broker = null;
    Engine engine = null;
    Gateway gateway = null;
    HealthServer health = null;
    OwnRegistry own = config.meterRegistry() == null ? OwnRegistry.create() : null;
    MeterRegistry registry = own != null ? own.registry() : config.meterRegistry();
    config.engineConfig().meterRegistry(registry);
    config.gatewayConfig().meterRegistry(registry);
    try {
      String bootstrap = config.bootstrapServers();
      if (bootstrap == null) {
        broker = EmbeddedBroker.start(config.dataDir(), config.brokerPort());
        bootstrap = broker.bootstrapServers();
      }
      WarmUp.Result warmUp = config.warmUpCalls() == 0 ? null : WarmUp.run(config, bootstrap,
          config.dataDir(), config.warmUpCalls(), config.warmUpLimit());
      if (config.role() != ServerConfig.Role.GATEWAY) {
        if (config.actors().isEmpty()) {
          throw new IllegalArgumentException("no actor classes to run; add some with actors(...)");
        }
        EngineConfig engineConfig = config.engineConfig().bootstrapServers(bootstrap);
        if (broker != null) createExternalTopics(broker, engineConfig);
        if (engineConfig.stateDir() == null) {
          engineConfig.stateDir(config.dataDir().resolve("streams"));
        }
        engine = Engine.start(engineConfig, config.actors());
      }
      if (config.role() != ServerConfig.Role.ENGINE) {
        if (engine != null && config.readsFromStore()) {
          config.gatewayConfig().localReads(engine::readLocally);
        }
        gateway = Gateway.start(config.gatewayConfig().bootstrapServers(bootstrap));
      }
      if (config.healthPort() >= 0) {
        Engine e = engine;
        Gateway g = gateway;
        health = HealthServer.start(config.gatewayConfig().host(), config.healthPort(), () -> e,
            () -> g, config.role().name().toLowerCase(Locale.ROOT));
        log.info("health checks on http://{}:{}/health", config.gatewayConfig().host(),
            health.port());
      }
      return new RivuletServer(broker, engine, gateway, bootstrap, health, registry, own, warmUp);
    } catch (RuntimeException e) {
      closeQuietly(health);
      closeQuietly(gateway);
      closeQuietly(engine);
      closeQuietly(broker);
      closeQuietly(own);
      throw e;
    }
  }

  /**
   * On its own embedded broker, where nobody else owns topics, the server creates the subscribed
   * and output topics the actors need (with the engine's partition count), so that the quick start
   * runs them; on any other cluster they must exist (the engine checks).
   */
  private static void createExternalTopics(EmbeddedBroker broker, EngineConfig engine) {
    Set<String> needed = new TreeSet<>();
    engine.subscriptions().forEach(s -> needed.add(s.topic()));
    engine.outputs().forEach(o -> needed.add(o.topic()));
    if (needed.isEmpty()) return;
    List<String> created = broker.createMissing(needed, engine.partitions());
    if (!created.isEmpty()) {
      log.info("created topics {} on the embedded broker, for the subscriptions and outputs",
          created);
    }
  }

  /** The gateway's base URL, {@code http://127.0.0.1:<port>}; null when no gateway runs here. */
  public String url() {
    return gateway == null ? null : "http://127.0.0.1:" + gateway.port();
  }

  /** The gateway, or null. */
  public Gateway gateway() {
    return gateway;
  }

  /**
   * The calls the warm-up before serving had answered ({@link ServerConfig#warmUp(int)}); 0 when
   * there was none or it failed.
   */
  public int warmedUpCalls() {
    return warmUp == null ? 0 : warmUp.calls();
  }

  /** The engine, or null. */
  public Engine engine() {
    return engine;
  }

  /** Where the engine's and the gateway's meters are. */
  public MeterRegistry meterRegistry() {
    return registry;
  }

  /** Where Kafka is. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The port answering {@code GET /health} ({@link ServerConfig#healthPort}), or -1. */
  public int healthPort() {
    return health == null ? -1 : health.port();
  }

  /** Whether this server started its own broker. */
  public boolean embeddedBroker() {
    return broker != null;
  }

  /** Stops the gateway, then the engine, then the broker. */
  @Override
  public void close() {
    closeQuietly(health);
    closeQuietly(gateway);
    closeQuietly(engine);
    closeQuietly(broker);
    closeQuietly(own);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) return;
    try {
      c.close();
    } catch (Exception e) {
      log.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
    }
  }
}
