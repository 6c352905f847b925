package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.records.RecordCodec;

/** Engine values as JSON trees, written the way records are. */
final class RecordsJson {
  private RecordsJson() {}

  static JsonNode tree(Object value) {
    return RecordCodec.mapper().valueToTree(value);
  }
}
