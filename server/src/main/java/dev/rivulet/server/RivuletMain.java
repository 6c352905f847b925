package dev.rivulet.server;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.ActorCatalog;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.engine.EngineConfig;
import dev.rivulet.gateway.Authenticator;
import dev.rivulet.gateway.Authenticators;
import dev.rivulet.gateway.GatewayConfig;
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
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launcher: {@code java -jar rivulet.jar [options]}. Runs the actors of every {@link
 * ActorCatalog} on the class path (and any named with {@code --actors}) with an embedded Kafka
 * broker, unless {@code --kafka} names a cluster. Every option also reads from an environment
 * variable; the command line wins.
 */
public final class RivuletMain {
  /**
   * A launcher option: its flag, its environment variable (named after the flag), its help line,
   * where its default is read ({@code defaultOf} of a fresh {@link ServerConfig}: the config
   * classes own every default; null: none) and how its value sets the configuration.
   */
  record Option(String flag, String env, String help, Function<ServerConfig, Object> defaultOf,
      BiConsumer<ServerConfig, Value> set) {
    /** The default as the command line would write it, or null when there is none. */
    String fallback() {
      Object value = defaultOf == null ? null : defaultOf.apply(DEFAULTS);
      return value == null ? null : text(value);
    }
  }

  /** An option's value as given, read as the option's type; errors name the option. */
  record Value(String flag, String text) {
    int asInt() {
      try {
        return Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " must be a number, got " + text);
      }
    }

    long asLong() {
      try {
        return Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " must be a number, got " + text);
      }
    }

    boolean asBoolean() {
      String value = text.trim().toLowerCase(Locale.ROOT);
      if (value.equals("true")) return true;
      if (value.equals("false")) return false;
      throw new IllegalArgumentException(flag + " must be true or false, got " + text);
    }

    Duration asDuration() {
      try {
        return duration(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(flag + " must be a duration such as 500ms, 30s, 5m, "
            + "24h, 7d or PT30S, got " + text);
      }
    }
  }

  private static final ServerConfig DEFAULTS = new ServerConfig();

  /** The engine's metrics port when it runs alone (the OpenTelemetry Prometheus exporter's). */
  static final int ENGINE_METRICS_PORT = 9464;

  /** Every option, in the order of {@code --help}. */
  static final List<Option> OPTIONS = List.of(
      // The process: what runs, where its data is, which Kafka.
      option("--role", "all, engine or gateway",
          c -> c.role().name().toLowerCase(Locale.ROOT), (c, v) -> c.role(role(v.text()))),
      option("--kafka",
          "bootstrap servers of an external Kafka cluster; without it, an embedded broker runs",
          null, (c, v) -> c.bootstrapServers(blankToNull(v.text()))),
      option("--kafka-config",
          "a properties file of Kafka client settings (TLS, SASL) for every Kafka client",
          null, (c, v) -> c.kafkaProperties(kafkaConfig(v.text()))),
      option("--app", "application name, the prefix of its topics",
          c -> c.engineConfig().application(), (c, v) -> c.application(v.text())),
      option("--data-dir", "where the embedded broker and the state stores keep their data",
          ServerConfig::dataDir, (c, v) -> c.dataDir(Path.of(v.text()))),
      option("--broker-port", "embedded broker port",
          ServerConfig::brokerPort, (c, v) -> c.brokerPort(v.asInt())),
      option("--health-port",
          "a port answering GET /health for this process (engine-only processes, containers)",
          null, (c, v) -> c.healthPort(v.asInt())),
      option("--metrics-port", "port of the engine's GET /metrics (default " + ENGINE_METRICS_PORT
              + " with --role engine, none otherwise: the gateway serves /metrics; -1: none)",
          null, (c, v) -> c.engine(e -> e.metricsPort(v.asInt()))),
      option("--log-format",
          "log lines as text, or json (one object per line; with the launcher's log config)",
          c -> "text", (c, v) -> { }), // read by main() before the first logger is made
      option("--actors", "comma-separated actor classes to run besides the catalogs on the class path",
          null, (c, v) -> c.actors(namedActorClasses(v.text()))),
      option("--reads-from-store",
          "with role all, answer eligible read-only HTTP calls from the engine's store",
          ServerConfig::readsFromStore, (c, v) -> c.readsFromStore(v.asBoolean())),
      // The engine.
      engine("--partitions",
          "partitions of new inbox/journal/outbox/effects topics: the most engine threads at work",
          EngineConfig::partitions, (e, v) -> e.partitions(v.asInt())),
      engine("--replication", "replication factor of new topics, the engine's internal topics "
              + "included", EngineConfig::replicationFactor,
          (e, v) -> e.replicationFactor(v.asInt())),
      engine("--state-dir", "where the engine's state stores live (default: <data-dir>/streams)",
          null, (e, v) -> e.stateDir(Path.of(v.text()))),
      engine("--stream-threads", "stream threads of this engine instance",
          EngineConfig::streamThreads, (e, v) -> e.streamThreads(v.asInt())),
      engine("--standby-replicas",
          "warm copies of each state store on other engine instances, for fast failover",
          EngineConfig::standbyReplicas, (e, v) -> e.standbyReplicas(v.asInt())),
      engine("--exactly-once", "exactly-once processing (false: at-least-once)",
          EngineConfig::exactlyOnce, (e, v) -> e.exactlyOnce(v.asBoolean())),
      engine("--transactional-stores",
          "transactional state stores: a crash costs no restore of every store (exactly-once)",
          EngineConfig::transactionalStores, (e, v) -> e.transactionalStores(v.asBoolean())),
      engine("--commit-interval", "how often the engine commits",
          EngineConfig::commitInterval, (e, v) -> e.commitInterval(v.asDuration())),
      engine("--poll-interval", "how long a stream thread blocks waiting for input",
          EngineConfig::pollInterval, (e, v) -> e.pollInterval(v.asDuration())),
      engine("--snapshot-every", "journal records of an actor between two full state snapshots",
          EngineConfig::snapshotEvery, (e, v) -> e.snapshotEvery(v.asInt())),
      engine("--max-state-bytes", "largest actor state, as JSON bytes",
          EngineConfig::maxStateBytes, (e, v) -> e.maxStateBytes(v.asInt())),
      engine("--max-collection-bytes", "most bytes an actor's stored logs and maps hold "
          + "together, as JSON (at most 8 MiB)",
          EngineConfig::maxCollectionBytes, (e, v) -> e.maxCollectionBytes(v.asInt())),
      engine("--max-message-bytes", "largest action result or event, as JSON bytes",
          EngineConfig::maxMessageBytes, (e, v) -> e.maxMessageBytes(v.asInt())),
      engine("--live-actors-per-task", "actor instances each stream task keeps in memory",
          EngineConfig::liveActorsPerTask, (e, v) -> e.liveActorsPerTask(v.asInt())),
      engine("--sleep-after", "how long an idle actor stays in memory",
          EngineConfig::sleepAfter, (e, v) -> e.sleepAfter(v.asDuration())),
      engine("--static-membership", "join the consumer group as a static member (fast restarts)",
          EngineConfig::staticMembership, (e, v) -> e.staticMembership(v.asBoolean())),
      engine("--session-timeout",
          "how long a crashed engine instance keeps its partitions before others take them",
          EngineConfig::sessionTimeout, (e, v) -> e.sessionTimeout(v.asDuration())),
      engine("--transaction-timeout",
          "how long an engine transaction may stay open before the broker aborts it",
          EngineConfig::transactionTimeout, (e, v) -> e.transactionTimeout(v.asDuration())),
      engine("--gateway-timeout", "silence after which a gateway's connections are ended",
          EngineConfig::gatewayTimeout, (e, v) -> e.gatewayTimeout(v.asDuration())),
      engine("--idempotency-ttl", "how long an idempotency key's result is kept",
          EngineConfig::idempotencyTtl, (e, v) -> e.idempotencyTtl(v.asDuration())),
      engine("--effect-threads", "effects running at once in this engine instance",
          EngineConfig::effectThreads, (e, v) -> e.effectThreads(v.asInt())),
      engine("--effect-timeout", "how long an effect may run",
          EngineConfig::effectTimeout, (e, v) -> e.effectTimeout(v.asDuration())),
      engine("--disabled-subscriptions",
          "comma-separated subscriptions this engine leaves out (their offsets wait in Kafka)",
          null, (e, v) -> e.disableSubscriptions(List.of(v.text().split(",")))),
      // The gateway.
      gateway("--host", "interface the gateway (and the health port) listen on",
          GatewayConfig::host, (g, v) -> g.host(v.text())),
      gateway("--port", "gateway port (0: any free port)",
          GatewayConfig::port, (g, v) -> g.port(v.asInt())),
      gateway("--gateway-id", "this gateway's id, unique per gateway (default: random)",
          null, (g, v) -> g.gatewayId(v.text())),
      gateway("--max-body-bytes", "largest HTTP request body",
          GatewayConfig::maxBodyBytes, (g, v) -> g.maxBodyBytes(v.asInt())),
      gateway("--max-ws-message-bytes", "largest WebSocket message from a client",
          GatewayConfig::maxWsMessageBytes, (g, v) -> g.maxWsMessageBytes(v.asInt())),
      gateway("--action-timeout", "how long a request waits for its reply",
          GatewayConfig::actionTimeout, (g, v) -> g.actionTimeout(v.asDuration())),
      gateway("--read-uncommitted",
          "read the outbox read_uncommitted (false: read_committed, ~one commit interval slower)",
          GatewayConfig::readUncommitted, (g, v) -> g.readUncommitted(v.asBoolean())),
      gateway("--sse-heartbeat", "comment line on idle SSE streams, to notice closed clients",
          GatewayConfig::sseHeartbeat, (g, v) -> g.sseHeartbeat(v.asDuration())),
      gateway("--allowed-origins", "browser origins that may call the gateway (CORS), "
              + "comma-separated: exact, with a :* port wildcard, or *",
          g -> String.join(",", g.allowedOrigins()),
          (g, v) -> g.allowedOrigins(List.of(v.text().split("\\s*,\\s*")))),
      gateway("--heartbeat-interval", "how often the gateway tells the engines it is alive",
          GatewayConfig::heartbeatInterval, (g, v) -> g.heartbeatInterval(v.asDuration())),
      // Who may call: the admin API and the client API's authentication.
      gateway("--admin-token", "the admin API's token (Authorization: Bearer); without it, "
              + "--admin-port or --admin-open the admin API is closed",
          null, (g, v) -> g.adminToken(v.text())),
      gateway("--admin-port", "a listener of its own serving the admin API (keep it private); "
              + "the main port then serves none of it", null, (g, v) -> g.adminPort(v.asInt())),
      gateway("--admin-host", "interface the admin listener listens on",
          GatewayConfig::adminHost, (g, v) -> g.adminHost(v.text())),
      gateway("--admin-open", "development only: the admin API without a token, to this "
              + "machine's loopback addresses (./rivulet sets it)",
          GatewayConfig::adminOpen, (g, v) -> g.adminOpen(v.asBoolean())),
      option("--auth-jwt-secret", "client API: require JSON Web Tokens signed with this HMAC "
          + "secret (HS256/384/512, at least 32 bytes)", null, (c, v) -> { }),
      option("--auth-jwks-url", "client API: require JSON Web Tokens signed by a key of this "
          + "JSON Web Key Set (RS*, PS*, ES*)", null, (c, v) -> { }),
      option("--auth-jwt-issuer", "the iss the client API's tokens must have", null,
          (c, v) -> { }),
      option("--auth-jwt-audience", "an aud the client API's tokens must have", null,
          (c, v) -> { }),
      option("--auth-anonymous", "with --auth-jwt-secret or --auth-jwks-url: let requests "
          + "without a token in anonymously (the actors decide)", c -> false, (c, v) -> { }),
      // Limits per client.
      gateway("--max-connections-per-address",
          "WebSockets and SSE streams one client address may hold (0: no limit)",
          GatewayConfig::maxConnectionsPerAddress,
          (g, v) -> g.maxConnectionsPerAddress(v.asInt())),
      gateway("--max-messages-per-second",
          "messages per second one WebSocket may send, in bursts of as many (0: no limit)",
          GatewayConfig::maxMessagesPerSecond, (g, v) -> g.maxMessagesPerSecond(v.asInt())),
      gateway("--max-outgoing-buffer-bytes", "bytes that may wait to be written to one "
              + "connection; a client that stops reading is dropped past it (0: no limit)",
          GatewayConfig::maxOutgoingBufferBytes,
          (g, v) -> g.maxOutgoingBufferBytes(v.asLong())));

  private static Option option(String flag, String help, Function<ServerConfig, Object> defaultOf,
      BiConsumer<ServerConfig, Value> set) {
    return new Option(flag, "RIVULET_" + flag.substring(2).replace('-', '_').toUpperCase(Locale.ROOT),
        help, defaultOf, set);
  }

  private static Option engine(String flag, String help, Function<EngineConfig, Object> defaultOf,
      BiConsumer<EngineConfig, Value> set) {
    return option(flag, help, defaultOf == null ? null : c -> defaultOf.apply(c.engineConfig()),
        (c, v) -> c.engine(e -> set.accept(e, v)));
  }

  private static Option gateway(String flag, String help, Function<GatewayConfig, Object> defaultOf,
      BiConsumer<GatewayConfig, Value> set) {
    return option(flag, help, defaultOf == null ? null : c -> defaultOf.apply(c.gatewayConfig()),
        (c, v) -> c.gateway(g -> set.accept(g, v)));
  }

  /** A default as the command line writes it: durations in ms, s or h; the rest as they print. */
  static String text(Object value) {
    if (!(value instanceof Duration d)) return String.valueOf(value);
    long ms = d.toMillis();
    if (ms % 1000 != 0) return ms + "ms";
    long s = ms / 1000;
    return s >= 3600 && s % 3600 == 0 ? s / 3600 + "h" : s + "s";
  }

  private RivuletMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("replay")) {
      String[] rest = new String[args.length - 1];
      System.arraycopy(args, 1, rest, 0, rest.length);
      System.exit(new ReplayCommand(System.out, System.err).run(rest));
      return;
    }
    if (args.length > 0 && args[0].equals("types")) {
      String[] rest = new String[args.length - 1];
      System.arraycopy(args, 1, rest, 0, rest.length);
      System.exit(new TypesCommand(System.out, System.err).run(rest));
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

  /** The configuration the options' values make; the values left unset keep the defaults. */
  static ServerConfig config(Map<String, String> v) {
    ServerConfig config = new ServerConfig();
    for (ActorCatalog catalog : ServiceLoader.load(ActorCatalog.class)) {
      catalog.effects().forEach(config::effect);
      catalog.subscriptions().forEach(config::subscribe);
      catalog.outputs().forEach(config::output);
    }
    config.actors(actorClasses(null));
    for (Option o : OPTIONS) {
      String value = v.get(o.flag());
      if (value != null) o.set().accept(config, new Value(o.flag(), value));
    }
    if (v.get("--metrics-port") == null) {
      config.engine(e -> e.metricsPort(config.role() == ServerConfig.Role.ENGINE
          ? ENGINE_METRICS_PORT : -1));
    }
    config.engine(e -> e.metricsHost(config.gatewayConfig().host())
        .metricsToken(config.gatewayConfig().adminToken()));
    Authenticator authenticator = authenticator(v);
    if (authenticator != null) config.gateway(g -> g.authenticator(authenticator));
    if (RivuletMain.class.getClassLoader().getResource(WEB + "/") != null) {
      config.gateway(g -> g.staticFiles("/", "classpath:" + WEB));
    }
    return config;
  }

  /**
   * The client API's authenticator the {@code --auth-*} options make: JSON Web Tokens checked
   * with a secret or a key set; null when none of them is given.
   */
  static Authenticator authenticator(Map<String, String> v) {
    String secret = blankToNull(v.get("--auth-jwt-secret"));
    String jwks = blankToNull(v.get("--auth-jwks-url"));
    String issuer = blankToNull(v.get("--auth-jwt-issuer"));
    String audience = blankToNull(v.get("--auth-jwt-audience"));
    boolean anonymous = v.get("--auth-anonymous") != null
        && new Value("--auth-anonymous", v.get("--auth-anonymous")).asBoolean();
    if (secret == null && jwks == null) {
      if (issuer != null || audience != null || anonymous) {
        throw new IllegalArgumentException("--auth-jwt-issuer, --auth-jwt-audience and "
            + "--auth-anonymous need --auth-jwt-secret or --auth-jwks-url");
      }
      return null;
    }
    if (secret != null && jwks != null) {
      throw new IllegalArgumentException("give --auth-jwt-secret or --auth-jwks-url, not both");
    }
    Authenticators.Jwt jwt = secret != null ? Authenticators.Jwt.hmac(secret)
        : Authenticators.Jwt.jwks(jwks);
    if (issuer != null) jwt = jwt.issuer(issuer);
    if (audience != null) jwt = jwt.audience(audience);
    Authenticator a = Authenticators.jwt(jwt);
    return anonymous ? Authenticators.anonymousAllowed(a) : a;
  }

  /**
   * The class-path directory of web pages the launcher serves at {@code /}: the examples put
   * their chat room demo in it ({@code rivulet-web/examples/chat-room/}).
   */
  static final String WEB = "rivulet-web";

  /** The examples' chat room demo, under {@link #WEB}, when this class path has it built. */
  static final String CHAT_DEMO = "examples/chat-room/";

  /** The actor classes of the catalogs on the class path, then the named ones. */
  static List<Class<? extends ActorBase<?>>> actorClasses(String named) {
    List<Class<? extends ActorBase<?>>> classes = new ArrayList<>();
    for (ActorCatalog catalog : ServiceLoader.load(ActorCatalog.class)) classes.addAll(catalog.actors());
    classes.addAll(namedActorClasses(named));
    return classes;
  }

  /** The actor classes named in {@code named}, comma-separated (null or blank: none). */
  @SuppressWarnings("unchecked")
  private static List<Class<? extends ActorBase<?>>> namedActorClasses(String named) {
    List<Class<? extends ActorBase<?>>> classes = new ArrayList<>();
    if (named == null || named.isBlank()) return classes;
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
            + "  (rivulet replay --help)\n       rivulet types [--out FILE]"
            + "             (rivulet types --help)\n\nRuns Rivulet actors on Kafka."
            + " Every option also reads its environment variable;\nthe command line wins."
            + " Durations: 500ms, 30s, 5m, 24h, 7d or ISO-8601 (PT30S).\n\nProcess:\n");
    for (Option o : OPTIONS) {
      if (o.flag().equals("--partitions")) sb.append("\nEngine:\n");
      if (o.flag().equals("--host")) sb.append("\nGateway:\n");
      if (o.flag().equals("--admin-token")) sb.append("\nAccess:\n");
      if (o.flag().equals("--max-connections-per-address")) sb.append("\nLimits per client:\n");
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
    if (server.gateway() != null) {
      GatewayConfig g = config.gatewayConfig();
      sb.append("  admin    ");
      if (server.gateway().adminPort() >= 0) {
        sb.append("http://").append(g.adminHost()).append(':').append(server.gateway().adminPort())
            .append(g.adminToken() != null ? "  (with the admin token)" : "  (its own port)");
      } else if (g.adminToken() != null) {
        sb.append("with the admin token (Authorization: Bearer)");
      } else if (g.adminOpen()) {
        sb.append("OPEN without a token to this machine (--admin-open, for development):\n"
            + "           history, state, forks, actor lists, destroy, the inspector, metrics");
      } else {
        sb.append("closed (no --admin-token, --admin-port or --admin-open)");
      }
      sb.append('\n');
      if (g.authenticator() != null) {
        sb.append("  clients  need a token (").append(v.get("--auth-jwks-url") != null
            ? "JWT, keys from " + v.get("--auth-jwks-url") : "JWT, HMAC").append(")")
            .append(Boolean.parseBoolean(v.get("--auth-anonymous")) ? ", or come anonymously" : "")
            .append('\n');
      }
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
    if (server.engine() != null) {
      var engine = config.engineConfig();
      for (var sub : engine.subscriptions()) {
        String type = ActorType.of(sub.actor()).name();
        String name = sub.name() != null ? sub.name() : type + "." + sub.action();
        sb.append("  reads    ").append(sub.topic()).append(" -> ").append(type).append('.')
            .append(sub.action()).append(engine.disabledSubscriptions().contains(name)
                ? "  (subscription " + name + ", disabled)" : "").append('\n');
      }
      for (var output : engine.outputs()) {
        sb.append("  writes   ").append(output.topic()).append('\n');
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
    if (base != null) {
      ClassLoader loader = RivuletMain.class.getClassLoader();
      String chat = base + "/" + CHAT_DEMO;
      String inspector = base + "/inspector/";
      int width = Math.max(chat.length(), inspector.length()) + 2;
      sb.append("\nIn a browser:\n");
      if (loader.getResource(WEB + "/" + CHAT_DEMO + "index.html") != null) {
        sb.append("  ").append(String.format("%-" + width + "s", chat))
            .append("the chat room, a React page on RivetKit's own client")
            .append(loader.getResource(WEB + "/" + CHAT_DEMO + "chat-room.js") != null ? ""
                : " (not bundled: the build found no npm)")
            .append('\n');
      }
      sb.append("  ").append(String.format("%-" + width + "s", inspector)).append("the inspector\n");
    }
    sb.append("\nStop with Ctrl-C; state survives in the data directory.\n");
    return sb.toString();
  }
}
