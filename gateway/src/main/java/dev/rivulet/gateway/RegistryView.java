package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.records.RecordCodec;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** The actor types the engines registered, as read from the registry topic. */
final class RegistryView {
  private final Map<String, JsonNode> types = new ConcurrentSkipListMap<>();

  void update(String name, byte[] description) {
    if (name == null) return;
    if (description == null) types.remove(name);
    else types.put(name, RecordCodec.decodeTree(description));
  }

  Map<String, JsonNode> types() {
    return types;
  }
}
