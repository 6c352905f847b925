package dev.rivulet.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.DoubleNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one Jackson configuration for state, arguments and results. */
class JsonTest {
  record Primitives(double d, float f) {}

  record Boxed(Double d, Float f) {}

  record Nested(String name, List<Primitives> readings) {}

  record Money(BigDecimal amount) {}

  private static String write(Object value) throws JsonProcessingException {
    return Json.mapper().writeValueAsString(value);
  }

  @Test
  void nanAndInfinityAreRefusedAsBoxedAndPrimitiveDoublesAndFloats() {
    assertRefused(Double.NaN, "NaN");
    assertRefused(Double.POSITIVE_INFINITY, "Infinity");
    assertRefused(Double.NEGATIVE_INFINITY, "-Infinity");
    assertRefused(Float.NaN, "NaN");
    assertRefused(Float.POSITIVE_INFINITY, "Infinity");
    assertRefused(new Primitives(Double.NaN, 1f), "NaN");
    assertRefused(new Primitives(1, Float.NEGATIVE_INFINITY), "-Infinity");
    assertRefused(new Boxed(Double.POSITIVE_INFINITY, null), "Infinity");
    assertRefused(new Boxed(null, Float.NaN), "NaN");
  }

  @Test
  void nanIsRefusedInsideRecordsCollectionsMapsAndOptionals() {
    assertRefused(new Nested("n", List.of(new Primitives(1, 1), new Primitives(Double.NaN, 1))),
        "NaN");
    assertRefused(List.of(1.0, Double.NaN), "NaN");
    assertRefused(Map.of("level", Double.POSITIVE_INFINITY), "Infinity");
    assertRefused(Optional.of(Float.NaN), "NaN");
    assertRefused(List.<Object>of("a", Double.NaN), "NaN");
  }

  @Test
  void valueToTreeRefusesNanToo() {
    assertThatThrownBy(() -> Json.mapper().valueToTree(new Primitives(Double.NaN, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("NaN cannot be written as JSON: JSON has no NaN or Infinity");
  }

  @Test
  void nanIsRefusedInPrimitiveArraysOptionalDoubleAndTrees() {
    assertRefused(new double[] {1, Double.NaN}, "NaN");
    assertRefused(new float[] {Float.POSITIVE_INFINITY}, "Infinity");
    assertRefused(OptionalDouble.of(Double.NaN), "NaN");
    assertRefused(DoubleNode.valueOf(Double.NaN), "NaN");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.1, -2.5, 1e-300, 4.9e-324, 1.7976931348623157e308, 123456789.123456,
      -0.0, 0, 9007199254740993.0})
  void doublesRoundTripExactly(double value) throws Exception {
    String json = write(value);
    assertThat(json).isEqualTo(Double.toString(value));
    assertThat(Json.mapper().readValue(json, double.class)).isEqualTo(value);
    assertThat(Json.mapper().readValue(json, Double.class)).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(floats = {0.1f, -2.5f, 1.17549435e-38f, 1.4e-45f, 3.4028235e38f, 16777217f, -0.0f})
  void floatsAreWrittenInTheirShortestFloatFormAndRoundTrip(float value) throws Exception {
    String json = write(value);
    assertThat(json).isEqualTo(Float.toString(value));
    assertThat(Json.mapper().readValue(json, float.class)).isEqualTo(value);
    assertThat(Json.mapper().readValue(json, Float.class)).isEqualTo(value);
  }

  @Test
  void aRecordOfFloatsAndDoublesRoundTrips() throws Exception {
    Primitives p = new Primitives(0.1, 0.1f);
    assertThat(write(p)).isEqualTo("{\"d\":0.1,\"f\":0.1}");
    assertThat(Json.mapper().readValue(write(p), Primitives.class)).isEqualTo(p);
    Boxed b = new Boxed(null, 2.5f);
    assertThat(write(b)).isEqualTo("{\"d\":null,\"f\":2.5}");
    assertThat(Json.mapper().readValue(write(b), Boxed.class)).isEqualTo(b);
  }

  @ParameterizedTest
  @ValueSource(strings = {"12.50", "1E+3", "0.12345678901234567890123", "-0.000",
      "12345678901234567890.123456789"})
  void bigDecimalsRoundTripWithTheirScale(String text) throws Exception {
    BigDecimal value = new BigDecimal(text);
    String json = write(new Money(value));
    assertThat(json).isEqualTo("{\"amount\":" + value + "}");
    BigDecimal back = Json.mapper().readValue(json, Money.class).amount();
    assertThat(back).isEqualTo(value); // equals compares the scale too
  }

  @Test
  void trailingTokensAreRefused() {
    assertThatThrownBy(() -> Json.mapper().readValue("1 2", int.class))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageStartingWith("Trailing token (of type VALUE_NUMBER_INT) found after value");
    assertThatThrownBy(() -> Json.mapper().readTree("[1] x"))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> Json.mapper().readValue("{\"d\":1,\"f\":1} {}", Primitives.class))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageStartingWith("Trailing token");
  }

  @Test
  void unknownPropertiesAreRefused() {
    assertThatThrownBy(
            () -> Json.mapper().readValue("{\"d\":1,\"f\":1,\"g\":1}", Primitives.class))
        .isInstanceOf(UnrecognizedPropertyException.class)
        .hasMessageStartingWith("Unrecognized field \"g\"");
  }

  @Test
  void aMissingPrimitiveComponentIsRefused() {
    assertThatThrownBy(() -> Json.mapper().readValue("{\"d\":1}", Primitives.class))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageStartingWith("Cannot map `null` into type `float`");
  }

  @Test
  void datesAreIsoStringsAndOptionalsAreTheirValueOrNull() throws Exception {
    assertThat(write(Instant.parse("2024-05-01T10:00:00.250Z")))
        .isEqualTo("\"2024-05-01T10:00:00.250Z\"");
    assertThat(write(Optional.of(5))).isEqualTo("5");
    assertThat(write(Optional.empty())).isEqualTo("null");
    assertThat(write(new Object())).isEqualTo("{}");
  }

  @Test
  void theMapperIsShared() {
    assertThat(Json.mapper()).isSameAs(Json.mapper());
  }

  private static void assertRefused(Object value, String shown) {
    assertThatThrownBy(() -> write(value))
        .isInstanceOf(JsonMappingException.class)
        .hasMessageStartingWith(shown + " cannot be written as JSON: JSON has no NaN or Infinity");
  }
}
