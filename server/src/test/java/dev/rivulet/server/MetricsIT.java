package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.PrometheusText;
import dev.rivulet.server.testing.SseProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.WsProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} after a known load over HTTP, a WebSocket, an SSE stream and schedules:
 * every series is there, and its counts are what was done. Engine and gateway share the server's
 * registry, so the gateway serves both; an engine alone serves its own on its metrics port.
 */
class MetricsIT {
  static final Duration WAIT = Duration.ofSeconds(30);

  /** Sets schedules: one far away, one due at once. */
  @Actor("alarm")
  public static class Alarm extends ActorBase<Alarm.State> {
    public record State(int rung) {}

    @Override
    protected State initialState() {
      return new State(0);
    }

    @Action
    public String set(long afterMillis) {
      return context().schedule().after(Duration.ofMillis(afterMillis), "ring");
    }

    @Action(internal = true)
    public void ring() {
      setState(new State(state().rung() + 1));
    }

    @Action(readOnly = true)
    public int rung() {
      return state().rung();
    }
  }

  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    List<Class<? extends ActorBase<?>>> actors = new ArrayList<>(TestActors.ALL);
    actors.add(Alarm.class);
    // Nobody sleeps during the test, so the live actors can be counted.
    server = TestStack.start(actors, c -> c.engine(e -> e.sleepAfter(Duration.ofMinutes(10))));
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void metricsShowWhatTheGatewayAndTheEngineDid() {
    for (int i = 1; i <= 3; i++) {
      assertThat(http.action("tally", "m", "add", "[1]").status()).isEqualTo(200);
    }
    assertThat(http.action("tally", "m", "addAtMost", "[10, 3]").errorCode())
        .isEqualTo("user.too_much");
    assertThat(http.action("tally", "m", "addThenCrash", "[1]").errorCode())
        .isEqualTo("core.internal_error");
    assertThat(http.action("tally", "m", "nope", "[]").errorCode())
        .isEqualTo("actor.action_not_found");
    String madeUp = "made-up-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(http.action(madeUp, "m", "x", "[]").errorCode())
        .isEqualTo("actor.type_not_found");
    assertThat(http.post("/api/actors/tally/m/actions/add", "{oops").errorCode())
        .isEqualTo("request.invalid_json");
    assertThat(http.action("alarm", "later", "set", "[3600000]").status()).isEqualTo(200);
    assertThat(http.action("alarm", "soon", "set", "[1]").status()).isEqualTo(200);
    Await.until("the schedule fired", WAIT,
        () -> http.action("alarm", "soon", "rung", "[]").text().equals("{\"output\":1}"));

    String ws = server.url().replace("http", "ws") + "/api/actors/tally/ws/connect";
    try (WsProbe socket = WsProbe.connect(ws);
        SseProbe stream = new SseProbe(server.url() + "/api/actors/tally/sse/events")) {
      socket.awaitTag("Init");
      socket.action(1, "add", "[2]");
      socket.action(2, "add", "[2]");
      socket.action(3, "nope", "[]");
      socket.await(f -> f.path("body").path("val").path("actionId").path(1).asText().equals("3"),
          WAIT);
      stream.await("rivulet.connected");

      PrometheusText m = scrapeWhen(t -> t.valueOrZero("rivulet_request_duration_seconds_count",
              "transport", "websocket", "action", "_unknown") == 1
          && t.valueOrZero("rivulet_action_duration_seconds_count", "actor_type", "tally",
              "action", "add", "outcome", "ok") == 5
          && t.valueOrZero("rivulet_actors_live") == 5
          && t.all("rivulet_inbox_lag_records").size() == 8);

      // The engine: each applied record, by actor type, kind, action and outcome.
      assertThat(engineCount(m, "tally", "action", "add", "ok")).isEqualTo(5); // 3 HTTP, 2 WS
      assertThat(engineCount(m, "tally", "action", "addAtMost", "user_error")).isEqualTo(1);
      assertThat(engineCount(m, "tally", "action", "addThenCrash", "error")).isEqualTo(1);
      assertThat(engineCount(m, "tally", "action", "_unknown", "error")).isEqualTo(2); // HTTP, WS
      assertThat(engineCount(m, "_unknown", "action", "_unknown", "error")).isEqualTo(1);
      assertThat(engineCount(m, "tally", "connect", "", "ok")).isEqualTo(2); // WS, SSE
      assertThat(engineCount(m, "alarm", "action", "set", "ok")).isEqualTo(2);
      assertThat(engineCount(m, "alarm", "fire", "ring", "ok")).isEqualTo(1);
      assertThat(m.value("rivulet_action_duration_seconds_bucket", "actor_type", "tally",
          "action", "add", "outcome", "ok", "le", "+Inf")).contains(5.0);
      assertThat(m.all("rivulet_action_duration_seconds_bucket", "actor_type", "tally",
          "action", "add", "outcome", "ok")).hasSizeGreaterThan(20); // a histogram
      assertThat(m.value("rivulet_errors_total", "actor_type", "tally", "code", "user.too_much"))
          .contains(1.0);
      assertThat(m.value("rivulet_errors_total", "actor_type", "tally",
          "code", "core.internal_error")).contains(1.0);
      assertThat(m.value("rivulet_errors_total", "actor_type", "tally",
          "code", "actor.action_not_found")).contains(2.0);
      assertThat(m.value("rivulet_errors_total", "actor_type", "_unknown",
          "code", "actor.type_not_found")).contains(1.0);
      assertThat(m.value("rivulet_schedules_pending")).contains(1.0);
      assertThat(m.value("rivulet_schedules_overdue")).contains(0.0);
      assertThat(m.value("rivulet_deadletters_total")).contains(0.0);
      assertThat(m.value("rivulet_actors_live")).contains(5.0); // tally m, ws, sse; alarm x2
      assertThat(m.all("rivulet_inbox_lag_records")).extracting(s -> s.labels().get("partition"))
          .containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, 8).mapToObj(String::valueOf).toList());
      assertThat(m.all("rivulet_inbox_lag_records")).allSatisfy(s -> assertThat(s.value())
          .isBetween(0.0, 1_000.0));

      // The gateway: each request, as its client saw it.
      assertThat(gatewayCount(m, "http", "tally", "action", "add", "ok")).isEqualTo(3);
      assertThat(gatewayCount(m, "websocket", "tally", "action", "add", "ok")).isEqualTo(2);
      assertThat(gatewayCount(m, "http", "tally", "action", "addAtMost", "user_error"))
          .isEqualTo(1);
      assertThat(gatewayCount(m, "http", "tally", "action", "addThenCrash", "error")).isEqualTo(1);
      assertThat(gatewayCount(m, "http", "tally", "action", "_unknown", "error")).isEqualTo(1);
      assertThat(gatewayCount(m, "websocket", "tally", "action", "_unknown", "error")).isEqualTo(1);
      assertThat(gatewayCount(m, "http", "_unknown", "action", "_unknown", "error")).isEqualTo(1);
      assertThat(gatewayCount(m, "websocket", "tally", "connect", "", "ok")).isEqualTo(1);
      assertThat(gatewayCount(m, "sse", "tally", "connect", "", "ok")).isEqualTo(1);
      assertThat(gatewayErrors(m, "http", "user.too_much")).isEqualTo(1);
      assertThat(gatewayErrors(m, "http", "core.internal_error")).isEqualTo(1);
      assertThat(gatewayErrors(m, "http", "actor.action_not_found")).isEqualTo(1);
      assertThat(gatewayErrors(m, "http", "actor.type_not_found")).isEqualTo(1);
      assertThat(gatewayErrors(m, "http", "request.invalid_json")).isEqualTo(1); // never sent
      assertThat(gatewayErrors(m, "websocket", "actor.action_not_found")).isEqualTo(1);
      assertThat(m.value("rivulet_connections_active", "kind", "websocket")).contains(1.0);
      assertThat(m.value("rivulet_connections_active", "kind", "sse")).contains(1.0);
      assertThat(m.value("rivulet_pending_replies")).contains(0.0);
      // The Kafka round trip of every request the gateway waited on, timed at both ends: the
      // gateway's send to the reply, and within it the wait before the engine took it up.
      double roundTrips = m.valueOrZero("rivulet_reply_wait_seconds_count");
      assertThat(roundTrips).isGreaterThanOrEqualTo(10);
      assertThat(m.value("rivulet_inbox_wait_seconds_count")).contains(roundTrips);
      assertThat(m.valueOrZero("rivulet_inbox_wait_seconds_sum"))
          .isBetween(0.0, m.valueOrZero("rivulet_reply_wait_seconds_sum") + roundTrips * 0.001);
      assertThat(m.all("rivulet_reply_wait_seconds_bucket")).hasSizeGreaterThan(20);
      assertThat(m.all("rivulet_inbox_wait_seconds_bucket")).hasSizeGreaterThan(20);
      assertThat(m.valueOrZero("rivulet_outbox_records_total", "result", "routed"))
          .isGreaterThanOrEqualTo(16);

      // And the JVM's, bound by the server.
      assertThat(m.names()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads",
          "process_uptime_seconds");
    }
    PrometheusText closed = scrapeWhen(t ->
        t.valueOrZero("rivulet_connections_active", "kind", "websocket") == 0
            && t.valueOrZero("rivulet_connections_active", "kind", "sse") == 0);
    assertThat(closed.value("rivulet_connections_active", "kind", "websocket")).contains(0.0);
  }

  @Test
  void theResponseIsPrometheusText() {
    HttpProbe.Response r = http.get("/metrics");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).startsWith("text/plain").contains("version=0.0.4");
    assertThat(r.text()).contains("# TYPE rivulet_pending_replies gauge");
  }

  /** And Kafka Streams' own client metrics, when asked for. */
  @Test
  void anEngineAloneServesItsMetricsOnItsOwnPort() {
    String app = "t-" + UUID.randomUUID().toString().substring(0, 8);
    try (RivuletServer engine = TestStack.start(TestActors.ALL,
            c -> c.application(app).role(ServerConfig.Role.ENGINE).metricsPort(0)
                .engine(e -> e.kafkaClientMetrics(true)));
        RivuletServer gateway = TestStack.start(TestActors.ALL,
            c -> c.application(app).role(ServerConfig.Role.GATEWAY))) {
      assertThat(engine.url()).isNull();
      HttpProbe client = new HttpProbe(gateway.url());
      assertThat(client.action("tally", "alone", "add", "[1]").status()).isEqualTo(200);
      assertThat(client.action("tally", "alone", "add", "[1]").status()).isEqualTo(200);

      HttpProbe metricsPort = new HttpProbe("http://127.0.0.1:" + engine.engine().metricsPort());
      Await.until("the engine's count", WAIT, () -> PrometheusText.parse(
              metricsPort.get("/metrics").text())
          .valueOrZero("rivulet_action_duration_seconds_count", "action", "add") == 2);
      PrometheusText engineSide = PrometheusText.parse(metricsPort.get("/metrics").text());
      assertThat(engineSide.names())
          .contains("rivulet_schedules_pending", "rivulet_deadletters_total", "rivulet_actors_live")
          .doesNotContain("rivulet_request_duration_seconds_count");
      assertThat(engineSide.names()).anyMatch(name -> name.startsWith("kafka_stream_"));
      assertThat(metricsPort.get("/nothing").status()).isEqualTo(404);

      PrometheusText gatewaySide = PrometheusText.parse(client.get("/metrics").text());
      assertThat(gatewaySide.valueOrZero("rivulet_request_duration_seconds_count",
          "action", "add")).isEqualTo(2);
      assertThat(gatewaySide.names()).doesNotContain("rivulet_action_duration_seconds_count");
    }
  }

  /** With a token (the launcher's --admin-token), the engine's port answers only those with it. */
  @Test
  void anEngineAlonesMetricsPortAsksForItsToken() {
    String app = "t-" + UUID.randomUUID().toString().substring(0, 8);
    try (RivuletServer engine = TestStack.start(TestActors.ALL,
        c -> c.application(app).role(ServerConfig.Role.ENGINE).metricsPort(0)
            .engine(e -> e.metricsToken("m3trics")))) {
      HttpProbe metricsPort = new HttpProbe("http://127.0.0.1:" + engine.engine().metricsPort());
      HttpProbe.Response none = metricsPort.get("/metrics");
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.errorCode()).isEqualTo("auth.unauthenticated");
      assertThat(metricsPort.send("GET", "/metrics", null,
          java.util.Map.of("Authorization", "Bearer wrong")).status()).isEqualTo(401);
      HttpProbe.Response r = metricsPort.send("GET", "/metrics", null,
          java.util.Map.of("Authorization", "Bearer m3trics"));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).contains("rivulet_actors_live");
    }
  }

  private static PrometheusText scrapeWhen(java.util.function.Predicate<PrometheusText> ready) {
    PrometheusText[] last = new PrometheusText[1];
    try {
      Await.until("metrics", WAIT, () -> ready.test(last[0] = scrape()));
    } catch (AssertionError e) {
      throw new AssertionError("metrics never got there; the last scrape:\n" + last[0], e);
    }
    return last[0];
  }

  private static PrometheusText scrape() {
    HttpProbe.Response r = http.get("/metrics");
    assertThat(r.status()).isEqualTo(200);
    return PrometheusText.parse(r.text());
  }

  private static double engineCount(PrometheusText m, String type, String kind, String action,
      String outcome) {
    return m.valueOrZero("rivulet_action_duration_seconds_count", "actor_type", type,
        "kind", kind, "action", action, "outcome", outcome);
  }

  private static double gatewayCount(PrometheusText m, String transport, String type, String kind,
      String action, String outcome) {
    return m.valueOrZero("rivulet_request_duration_seconds_count", "transport", transport,
        "actor_type", type, "kind", kind, "action", action, "outcome", outcome);
  }

  private static double gatewayErrors(PrometheusText m, String transport, String code) {
    return m.valueOrZero("rivulet_gateway_errors_total", "transport", transport, "code", code);
  }
}
