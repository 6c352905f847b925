package dev.rivulet.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * An error as clients see it: {@code group} and {@code code} are stable and meant for programs,
 * {@code message} is for people, {@code metadata} holds optional details. The same shape travels
 * in outbox replies, journal records, HTTP error bodies and WebSocket {@code Error} frames.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorInfo(String group, String code, String message, JsonNode metadata) {
  public ErrorInfo {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  public ErrorInfo(String group, String code, String message) {
    this(group, code, message, null);
  }

  /** {@code group.code}, the form used as a WebSocket close reason. */
  public String qualifiedCode() {
    return group + "." + code;
  }
}
