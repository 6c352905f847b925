package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.SseProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.WsProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A client that reconnects with the last event it saw gets what it missed, in order, once. */
class ResumeIT {
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    server = TestStack.start(TestActors.ALL);
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anSseClientGetsTheHundredEventsItMissedThenTheLiveOnes() {
    long last;
    try (SseProbe sse = new SseProbe(server.url() + "/api/actors/tally/r1/events")) {
      sse.await("rivulet.connected");
      http.action("tally", "r1", "add", "[1]");
      last = Long.parseLong(sse.await("changed").id());
    }
    for (int i = 0; i < 100; i++) http.action("tally", "r1", "add", "[1]");
    try (SseProbe again = new SseProbe(server.url() + "/api/actors/tally/r1/events?lastEventId=" + last)) {
      again.await("rivulet.connected");
      http.action("tally", "r1", "add", "[1]"); // a live one, after the missed ones
      List<Long> ids = new ArrayList<>();
      List<String> totals = new ArrayList<>();
      for (int i = 0; i < 101; i++) {
        SseProbe.Event e = again.await(ev -> "changed".equals(ev.name()), Duration.ofSeconds(20));
        ids.add(Long.parseLong(e.id()));
        totals.add(e.data());
      }
      for (int i = 0; i < 101; i++) {
        assertThat(ids.get(i)).isEqualTo(last + 1 + i);
        assertThat(totals.get(i)).isEqualTo("[" + (2 + i) + "]");
      }
    }
  }

  @Test
  void aWebSocketClientResumesWithLastEventIdAndItsSubscriptions() {
    String url = server.url().replace("http", "ws") + "/api/actors/tally/r2/connect";
    long last;
    try (WsProbe ws = WsProbe.connect(url)) {
      ws.awaitTag("Init");
      ws.subscribe("changed");
      ws.action(1, "add", "[1]");
      ws.awaitTag("ActionResponse");
      last = ws.awaitTag("Event").path("body").path("val").path("id").asLong();
    }
    for (int i = 0; i < 100; i++) http.action("tally", "r2", "add", "[1]");
    try (WsProbe ws = WsProbe.connect(url + "?lastEventId=" + last + "&events=changed")) {
      ws.awaitTag("Init");
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        JsonNode e = ws.awaitTag("Event").path("body").path("val");
        ids.add(e.path("id").asLong());
        assertThat(e.path("args").get(0).asLong()).isEqualTo(2 + i);
      }
      for (int i = 0; i < 100; i++) assertThat(ids.get(i)).isEqualTo(last + 1 + i);
      ws.action(2, "add", "[1]");
      ws.awaitTag("ActionResponse");
      assertThat(ws.awaitTag("Event").path("body").path("val").path("id").asLong())
          .isEqualTo(last + 101);
      assertThat(ws.received().stream().filter(f -> f.contains("\"Event\"")).count()).isEqualTo(101);
    }
  }
}
