package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import dev.rivulet.server.testing.WsProbe;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Connections: params and auth, per-connection state, hooks, targeted sends, kicking. */
class ConnectionModelIT {
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    server = TestStack.start(ModelActors.ALL);
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static WsProbe join(String room, String user, String token) {
    String params = URLEncoder.encode("{\"user\":\"" + user + "\",\"token\":\"" + token + "\"}",
        StandardCharsets.UTF_8).replace("+", "%20");
    return WsProbe.connect(server.url().replace("http", "ws") + "/api/actors/lobby/" + room
        + "/connect", "rivet", "rivet_encoding.json", "rivet_conn_params." + params);
  }

  private static JsonNode roster(String room) {
    return http.action("lobby", room, "roster", "[]").json().path("output");
  }

  @Test
  void onBeforeConnectRejectsAndTheSocketClosesWithTheUserCode() {
    try (WsProbe intruder = join("r1", "mallory", "guess")) {
      JsonNode error = intruder.awaitTag("Error").path("body").path("val");
      assertThat(error.path("group").asText()).isEqualTo("user");
      assertThat(error.path("code").asText()).isEqualTo("forbidden");
      assertThat(intruder.awaitClose(Duration.ofSeconds(10)).reason()).isEqualTo("user.forbidden");
      assertThat(intruder.received()).noneMatch(f -> f.contains("\"Init\""));
    }
    assertThat(roster("r1").path("present")).isEmpty();
  }

  @Test
  void connectionsHaveStateHooksTargetedSendsAndTheCallersIdentity() {
    try (WsProbe ada = join("r2", "ada", "secret")) {
      ada.awaitTag("Init");
      JsonNode welcome = ada.await(f -> f.path("body").path("val").path("name").asText()
          .equals("welcome"), Duration.ofSeconds(20));
      assertThat(welcome.path("body").path("val").path("args").toString()).isEqualTo("[\"ada\",1]");
      ada.subscribe("joined");
      ada.subscribe("left");
      ada.action(1, "whoAmI", "[]");
      assertThat(ada.awaitTag("ActionResponse").path("body").path("val").path("output").asText())
          .isEqualTo("ada");

      try (WsProbe bob = join("r2", "bob", "secret")) {
        bob.awaitTag("Init");
        JsonNode joined = ada.await(f -> f.path("body").path("val").path("name").asText()
            .equals("joined"), Duration.ofSeconds(20));
        assertThat(joined.path("body").path("val").path("args").toString()).isEqualTo("[\"bob\"]");
        assertThat(roster("r2").path("present").toString()).isEqualTo("[\"ada\",\"bob\"]");

        ada.action(2, "whisper", "[\"bob\", \"psst\"]");
        assertThat(ada.awaitTag("ActionResponse").path("body").path("val").path("output")
            .asBoolean()).isTrue();
        JsonNode whisper = bob.await(f -> f.path("body").path("val").path("name").asText()
            .equals("whisper"), Duration.ofSeconds(20));
        assertThat(whisper.path("body").path("val").path("args").toString()).isEqualTo("[\"psst\"]");
        assertThat(ada.received()).noneMatch(f -> f.contains("psst"));

        bob.action(1, "rename", "[\"robert\"]");
        bob.awaitTag("ActionResponse");
        bob.action(2, "whoAmI", "[]");
        assertThat(bob.awaitTag("ActionResponse").path("body").path("val").path("output").asText())
            .isEqualTo("robert");
      } // bob closes his socket: onDisconnect runs
      JsonNode left = ada.await(f -> f.path("body").path("val").path("name").asText()
          .equals("left"), Duration.ofSeconds(20));
      assertThat(left.path("body").path("val").path("args").toString()).isEqualTo("[\"robert\"]");
      assertThat(roster("r2").path("left").toString()).isEqualTo("[\"robert\"]");
    }
  }

  @Test
  void theServerCanDisconnectAConnectionWithAReason() {
    try (WsProbe carol = join("r3", "carol", "secret")) {
      carol.awaitTag("Init");
      assertThat(http.action("lobby", "r3", "kick", "[\"carol\"]").text()).isEqualTo("{\"output\":1}");
      WsProbe.Closed closed = carol.awaitClose(Duration.ofSeconds(10));
      assertThat(closed.status()).isEqualTo(1000);
      assertThat(closed.reason()).isEqualTo("kicked by the host");
    }
    JsonNode roster = roster("r3");
    assertThat(roster.path("present")).isEmpty();
    assertThat(roster.path("left").toString()).isEqualTo("[\"carol\"]");
    Await.until("the gateway to drop the connection", Duration.ofSeconds(10),
        () -> server.gateway().openConnections("lobby/r3") == 0);
    // connect and kick (the roster, read-only, is answered from the store and not journaled)
    var journal = TopicReader.byKey(server.bootstrapServers(), server.engine().topics().journal(),
        "lobby/r3", 2);
    JsonNode kick = journal.stream().map(TopicReader.Rec::value)
        .filter(v -> v.path("request").path("action").asText().equals("kick"))
        .findFirst().orElseThrow();
    assertThat(kick.path("connections").get(0).path("op").asText()).isEqualTo("close");
    assertThat(kick.path("connections").get(0).path("reason").asText()).isEqualTo("kicked by the host");
  }
}
