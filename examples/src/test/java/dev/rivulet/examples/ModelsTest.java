package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.rivulet.actor.Effect;
import dev.rivulet.actor.UserError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two models for {@code model.complete}: the fake one, and the OpenAI-compatible one against a
 * stand-in server on the loopback interface (no network).
 */
class ModelsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONVERSATION = "[[{\"role\":\"user\",\"content\":\"hi\",\"at\":\"2030-01-01T00:00:00Z\"},"
      + "{\"role\":\"assistant\",\"content\":\"hello\",\"at\":\"2030-01-01T00:00:01Z\"},"
      + "{\"role\":\"user\",\"content\":\"what's up?\",\"at\":\"2030-01-01T00:00:02Z\"}]]";

  private HttpServer stub;
  private final Map<String, String> seen = new ConcurrentHashMap<>();
  private volatile int status = 200;
  private volatile String answer;

  @BeforeEach
  void startStub() throws IOException {
    stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    stub.createContext("/v1/chat/completions", exchange -> {
      seen.put("method", exchange.getRequestMethod());
      seen.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("authorization")));
      seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    stub.start();
  }

  @AfterEach
  void stopStub() {
    stub.stop(0);
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + stub.getAddress().getPort() + "/v1";
  }

  private static Effect.Call call(String argsJson) throws IOException {
    JsonNode args = JSON.readTree(argsJson);
    return new Effect.Call() {
      @Override
      public String name() {
        return AiAgent.MODEL;
      }

      @Override
      public String actorId() {
        return "aiAgent/test";
      }

      @Override
      public String effectId() {
        return "aiAgent/test#e1.1";
      }

      @Override
      public JsonNode args() {
        return args;
      }

      @Override
      public <T> T arg(int index, Class<T> type) {
        return JSON.convertValue(args.get(index), type);
      }
    };
  }

  @Test
  void theFakeModelAnswersFromTheLastUserMessage() throws Exception {
    assertThat(new FakeModel().run(call(CONVERSATION)))
        .isEqualTo("You said \"what's up?\". That is message 2 of this conversation.");
    assertThat(new FakeModel().run(call("[[]]"))).isEqualTo("Say something and I will answer.");
  }

  @Test
  void theOpenAiCompatibleModelPostsTheConversationAndReturnsTheFirstChoice() throws Exception {
    answer = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Not much.\"}}]}";
    var model = new OpenAiCompatibleModel(baseUrl() + "/", "sk-test", "tiny", Duration.ofSeconds(5));
    assertThat(model.run(call(CONVERSATION))).isEqualTo("Not much.");
    assertThat(seen.get("method")).isEqualTo("POST");
    assertThat(seen.get("authorization")).isEqualTo("Bearer sk-test");
    assertThat(seen.get("body")).isEqualTo("{\"model\":\"tiny\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"},"
        + "{\"role\":\"user\",\"content\":\"what's up?\"}]}");
  }

  @Test
  void withoutAKeyNoAuthorizationIsSent() throws Exception {
    answer = "{\"choices\":[{\"message\":{\"content\":\"ok\"}}]}";
    var model = OpenAiCompatibleModel.fromEnv(Map.of("RIVULET_MODEL_URL", baseUrl(),
        "RIVULET_MODEL_NAME", "local")).orElseThrow();
    assertThat(model.run(call(CONVERSATION))).isEqualTo("ok");
    assertThat(seen.get("authorization")).isEqualTo("null");
  }

  @Test
  void anHttpErrorIsAUserErrorWithTheStatusAndAStrangeAnswerAFailure() throws Exception {
    var model = new OpenAiCompatibleModel(baseUrl(), null, "tiny", Duration.ofSeconds(5));
    status = 429;
    answer = "{\"error\":{\"message\":\"slow down\"}}";
    assertThatThrownBy(() -> model.run(call(CONVERSATION)))
        .isInstanceOfSatisfying(UserError.class, e -> {
          assertThat(e.code()).isEqualTo("model_error");
          assertThat(e.getMessage()).isEqualTo("the model answered HTTP 429");
        });
    status = 200;
    answer = "{\"choices\":[]}";
    assertThatThrownBy(() -> model.run(call(CONVERSATION))).isInstanceOf(IOException.class)
        .hasMessage("the model's answer has no choices[0].message.content");
  }
}
