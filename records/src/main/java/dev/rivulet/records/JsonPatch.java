package dev.rivulet.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The state change of a journal record as an RFC 6902 JSON Patch ({@code add}, {@code remove},
 * {@code replace}), and its application. The diff is structural: objects field by field, arrays by
 * index, with appended elements written as {@code add} operations so that a growing list costs
 * only its new elements.
 */
public final class JsonPatch {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonPatch() {}

  /** The patch that turns {@code before} into {@code after}; empty when they are equal. */
  public static ArrayNode diff(JsonNode before, JsonNode after) {
    ArrayNode ops = NODES.arrayNode();
    diff("", before == null ? NODES.nullNode() : before, after, ops);
    return ops;
  }

  /** The one-operation patch that replaces the whole document with {@code doc}. */
  public static ArrayNode replaceAll(JsonNode doc) {
    ArrayNode ops = NODES.arrayNode();
    op(ops, "replace", "", doc);
    return ops;
  }

  /**
   * Whether two JSON values are equal, numbers by value: {@code 10} read from text and {@code 10L}
   * written from a {@code long} field are the same.
   */
  public static boolean equal(JsonNode a, JsonNode b) {
    if (a == b) return true; // also an unchanged state, without walking it
    if (a == null || b == null) return false;
    return a.equals(JsonPatch::compareScalars, b);
  }

  private static int compareScalars(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      if (a.isIntegralNumber() && b.isIntegralNumber()) {
        return a.canConvertToLong() && b.canConvertToLong()
            ? Long.compare(a.longValue(), b.longValue())
            : a.bigIntegerValue().compareTo(b.bigIntegerValue());
      }
      try {
        return a.decimalValue().compareTo(b.decimalValue());
      } catch (NumberFormatException nanOrInfinity) {
        return Double.compare(a.doubleValue(), b.doubleValue());
      }
    }
    return a.equals(b) ? 0 : 1;
  }

  private static void diff(String path, JsonNode a, JsonNode b, ArrayNode ops) {
    if (equal(a, b)) return;
    if (a.isObject() && b.isObject()) {
      for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        if (!b.has(field)) op(ops, "remove", path + "/" + escape(field), null);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode old = a.get(e.getKey());
        String child = path + "/" + escape(e.getKey());
        if (old == null) op(ops, "add", child, e.getValue());
        else diff(child, old, e.getValue(), ops);
      }
    } else if (a.isArray() && b.isArray()) {
      int common = Math.min(a.size(), b.size());
      for (int i = 0; i < common; i++) diff(path + "/" + i, a.get(i), b.get(i), ops);
      for (int i = common; i < b.size(); i++) op(ops, "add", path + "/" + i, b.get(i));
      for (int i = a.size() - 1; i >= b.size(); i--) op(ops, "remove", path + "/" + i, null);
    } else {
      op(ops, "replace", path, b);
    }
  }

  private static void op(ArrayNode ops, String name, String path, JsonNode value) {
    ObjectNode op = ops.addObject();
    op.put("op", name);
    op.put("path", path);
    if (value != null) op.set("value", value);
  }

  /**
   * Applies {@code patch} to a copy of {@code doc}.
   *
   * @throws IllegalArgumentException when an operation does not fit the document
   */
  public static JsonNode apply(JsonNode doc, JsonNode patch) {
    JsonNode result = doc == null ? NODES.nullNode() : doc.deepCopy();
    for (JsonNode op : patch) {
      String name = op.path("op").asText();
      String path = op.path("path").asText();
      JsonNode value = op.get("value");
      if (path.isEmpty()) {
        if (!name.equals("replace") && !name.equals("add")) {
          throw new IllegalArgumentException("cannot " + name + " the whole document");
        }
        result = value.deepCopy();
        continue;
      }
      int slash = path.lastIndexOf('/');
      JsonNode parent = resolve(result, path.substring(0, slash));
      String last = unescape(path.substring(slash + 1));
      switch (name) {
        case "add", "replace" -> put(parent, last, value.deepCopy(), name.equals("add"), path);
        case "remove" -> remove(parent, last, path);
        default -> throw new IllegalArgumentException("unsupported patch operation " + name);
      }
    }
    return result;
  }

  private static JsonNode resolve(JsonNode doc, String pointer) {
    JsonNode node = doc;
    if (pointer.isEmpty()) return node;
    for (String token : pointer.substring(1).split("/", -1)) {
      String t = unescape(token);
      node = node.isArray() ? node.get(Integer.parseInt(t)) : node.get(t);
      if (node == null) throw new IllegalArgumentException("no value at " + pointer);
    }
    return node;
  }

  private static void put(JsonNode parent, String token, JsonNode value, boolean add, String path) {
    if (parent instanceof ObjectNode obj) {
      obj.set(token, value);
    } else if (parent instanceof ArrayNode arr) {
      int index = token.equals("-") ? arr.size() : Integer.parseInt(token);
      if (add) {
        if (index > arr.size()) throw new IllegalArgumentException("index out of range: " + path);
        arr.insert(index, value);
      } else {
        if (index >= arr.size()) throw new IllegalArgumentException("index out of range: " + path);
        arr.set(index, value);
      }
    } else {
      throw new IllegalArgumentException("not a container: " + path);
    }
  }

  private static void remove(JsonNode parent, String token, String path) {
    if (parent instanceof ObjectNode obj) {
      if (obj.remove(token) == null) throw new IllegalArgumentException("no value at " + path);
    } else if (parent instanceof ArrayNode arr) {
      int index = Integer.parseInt(token);
      if (index >= arr.size()) throw new IllegalArgumentException("index out of range: " + path);
      arr.remove(index);
    } else {
      throw new IllegalArgumentException("not a container: " + path);
    }
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }
}
