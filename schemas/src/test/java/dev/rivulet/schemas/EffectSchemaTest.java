package dev.rivulet.schemas;

import static dev.rivulet.schemas.ContractSchemas.EFFECT;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Hand-written examples for effect-record.schema.json: slow work for the effect runners. */
class EffectSchemaTest extends SchemaExamplesTest {
  static Stream<Arguments> examples() {
    return Stream.of(
        good(EFFECT, "an effect", """
            {"actor":"agent/a","effectId":"agent/a#e2.1","name":"shout","args":["hi"],
             "continuation":"answered","extra":["hi"],"at":1700000000000}"""),
        good(EFFECT, "an effect without extra arguments", """
            {"actor":"agent/a","effectId":"agent/a#e2.1","name":"shout","args":[],
             "continuation":"answered","extra":[],"at":0}"""),
        bad(EFFECT, "no continuation", """
            {"actor":"agent/a","effectId":"e","name":"shout","args":[],"extra":[],"at":1}"""),
        bad(EFFECT, "no at", """
            {"actor":"agent/a","effectId":"e","name":"shout","args":[],"continuation":"a",
             "extra":[]}"""),
        bad(EFFECT, "args as an object", """
            {"actor":"agent/a","effectId":"e","name":"shout","args":{"p":"hi"},
             "continuation":"a","extra":[],"at":1}"""),
        bad(EFFECT, "a kind, as if it were an inbox record", """
            {"kind":"effect","actor":"agent/a","effectId":"e","name":"shout","args":[],
             "continuation":"a","extra":[],"at":1}"""));
  }
}
