package dev.rivulet.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.actor.Effect;
import dev.rivulet.actor.UserError;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A real model for {@value AiAgent#MODEL}: any server speaking OpenAI's chat completions API
 * (OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp, LM Studio...), called with {@link
 * java.net.http.HttpClient}. It is configured from the environment:
 *
 * <ul>
 *   <li>{@value #URL_ENV}: the API's base URL, for example {@code https://api.openai.com/v1} or
 *       {@code http://localhost:11434/v1}; {@code /chat/completions} is appended unless present;
 *   <li>{@value #KEY_ENV}: the API key, sent as a bearer token (optional for local servers);
 *   <li>{@value #NAME_ENV}: the model's name, for example {@code gpt-4o-mini} (required).
 * </ul>
 *
 * <p>An HTTP error from the model reaches the agent as {@code user.model_error} with the status;
 * an unreachable server as an internal effect failure.
 */
public final class OpenAiCompatibleModel implements Effect {
  /** The environment variable with the API's base URL. */
  public static final String URL_ENV = "RIVULET_MODEL_URL";

  /** The environment variable with the API key. */
  public static final String KEY_ENV = "RIVULET_MODEL_KEY";

  /** The environment variable with the model's name. */
  public static final String NAME_ENV = "RIVULET_MODEL_NAME";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final String apiKey;
  private final String model;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param baseUrl the API's base URL, or its full {@code /chat/completions} URL
   * @param apiKey the API key, or null
   * @param model the model's name
   * @param timeout how long one completion may take
   */
  public OpenAiCompatibleModel(String baseUrl, String apiKey, String model, Duration timeout) {
    String url = Objects.requireNonNull(baseUrl, "baseUrl").strip();
    if (url.endsWith("/")) url = url.substring(0, url.length() - 1);
    if (!url.endsWith("/chat/completions")) url += "/chat/completions";
    this.endpoint = URI.create(url);
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    this.model = Objects.requireNonNull(model, "model");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * The model the environment configures, or empty when {@value #URL_ENV} is not set.
   *
   * @throws IllegalArgumentException when {@value #URL_ENV} is set without {@value #NAME_ENV}
   */
  public static Optional<OpenAiCompatibleModel> fromEnv(Map<String, String> env) {
    String url = env.get(URL_ENV);
    if (url == null || url.isBlank()) return Optional.empty();
    String name = env.get(NAME_ENV);
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(NAME_ENV + " must name the model when " + URL_ENV
          + " is set");
    }
    return Optional.of(new OpenAiCompatibleModel(url, env.get(KEY_ENV), name.strip(),
        Duration.ofSeconds(50)));
  }

  /** Where the completions are asked for. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public Object run(Call call) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(timeout)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(requestBody(call.args().path(0))));
    if (apiKey != null) request.header("authorization", "Bearer " + apiKey);
    HttpResponse<String> response = http.send(request.build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() / 100 != 2) {
      throw new UserError("model_error", "the model answered HTTP " + response.statusCode());
    }
    JsonNode content = JSON.readTree(response.body())
        .path("choices").path(0).path("message").path("content");
    if (!content.isTextual()) {
      throw new IOException("the model's answer has no choices[0].message.content");
    }
    return content.asText();
  }

  /** {@code {"model": ..., "messages": [{"role", "content"}...]}} from the agent's messages. */
  String requestBody(JsonNode messages) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    ArrayNode out = body.putArray("messages");
    for (JsonNode m : messages) {
      out.addObject().put("role", m.path("role").asText()).put("content", m.path("content").asText());
    }
    return body.toString();
  }
}
