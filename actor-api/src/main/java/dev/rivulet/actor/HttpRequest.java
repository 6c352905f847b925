package dev.rivulet.actor;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A raw HTTP request to {@code /api/actors/{name}/{key}/request/*}, handed to {@link
 * ActorBase#onRequest}.
 *
 * @param method the HTTP method, upper case
 * @param path the path after {@code /request}, starting with {@code /} (just {@code /} for none)
 * @param query the query parameters
 * @param headers the request's headers, names in lower case
 * @param body the body's bytes (empty when none)
 */
public record HttpRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> headers,
    byte[] body) {

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The first value of a query parameter, or null. */
  public String queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** A header by its name in any case, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
