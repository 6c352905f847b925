package dev.rivulet.server;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.ActorCatalog;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.gateway.Authenticator;
import dev.rivulet.gateway.Authenticators;
import dev.rivulet.gateway.GatewayConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;

/**
 * The launcher: {@code java -jar rivulet.jar [options]}. Runs the actors of every {@link
 * ActorCatalog} on the class path (and any named with {@code --actors}) with an embedded Kafka
 * broker, unless {@code --kafka} names a cluster. Every option also reads from an environment
 * variable; the command line wins.
 */
public final class RivuletMain {
  /** The engine's metrics port when it runs alone (the OpenTelemetry Prometheus exporter's). */
  static final int ENGINE_METRICS_PORT = 9464;

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
      values = LauncherOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("rivulet: " + e.getMessage());
      System.err.println();
      System.err.println(LauncherOptions.usage());
      System.exit(2);
      return;
    }
    if (values == null) {
      System.out.println(LauncherOptions.usage());
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

  /** The configuration the options' values make; the values left unset keep the defaults. */
  static ServerConfig config(Map<String, String> v) {
    ServerConfig config = new ServerConfig();
    for (ActorCatalog catalog : ServiceLoader.load(ActorCatalog.class)) {
      catalog.effects().forEach(config::effect);
      catalog.subscriptions().forEach(config::subscribe);
      catalog.outputs().forEach(config::output);
    }
    config.actors(actorClasses(null));
    for (LauncherOptions.Option o : LauncherOptions.OPTIONS) {
      String value = v.get(o.flag());
      if (value != null) o.set().accept(config, new LauncherOptions.Value(o.flag(), value));
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
        && new LauncherOptions.Value("--auth-anonymous", v.get("--auth-anonymous")).asBoolean();
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
  static List<Class<? extends ActorBase<?>>> namedActorClasses(String named) {
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

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
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
