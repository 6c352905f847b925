package dev.rivulet.server;

import dev.rivulet.engine.EngineConfig;
import dev.rivulet.gateway.GatewayConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launcher's options: each flag, the environment variable it also reads, its help line, its
 * default (read from the configuration classes, which own every default) and how its value sets
 * the {@link ServerConfig}; parsing the command line over the environment, the durations they
 * take, and {@code --help}.
 */
final class LauncherOptions {
  private LauncherOptions() {}

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

  /** Every option, in the order of {@code --help}. */
  static final List<Option> OPTIONS = List.of(
      // The process: what runs, where its data is, which Kafka.
      option("--role", "all, engine or gateway",
          c -> c.role().name().toLowerCase(Locale.ROOT), (c, v) -> c.role(role(v.text()))),
      option("--kafka",
          "bootstrap servers of an external Kafka cluster; without it, an embedded broker runs",
          null, (c, v) -> c.bootstrapServers(RivuletMain.blankToNull(v.text()))),
      option("--kafka-config",
          "a properties file of Kafka client settings (TLS, SASL) for every Kafka client",
          null, (c, v) -> c.kafkaProperties(RivuletMain.kafkaConfig(v.text()))),
      option("--app", "application name, the prefix of its topics",
          c -> c.engineConfig().application(), (c, v) -> c.application(v.text())),
      option("--data-dir", "where the embedded broker and the state stores keep their data",
          ServerConfig::dataDir, (c, v) -> c.dataDir(Path.of(v.text()))),
      option("--broker-port", "embedded broker port",
          ServerConfig::brokerPort, (c, v) -> c.brokerPort(v.asInt())),
      option("--health-port",
          "a port answering GET /health for this process (engine-only processes, containers)",
          null, (c, v) -> c.healthPort(v.asInt())),
      option("--metrics-port", "port of the engine's GET /metrics (default " + RivuletMain.ENGINE_METRICS_PORT
              + " with --role engine, none otherwise: the gateway serves /metrics; -1: none)",
          null, (c, v) -> c.engine(e -> e.metricsPort(v.asInt()))),
      option("--log-format",
          "log lines as text, or json (one object per line; with the launcher's log config)",
          c -> "text", (c, v) -> { }), // read by main() before the first logger is made
      option("--actors", "comma-separated actor classes to run besides the catalogs on the class path",
          null, (c, v) -> c.actors(RivuletMain.namedActorClasses(v.text()))),
      option("--reads-from-store",
          "with role all, answer eligible read-only HTTP calls from the engine's store",
          ServerConfig::readsFromStore, (c, v) -> c.readsFromStore(v.asBoolean())),
      option("--warm-up", "calls to a throwaway application of its own before serving, so "
              + "that the first requests do not run cold code (0: none; 10000 is a good start)",
          ServerConfig::warmUpCalls, (c, v) -> c.warmUp(v.asInt())),
      option("--warm-up-limit", "the longest the warm-up's calls may take; it stops at its calls "
              + "or at this (on two cores the JIT needs more than a minute: see the warm-up's log)",
          ServerConfig::warmUpLimit, (c, v) -> c.warmUpLimit(v.asDuration())),
      option("--warm-up-calls", "the calls the warm-up makes, TYPE.ACTION [ARGS] separated by ;"
              + " (counter.increment [1]; chat.send [\"hi\"]): your actions, run by your actor "
              + "classes in its throwaway application (none: a built-in actor's)",
          null, (c, v) -> {
            for (String call : v.text().split(";")) {
              if (!call.isBlank()) c.warmUpCall(call);
            }
          }),
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
      gateway("--max-requests-per-second", "HTTP requests per second one client address may "
              + "make, in bursts of as many; /health and the admin port are not counted "
              + "(0: no limit)",
          GatewayConfig::maxRequestsPerSecond, (g, v) -> g.maxRequestsPerSecond(v.asInt())),
      gateway("--trusted-proxies", "addresses or CIDR ranges of the proxies in front of the "
              + "gateway whose X-Forwarded-For gives the client's address for the limits above, "
              + "the admin API's loopback rule and authenticators (comma-separated; none: the "
              + "header is ignored)",
          null, (g, v) -> g.trustedProxies(List.of(v.text().split("\\s*,\\s*")))),
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
}
