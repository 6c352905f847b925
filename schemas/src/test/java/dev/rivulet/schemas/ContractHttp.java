package dev.rivulet.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Plain HTTP to a gateway, keeping every error answer for the schema checks. */
final class ContractHttp {
  /** An HTTP answer. */
  record Answer(String request, int status, Map<String, List<String>> headers, String body) {
    JsonNode json() {
      return ContractSchemas.parse(body);
    }

    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).stream().findFirst()
          .orElse(null);
    }
  }

  final String base;
  final Duration timeout;
  final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();
  /** Every answer with a status of 400 or more that {@link #call} got. */
  final List<Answer> errors = Collections.synchronizedList(new ArrayList<>());

  ContractHttp(String base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
  }

  /** A request as is. */
  Answer send(String method, String path, String body, String contentType, String idempotencyKey)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(timeout)
        .method(method, body == null
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) request.header("content-type", contentType);
    if (idempotencyKey != null) request.header("Idempotency-Key", idempotencyKey);
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(method + " " + path, response.statusCode(), response.headers().map(),
        response.body());
  }

  /** A JSON request that must answer {@code expectedStatus}; an error answer is kept. */
  Answer call(String method, String path, String body, int expectedStatus)
      throws IOException, InterruptedException {
    Answer answer = send(method, path, body, "application/json", null);
    assertThat(answer.status()).as(method + " " + path + " answered " + answer.body())
        .isEqualTo(expectedStatus);
    if (answer.status() >= 400) errors.add(answer);
    return answer;
  }

  /** A JSON request that must fail with {@code status} and {@code group.code}. */
  void expectError(String method, String path, String body, int status, String qualifiedCode)
      throws IOException, InterruptedException {
    JsonNode error = call(method, path, body, status).json();
    assertThat(error.path("group").asText() + "." + error.path("code").asText())
        .as(method + " " + path + " answered " + error).isEqualTo(qualifiedCode);
  }

  /** An SSE stream of {@code path}. */
  SseStream sse(String path) throws IOException, InterruptedException {
    HttpResponse<java.io.InputStream> response = client.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).as("status of GET " + path).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElse(""))
        .startsWith("text/event-stream");
    return new SseStream(response.body(), timeout);
  }
}
