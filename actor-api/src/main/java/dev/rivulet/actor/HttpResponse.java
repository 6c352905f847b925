package dev.rivulet.actor;

import dev.rivulet.actor.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link ActorBase#onRequest} answers.
 *
 * @param status the HTTP status
 * @param headers response headers
 * @param body the body's bytes
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {
  /** A response with a JSON body made from {@code value}. */
  public static HttpResponse json(int status, Object value) {
    try {
      return new HttpResponse(status, Map.of("content-type", "application/json"),
          Json.mapper().writeValueAsBytes(value));
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot write the response body as JSON", e);
    }
  }

  /** A plain text response. */
  public static HttpResponse text(int status, String text) {
    return new HttpResponse(status, Map.of("content-type", "text/plain; charset=utf-8"),
        text.getBytes(StandardCharsets.UTF_8));
  }

  /** This response with one more header. */
  public HttpResponse withHeader(String name, String value) {
    Map<String, String> next = new LinkedHashMap<>(headers);
    next.put(name, value);
    return new HttpResponse(status, next, body);
  }
}
