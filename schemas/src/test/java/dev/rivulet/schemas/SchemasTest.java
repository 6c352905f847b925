package dev.rivulet.schemas;

import static dev.rivulet.schemas.ContractSchemas.EFFECT;
import static dev.rivulet.schemas.ContractSchemas.ERROR;
import static dev.rivulet.schemas.ContractSchemas.HEARTBEAT;
import static dev.rivulet.schemas.ContractSchemas.INBOX;
import static dev.rivulet.schemas.ContractSchemas.JOURNAL;
import static dev.rivulet.schemas.ContractSchemas.OUTBOX;
import static dev.rivulet.schemas.ContractSchemas.REGISTRY;
import static dev.rivulet.schemas.ContractSchemas.WS_TO_CLIENT;
import static dev.rivulet.schemas.ContractSchemas.WS_TO_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema files themselves: each is a valid draft 2020-12 schema with a stable {@code $id},
 * and documents every property; the README's examples fit. Fast: no broker. The hand-written
 * examples each schema accepts or rejects are in the {@link SchemaExamplesTest}s (one per schema);
 * RecordContractIT, ModelRecordsFitIT and ModelTopicsAgreeIT hold real runs against them.
 */
class SchemasTest {
  private static final ContractSchemas SCHEMAS = new ContractSchemas();

  @Test
  void theResourceFolderHoldsExactlyTheKnownSchemas() throws IOException, URISyntaxException {
    URL dir = SchemasTest.class.getClassLoader().getResource("schemas");
    assertThat(dir).as("schemas/ on the class path").isNotNull();
    List<String> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(Path.of(dir.toURI()))) {
      list.forEach(p -> files.add(p.getFileName().toString()));
    }
    assertThat(files).containsExactlyInAnyOrderElementsOf(
        ContractSchemas.ALL.stream().map(n -> n + ".schema.json").toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void isAValidDraft202012SchemaWithItsId(String name) {
    JsonNode raw = ContractSchemas.raw(name);
    assertThat(raw.path("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(raw.path("$id").asText()).isEqualTo(ContractSchemas.BASE + name + ".schema.json");
    assertThat(SCHEMAS.metaSchema().validate(raw)).as("meta-schema errors of " + name).isEmpty();
    SCHEMAS.schema(name); // loads it and resolves every $ref, also into the other files
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void saysItDescribesThisVersionsWritersAndDocumentsEveryProperty(String name) {
    JsonNode raw = ContractSchemas.raw(name);
    assertThat(raw.path("title").asText()).isNotBlank();
    assertThat(raw.path("description").asText())
        .as("the description of " + name + " tells readers to tolerate added fields")
        .contains("this version's")
        .contains("later versions");
    List<String> undocumented = new ArrayList<>();
    undocumented(raw, "#", undocumented);
    assertThat(undocumented).as("properties and $defs without a description in " + name).isEmpty();
  }

  /** Collects the properties and definitions without a description, walking only subschemas. */
  private static void undocumented(JsonNode schema, String at, List<String> out) {
    if (!schema.isObject()) return;
    for (String map : List.of("properties", "$defs")) {
      JsonNode entries = schema.get(map);
      if (entries == null) continue;
      entries.fields().forEachRemaining(e -> {
        String where = at + "/" + map + "/" + e.getKey();
        if (!e.getValue().path("description").isTextual()) out.add(where);
        undocumented(e.getValue(), where, out);
      });
    }
    // Not "if": its subschemas are conditions, not documentation.
    for (String one : List.of("items", "additionalProperties", "unevaluatedProperties", "not", "then",
        "else")) {
      if (schema.has(one)) undocumented(schema.get(one), at + "/" + one, out);
    }
    for (String many : List.of("oneOf", "anyOf", "allOf", "prefixItems")) {
      JsonNode list = schema.get(many);
      if (list == null) continue;
      for (int i = 0; i < list.size(); i++) {
        undocumented(list.get(i), at + "/" + many + "/" + i, out);
      }
    }
  }

  @Test
  void aRejectionNamesWhereTheValueIsWrong() {
    var errors = SCHEMAS.errors(INBOX, ContractSchemas.parse("""
        {"kind":"action","actor":"counter/a","mode":"get","action":"increment","args":[1]}"""));
    assertThat(errors).extracting(Object::toString).anyMatch(e -> e.contains("replyTo"));
  }

  /** The examples in README.md are real captured records; they must stay valid. */
  @Test
  void theReadmeExamplesFitTheirSchemas() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    List<JsonNode> examples = new ArrayList<>();
    int at = 0;
    while ((at = readme.indexOf("```json\n", at)) >= 0) {
      int end = readme.indexOf("```", at + 8);
      try (var values = ContractSchemas.JSON.readerFor(JsonNode.class)
          .<JsonNode>readValues(readme.substring(at + 8, end))) {
        values.forEachRemaining(examples::add);
      }
      at = end + 3;
    }
    assertThat(examples).hasSizeGreaterThan(15);
    assertThat(examples.stream().map(SchemasTest::schemaOf).distinct())
        .as("the schemas the README has examples of")
        .containsExactlyInAnyOrderElementsOf(ContractSchemas.ALL);
    for (JsonNode example : examples) {
      SCHEMAS.assertValid(schemaOf(example), example, "README example");
    }
  }

  /** Which schema a README example is for, by its shape. */
  private static String schemaOf(JsonNode v) {
    if (v.path("body").has("tag")) { // a raw HTTP request's body is a string
      String tag = v.at("/body/tag").asText();
      return tag.endsWith("Request") ? WS_TO_SERVER : WS_TO_CLIENT;
    }
    if (v.path("kind").asText().equals("socketFrame")) return OUTBOX; // it has a seq too
    if (v.has("seq")) return JOURNAL;
    if (v.has("javaClass")) return REGISTRY;
    if (v.has("group")) return ERROR;
    if (v.has("effectId")) return EFFECT;
    if (v.has("alive")) return HEARTBEAT;
    String kind = v.path("kind").asText();
    boolean outbox = kind.equals("reply") || kind.equals("event")
        || (kind.equals("disconnect") && !v.has("gateway"));
    return outbox ? OUTBOX : INBOX;
  }

  static Stream<String> names() {
    return ContractSchemas.ALL.stream();
  }
}
