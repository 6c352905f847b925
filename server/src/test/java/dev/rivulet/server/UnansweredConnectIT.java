package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.gateway.Gateway;
import dev.rivulet.gateway.GatewayConfig;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.WsProbe;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections opened while no engine answers: each fails after the gateway's action timeout, in
 * the way its client understands (Rivulet's wire: the {@code Error} frame and {@code
 * actor.action_timed_out}; RivetKit's wire: the close alone, with {@code
 * guard.service_unavailable}, which RivetKit's client retries where it gives up on any other
 * error before {@code Init}), and none is left behind: the engine, back, applies each late
 * {@code Connect} and then the {@code Disconnect} the gateway sent after it, so {@code
 * onConnect} and {@code onDisconnect} both run and the actor holds no connection that no socket
 * holds. A gateway that stops while a RivetKit socket is still opening closes it with that same
 * retryable reason.
 */
class UnansweredConnectIT {
  private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration WAIT = Duration.ofSeconds(60);

  static String app;
  static RivuletServer engine;
  static Gateway gateway;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    app = "unanswered-" + Long.toHexString(System.nanoTime());
    engine = startEngine();
    gateway = Gateway.start(new GatewayConfig().bootstrapServers(engine.bootstrapServers())
        .application(app).host("127.0.0.1").port(0).actionTimeout(ACTION_TIMEOUT));
    http = new HttpProbe("http://127.0.0.1:" + gateway.port());
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (engine != null) engine.close();
  }

  private static RivuletServer startEngine() {
    return TestStack.start(ModelActors.ALL,
        c -> c.application(app).role(ServerConfig.Role.ENGINE));
  }

  @Test
  void aConnectionOpenedWhileNoEngineAnswersFailsAndLeavesNothingBehind() {
    if (engine == null) engine = startEngine();
    assertThat(roster().path("present")).isEmpty(); // lobby/far exists; the engine answers
    stopEngine();

    String ws = "ws://127.0.0.1:" + gateway.port();
    try (WsProbe dora = WsProbe.connect(ws + "/api/actors/lobby/far/connect", "rivet",
            "rivet_encoding.json", "rivet_conn_params." + params("dora"));
        WsProbe eve = WsProbe.connect(ws + "/api/rivet/gateway/lobby/connect"
            + "?rvt-namespace=default&rvt-method=getOrCreate&rvt-key=far", "rivet",
            "rivet_encoding.json", "rivet_conn_params." + params("eve"))) {
      JsonNode error = dora.awaitTag("Error");
      assertThat(error.at("/body/val/code").asText()).isEqualTo("action_timed_out");
      assertThat(dora.awaitClose(WAIT).reason()).isEqualTo("actor.action_timed_out");

      WsProbe.Closed closed = eve.awaitClose(WAIT);
      assertThat(closed.status()).isEqualTo(1011);
      assertThat(closed.reason()).isEqualTo("guard.service_unavailable");
      assertThat(eve.received()).as("no Error frame before RivetKit's retryable close").isEmpty();
    }

    engine = startEngine();
    Await.until("the engine to apply both late connections and end them", WAIT,
        () -> roster().path("left").size() == 2);
    JsonNode roster = roster();
    assertThat(roster.path("present")).as("connections no socket holds").isEmpty();
    assertThat(roster.path("left").toString()).contains("\"dora\"").contains("\"eve\"");
  }

  /**
   * A gateway that stops while a RivetKit socket is still opening closes it with the reason
   * RivetKit's client retries (through another gateway, behind a load balancer), not with the
   * stop's close without a reason (the client sees {@code 1006}), on which it gives up.
   */
  @Test
  void aGatewayStoppingWhileARivetKitSocketOpensTellsItsClientToRetry() {
    stopEngine(); // nobody answers: the socket stays opening
    Gateway stopping = Gateway.start(new GatewayConfig().bootstrapServers(EmbeddedBroker.shared()
        .bootstrapServers()).application(app).host("127.0.0.1").port(0));
    boolean stopped = false;
    try (WsProbe frank = WsProbe.connect("ws://127.0.0.1:" + stopping.port()
            + "/api/rivet/gateway/lobby/connect?rvt-namespace=default&rvt-method=getOrCreate"
            + "&rvt-key=near", "rivet", "rivet_encoding.json",
        "rivet_conn_params." + params("frank"))) {
      Await.until("the gateway to wait for the engine's answer", WAIT, () -> stopping
          .meterRegistry().get("rivulet.pending.replies").gauge().value() >= 1);
      stopping.close();
      stopped = true;
      WsProbe.Closed closed = frank.awaitClose(WAIT);
      assertThat(closed.status()).isEqualTo(1011);
      assertThat(closed.reason()).isEqualTo("guard.service_unavailable");
      assertThat(frank.received()).isEmpty();
    } finally {
      if (!stopped) stopping.close();
    }
  }

  private static void stopEngine() {
    if (engine == null) return;
    engine.close();
    engine = null;
  }

  private static JsonNode roster() {
    return http.action("lobby", "far", "roster", "[]").json().path("output");
  }

  private static String params(String user) {
    return URLEncoder.encode("{\"user\":\"" + user + "\",\"token\":\"secret\"}",
        StandardCharsets.UTF_8).replace("+", "%20");
  }
}
