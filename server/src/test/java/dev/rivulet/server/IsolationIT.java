package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.SseProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.WsProbe;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client hears only its own actor's broadcasts and only the messages sent to its own
 * connection: two channels, several WebSockets and SSE streams on one gateway, each subscribed to
 * everything.
 */
class IsolationIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    server = TestStack.start(SecureActors.ALL);
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  @Test
  void aClientNeverReceivesAnotherActorsEventsOrAnotherConnectionsMessages() {
    String ws = server.url().replace("http://", "ws://") + "/api/actors/channel/";
    try (WsProbe a1 = WsProbe.connect(ws + "a/connect?events=post,whisper");
         WsProbe a2 = WsProbe.connect(ws + "a/connect?events=post,whisper");
         WsProbe b1 = WsProbe.connect(ws + "b/connect?events=post,whisper");
         SseProbe sa = new SseProbe(server.url() + "/api/actors/channel/a/events");
         SseProbe sb = new SseProbe(server.url() + "/api/actors/channel/b/events")) {
      String a1Id = a1.awaitTag("Init").at("/body/val/connectionId").asText();
      a2.awaitTag("Init");
      String b1Id = b1.awaitTag("Init").at("/body/val/connectionId").asText();
      sa.await("rivulet.connected");
      sb.await("rivulet.connected");

      // b's broadcast reaches b's clients, through the gateway's one outbox reader...
      post("b", "for b only");
      event(b1, "post", "for b only");
      sb.await(e -> e.data().contains("for b only"), WAIT);
      // ...a message to a1 reaches a1...
      assertThat(http.action("channel", "a", "whisper", "[\"" + a1Id + "\",\"to a1\"]")
          .json().path("output").asBoolean()).isTrue();
      event(a1, "whisper", "to a1");
      // ...and an actor cannot reach another actor's connection by its id.
      assertThat(http.action("channel", "a", "whisper", "[\"" + b1Id + "\",\"to b1?\"]")
          .json().path("output").asBoolean()).isFalse();
      // The outbox is read in order, one record after another: once a's later broadcast reached
      // a client of a, anything of b's or a1's it was to get would have come before it.
      post("a", "marker");
      event(a1, "post", "marker");
      event(a2, "post", "marker");
      sa.await(e -> {
        assertThat(e.data()).doesNotContain("for b only").doesNotContain("to a1");
        return e.data().contains("marker");
      }, WAIT);
      post("b", "marker b");
      event(b1, "post", "marker b");

      assertThat(String.join("\n", a1.received())).doesNotContain("for b only");
      assertThat(String.join("\n", a2.received())).doesNotContain("for b only")
          .doesNotContain("to a1");
      assertThat(String.join("\n", b1.received())).doesNotContain("to a1")
          .doesNotContain("to b1?").doesNotContain("marker\"");
    }
    // Resuming from the journal replays a's broadcasts only.
    try (SseProbe sa = new SseProbe(server.url() + "/api/actors/channel/a/events?lastEventId=0")) {
      sa.await(e -> {
        assertThat(e.data()).doesNotContain("for b only").doesNotContain("marker b");
        return e.data().contains("marker");
      }, WAIT);
    }
  }

  private static void post(String key, String text) {
    assertThat(http.action("channel", key, "post", "[\"" + text + "\"]").status()).isEqualTo(200);
  }

  private static JsonNode event(WsProbe socket, String name, String arg) {
    return socket.await(f -> f.at("/body/tag").asText().equals("Event")
        && f.at("/body/val/name").asText().equals(name)
        && f.at("/body/val/args/0").asText().equals(arg), WAIT);
  }
}
