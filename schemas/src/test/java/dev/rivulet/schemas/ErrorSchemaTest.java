package dev.rivulet.schemas;

import static dev.rivulet.schemas.ContractSchemas.ERROR;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Hand-written examples for error.schema.json: the body of every HTTP error and of WebSocket Error
 * frames.
 */
class ErrorSchemaTest extends SchemaExamplesTest {
  static Stream<Arguments> examples() {
    return Stream.of(
        good(ERROR, "an actor error", """
            {"group":"actor","code":"not_found","message":"Actor counter/a does not exist"}"""),
        good(ERROR, "a user error with metadata", """
            {"group":"user","code":"room_full","message":"full","metadata":{"max":8}}"""),
        bad(ERROR, "no code", """
            {"group":"actor","message":"m"}"""),
        bad(ERROR, "a field this version does not write", """
            {"group":"actor","code":"not_found","message":"m","actor":"counter/a"}"""),
        bad(ERROR, "an upper-case code", """
            {"group":"actor","code":"NOT_FOUND","message":"m"}"""),
        bad(ERROR, "a numeric message", """
            {"group":"actor","code":"not_found","message":404}"""));
  }
}
