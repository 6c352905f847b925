package dev.rivulet.server;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.ActorCatalog;
import dev.rivulet.actor.internal.ActorType;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launcher: {@code java -jar rivulet.jar [options]}. Runs the actors of every {@link
 * ActorCatalog} on the class path (and any named with {@code --actors}) with an embedded Kafka
 * broker, unless {@code --kafka} names a cluster. Every option also reads from an environment
 * variable; the command line wins.
 */
public final class RivuletMain {
  /** A launcher option: its flag, its environment variable, its default and its help line. */
  record Option(String flag, String env, String fallback, String help) {}

  private static final String MIB = String.valueOf(1 << 20);

  /** The engine's metrics port when it runs alone (the OpenTelemetry Prometheus exporter's). */
  static final int ENGINE_METRICS_PORT = 9464;

  /** Every option, in the order of {@code --help}. */
  static final List<Option> OPTIONS = List.of(
      // The process: what runs, where its data is, which Kafka.
      new Option("--role", "RIVULET_ROLE", "all", "all, engine or gateway"),
      new Option("--kafka", "RIVULET_KAFKA", null,
          "bootstrap servers of an external Kafka cluster; without it, an embedded broker runs"),
      new Option("--kafka-config", "RIVULET_KAFKA_CONFIG", null,
          "a properties file of Kafka client settings (TLS, SASL) for every Kafka client"),
      new Option("--app", "RIVULET_APP", "rivulet", "application name, the prefix of its topics"),
      new Option("--data-dir", "RIVULET_DATA_DIR", "rivulet-data",
          "where the embedded broker and the state stores keep their data"),
      new Option("--broker-port", "RIVULET_BROKER_PORT", "9092", "embedded broker port"),
      new Option("--health-port", "RIVULET_HEALTH_PORT", null,
          "a port answering GET /health for this process (engine-only processes, containers)"),
      new Option("--metrics-port", "RIVULET_METRICS_PORT", null,
          "port of the engine's GET /metrics (default " + ENGINE_METRICS_PORT
              + " with --role engine, none otherwise: the gateway serves /metrics; -1: none)"),
      new Option("--log-format", "RIVULET_LOG_FORMAT", "text",
          "log lines as text, or json (one object per line; with the launcher's log config)"),
      new Option("--actors", "RIVULET_ACTORS", null,
          "comma-separated actor classes to run besides the catalogs on the class path"),
      new Option("--reads-from-store", "RIVULET_READS_FROM_STORE", "true",
          "with role all, answer eligible read-only HTTP calls from the engine's store"),
      // The engine.
      new Option("--partitions", "RIVULET_PARTITIONS", "8",
          "partitions of new inbox/journal/outbox/effects topics: the most engine threads at work"),
      new Option("--replication", "RIVULET_REPLICATION", "1",
          "replication factor of new topics, the engine's internal topics included"),
      new Option("--state-dir", "RIVULET_STATE_DIR", null,
          "where the engine's state stores live (default: <data-dir>/streams)"),
      new Option("--stream-threads", "RIVULET_STREAM_THREADS", "1",
          "stream threads of this engine instance"),
      new Option("--standby-replicas", "RIVULET_STANDBY_REPLICAS", "0",
          "warm copies of each state store on other engine instances, for fast failover"),
      new Option("--exactly-once", "RIVULET_EXACTLY_ONCE", "true",
          "exactly-once processing (false: at-least-once)"),
      new Option("--commit-interval", "RIVULET_COMMIT_INTERVAL", "100ms",
          "how often the engine commits"),
      new Option("--poll-interval", "RIVULET_POLL_INTERVAL", "1ms",
          "how long a stream thread blocks waiting for input"),
      new Option("--snapshot-every", "RIVULET_SNAPSHOT_EVERY", "100",
          "journal records of an actor between two full state snapshots"),
      new Option("--max-state-bytes", "RIVULET_MAX_STATE_BYTES", MIB,
          "largest actor state, as JSON bytes"),
      new Option("--max-message-bytes", "RIVULET_MAX_MESSAGE_BYTES", MIB,
          "largest action result or event, as JSON bytes"),
      new Option("--live-actors-per-task", "RIVULET_LIVE_ACTORS_PER_TASK", "10000",
          "actor instances each stream task keeps in memory"),
      new Option("--sleep-after", "RIVULET_SLEEP_AFTER", "30s",
          "how long an idle actor stays in memory"),
      new Option("--static-membership", "RIVULET_STATIC_MEMBERSHIP", "true",
          "join the consumer group as a static member (fast restarts)"),
      new Option("--session-timeout", "RIVULET_SESSION_TIMEOUT", "10s",
          "how long a crashed engine instance keeps its partitions before others take them"),
      new Option("--transaction-timeout", "RIVULET_TRANSACTION_TIMEOUT", "10s",
          "how long an engine transaction may stay open before the broker aborts it"),
      new Option("--gateway-timeout", "RIVULET_GATEWAY_TIMEOUT", "15s",
          "silence after which a gateway's connections are ended"),
      new Option("--idempotency-ttl", "RIVULET_IDEMPOTENCY_TTL", "24h",
          "how long an idempotency key's result is kept"),
      new Option("--effect-threads", "RIVULET_EFFECT_THREADS", "8",
          "effects running at once in this engine instance"),
      new Option("--effect-timeout", "RIVULET_EFFECT_TIMEOUT", "60s",
          "how long an effect may run"),
      // The gateway.
      new Option("--host", "RIVULET_HOST", "127.0.0.1",
          "interface the gateway (and the health port) listen on"),
      new Option("--port", "RIVULET_PORT", "8080", "gateway port (0: any free port)"),
      new Option("--gateway-id", "RIVULET_GATEWAY_ID", null,
          "this gateway's id, unique per gateway (default: random)"),
      new Option("--max-body-bytes", "RIVULET_MAX_BODY_BYTES", MIB, "largest HTTP request body"),
      new Option("--max-ws-message-bytes", "RIVULET_MAX_WS_MESSAGE_BYTES", String.valueOf(64 << 10),
          "largest WebSocket message from a client"),
      new Option("--action-timeout", "RIVULET_ACTION_TIMEOUT", "60s",
          "how long a request waits for its reply"),
      new Option("--read-uncommitted", "RIVULET_READ_UNCOMMITTED", "true",
          "read the outbox read_uncommitted (false: read_committed, ~one commit interval slower)"),
      new Option("--sse-heartbeat", "RIVULET_SSE_HEARTBEAT", "15s",
          "comment line on idle SSE streams, to notice closed clients"),
      new Option("--heartbeat-interval", "RIVULET_HEARTBEAT_INTERVAL", "2s",
          "how often the gateway tells the engines it is alive"));

  private RivuletMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("replay")) {
      String[] rest = new String[args.length - 1];
      System.arraycopy(args, 1, rest, 0, rest.length);
      System.exit(new ReplayCommand(System.out, System.err).run(rest));
      return;
    }
    Map<String, String> values;
    try {
      values = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("rivulet: " + e.getMessage());
      System.err.println();
      System.err.println(usage());
      System.exit(2);
      return;
    }
    if (values == null) {
      System.out.println(usage());
      return;
    }
    String logFormat = values.get("--log-format");
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      System.err.println("rivulet: --log-format must be text or json, got " + logFormat);
      System.exit(2);
      return;
    }
    // Read by the launcher's log4j2.xml: set before the first logger is made.
    System.setProperty("rivulet.log.format", logFormat);
    ServerConfig config;
    try {
      config = config(values);
    } catch (IllegalArgumentException e) {
      System.err.println("rivulet: " + e.getMessage());
      System.exit(2);
      return;
    }
    RivuletServer server = RivuletServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "rivulet-stop"));
    System.out.println(banner(server, config, values));
    stopped.await();
  }

  /** The options' values, or null when help was asked for. */
  static Map<String, String> parse(String[] args) {
    return parse(args, System.getenv());
  }

  /** The options' values from {@code args} over {@code env}, or null when help was asked for. */
  static Map<String, String> parse(String[] args, Map<String, String> environment) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Option o : OPTIONS) {
      String env = environment.get(o.env());
      values.put(o.flag(), env != null && !env.isBlank() ? env : o.fallback());
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) return null;
      if (arg.equals("serve")) continue;
      String flag = arg;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        flag = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException(arg + " needs a value");
      }
      if (!values.containsKey(flag)) throw new IllegalArgumentException("unknown option " + flag);
      values.put(flag, value);
    }
    return values;
  }

  static ServerConfig config(Map<String, String> v) {
    ServerConfig config = new ServerConfig();
    for (ActorCatalog catalog : ServiceLoader.load(ActorCatalog.class)) {
      catalog.effects().forEach(config::effect);
    }
    config
        .dataDir(Path.of(v.get("--data-dir")))
        .bootstrapServers(blankToNull(v.get("--kafka")))
        .kafkaProperties(kafkaConfig(v.get("--kafka-config")))
        .brokerPort(intOption(v, "--broker-port"))
        .application(v.get("--app"))
        .role(role(v.get("--role")))
        .actors(actorClasses(v.get("--actors")));
    if (v.get("--health-port") != null) config.healthPort(intOption(v, "--health-port"));
    config.readsFromStore(boolOption(v, "--reads-from-store"));
    int metricsPort = v.get("--metrics-port") != null ? intOption(v, "--metrics-port")
        : config.role() == ServerConfig.Role.ENGINE ? ENGINE_METRICS_PORT : -1;
    config.engine(e -> {
      e.metricsPort(metricsPort).metricsHost(v.get("--host"));
      e.partitions(intOption(v, "--partitions"))
          .replicationFactor(intOption(v, "--replication"))
          .streamThreads(intOption(v, "--stream-threads"))
          .standbyReplicas(intOption(v, "--standby-replicas"))
          .exactlyOnce(boolOption(v, "--exactly-once"))
          .commitInterval(durationOption(v, "--commit-interval"))
          .pollInterval(durationOption(v, "--poll-interval"))
          .snapshotEvery(intOption(v, "--snapshot-every"))
          .maxStateBytes(intOption(v, "--max-state-bytes"))
          .maxMessageBytes(intOption(v, "--max-message-bytes"))
          .liveActorsPerTask(intOption(v, "--live-actors-per-task"))
          .sleepAfter(durationOption(v, "--sleep-after"))
          .staticMembership(boolOption(v, "--static-membership"))
          .sessionTimeout(durationOption(v, "--session-timeout"))
          .transactionTimeout(durationOption(v, "--transaction-timeout"))
          .gatewayTimeout(durationOption(v, "--gateway-timeout"))
          .idempotencyTtl(durationOption(v, "--idempotency-ttl"))
          .effectThreads(intOption(v, "--effect-threads"))
          .effectTimeout(durationOption(v, "--effect-timeout"));
      if (v.get("--state-dir") != null) e.stateDir(Path.of(v.get("--state-dir")));
    });
    config.gateway(g -> {
      g.host(v.get("--host"))
          .port(intOption(v, "--port"))
          .maxBodyBytes(intOption(v, "--max-body-bytes"))
          .maxWsMessageBytes(intOption(v, "--max-ws-message-bytes"))
          .actionTimeout(durationOption(v, "--action-timeout"))
          .readUncommitted(boolOption(v, "--read-uncommitted"))
          .sseHeartbeat(durationOption(v, "--sse-heartbeat"))
          .heartbeatInterval(durationOption(v, "--heartbeat-interval"));
      if (v.get("--gateway-id") != null) g.gatewayId(v.get("--gateway-id"));
    });
    return config;
  }

  /** The actor classes of the catalogs on the class path, then the named ones. */
  @SuppressWarnings("unchecked")
  static List<Class<? extends ActorBase<?>>> actorClasses(String named) {
    List<Class<? extends ActorBase<?>>> classes = new ArrayList<>();
    for (ActorCatalog catalog : ServiceLoader.load(ActorCatalog.class)) classes.addAll(catalog.actors());
    if (named != null && !named.isBlank()) {
      for (String name : named.split(",")) {
        try {
          Class<?> cls = Class.forName(name.trim());
          if (!ActorBase.class.isAssignableFrom(cls)) {
            throw new IllegalArgumentException(name + " does not extend ActorBase");
          }
          classes.add((Class<? extends ActorBase<?>>) cls);
        } catch (ClassNotFoundException e) {
          throw new IllegalArgumentException("actor class " + name + " is not on the class path");
        }
      }
    }
    return classes;
  }

  /** The Kafka client settings in {@code file} (a Java properties file), none without one. */
  static Map<String, String> kafkaConfig(String file) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (file == null || file.isBlank()) return settings;
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(file))) {
      p.load(in);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("--kafka-config: cannot read " + file + ": " + e);
    }
    p.stringPropertyNames().stream().sorted().forEach(k -> settings.put(k, p.getProperty(k)));
    return settings;
  }

  private static int intOption(Map<String, String> v, String flag) {
    try {
      return Integer.parseInt(v.get(flag));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a number, got " + v.get(flag));
    }
  }

  private static boolean boolOption(Map<String, String> v, String flag) {
    String value = v.get(flag).trim().toLowerCase(Locale.ROOT);
    if (value.equals("true")) return true;
    if (value.equals("false")) return false;
    throw new IllegalArgumentException(flag + " must be true or false, got " + v.get(flag));
  }

  private static Duration durationOption(Map<String, String> v, String flag) {
    try {
      return duration(v.get(flag));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + " must be a duration such as 500ms, 30s, 5m, 24h, "
          + "7d or PT30S, got " + v.get(flag));
    }
  }

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code 7d}, or ISO-8601 ({@code PT30S}). */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      try {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(text);
      }
    }
    Matcher m = DURATION.matcher(t);
    if (!m.matches()) throw new IllegalArgumentException(text);
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static ServerConfig.Role role(String value) {
    try {
      return ServerConfig.Role.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--role must be all, engine or gateway, got " + value);
    }
  }

  static String usage() {
    StringBuilder sb = new StringBuilder(
        "Usage: rivulet [serve] [options]\n       rivulet replay <name>/<key> [options]"
            + "  (rivulet replay --help)\n\nRuns Rivulet actors on Kafka. Every option also reads"
            + " its environment variable;\nthe command line wins. Durations: 500ms, 30s, 5m, 24h,"
            + " 7d or ISO-8601 (PT30S).\n\nProcess:\n");
    for (Option o : OPTIONS) {
      if (o.flag().equals("--partitions")) sb.append("\nEngine:\n");
      if (o.flag().equals("--host")) sb.append("\nGateway:\n");
      sb.append(String.format("  %-30s %s%n  %-30s env %s%s%n", o.flag() + " VALUE", o.help(), "",
          o.env(), o.fallback() == null ? "" : ", default " + o.fallback()));
    }
    sb.append("\nDocumented in docs/operations.md.\n");
    return sb.toString();
  }


  private static String banner(RivuletServer server, ServerConfig config, Map<String, String> v) {
    StringBuilder sb = new StringBuilder("\nRivulet is running.\n");
    String base = null;
    if (server.gateway() != null) {
      String host = v.get("--host").equals("0.0.0.0") ? "localhost" : v.get("--host");
      base = "http://" + (host.equals("127.0.0.1") ? "localhost" : host) + ":" + server.gateway().port();
      sb.append("  gateway  ").append(base).append("  (id ").append(server.gateway().id()).append(")\n");
    }
    if (server.engine() != null && server.engine().metricsPort() >= 0) {
      String host = v.get("--host").equals("127.0.0.1") || v.get("--host").equals("0.0.0.0")
          ? "localhost" : v.get("--host");
      sb.append("  metrics  http://").append(host).append(':').append(server.engine().metricsPort())
          .append("/metrics\n");
    } else if (base != null) {
      sb.append("  metrics  ").append(base).append("/metrics\n");
    }
    sb.append("  kafka    ").append(server.bootstrapServers())
        .append(server.embeddedBroker() ? "  (embedded broker)" : "").append('\n');
    sb.append("  data     ").append(config.dataDir().toAbsolutePath().normalize()).append('\n');
    if (server.healthPort() >= 0) {
      sb.append("  health   http://").append(v.get("--host")).append(':').append(server.healthPort())
          .append("/health\n");
    }
    ActorType first = null;
    if (server.engine() != null) {
      sb.append("  actors\n");
      for (Class<? extends ActorBase<?>> cls : config.actors()) {
        ActorType t = ActorType.of(cls);
        if (first == null) first = t;
        sb.append("    ").append(t.name()).append(": ")
            .append(String.join(", ", t.actions().values().stream()
                .filter(a -> !a.internal()).map(a -> a.name()).toList())).append('\n');
      }
    }
    if (base != null && first != null) {
      boolean counter = config.actors().stream().anyMatch(c -> ActorType.of(c).name().equals("counter"));
      String name = counter ? "counter" : first.name();
      String call = counter ? "increment -H 'content-type: application/json' -d '[5]'"
          : first.actions().values().stream().filter(a -> !a.internal()).map(a -> a.name())
              .findFirst().orElse("someAction") + " -d '[]'";
      sb.append("\nTry it:\n");
      sb.append("  curl -X POST ").append(base).append("/api/actors/").append(name)
          .append("/demo/actions/").append(call).append('\n');
      sb.append("  curl -N ").append(base).append("/api/actors/").append(name).append("/demo/events\n");
      sb.append("  curl ").append(base).append("/api/metadata\n");
    }
    sb.append("\nStop with Ctrl-C; state survives in the data directory.\n");
    return sb.toString();
  }
}
