package dev.rivulet.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonPatchTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static JsonNode json(String s) {
    return RecordCodec.decodeTree(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void equalDocumentsGiveAnEmptyPatch() {
    assertThat(JsonPatch.diff(json("{\"a\":[1,2]}"), json("{\"a\":[1,2]}"))).isEmpty();
  }

  @Test
  void appendingToAListCostsOnlyTheNewElement() {
    ArrayNode patch = JsonPatch.diff(json("{\"messages\":[\"a\",\"b\"]}"),
        json("{\"messages\":[\"a\",\"b\",\"c\"]}"));
    assertThat(patch).isEqualTo(json("[{\"op\":\"add\",\"path\":\"/messages/2\",\"value\":\"c\"}]"));
  }

  @Test
  void fieldNamesWithSlashesAndTildesAreEscaped() {
    ArrayNode patch = JsonPatch.diff(json("{}"), json("{\"a/b~c\":1}"));
    assertThat(patch.get(0).get("path").asText()).isEqualTo("/a~1b~0c");
    assertThat(JsonPatch.apply(json("{}"), patch)).isEqualTo(json("{\"a/b~c\":1}"));
  }

  @Test
  void creationReplacesTheWholeDocument() {
    ArrayNode patch = JsonPatch.diff(null, json("{\"count\":0}"));
    assertThat(JsonPatch.apply(null, patch)).isEqualTo(json("{\"count\":0}"));
  }

  @Test
  void applyingTheDiffGivesTheTargetForRandomDocuments() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 2_000; i++) {
      JsonNode a = randomNode(random, 0);
      JsonNode b = random.nextInt(4) == 0 ? randomNode(random, 0) : mutate(a.deepCopy(), random);
      ArrayNode patch = JsonPatch.diff(a, b);
      assertThat(JsonPatch.apply(a, patch)).as("patch %s of %s", patch, a).isEqualTo(b);
    }
  }

  private static JsonNode randomNode(SplittableRandom r, int depth) {
    int kind = depth > 3 ? r.nextInt(3) : r.nextInt(6);
    switch (kind) {
      case 0: return F.numberNode(r.nextInt(10));
      case 1: return F.textNode("s" + r.nextInt(5));
      case 2: return r.nextBoolean() ? F.booleanNode(true) : F.nullNode();
      case 3: case 4: {
        ObjectNode o = F.objectNode();
        for (int i = r.nextInt(4); i > 0; i--) o.set("k" + r.nextInt(5), randomNode(r, depth + 1));
        return o;
      }
      default: {
        ArrayNode a = F.arrayNode();
        for (int i = r.nextInt(5); i > 0; i--) a.add(randomNode(r, depth + 1));
        return a;
      }
    }
  }

  private static JsonNode mutate(JsonNode node, SplittableRandom r) {
    if (node instanceof ObjectNode o) {
      if (r.nextBoolean()) o.set("k" + r.nextInt(5), randomNode(r, 2));
      if (r.nextBoolean() && o.size() > 0) o.remove(o.fieldNames().next());
      o.fields().forEachRemaining(e -> { if (r.nextInt(3) == 0) e.setValue(mutate(e.getValue(), r)); });
      return o;
    }
    if (node instanceof ArrayNode a) {
      if (r.nextBoolean()) a.add(randomNode(r, 2));
      if (r.nextBoolean() && a.size() > 0) a.remove(r.nextInt(a.size()));
      for (int i = 0; i < a.size(); i++) if (r.nextInt(3) == 0) a.set(i, mutate(a.get(i), r));
      return a;
    }
    return randomNode(r, 3);
  }
}
