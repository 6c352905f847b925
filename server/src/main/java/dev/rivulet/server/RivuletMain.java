package dev.rivulet.server;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.ActorCatalog;
import dev.rivulet.actor.internal.ActorType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;

/**
 * The launcher: {@code java -jar rivulet.jar [options]}. Runs the actors of every {@link
 * ActorCatalog} on the class path (and any named with {@code --actors}) with an embedded Kafka
 * broker, unless {@code --kafka} names a cluster. Every option also reads from an environment
 * variable; the command line wins.
 */
public final class RivuletMain {
  private record Option(String flag, String env, String fallback, String help) {}

  /** The engine's metrics port when it runs alone (the OpenTelemetry Prometheus exporter's). */
  static final int ENGINE_METRICS_PORT = 9464;

  private static final List<Option> OPTIONS = List.of(
      new Option("--data-dir", "RIVULET_DATA_DIR", "rivulet-data",
          "where the embedded broker and the state stores keep their data"),
      new Option("--host", "RIVULET_HOST", "127.0.0.1", "interface the gateway listens on"),
      new Option("--port", "RIVULET_PORT", "8080", "gateway port (0: any free port)"),
      new Option("--kafka", "RIVULET_KAFKA", null,
          "bootstrap servers of an external Kafka cluster; without it, an embedded broker runs"),
      new Option("--broker-port", "RIVULET_BROKER_PORT", "9092", "embedded broker port"),
      new Option("--app", "RIVULET_APP", "rivulet", "application name, the prefix of its topics"),
      new Option("--partitions", "RIVULET_PARTITIONS", "8", "partitions of new inbox/journal topics"),
      new Option("--replication", "RIVULET_REPLICATION", "1", "replication factor of new topics"),
      new Option("--role", "RIVULET_ROLE", "all", "all, engine or gateway"),
      new Option("--gateway-id", "RIVULET_GATEWAY_ID", null, "this gateway's id (default: random)"),
      new Option("--max-body-bytes", "RIVULET_MAX_BODY_BYTES", String.valueOf(1 << 20),
          "largest HTTP request body"),
      new Option("--metrics-port", "RIVULET_METRICS_PORT", null,
          "port of the engine's GET /metrics (default " + ENGINE_METRICS_PORT
              + " with --role engine, none otherwise: the gateway serves /metrics; -1: none)"),
      new Option("--log-format", "RIVULET_LOG_FORMAT", "text",
          "log lines as text, or json (one object per line; with the launcher's log config)"),
      new Option("--actors", "RIVULET_ACTORS", null,
          "comma-separated actor classes to run besides the catalogs on the class path"));

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
    Map<String, String> values = new LinkedHashMap<>();
    for (Option o : OPTIONS) {
      String env = System.getenv(o.env());
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
        .bootstrapServers(v.get("--kafka"))
        .brokerPort(intOption(v, "--broker-port"))
        .application(v.get("--app"))
        .role(role(v.get("--role")))
        .actors(actorClasses(v.get("--actors")));
    int partitions = intOption(v, "--partitions");
    int replication = intOption(v, "--replication");
    int metricsPort = v.get("--metrics-port") != null ? intOption(v, "--metrics-port")
        : config.role() == ServerConfig.Role.ENGINE ? ENGINE_METRICS_PORT : -1;
    config.engine(e -> e.partitions(partitions).replicationFactor(replication)
        .metricsPort(metricsPort).metricsHost(v.get("--host")));
    config.gateway(g -> {
      g.host(v.get("--host")).port(intOption(v, "--port"))
          .maxBodyBytes(intOption(v, "--max-body-bytes"));
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

  private static int intOption(Map<String, String> v, String flag) {
    try {
      return Integer.parseInt(v.get(flag));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a number, got " + v.get(flag));
    }
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
            + "  (rivulet replay --help)\n\nRuns Rivulet actors on Kafka.\n\nOptions:\n");
    for (Option o : OPTIONS) {
      sb.append(String.format("  %-18s %s%n  %-18s env %s%s%n", o.flag() + " VALUE", o.help(), "",
          o.env(), o.fallback() == null ? "" : ", default " + o.fallback()));
    }
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
