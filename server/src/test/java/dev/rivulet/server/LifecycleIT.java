package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import dev.rivulet.server.testing.WsProbe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lifecycle hooks, vars and sleep, destroy and generations, through the real stack. */
class LifecycleIT {
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

  private static List<String> hooks(String actorId) {
    return ModelActors.HOOKS.getOrDefault(actorId, List.of());
  }

  @Test
  void onCreateRunsOnceAndIsPartOfTheStateOnWakePreparesTheVars() {
    assertThat(http.action("life", "l1", "set", "[1]").text()).isEqualTo("{\"output\":1}");
    assertThat(http.action("life", "l1", "set", "[2]").text()).isEqualTo("{\"output\":2}");
    JsonNode state = http.action("life", "l1", "read", "[]").json().path("output");
    assertThat(state.path("history").toString()).isEqualTo("[\"createState\",\"onCreate\"]");
    assertThat(state.path("value").asLong()).isEqualTo(2);
    assertThat(hooks("life/l1")).startsWith("onWake");
  }

  @Test
  void anIdleActorSleepsDroppingItsVarsAndWakesOnItsNextRecord() {
    http.action("life", "l2", "set", "[1]");
    http.action("life", "l2", "set", "[2]");
    Await.until("life/l2 to sleep", Duration.ofSeconds(20),
        () -> hooks("life/l2").contains("onSleep after 2"));
    // Awake again: the var starts from zero, the state is where it was.
    assertThat(http.action("life", "l2", "set", "[3]").text()).isEqualTo("{\"output\":1}");
    assertThat(hooks("life/l2")).containsExactly("onWake", "onSleep after 2", "onWake");
    assertThat(http.action("life", "l2", "read", "[]").json().path("output").path("value").asLong())
        .isEqualTo(3);
  }

  @Test
  void onStateChangeBroadcastsAndOnBeforeActionResponseRewritesResults() {
    try (WsProbe socket = WsProbe.connect(server.url().replace("http", "ws")
        + "/api/actors/life/l3/connect")) {
      socket.awaitTag("Init");
      socket.subscribe("changed");
      socket.action(1, "set", "[42]");
      socket.awaitTag("ActionResponse");
      assertThat(socket.awaitTag("Event").path("body").path("val").toString())
          .startsWith("{\"name\":\"changed\",\"args\":[42],\"id\":");
      socket.action(2, "read", "[]"); // no change: no event
      socket.awaitTag("ActionResponse");
      socket.action(3, "secret", "[]");
      assertThat(socket.awaitTag("ActionResponse").path("body").path("val").path("output").asText())
          .isEqualTo("redacted");
      // No event after set's: read and secret change nothing. (The connect itself changes the
      // state, and its event may reach the socket if the subscription got there first.)
      java.util.List<String> frames = socket.received();
      int setEvent = -1;
      for (int i = 0; i < frames.size(); i++) {
        if (frames.get(i).contains("\"Event\"") && frames.get(i).contains("\"args\":[42]")) {
          setEvent = i;
          break;
        }
      }
      assertThat(setEvent).as("set's event among %s", frames).isNotNegative();
      assertThat(frames.subList(setEvent + 1, frames.size()).stream()
          .filter(f -> f.contains("\"Event\""))).as("events after set's in %s", frames).isEmpty();
    }
  }

  @Test
  void destroyRunsOnDestroyClosesConnectionsAndAGetAfterwardsIsNotFound() {
    http.action("life", "l4", "set", "[7]");
    try (WsProbe socket = WsProbe.connect(server.url().replace("http", "ws")
        + "/api/actors/life/l4/connect")) {
      socket.awaitTag("Init");
      socket.subscribe("goodbye");
      socket.action(1, "read", "[]");
      socket.awaitTag("ActionResponse");
      assertThat(http.action("life", "l4", "end", "[]").status()).isEqualTo(200);
      assertThat(socket.awaitTag("Event").path("body").path("val").toString())
          .startsWith("{\"name\":\"goodbye\",\"args\":[7],\"id\":");
      WsProbe.Closed closed = socket.awaitClose(Duration.ofSeconds(10));
      assertThat(closed.reason()).isEqualTo("actor destroyed");
    }
    assertThat(hooks("life/l4")).contains("onDestroy at 7");
    assertThat(http.post("/api/actors/life/l4/actions/read?mode=get", "[]").errorCode())
        .isEqualTo("actor.not_found");

    // getOrCreate starts a new generation from the initial state; the journal kept everything.
    assertThat(http.action("life", "l4", "read", "[]").json().path("output").path("value").asLong())
        .isEqualTo(0);
    List<TopicReader.Rec> journal = TopicReader.byKeyUntil(server.bootstrapServers(),
        server.engine().topics().journal(), "life/l4", v -> v.path("generation").asLong() == 2);
    JsonNode destroyed = journal.stream().map(TopicReader.Rec::value)
        .filter(v -> v.path("destroyed").asBoolean()).findFirst().orElseThrow();
    assertThat(destroyed.path("request").path("action").asText()).isEqualTo("end");
    assertThat(journal.get(journal.size() - 1).value().path("generation").asLong()).isEqualTo(2);
  }

  @Test
  void deleteDestroysFromOutside() {
    http.action("life", "l5", "set", "[1]");
    HttpProbe.Response deleted = http.send("DELETE", "/api/actors/life/l5", null);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().path("destroyed").asBoolean()).isTrue();
    assertThat(http.send("DELETE", "/api/actors/life/l5", null).errorCode())
        .isEqualTo("actor.not_found");
    assertThat(http.post("/api/actors/life/l5/actions/read?mode=get", "[]").status()).isEqualTo(404);
  }
}
