package dev.rivulet.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-written examples that a schema accepts or rejects as intended: each subclass holds those of
 * one schema in a static {@code examples()}. Fast: no broker.
 */
abstract class SchemaExamplesTest {
  static final ContractSchemas SCHEMAS = new ContractSchemas();

  /** The {@code replyTo} of the examples, as JSON members. */
  static final String REPLY_TO = "\"replyTo\":{\"gateway\":\"gw-1\",\"requestId\":\"r-1\"}";

  @ParameterizedTest(name = "{0} {1}: {2}")
  @MethodSource("examples")
  void handWrittenExample(String schema, String verdict, String what, String json) {
    JsonNode value = ContractSchemas.parse(json);
    if (verdict.equals("accepts")) SCHEMAS.assertValid(schema, value, what);
    else SCHEMAS.assertInvalid(schema, value, what);
  }

  static Arguments good(String schema, String what, String json) {
    return Arguments.of(schema, "accepts", what, json);
  }

  static Arguments bad(String schema, String what, String json) {
    return Arguments.of(schema, "rejects", what, json);
  }
}
