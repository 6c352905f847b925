package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import dev.rivulet.server.testing.WsProbe;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AI agent: each message asks the {@code model.complete} effect, whose answer comes back to a
 * continuation. The model is the {@link FakeModel}, except for the conversation {@code
 * aiAgent/broken}, where it throws.
 */
class AiAgentIT {
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    FakeModel fake = new FakeModel();
    server = TestStack.start(List.of(AiAgent.class), config -> config.effect(AiAgent.MODEL,
        call -> {
          if (call.actorId().equals("aiAgent/broken")) {
            throw new IllegalStateException("model unavailable");
          }
          return fake.run(call);
        }));
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<JsonNode> journal(String actor, int atLeast) {
    return TopicReader.byKey(server.bootstrapServers(), server.engine().topics().journal(),
        actor, atLeast).stream().map(TopicReader.Rec::value).toList();
  }

  @Test
  void eachMessageGetsTheModelsReplyAsAnEventAndInTheHistory() {
    try (WsProbe chat = Frames.open(server, "aiAgent", "chat", null, "message")) {
      assertThat(Frames.call(chat, 1, "getHistory", "[]").path("output").toString())
          .isEqualTo("[]");

      JsonNode hello = http.action("aiAgent", "chat", "sendMessage", "[\"hello\"]").json()
          .path("output");
      assertThat(hello.path("role").asText()).isEqualTo("user");
      assertThat(hello.path("content").asText()).isEqualTo("hello");
      JsonNode reply = Frames.awaitEvent(chat, "message",
          a -> a.get(0).path("role").asText().equals("assistant")).get(0);
      assertThat(reply.path("content").asText())
          .isEqualTo("You said \"hello\". That is message 1 of this conversation.");

      http.action("aiAgent", "chat", "sendMessage", "[\"and again\"]");
      Frames.awaitEvent(chat, "message", a -> a.get(0).path("content").asText()
          .equals("You said \"and again\". That is message 2 of this conversation."));
      assertThat(Frames.events(chat, "message")).extracting(a -> a.get(0).path("role").asText()
          + ": " + a.get(0).path("content").asText()).containsExactly(
              "user: hello",
              "assistant: You said \"hello\". That is message 1 of this conversation.",
              "user: and again",
              "assistant: You said \"and again\". That is message 2 of this conversation.");
    }
    JsonNode state = http.action("aiAgent", "chat", "getState", "[]").json().path("output");
    assertThat(state.path("history")).hasSize(4);
    assertThat(state.path("history").get(1).path("content").asText())
        .isEqualTo("You said \"hello\". That is message 1 of this conversation.");
    assertThat(state.path("waiting").asInt()).isZero();
    assertThat(state.path("lastFailure").isNull()).isTrue();
  }

  @Test
  void theJournalShowsTheEffectAskedForAndTheContinueRecordThatAnsweredIt() {
    http.action("aiAgent", "journaled", "sendMessage", "[\"hi\"]");
    List<JsonNode> records = journal("aiAgent/journaled", 2);
    JsonNode asked = records.get(0);
    assertThat(asked.path("kind").asText()).isEqualTo("action");
    assertThat(asked.path("request").path("action").asText()).isEqualTo("sendMessage");
    JsonNode effect = asked.path("effects").get(0);
    assertThat(effect.path("name").asText()).isEqualTo("model.complete");
    assertThat(effect.path("continuation").asText()).isEqualTo("replied");
    assertThat(effect.path("args").toString()).isEqualTo("[[" + asked.path("output") + "]]");

    JsonNode answered = records.get(1);
    assertThat(answered.path("kind").asText()).isEqualTo("continue");
    assertThat(answered.path("request").path("source").asText()).isEqualTo("effect");
    assertThat(answered.path("request").path("id").asText())
        .isEqualTo(effect.path("effectId").asText());
    assertThat(answered.path("request").path("continuation").asText()).isEqualTo("replied");
    assertThat(answered.path("request").path("output").asText())
        .isEqualTo("You said \"hi\". That is message 1 of this conversation.");
    assertThat(answered.path("broadcasts").get(0).path("name").asText()).isEqualTo("message");
    assertThat(answered.path("error").isMissingNode()).isTrue();
  }

  @Test
  void aFailingModelReachesTheContinuationAsAnError() {
    String expected = "effect model.complete failed: java.lang.IllegalStateException: model"
        + " unavailable";
    try (WsProbe chat = Frames.open(server, "aiAgent", "broken", null, "failed", "message")) {
      Frames.call(chat, 1, "getHistory", "[]");
      assertThat(http.action("aiAgent", "broken", "sendMessage", "[\"anyone there?\"]").status())
          .isEqualTo(200);
      JsonNode failure = Frames.awaitEvent(chat, "failed").get(0);
      assertThat(failure.path("code").asText()).isEqualTo("effect.failed");
      assertThat(failure.path("message").asText()).isEqualTo(expected);
      assertThat(Frames.events(chat, "message")).hasSize(1); // the user's message, no reply
    }
    JsonNode state = http.action("aiAgent", "broken", "getState", "[]").json().path("output");
    assertThat(state.path("history")).hasSize(1);
    assertThat(state.path("waiting").asInt()).isZero();
    assertThat(state.path("lastFailure").path("code").asText()).isEqualTo("effect.failed");

    JsonNode answered = journal("aiAgent/broken", 4).stream()
        .filter(r -> r.path("kind").asText().equals("continue")).findFirst().orElseThrow();
    assertThat(answered.path("request").path("error").toString()).isEqualTo(
        "{\"group\":\"effect\",\"code\":\"failed\",\"message\":\"" + expected + "\"}");
    // The continuation itself succeeded: it handled the error.
    assertThat(answered.path("error").isMissingNode()).isTrue();
  }

  @Test
  void emptyMessagesAreRejectedAndAskNothing() {
    assertThat(http.action("aiAgent", "quiet", "sendMessage", "[\"\"]").errorCode())
        .isEqualTo("user.invalid_message");
    assertThat(http.action("aiAgent", "quiet", "replied",
        "[{\"ok\":true,\"output\":\"forged\",\"group\":null,\"code\":null,\"message\":null}]")
        .errorCode()).isEqualTo("actor.action_not_found");
    assertThat(http.action("aiAgent", "quiet", "getHistory", "[]").text())
        .isEqualTo("{\"output\":[]}");
  }

}
