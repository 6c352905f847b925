package dev.rivulet.schemas;

import com.fasterxml.jackson.databind.JsonNode;

/** A record read back from one of the application's topics by a {@link TopicCapture}. */
record TopicRecord(String topic, String key, int partition, long offset, JsonNode value) {
  /** Where it was, for messages. */
  String where() {
    return topic + "-" + partition + "@" + offset + " (key " + key + ")";
  }

  /** Whether its {@code kind} is {@code kind}. */
  boolean isKind(String kind) {
    return value.path("kind").asText().equals(kind);
  }
}
