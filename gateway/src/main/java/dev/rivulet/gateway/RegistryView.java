package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.records.RecordCodec;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** The actor types the engines registered, as read from the registry topic. */
final class RegistryView {
  private final Map<String, JsonNode> types = new ConcurrentSkipListMap<>();
  private final Map<String, Set<String>> actions = new ConcurrentHashMap<>();

  void update(String name, byte[] description) {
    if (name == null) return;
    if (description == null) {
      types.remove(name);
      actions.remove(name);
    } else {
      JsonNode type = RecordCodec.decodeTree(description);
      types.put(name, type);
      Set<String> names = new HashSet<>();
      type.path("actions").forEach(a -> names.add(a.path("name").asText()));
      actions.put(name, Set.copyOf(names));
    }
  }

  Map<String, JsonNode> types() {
    return types;
  }

  /** Whether an actor type of that name is registered. */
  boolean hasType(String type) {
    return actions.containsKey(type);
  }

  /** Whether the registered actor type has an action of that name. */
  boolean hasAction(String type, String action) {
    Set<String> names = actions.get(type);
    return names != null && names.contains(action);
  }
}
