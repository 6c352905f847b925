package dev.rivulet.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rivulet.actor.internal.Json;
import dev.rivulet.records.RecordCodec;
import java.io.IOException;
import java.io.OutputStream;

/**
 * User values turned into the JSON the engine stores and sends: serialized with the actor mapper
 * (which refuses NaN and Infinity) and read back as the store will read them, so that a float or a
 * BigDecimal compares equal to itself after a round trip.
 */
final class JsonValues {
  /** A value as JSON: the tree as it reads back, and its size in bytes. */
  record Serialized(JsonNode tree, int size) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_DEPTH = 64;
  private static final int MAX_PLAIN = 10_000;
  private static final Serialized NULL = new Serialized(NullNode.getInstance(), 4);
  private static final Serialized TRUE = new Serialized(BooleanNode.TRUE, 4);
  private static final Serialized FALSE = new Serialized(BooleanNode.FALSE, 5);

  private JsonValues() {}

  /**
   * @throws IOException when the value has no JSON form (NaN, a type Jackson cannot write)
   */
  static Serialized serialize(Object value) throws IOException {
    Serialized simple = simple(value, 0);
    if (simple != null) return simple;
    byte[] bytes = Json.mapper().writeValueAsBytes(value);
    return new Serialized(RecordCodec.mapper().readTree(bytes), bytes.length);
  }

  /**
   * Nothing, a boolean, an int or a long, a short string of printable ASCII, and arrays and
   * objects (trees) of these, not deeply nested (what most actions return and most events carry),
   * without the round trip: the nodes and size the round trip gives (integers read back as the
   * smallest node that holds them); null for anything else, which takes the round trip (and meets
   * Jackson's limits on nesting and string length, far above these).
   */
  private static Serialized simple(Object value, int depth) {
    if (value == null || value instanceof NullNode) return NULL;
    if (value instanceof Boolean || value instanceof BooleanNode) {
      boolean b = value instanceof Boolean x ? x : ((BooleanNode) value).booleanValue();
      return b ? TRUE : FALSE;
    }
    if (value instanceof Integer || value instanceof Long) return integer(((Number) value).longValue());
    if (value instanceof IntNode || value instanceof LongNode) return integer(((JsonNode) value).longValue());
    if (value instanceof String || value instanceof TextNode) {
      String text = value instanceof String x ? x : ((TextNode) value).textValue();
      return plain(text) ? new Serialized(TextNode.valueOf(text), text.length() + 2) : null;
    }
    if (depth == MAX_DEPTH) return null;
    if (value instanceof ArrayNode array) {
      ArrayNode out = NODES.arrayNode(array.size());
      int size = 1 + Math.max(1, array.size()); // brackets, commas
      for (JsonNode item : array) {
        Serialized s = simple(item, depth + 1);
        if (s == null) return null;
        out.add(s.tree());
        size += s.size();
      }
      return new Serialized(out, size);
    }
    if (value instanceof ObjectNode object) {
      ObjectNode out = NODES.objectNode();
      int size = 1 + Math.max(1, object.size()); // braces, commas
      for (var e : object.properties()) {
        Serialized s = simple(e.getValue(), depth + 1);
        if (s == null || !plain(e.getKey())) return null;
        out.set(e.getKey(), s.tree());
        size += e.getKey().length() + 3 + s.size(); // quotes, colon
      }
      return new Serialized(out, size);
    }
    return null;
  }

  private static Serialized integer(long v) {
    JsonNode node = v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
    return new Serialized(node, Long.toString(v).length());
  }

  /** Short, printable ASCII without quotes or backslashes: written as it is, between quotes. */
  private static boolean plain(String text) {
    if (text.length() > MAX_PLAIN) return false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
    }
    return true;
  }

  /** The size of a JSON value in bytes, without keeping the bytes. */
  static int size(JsonNode node) {
    CountingStream out = new CountingStream();
    try (JsonGenerator g = RecordCodec.mapper().getFactory().createGenerator(out)) {
      RecordCodec.mapper().writeTree(g, node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return (int) Math.min(Integer.MAX_VALUE, out.count);
  }

  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
