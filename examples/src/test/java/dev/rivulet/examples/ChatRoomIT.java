package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.WsProbe;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chat room example: messages are kept, broadcast to everyone, and validated. */
class ChatRoomIT {
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    server = TestStack.start(List.of(Counter.class, ChatRoom.class));
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void messagesAreBroadcastToEveryMemberAndKeptInTheHistory() {
    String url = server.url().replace("http", "ws") + "/api/actors/chatRoom/general/connect";
    try (WsProbe alice = WsProbe.connect(url); WsProbe bob = WsProbe.connect(url)) {
      alice.awaitTag("Init");
      bob.awaitTag("Init");
      alice.subscribe("newMessage");
      bob.subscribe("newMessage");
      bob.action(0, "getHistory", "[]");
      bob.awaitTag("ActionResponse");
      alice.action(0, "sendMessage", "[\"alice\", \"hi bob\"]");
      JsonNode sent = alice.awaitTag("ActionResponse").path("body").path("val").path("output");
      assertThat(sent.path("user").asText()).isEqualTo("alice");
      assertThat(Instant.parse(sent.path("at").asText())).isBefore(Instant.now().plusSeconds(1));

      for (WsProbe member : new WsProbe[] {alice, bob}) {
        JsonNode event = member.awaitTag("Event").path("body").path("val");
        assertThat(event.path("name").asText()).isEqualTo("newMessage");
        assertThat(event.path("args").get(0)).isEqualTo(sent);
      }
    }
    http.action("chatRoom", "general", "sendMessage", "[\"bob\", \"hello\"]");
    JsonNode history = http.action("chatRoom", "general", "getHistory", "[]").json().path("output");
    assertThat(history).hasSize(2);
    assertThat(history.get(0).path("text").asText()).isEqualTo("hi bob");
    assertThat(history.get(1).path("text").asText()).isEqualTo("hello");
  }

  @Test
  void emptyOrOverlongMessagesAreRejectedAndNotKept() {
    HttpProbe.Response empty = http.action("chatRoom", "strict", "sendMessage", "[\"bob\", \"  \"]");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.errorCode()).isEqualTo("user.invalid_message");
    String longText = "x".repeat(ChatRoom.MAX_TEXT + 1);
    assertThat(http.action("chatRoom", "strict", "sendMessage", "[\"bob\", \"" + longText + "\"]")
        .errorCode()).isEqualTo("user.invalid_message");
    assertThat(http.action("chatRoom", "strict", "getHistory", "[]").json().path("output")).isEmpty();
  }

  @Test
  void theHistoryKeepsOnlyTheLastMessages() {
    for (int i = 0; i < ChatRoom.HISTORY + 3; i++) {
      assertThat(http.action("chatRoom", "busy", "sendMessage", "[\"u\", \"m" + i + "\"]").status())
          .isEqualTo(200);
    }
    JsonNode history = http.action("chatRoom", "busy", "getHistory", "[]").json().path("output");
    assertThat(history).hasSize(ChatRoom.HISTORY);
    assertThat(history.get(0).path("text").asText()).isEqualTo("m3");
  }

  @Test
  void aRoomCreatedWithSettingsKeepsThatManyMessages() {
    String input = "?input=" + java.net.URLEncoder.encode("{\"keep\":3}",
        java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < 5; i++) {
      assertThat(http.post("/api/actors/chatRoom/small/actions/sendMessage" + input,
          "[\"u\", \"m" + i + "\"]").status()).isEqualTo(200);
    }
    JsonNode history = http.action("chatRoom", "small", "getHistory", "[]").json().path("output");
    assertThat(history).extracting(m -> m.path("text").asText()).containsExactly("m2", "m3", "m4");

    HttpProbe.Response refused = http.put("/api/actors/chatRoom/huge", "{\"keep\":"
        + (ChatRoom.MAX_KEEP + 1) + "}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorCode()).isEqualTo("user.invalid_settings");
  }

  @Test
  void theMessagesAreAStoredLogThatTheHistoryAndAForkHold() {
    String input = "?input=" + java.net.URLEncoder.encode("{\"keep\":3}",
        java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < 5; i++) {
      assertThat(http.post("/api/actors/chatRoom/logged/actions/sendMessage" + input,
          "[\"u\", \"m" + i + "\"]").status()).isEqualTo(200);
    }
    // The state holds the settings only; the messages are entries of the log "messages".
    JsonNode now = http.get("/api/actors/chatRoom/logged/state").json();
    assertThat(now.path("state").path("messages")).isEmpty();
    assertThat(now.path("collections").path("messages").path("size").asLong()).isEqualTo(3);
    JsonNode atTwo = http.get("/api/actors/chatRoom/logged/state?at=2").json();
    assertThat(atTwo.path("collections").path("messages").path("values"))
        .extracting(m -> m.path("text").asText()).containsExactly("m0", "m1");
    JsonNode step5 = http.get("/api/actors/chatRoom/logged/history?from=5&limit=1").json()
        .path("records").get(0);
    assertThat(step5.path("collections")).extracting(op -> op.path("op").asText())
        .containsExactly("append", "trim");

    assertThat(http.put("/api/actors/chatRoom/logged-fork?forkOf=logged&at=4", "").status())
        .isEqualTo(201);
    assertThat(http.action("chatRoom", "logged-fork", "getHistory", "[]").json().path("output"))
        .extracting(m -> m.path("text").asText()).containsExactly("m1", "m2", "m3");
  }
}
