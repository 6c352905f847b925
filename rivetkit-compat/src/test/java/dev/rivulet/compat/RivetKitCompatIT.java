package dev.rivulet.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rivulet.gateway.Gateway;
import dev.rivulet.gateway.GatewayConfig;
import dev.rivulet.server.EmbeddedBroker;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.ServerConfig;
import dev.rivulet.server.testing.TestStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RivetKit's own client against Rivulet: starts an engine with the driver suite's fixture actors
 * ({@link DriverSuiteActors}) and a gateway on a port of its own, then runs {@code
 * js/suite.mjs} with node, which drives the pinned {@code rivetkit} client (and the copy {@code
 * @rivetkit/react} pins) through every case in the json, cbor and bare encodings. Any failed case
 * fails the test; every result line is kept in {@code target/rivetkit-compat/}.
 *
 * <p>The client reaches the gateway through a {@link TcpForwarder}, as it would through a load
 * balancer. The suite asks this test, over a small HTTP server ({@code RIVETKIT_CONTROL}), to cut
 * every connection ({@code POST /drop-connections}: the forwarder drops them, the gateway stays
 * up), to restart the gateway ({@code POST /restart-gateway}: a new gateway starts, new
 * connections go to it, then the old one stops and its sockets close; {@code
 * ?action-timeout-ms=N}: the new one gives up on a reply after N ms rather than the default
 * minute), and to stop and start the engine ({@code POST /stop-engine}, {@code POST
 * /start-engine}: the same application again, its state restored from Kafka).
 *
 * <p>Runs in every build where node is installed (the build installs the client first, {@code
 * js/install.sh}: npm ci); skipped, saying why, where node is missing or with {@code
 * -Drivetkit.compat.skip=true}. With node but without the installed client it fails: the install
 * should have worked.
 */
@DisabledIfSystemProperty(named = "rivetkit.compat.skip", matches = "true",
    disabledReason = "skipped with -Drivetkit.compat.skip=true")
@EnabledIf(value = "nodeInstalled",
    disabledReason = "node is not installed: RivetKit's JavaScript client cannot be run here")
class RivetKitCompatIT {
  /** Whether node runs here; says so on the console when it does not. */
  static boolean nodeInstalled() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) return true;
    } catch (IOException e) {
      // not installed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.println("RivetKitCompatIT skipped: node is not installed");
    return false;
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path JS = Path.of(System.getProperty("rivetkit.compat.js", "js"));
  private static final long SUITE_TIMEOUT_MINUTES = 30;
  /** The gateway's admin token: the REST case lists and deletes with it, and is refused without. */
  private static final String ADMIN_TOKEN = "compat-admin-token";

  private static volatile RivuletServer engine;
  private static String application;
  private static TcpForwarder forwarder;
  private static volatile Gateway gateway;
  private static HttpServer control;

  @BeforeAll
  static void start() throws Exception {
    application = "compat-" + UUID.randomUUID().toString().substring(0, 8);
    startEngine();
    gateway = startGateway(null);
    forwarder = new TcpForwarder(gateway.port());
    control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    control.createContext("/drop-connections", ex -> answer(ex, forwarder::dropAll));
    control.createContext("/restart-gateway", ex -> answer(ex, () -> restartGateway(
        actionTimeout(ex.getRequestURI().getQuery()))));
    control.createContext("/stop-engine", ex -> answer(ex, RivetKitCompatIT::stopEngine));
    control.createContext("/start-engine", ex -> answer(ex, RivetKitCompatIT::startEngine));
    control.start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (control != null) control.stop(0);
    if (forwarder != null) forwarder.close();
    if (gateway != null) gateway.close();
    stopEngine();
  }

  @ParameterizedTest(name = "client {0}")
  @ValueSource(strings = {"rivetkit", "react"})
  void theRivetKitClientPassesEveryCase(String client) throws Exception {
    if (!Files.isDirectory(JS.resolve("node_modules/rivetkit"))) {
      fail("the pinned client is not installed in " + JS.resolve("node_modules")
          + ": run " + JS.resolve("install.sh") + " (npm ci; needs node and npm)");
    }
    Path results = Path.of("target", "rivetkit-compat");
    Files.createDirectories(results);
    Path lines = results.resolve(client + ".jsonl");
    ProcessBuilder pb = new ProcessBuilder("node", "suite.mjs").directory(JS.toFile())
        .redirectErrorStream(false)
        .redirectError(results.resolve(client + ".stderr.log").toFile());
    Map<String, String> env = pb.environment();
    env.put("RIVETKIT_ENDPOINT", "http://127.0.0.1:" + forwarder.port() + "/api/rivet");
    env.put("RIVETKIT_CONTROL", "http://127.0.0.1:" + control.getAddress().getPort());
    env.put("RIVETKIT_CLIENT", client);
    env.put("RIVETKIT_ADMIN_TOKEN", ADMIN_TOKEN);
    Process node;
    try {
      node = pb.start();
    } catch (IOException e) {
      throw new AssertionError("node could not be started (is it installed?): " + e.getMessage(), e);
    }
    List<String> failures = new ArrayList<>();
    JsonNode summary = null;
    try (BufferedReader out = new BufferedReader(
            new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter copy = new PrintWriter(Files.newBufferedWriter(lines), true)) {
      for (String line; (line = out.readLine()) != null; ) {
        copy.println(line);
        if (!line.startsWith("{")) continue;
        JsonNode result = JSON.readTree(line);
        if ("summary".equals(result.path("type").asText())) summary = result;
        if ("fail".equals(result.path("status").asText())) {
          failures.add(result.path("group").asText() + "/" + result.path("name").asText() + " ["
              + result.path("encoding").asText() + "]: " + result.path("error").path("message").asText());
        }
      }
    }
    if (!node.waitFor(SUITE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      node.destroyForcibly();
      fail("the suite did not finish in " + SUITE_TIMEOUT_MINUTES + " minutes; results so far: " + lines);
    }
    assertThat(summary).as("the suite's summary line (output in %s)", lines).isNotNull();
    assertThat(failures).as("failed cases of client %s (every result: %s)", client, lines).isEmpty();
    assertThat(summary.path("passed").asInt()).isPositive();
    assertThat(node.exitValue()).isZero();
  }

  /** A gateway of the suite's application; {@code actionTimeout} null: the default. */
  private static Gateway startGateway(Duration actionTimeout) {
    GatewayConfig config = new GatewayConfig()
        .bootstrapServers(EmbeddedBroker.shared().bootstrapServers()).application(application)
        .host("127.0.0.1").port(0).adminToken(ADMIN_TOKEN);
    if (actionTimeout != null) config.actionTimeout(actionTimeout);
    return Gateway.start(config);
  }

  /** A rolling restart behind the forwarder: the new gateway first, then the old one stops. */
  private static synchronized void restartGateway(Duration actionTimeout) {
    Gateway old = gateway;
    gateway = startGateway(actionTimeout);
    forwarder.target(gateway.port());
    old.close();
  }

  /** {@code action-timeout-ms=N} in a control request's query, or null. */
  private static Duration actionTimeout(String query) {
    if (query == null) return null;
    for (String part : query.split("&")) {
      if (part.startsWith("action-timeout-ms=")) {
        return Duration.ofMillis(Long.parseLong(part.substring("action-timeout-ms=".length())));
      }
    }
    return null;
  }

  private static synchronized void startEngine() {
    if (engine != null) return;
    engine = TestStack.start(DriverSuiteActors.ALL,
        c -> c.application(application).role(ServerConfig.Role.ENGINE));
  }

  private static synchronized void stopEngine() {
    if (engine == null) return;
    engine.close();
    engine = null;
  }

  private interface Action {
    void run() throws Exception;
  }

  private static void answer(HttpExchange ex, Action action) throws IOException {
    int status = 204;
    try {
      if (!"POST".equals(ex.getRequestMethod())) {
        status = 405;
      } else {
        action.run();
      }
    } catch (Exception e) {
      status = 500;
    }
    ex.sendResponseHeaders(status, -1);
    ex.close();
  }
}
