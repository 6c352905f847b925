package dev.rivulet.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
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

  private static final Serialized NULL = new Serialized(NullNode.getInstance(), 4);
  private static final Serialized TRUE = new Serialized(BooleanNode.TRUE, 4);
  private static final Serialized FALSE = new Serialized(BooleanNode.FALSE, 5);

  private JsonValues() {}

  /**
   * @throws IOException when the value has no JSON form (NaN, a type Jackson cannot write)
   */
  static Serialized serialize(Object value) throws IOException {
    Serialized simple = simple(value);
    if (simple != null) return simple;
    byte[] bytes = Json.mapper().writeValueAsBytes(value);
    return new Serialized(RecordCodec.mapper().readTree(bytes), bytes.length);
  }

  /**
   * Nothing, a boolean, an int or a long (what most actions return) without a round trip: the
   * node and size the round trip gives (integers read back as the smallest node that holds them);
   * null for any other value.
   */
  private static Serialized simple(Object value) {
    if (value == null) return NULL;
    if (value instanceof Boolean b) return b ? TRUE : FALSE;
    if (value instanceof Integer || value instanceof Long) {
      long v = ((Number) value).longValue();
      JsonNode node = v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
      return new Serialized(node, Long.toString(v).length());
    }
    return null;
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
