package dev.rivulet.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to a gateway, returning the status and the body as JSON. */
public final class HttpProbe {
  /** A response: its status, its body parsed as JSON (null if it is not JSON), its raw text. */
  public record Response(int status, JsonNode json, String text) {
    /** The {@code group.code} of an error body. */
    public String errorCode() {
      return json == null ? null : json.path("group").asText() + "." + json.path("code").asText();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  public HttpProbe(String baseUrl) {
    this.base = baseUrl;
  }

  public Response post(String path, String body) {
    return send("POST", path, body);
  }

  public Response put(String path, String body) {
    return send("PUT", path, body);
  }

  public Response get(String path) {
    return send("GET", path, null);
  }

  /** A request with {@code headers} as name, value, name, value... */
  public Response send(String method, String path, String body, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) builder.header(headers[i], headers[i + 1]);
    HttpRequest request = builder.build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json;
      try {
        json = r.body().isEmpty() ? null : JSON.readTree(r.body());
      } catch (IOException e) {
        json = null;
      }
      return new Response(r.statusCode(), json, r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code POST /api/actors/{name}/{key}/actions/{action}} with a JSON array body. */
  public Response action(String name, String key, String action, String argsJson) {
    return post("/api/actors/" + name + "/" + key + "/actions/" + action, argsJson);
  }
}
