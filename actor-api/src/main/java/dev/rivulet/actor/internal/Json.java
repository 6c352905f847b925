package dev.rivulet.actor.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The one Jackson configuration used for actor state, arguments and results, on the server and in
 * the client. Strict on input: no coercion of strings to numbers or fractions to integers, no
 * unknown properties silently dropped, no nulls for primitives.
 */
public final class Json {
  private static final ObjectMapper MAPPER = build();

  private Json() {}

  /** The shared, thread-safe mapper. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Writes floats and doubles, failing on NaN and the infinities. */
  private static final class FiniteNumberSerializer extends StdSerializer<Number> {
    private static final long serialVersionUID = 1L;
    static final FiniteNumberSerializer INSTANCE = new FiniteNumberSerializer();

    private FiniteNumberSerializer() {
      super(Number.class);
    }

    @Override
    public void serialize(Number value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      double d = value.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw JsonMappingException.from(gen, value + " cannot be written as JSON: JSON has no "
            + "NaN or Infinity");
      }
      if (value instanceof Float f) gen.writeNumber(f);
      else gen.writeNumber(d);
    }
  }

  private static ObjectMapper build() {
    JsonMapper mapper =
        JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();
    // Integers are not silently turned into strings or booleans either.
    for (LogicalType t : new LogicalType[] {LogicalType.Textual, LogicalType.Boolean}) {
      mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
      mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
      mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
    // NaN and Infinity have no JSON form: refuse them instead of writing strings nobody can read back.
    SimpleModule finite = new SimpleModule("rivulet-finite-numbers");
    finite.addSerializer(Double.class, FiniteNumberSerializer.INSTANCE);
    finite.addSerializer(Double.TYPE, FiniteNumberSerializer.INSTANCE);
    finite.addSerializer(Float.class, FiniteNumberSerializer.INSTANCE);
    finite.addSerializer(Float.TYPE, FiniteNumberSerializer.INSTANCE);
    mapper.registerModule(finite);
    mapper.coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Float)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return mapper;
  }
}
