package dev.rivulet.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * An actor's recorded state folded from its journal records, in order: its state (from a {@code
 * snapshot} through the {@code patch}es after it) and its stored logs and maps (from a {@code
 * collectionsSnapshot} through the {@code collections} operations after it). Each part becomes
 * known at the first record that resets it: a snapshot, a checkpoint, the creation (an actor is
 * created without collections), the destruction (after which there is nothing); records before
 * that change nothing. Start the fold at or before the last snapshot and the last checkpoint at
 * or before the step wanted, and the result is exact.
 *
 * <pre>{@code
 * RecordedState fold = new RecordedState();
 * for (JournalRecord r : records) fold.apply(r);
 * JsonNode state = fold.state();
 * }</pre>
 */
public final class RecordedState {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A log as folded: its first entry's number and its values, oldest first. */
  private record Log(long[] first, ArrayDeque<JsonNode> values) {}

  private JsonNode state = NullNode.getInstance();
  private boolean stateKnown;
  /** Logs and maps by name (a {@link Log} or a key-ordered map), once known. */
  private TreeMap<String, Object> collections;

  /** Folds one more record, the next of the actor's. */
  public void apply(JournalRecord r) {
    if (Boolean.TRUE.equals(r.destroyed())) {
      state = NullNode.getInstance();
      stateKnown = true;
      collections = new TreeMap<>();
      return;
    }
    if (r.snapshot() != null) {
      state = r.snapshot();
      stateKnown = true;
    } else if (stateKnown && r.patch() != null && !r.patch().isEmpty()) {
      state = JsonPatch.apply(state, r.patch());
    }
    if (Boolean.TRUE.equals(r.created())) collections = new TreeMap<>();
    if (r.collectionsSnapshot() != null) {
      collections = load(r.collectionsSnapshot());
    } else if (collections != null && r.collections() != null) {
      for (JsonNode op : r.collections()) applyOp(op);
    }
  }

  /** The state after the records folded, null (JSON null) when it is not known. */
  public JsonNode state() {
    return state;
  }

  /** Whether a record has set the state (a snapshot, or a destruction). */
  public boolean stateKnown() {
    return stateKnown;
  }

  /**
   * The stored logs and maps after the records folded, in the form of a {@code
   * collectionsSnapshot}; null when no record has set them yet (no checkpoint, creation or
   * destruction among the records).
   */
  public ObjectNode collections() {
    if (collections == null) return null;
    ObjectNode out = NODES.objectNode();
    collections.forEach((name, c) -> {
      ObjectNode node = out.putObject(name);
      if (c instanceof Log log) {
        node.put("kind", "log");
        node.put("first", log.first()[0]);
        ArrayNode values = node.putArray("values");
        log.values().forEach(values::add);
      } else {
        node.put("kind", "map");
        ObjectNode entries = node.putObject("entries");
        @SuppressWarnings("unchecked")
        Map<String, JsonNode> map = (Map<String, JsonNode>) c;
        map.forEach(entries::set);
      }
    });
    return out;
  }

  private static TreeMap<String, Object> load(JsonNode snapshot) {
    TreeMap<String, Object> loaded = new TreeMap<>();
    snapshot.properties().forEach(e -> {
      JsonNode c = e.getValue();
      if (c.path("kind").asText().equals("log")) {
        ArrayDeque<JsonNode> values = new ArrayDeque<>();
        c.path("values").forEach(values::add);
        loaded.put(e.getKey(), new Log(new long[] {c.path("first").asLong(1)}, values));
      } else {
        TreeMap<String, JsonNode> map = new TreeMap<>(RecordedState::byCodePoint);
        c.path("entries").properties().forEach(x -> map.put(x.getKey(), x.getValue()));
        loaded.put(e.getKey(), map);
      }
    });
    return loaded;
  }

  @SuppressWarnings("unchecked")
  private void applyOp(JsonNode op) {
    String kind = op.path("op").asText();
    switch (kind) {
      case "append" -> {
        Log log = (Log) collections.computeIfAbsent(op.path("log").asText(),
            n -> new Log(new long[] {op.path("number").asLong()}, new ArrayDeque<>()));
        if (log.values().isEmpty()) log.first()[0] = op.path("number").asLong();
        log.values().addLast(op.path("value"));
      }
      case "trim" -> {
        Log log = (Log) collections.get(op.path("log").asText());
        long before = op.path("before").asLong();
        if (log == null) return;
        while (log.first()[0] < before && !log.values().isEmpty()) {
          log.values().removeFirst();
          log.first()[0]++;
        }
        log.first()[0] = Math.max(log.first()[0], before);
      }
      case "put" -> ((Map<String, JsonNode>) collections.computeIfAbsent(op.path("map").asText(),
          n -> new TreeMap<String, JsonNode>(RecordedState::byCodePoint)))
          .put(op.path("key").asText(), op.path("value"));
      case "remove" -> {
        Object map = collections.get(op.path("map").asText());
        if (map != null) ((Map<String, JsonNode>) map).remove(op.path("key").asText());
      }
      case "clear" -> {
        Object map = collections.get(op.path("map").asText());
        if (map != null) ((Map<String, JsonNode>) map).clear();
      }
      default -> throw new IllegalArgumentException("unknown collection operation " + kind);
    }
  }

  /** Keys in the order of their code points: the order the engine's store keeps them in. */
  static int byCodePoint(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) return Integer.compare(x, y);
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
