package dev.rivulet.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
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

  private JsonValues() {}

  /**
   * @throws IOException when the value has no JSON form (NaN, a type Jackson cannot write)
   */
  static Serialized serialize(Object value) throws IOException {
    byte[] bytes = Json.mapper().writeValueAsBytes(value);
    return new Serialized(RecordCodec.mapper().readTree(bytes), bytes.length);
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
