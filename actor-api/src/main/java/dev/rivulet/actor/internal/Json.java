package dev.rivulet.actor.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
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
 * numbers for enums or times, no unknown properties silently dropped, no nulls for primitives.
 * Numbers are finite both ways: NaN and the infinities have no JSON form.
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
      if (Double.isNaN(d) || Double.isInfinite(d)) throw refuse(gen, value);
      if (value instanceof Float f) gen.writeNumber(f);
      else gen.writeNumber(d);
    }
  }

  /** Refuses NaN and the infinities at the generator, whatever path wrote them. */
  private static final class FiniteGenerator extends JsonGeneratorDelegate {
    FiniteGenerator(JsonGenerator delegate) {
      super(delegate, false);
    }

    @Override
    public void writeNumber(double v) throws IOException {
      if (Double.isNaN(v) || Double.isInfinite(v)) throw refuse(this, v);
      super.writeNumber(v);
    }

    @Override
    public void writeArray(double[] array, int offset, int length) throws IOException {
      for (int i = offset; i < offset + length; i++) {
        if (Double.isNaN(array[i]) || Double.isInfinite(array[i])) throw refuse(this, array[i]);
      }
      super.writeArray(array, offset, length);
    }

    @Override
    public void writeNumber(float v) throws IOException {
      if (Float.isNaN(v) || Float.isInfinite(v)) throw refuse(this, v);
      super.writeNumber(v);
    }
  }

  private static JsonMappingException refuse(JsonGenerator gen, Object value) {
    return JsonMappingException.from(gen, value + " cannot be written as JSON: JSON has no NaN "
        + "or Infinity");
  }

  /** Reads doubles only from JSON numbers, and only finite ones. */
  private static final class StrictDouble extends NumberDeserializers.DoubleDeserializer {
    private static final long serialVersionUID = 1L;

    StrictDouble(Class<Double> type, Double nullValue) {
      super(type, nullValue);
    }

    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.hasToken(JsonToken.VALUE_NUMBER_INT) && !p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
        return (Double) ctxt.handleUnexpectedToken(handledType(), p);
      }
      Double d = super.deserialize(p, ctxt);
      if (d != null && (d.isNaN() || d.isInfinite())) {
        return (Double) ctxt.handleWeirdNumberValue(handledType(), d, "out of the range of double");
      }
      return d;
    }
  }

  /** Reads floats only from JSON numbers, and only finite ones. */
  private static final class StrictFloat extends NumberDeserializers.FloatDeserializer {
    private static final long serialVersionUID = 1L;

    StrictFloat(Class<Float> type, Float nullValue) {
      super(type, nullValue);
    }

    @Override
    public Float deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.hasToken(JsonToken.VALUE_NUMBER_INT) && !p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
        return (Float) ctxt.handleUnexpectedToken(handledType(), p);
      }
      Float f = super.deserialize(p, ctxt);
      if (f != null && (f.isNaN() || f.isInfinite())) {
        return (Float) ctxt.handleWeirdNumberValue(handledType(), f, "out of the range of float");
      }
      return f;
    }
  }

  /** java.time values are read from ISO-8601 strings only, never from numbers or arrays. */
  private static final class StrictTime extends BeanDeserializerModifier {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonDeserializer<?> modifyDeserializer(
        DeserializationConfig config, BeanDescription desc, JsonDeserializer<?> deserializer) {
      if (!desc.getBeanClass().getName().startsWith("java.time.")) return deserializer;
      return new StringOnly(deserializer);
    }
  }

  private static final class StringOnly extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;

    StringOnly(JsonDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new StringOnly(delegate);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.hasToken(JsonToken.VALUE_STRING)) return ctxt.handleUnexpectedToken(handledType(), p);
      return super.deserialize(p, ctxt);
    }
  }

  private static ObjectMapper build() {
    JsonFactory factory = JsonFactory.builder()
        .addDecorator((f, generator) -> new FiniteGenerator(generator))
        .build();
    JsonMapper mapper =
        JsonMapper.builder(factory)
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
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
    finite.addDeserializer(Double.class, new StrictDouble(Double.class, null));
    finite.addDeserializer(Double.TYPE, new StrictDouble(Double.TYPE, 0.0));
    finite.addDeserializer(Float.class, new StrictFloat(Float.class, null));
    finite.addDeserializer(Float.TYPE, new StrictFloat(Float.TYPE, 0.0f));
    finite.setDeserializerModifier(new StrictTime());
    mapper.registerModule(finite);
    mapper.coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Float)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return mapper;
  }
}
