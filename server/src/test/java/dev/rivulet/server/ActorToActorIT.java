package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Actors calling actors through the inbox: sends, calls with continuations, no waiting. */
class ActorToActorIT {
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

  private static int partition(String actorId) {
    return Utils.toPositive(Utils.murmur2(actorId.getBytes(StandardCharsets.UTF_8))) % 8;
  }

  /** Two keys whose actors live on different inbox partitions. */
  private static String[] apart(String prefix) {
    for (int i = 0; ; i++) {
      String a = prefix + "-a" + i;
      String b = prefix + "-b" + i;
      if (partition("pinger/" + a) != partition("ponger/" + b)) return new String[] {a, b};
    }
  }

  private static JsonNode seen(String type, String key) {
    return http.action(type, key, "seen", "[]").json().path("output");
  }

  @Test
  void aCallsReplyReachesTheCallersContinuationAcrossPartitions() {
    String[] keys = apart("call");
    assertThat(http.action("pinger", keys[0], "ping", "[\"" + keys[1] + "\", \"hello\"]").status())
        .isEqualTo(200);
    Await.until("the reply", Duration.ofSeconds(20),
        () -> seen("pinger", keys[0]).path("replies").size() == 1);
    assertThat(seen("pinger", keys[0]).path("replies").toString()).isEqualTo("[\"HELLO\"]");

    List<TopicReader.Rec> journal = TopicReader.byKeyUntil(server.bootstrapServers(),
        server.engine().topics().journal(), "pinger/" + keys[0],
        v -> v.path("kind").asText().equals("continue"));
    JsonNode call = journal.get(0).value();
    assertThat(call.path("messages").get(0).path("to").asText()).isEqualTo("ponger/" + keys[1]);
    assertThat(call.path("messages").get(0).path("continuation").asText()).isEqualTo("ponged");
    JsonNode reply = journal.stream().map(TopicReader.Rec::value)
        .filter(v -> v.path("kind").asText().equals("continue")).findFirst().orElseThrow();
    assertThat(reply.path("request").path("output").asText()).isEqualTo("HELLO");
  }

  @Test
  void aFailedCallReachesTheContinuationAsAnError() {
    String[] keys = apart("fail");
    http.action("pinger", keys[0], "fail", "[\"" + keys[1] + "\"]");
    Await.until("the error", Duration.ofSeconds(20),
        () -> seen("pinger", keys[0]).path("replies").size() == 1);
    assertThat(seen("pinger", keys[0]).path("replies").get(0).asText())
        .isEqualTo("error user.exploded for explode");
  }

  @Test
  void aSendIsFireAndForget() {
    String[] keys = apart("send");
    http.action("pinger", keys[0], "notify", "[\"" + keys[1] + "\", \"fyi\"]");
    Await.until("the note", Duration.ofSeconds(20),
        () -> seen("ponger", keys[1]).path("notes").size() == 1);
    assertThat(seen("ponger", keys[1]).path("notes").toString()).isEqualTo("[\"fyi\"]");
  }

  @Test
  void twoActorsOnDifferentPartitionsCallEachOtherBackAndForthWithoutBlocking() {
    String[] keys = apart("bounce");
    // pinger -> ponger -> pinger -> ... 20 hops, each one an action that never waits.
    assertThat(http.action("pinger", keys[0], "bounce", "[\"" + keys[1] + "\", 20]").text())
        .isEqualTo("{\"output\":20}");
    Await.until("all the bounces", Duration.ofSeconds(30),
        () -> seen("pinger", keys[0]).path("pings").asInt() == 11
            && seen("ponger", keys[1]).path("bounces").asInt() == 10);
  }
}
