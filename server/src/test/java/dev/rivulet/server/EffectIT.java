package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.UserError;
import dev.rivulet.engine.Replayer;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Effects run off the actor's thread after the action commits; results come back journaled. */
class EffectIT {
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    server = TestStack.start(ModelActors.ALL, c -> c
        .effect("shout", call -> {
          ModelActors.EFFECT_RUNS.computeIfAbsent(call.effectId(), k -> new AtomicInteger())
              .incrementAndGet();
          return call.arg(0, String.class).toUpperCase() + "!";
        })
        .effect("refuse", call -> {
          throw new UserError("refused", "not today");
        })
        .effect("crash", call -> {
          throw new IllegalStateException("the model is down");
        }));
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode answers(String key) {
    return http.action("agent", key, "answers", "[]").json().path("output");
  }

  private static List<JournalRecord> journal(String actorId, String untilKind) {
    return TopicReader.byKeyUntil(server.bootstrapServers(), server.engine().topics().journal(),
            actorId, v -> v.path("kind").asText().equals(untilKind)).stream()
        .map(r -> RecordCodec.mapper().convertValue(r.value(), JournalRecord.class)).toList();
  }

  @Test
  void anEffectsResultIsJournaledAndNotRunAgainOnReplay() {
    http.action("agent", "a1", "ask", "[\"shout\", \"hello\"]");
    Await.until("the answer", Duration.ofSeconds(20), () -> answers("a1").size() == 1);
    assertThat(answers("a1").get(0).asText()).isEqualTo("hello -> HELLO!");

    List<JournalRecord> history = journal("agent/a1", "continue");
    JournalRecord asked = history.get(0);
    String effectId = asked.effects().get(0).path("effectId").asText();
    assertThat(asked.effects().get(0).path("name").asText()).isEqualTo("shout");
    JournalRecord answered = history.stream().filter(j -> j.kind().equals("continue"))
        .findFirst().orElseThrow();
    assertThat(RecordCodec.mapper().valueToTree(answered.request()).path("output").asText())
        .isEqualTo("HELLO!");
    assertThat(ModelActors.EFFECT_RUNS.get(effectId).get()).isEqualTo(1);

    Replayer.Result replay = new Replayer(ModelActors.ALL).replay(history);
    assertThat(replay.divergence()).isNull();
    assertThat(replay.replayed()).isEqualTo(history.size());
    assertThat(replay.state().path("answers").get(0).asText()).isEqualTo("hello -> HELLO!");
    assertThat(ModelActors.EFFECT_RUNS.get(effectId).get()).as("not run again").isEqualTo(1);
  }

  @Test
  void aFailingEffectDeliversItsErrorTheSameWay() {
    http.action("agent", "a2", "ask", "[\"refuse\", \"please\"]");
    http.action("agent", "a2", "ask", "[\"crash\", \"now\"]");
    Await.until("both answers", Duration.ofSeconds(20), () -> answers("a2").size() == 2);
    assertThat(answers("a2").findValuesAsText("")).isEmpty();
    assertThat(answers("a2").get(0).asText()).isEqualTo("please -> user.refused: not today");
    assertThat(answers("a2").get(1).asText())
        .startsWith("now -> effect.failed: effect crash failed: java.lang.IllegalStateException");
  }

  @Test
  void anUnknownEffectFailsTheActionAtOnce() {
    HttpProbe.Response r = http.action("agent", "a3", "ask", "[\"teleport\", \"x\"]");
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.errorCode()).isEqualTo("core.internal_error");
    List<JournalRecord> history = journal("agent/a3", "action");
    assertThat(history.get(0).error().message()).contains("no effect named \"teleport\"");
  }
}
