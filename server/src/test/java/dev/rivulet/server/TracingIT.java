package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import dev.rivulet.server.testing.WsProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * W3C trace context from the client's request through the inbox to the journal and the reply, and
 * back to the client; invalid headers start a new trace and break nothing; log lines about a
 * request carry its actor, request and trace ids.
 */
class TracingIT {
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
  static final String FORMAT = "00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]";

  static RivuletServer server;
  static HttpProbe http;
  static final List<LogEvent> logged = new CopyOnWriteArrayList<>();
  static Capture capture;

  /** Keeps the log events of Rivulet's classes, with their context data. */
  static final class Capture extends AbstractAppender {
    Capture() {
      super("capture", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      if (event.getLoggerName().startsWith("dev.rivulet")) logged.add(event.toImmutable());
    }
  }

  @BeforeAll
  static void start() {
    capture = new Capture();
    capture.start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getLoggerConfig("dev.rivulet").addAppender(capture, null, null);
    context.updateLoggers();
    server = TestStack.start(TestActors.ALL);
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getLoggerConfig("dev.rivulet").removeAppender("capture");
    context.updateLoggers();
    capture.stop();
  }

  @Test
  void theClientsTraceReachesTheJournalAndTheReplyAndComesBack() {
    HttpProbe.Response r = http.send("POST", "/api/actors/tally/traced/actions/add", "[1]",
        Map.of("traceparent", TRACEPARENT, "tracestate", "rojo=00f067aa0ba902b7"));
    assertThat(r.status()).isEqualTo(200);
    String answered = r.header("traceparent");
    assertThat(answered).matches(FORMAT).startsWith("00-" + TRACE_ID + "-").endsWith("-01")
        .isNotEqualTo(TRACEPARENT); // the gateway's own span in the client's trace

    TopicReader.Rec journal = only(TopicReader.byKey(server.bootstrapServers(),
        server.engine().topics().journal(), "tally/traced", 1));
    assertThat(journal.headers()).containsEntry("traceparent", answered)
        .containsEntry("tracestate", "rojo=00f067aa0ba902b7");
    TopicReader.Rec reply = replyTo("tally/traced");
    assertThat(reply.headers()).containsEntry("traceparent", answered);
  }

  @Test
  void withoutATraceParentTheGatewayStartsATrace() {
    HttpProbe.Response r = http.action("tally", "untraced", "add", "[1]");
    assertThat(r.status()).isEqualTo(200);
    String answered = r.header("traceparent");
    assertThat(answered).matches(FORMAT);
    TopicReader.Rec journal = only(TopicReader.byKey(server.bootstrapServers(),
        server.engine().topics().journal(), "tally/untraced", 1));
    assertThat(journal.headers()).containsEntry("traceparent", answered)
        .doesNotContainKey("tracestate");
  }

  @Test
  void anInvalidTraceParentStartsANewTraceAndBreaksNothing() {
    for (String invalid : List.of("garbage", TRACEPARENT.toUpperCase(),
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", TRACEPARENT + "-extra",
        "ff-" + TRACEPARENT.substring(3))) {
      HttpProbe.Response r = http.send("POST", "/api/actors/tally/invalid/actions/add", "[1]",
          Map.of("traceparent", invalid, "tracestate", "dropped=1"));
      assertThat(r.status()).as(invalid).isEqualTo(200);
      assertThat(r.header("traceparent")).as(invalid).matches(FORMAT)
          .doesNotContain(TRACE_ID).doesNotContain("00000000000000000000000000000000");
    }
    List<TopicReader.Rec> journal = TopicReader.byKey(server.bootstrapServers(),
        server.engine().topics().journal(), "tally/invalid", 5);
    assertThat(journal).allSatisfy(rec -> assertThat(rec.headers())
        .doesNotContainKey("tracestate")
        .hasEntrySatisfying("traceparent", v -> assertThat(v).matches(FORMAT)));
    assertThat(journal).extracting(rec -> rec.headers().get("traceparent")).doesNotHaveDuplicates();
    assertThat(http.action("tally", "invalid", "total", "[]").text()).isEqualTo("{\"output\":5}");
  }

  @Test
  void errorResponsesCarryTheTraceToo() {
    HttpProbe.Response bad = http.send("POST", "/api/actors/tally/errs/actions/add", "{oops",
        Map.of("traceparent", TRACEPARENT));
    assertThat(bad.errorCode()).isEqualTo("request.invalid_json");
    assertThat(bad.header("traceparent")).startsWith("00-" + TRACE_ID + "-");
    HttpProbe.Response user = http.send("POST", "/api/actors/tally/errs/actions/addAtMost",
        "[10, 3]", Map.of("traceparent", TRACEPARENT));
    assertThat(user.errorCode()).isEqualTo("user.too_much");
    assertThat(user.header("traceparent")).startsWith("00-" + TRACE_ID + "-");
  }

  @Test
  void aWebSocketConnectsInTheUpgradesTraceAndEachActionInItsFramesOrANewOne() {
    String url = server.url().replace("http", "ws") + "/api/actors/tally/wstrace/connect";
    String frameTrace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    try (WsProbe ws = WsProbe.connect(url, Map.of("traceparent", TRACEPARENT))) {
      ws.awaitTag("Init");
      ws.send("{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":1,\"name\":\"add\","
          + "\"args\":[1],\"traceparent\":\"" + frameTrace + "\"}}}");
      ws.send("{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":2,\"name\":\"add\","
          + "\"args\":[1],\"traceparent\":\"not-a-trace\"}}}");
      ws.await(f -> f.path("body").path("val").path("id").path(1).asText().equals("2"),
          Duration.ofSeconds(30));
    }
    List<TopicReader.Rec> journal = TopicReader.byKey(server.bootstrapServers(),
        server.engine().topics().journal(), "tally/wstrace", 3);
    assertThat(journal.get(0).value().path("kind").asText()).isEqualTo("connect");
    assertThat(journal.get(0).headers().get("traceparent")).startsWith("00-" + TRACE_ID + "-");
    assertThat(journal.get(1).headers().get("traceparent"))
        .startsWith("00-0af7651916cd43dd8448eb211c80319c-");
    assertThat(journal.get(2).headers().get("traceparent")).matches(FORMAT)
        .doesNotContain(TRACE_ID).doesNotContain("0af7651916cd43dd8448eb211c80319c");
  }

  @Test
  void logLinesAboutARequestCarryItsActorRequestAndTraceIds() {
    HttpProbe.Response crash = http.send("POST", "/api/actors/tally/logged/actions/addThenCrash",
        "[1]", Map.of("traceparent", TRACEPARENT));
    assertThat(crash.errorCode()).isEqualTo("core.internal_error");
    Await.until("the engine's log line", Duration.ofSeconds(30), () -> logged.stream()
        .anyMatch(e -> "tally/logged".equals(e.getContextData().getValue("actorId"))));
    LogEvent line = logged.stream()
        .filter(e -> "tally/logged".equals(e.getContextData().getValue("actorId")))
        .findFirst().orElseThrow();
    assertThat(line.getLoggerName()).startsWith("dev.rivulet.engine");
    assertThat(line.getThrown()).hasMessage("boom");
    assertThat((String) line.getContextData().getValue("traceId")).isEqualTo(TRACE_ID);
    assertThat((String) line.getContextData().getValue("requestId")).isNotBlank();
  }

  private static TopicReader.Rec only(List<TopicReader.Rec> records) {
    assertThat(records).hasSize(1);
    return records.get(0);
  }

  /** The outbox reply about {@code actor} (there is one per test actor here). */
  private static TopicReader.Rec replyTo(String actor) {
    List<TopicReader.Rec> all = TopicReader.readUntil(server.bootstrapServers(),
        server.engine().topics().outbox(), Duration.ofSeconds(30), rs -> rs.stream().anyMatch(
            rec -> actor.equals(rec.value().path("actor").asText())
                && rec.value().path("kind").asText().equals("reply")));
    return all.stream().filter(rec -> actor.equals(rec.value().path("actor").asText())
        && rec.value().path("kind").asText().equals("reply")).findFirst().orElseThrow();
  }
}
