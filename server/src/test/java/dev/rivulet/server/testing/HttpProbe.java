package dev.rivulet.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Plain HTTP calls to a gateway, returning the status and the body as JSON. */
public final class HttpProbe {
  /**
   * A response: its status, its body parsed as JSON (null if it is not JSON), its raw text, its
   * headers (names in lower case).
   */
  public record Response(int status, JsonNode json, String text,
      Map<String, List<String>> headers) {
    /** The first value of header {@code name}, or null. */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

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

  public Response send(String method, String path, String body) {
    return send(method, path, body, Map.of());
  }

  /** A request with these extra headers. */
  public Response send(String method, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(builder::header);
    HttpRequest request = builder.build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json;
      try {
        json = r.body().isEmpty() ? null : JSON.readTree(r.body());
      } catch (IOException e) {
        json = null;
      }
      Map<String, List<String>> lower = new java.util.TreeMap<>();
      r.headers().map().forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
      return new Response(r.statusCode(), json, r.body(), lower);
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
