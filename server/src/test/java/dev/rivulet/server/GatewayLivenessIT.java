package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.gateway.Gateway;
import dev.rivulet.gateway.GatewayConfig;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TempDirs;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.WsProbe;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gateway killed without closing its sockets (a separate process, SIGKILL) gets its
 * connections disconnected by the engine, with {@code onDisconnect}, within the gateway timeout;
 * a gateway judged lost while it still serves is told, and closes their sockets.
 */
class GatewayLivenessIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final Pattern GATEWAY = Pattern.compile("gateway\\s+http://localhost:(\\d+)");

  static RivuletServer server;
  static String app;

  @BeforeAll
  static void start() {
    app = "live-" + Long.toHexString(System.nanoTime());
    server = TestStack.start(ModelActors.ALL,
        c -> c.application(app).engine(e -> e.gatewayTimeout(TIMEOUT)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theConnectionsOfAKilledGatewayAreDisconnectedOnTheEngineSide() throws Exception {
    Path log = TempDirs.create("rivulet-doomed-gateway-").resolve("gateway.log");
    Process doomed = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
            "-cp", System.getProperty("java.class.path"), RivuletMain.class.getName(),
            "--role", "gateway", "--kafka", server.bootstrapServers(), "--app", app,
            "--port", "0", "--gateway-id", "gw-doomed")
        .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
        .start();
    try {
      String url = "http://127.0.0.1:" + port(doomed, log);
      String params = URLEncoder.encode("{\"user\":\"dora\",\"token\":\"secret\"}",
          StandardCharsets.UTF_8).replace("+", "%20");
      WsProbe dora = WsProbe.connect(url.replace("http", "ws") + "/api/actors/lobby/far/connect",
          "rivet", "rivet_encoding.json", "rivet_conn_params." + params);
      dora.awaitTag("Init");
      HttpProbe http = new HttpProbe(server.url()); // the surviving gateway
      assertThat(roster(http).path("present").toString()).isEqualTo("[\"dora\"]");

      doomed.destroyForcibly(); // no close frames, no disconnect records, no goodbye heartbeat
      assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
      long killed = System.nanoTime();
      Await.until("the engine to disconnect dora", Duration.ofSeconds(30),
          () -> roster(http).path("left").toString().equals("[\"dora\"]"));
      long took = (System.nanoTime() - killed) / 1_000_000;
      System.out.printf("connection of the killed gateway ended %d ms after the kill "
          + "(timeout %d ms, checked every 2 s)%n", took, TIMEOUT.toMillis());
      assertThat(roster(http).path("present")).isEmpty();
      assertThat(took).isLessThan(TIMEOUT.toMillis() + 2_000 + 5_000);
      dora.abort();
    } finally {
      doomed.destroyForcibly();
    }
  }

  @Test
  void aGatewayJudgedLostWhileStillServingClosesItsSocketsSoThatTheirClientsReconnect()
      throws Exception {
    // A gateway heard once, at its start, then silent (its heartbeats an hour apart) but serving:
    // what a gateway whose heartbeats are held up looks like to the engine.
    try (Gateway silent = Gateway.start(new GatewayConfig()
        .bootstrapServers(server.bootstrapServers()).application(app).port(0)
        .gatewayId("gw-silent").heartbeatInterval(Duration.ofHours(1)))) {
      String params = URLEncoder.encode("{\"user\":\"eve\",\"token\":\"secret\"}",
          StandardCharsets.UTF_8).replace("+", "%20");
      WsProbe eve = WsProbe.connect("ws://127.0.0.1:" + silent.port()
              + "/api/actors/lobby/near/connect", "rivet", "rivet_encoding.json",
          "rivet_conn_params." + params);
      eve.awaitTag("Init");
      HttpProbe http = new HttpProbe(server.url());
      // The engine ends the connection (onDisconnect ran: eve left) and tells the gateway, which
      // closes the socket: a client then reconnects rather than hold a socket that no longer
      // gets the actor's events.
      WsProbe.Closed closed = eve.awaitClose(Duration.ofSeconds(30));
      assertThat(closed.reason()).isEqualTo("gateway gw-silent lost");
      assertThat(http.action("lobby", "near", "roster", "[]").json().path("output").path("left")
          .toString()).isEqualTo("[\"eve\"]");
    }
  }

  private static JsonNode roster(HttpProbe http) {
    return http.action("lobby", "far", "roster", "[]").json().path("output");
  }

  private static int port(Process process, Path log) throws Exception {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          Matcher m = GATEWAY.matcher(line);
          if (m.find()) port.complete(Integer.parseInt(m.group(1)));
        }
        port.completeExceptionally(new AssertionError("the gateway exited; see " + log));
      } catch (Exception e) {
        port.completeExceptionally(e);
      }
    }, "doomed-gateway-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      return port.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the gateway did not start: " + Files.readString(log), e);
    }
  }
}
