package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.engine.HistoryClient;
import dev.rivulet.engine.Replayer;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.Topics;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import dev.rivulet.server.testing.WsProbe;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connection params marked {@code @Secret} reach {@code onBeforeConnect} and nothing kept: not the
 * journal (the request, the connection's open, the snapshots' meta), not the stored actor and its
 * changelog, not {@code conn.params()}; and the history still replays.
 */
class SecretParamsIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String PASSWORD = SecureActors.Vault.PASSWORD;
  static final String APP = "secrets-" + UUID.randomUUID().toString().substring(0, 8);
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    server = TestStack.start(SecureActors.ALL, c -> c.application(APP));
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  @Test
  void aSecretPartOfTheParamsIsCheckedAndNeverKept() {
    String ws = server.url().replace("http://", "ws://") + "/api/actors/vault/s1/connect?params=";
    String login = "{\"user\":\"ada\",\"password\":\"" + PASSWORD + "\"}";
    try (WsProbe socket = WsProbe.connect(ws + enc(login))) {
      socket.awaitTag("Init");
      socket.action(1, "myParams", "[]");
      JsonNode params = socket.awaitTag("ActionResponse").at("/body/val/output");
      assertThat(params.path("user").asText()).isEqualTo("ada");
      assertThat(params.path("password").isNull()).as("conn.params() keeps no secret").isTrue();
      socket.action(2, "note", "[\"hello\"]");
      socket.awaitTag("ActionResponse");
    }
    // onBeforeConnect saw the secret: a wrong one is refused.
    try (WsProbe socket = WsProbe.connect(ws + enc("{\"user\":\"eve\",\"password\":\"guess\"}"))) {
      assertThat(socket.awaitClose(WAIT).reason()).isEqualTo("user.wrong_password");
    }
    // A stateless call on RivetKit's route, its params in x-rivet-conn-params.
    HttpProbe.Response stateless = http.send("POST", "/api/rivet/gateway/vault/action/note"
        + "?rvt-namespace=default&rvt-method=getOrCreate&rvt-key=s1", "{\"args\":[\"again\"]}",
        Map.of("x-rivet-encoding", "json", "x-rivet-conn-params", login));
    assertThat(stateless.status()).as(stateless.text()).isEqualTo(200);

    // The journal, as the history API shows it: the params without the password, named secret.
    HttpProbe.Response history = http.get("/api/actors/vault/s1/history");
    assertThat(history.text()).doesNotContain(PASSWORD);
    JsonNode connect = null;
    for (JsonNode r : history.json().path("records")) {
      if (r.path("kind").asText().equals("connect")) connect = r;
    }
    assertThat(connect).isNotNull();
    assertThat(connect.at("/request/params/user").asText()).isEqualTo("ada");
    assertThat(connect.at("/request/params/password").isNull()).isTrue();
    JsonNode open = connect.path("connections").get(0);
    assertThat(open.path("op").asText()).isEqualTo("open");
    assertThat(open.path("secret").toString()).isEqualTo("[\"password\"]");

    // Nor anywhere in Kafka's copies of the journal and of the stored actor.
    Topics topics = new Topics(APP);
    String bootstrap = server.bootstrapServers();
    List<TopicReader.Rec> journal = TopicReader.readToEnd(bootstrap, topics.journal(), WAIT);
    assertThat(journal).isNotEmpty();
    assertThat(journal.toString()).doesNotContain(PASSWORD);
    List<TopicReader.Rec> changelog = TopicReader.readToEnd(bootstrap,
        APP + "-engine-actors-changelog", WAIT);
    assertThat(changelog.toString()).contains("vault/s1").doesNotContain(PASSWORD);
    // What the README says: the inbox record that carries the connect holds it as sent.
    assertThat(TopicReader.readToEnd(bootstrap, topics.inbox(), WAIT).toString())
        .contains(PASSWORD);

    // The history replays: onBeforeConnect, which would need the secret, is not run again.
    List<JournalRecord> recorded = HistoryClient.fetch(server.url(), "vault/s1");
    Replayer.Result replay = new Replayer(List.of(SecureActors.Vault.class)).replay(recorded);
    assertThat(replay.divergence()).as(() -> replay.divergence().describe()).isNull();
    assertThat(replay.replayed()).isEqualTo(recorded.size());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
