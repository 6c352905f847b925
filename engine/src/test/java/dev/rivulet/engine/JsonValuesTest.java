package dev.rivulet.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.rivulet.actor.internal.Json;
import dev.rivulet.records.RecordCodec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Values that skip Jackson on the way to JSON (results, event arguments, trees of simple values)
 * come out as the full round trip gives them: the same nodes, of the same classes (equality of
 * trees is strict about them), and the same size.
 */
class JsonValuesTest {
  private static List<Object> values() {
    List<Object> values = new ArrayList<>(Arrays.asList(null, true, false, 0, 1, -1, 9, 10, -10,
        Integer.MAX_VALUE, Integer.MIN_VALUE, 0L, 7L, -7L, (long) Integer.MAX_VALUE + 1,
        (long) Integer.MIN_VALUE - 1, Long.MAX_VALUE, Long.MIN_VALUE, 999_999_999_999L, "", "x",
        "é\"\\\n", (short) 3, (byte) 4, 1.5, 2.0f, new BigDecimal("1.50"), 'c', List.of(1L),
        Map.of("count", 3L)));
    for (String text : List.of("{}", "[]", "[1,2]", "[[],{}]", "{\"a\":1,\"b\":[true,null,\"x\"]}",
        "[2147483648,-2147483649,9223372036854775807]", "[\"tab\\t\"]", "[\"é\"]", "[1.5]",
        "[10.0]", "{\"a\\\"b\":1}", "{\"é\":1}", "[{\"deep\":[{\"deeper\":[\"~/\"]}]}]")) {
      values.add(RecordCodec.decodeTree(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    values.add(Json.mapper().valueToTree(Map.of("count", 3L, "who", "ann")));
    values.add(Draft.serializeArgs(new Object[] {7L, "x", true, null, List.of(1, "y")}));
    values.add(Json.mapper().createArrayNode().add((short) 1));
    values.add(Json.mapper().createArrayNode().add(new java.math.BigInteger("5")));
    values.add(Json.mapper().createArrayNode().add(new byte[] {1, 2}));
    values.add(Json.mapper().createArrayNode().addPOJO(List.of(1)));
    values.add(Json.mapper().createArrayNode().add("a".repeat(10_000)).add("b".repeat(10_001)));
    JsonNode deep = Json.mapper().createArrayNode();
    for (int depth = 0; depth < 70; depth++) {
      deep = Json.mapper().createArrayNode().add(deep);
      values.add(deep);
    }
    for (char c = 0; c < 0x100; c++) values.add(Json.mapper().createArrayNode().add("a" + c));
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 1_000; i++) {
      long v = random.nextLong() >> random.nextInt(64);
      values.add(v);
      values.add((int) v);
    }
    return values;
  }

  @Test
  void simpleValuesComeOutAsTheRoundTripGivesThem() throws Exception {
    for (Object value : values()) {
      byte[] bytes = Json.mapper().writeValueAsBytes(value);
      JsonNode expected = RecordCodec.mapper().readTree(bytes);
      JsonValues.Serialized s = JsonValues.serialize(value);
      assertThat(s.tree()).as("%s", value).isEqualTo(expected);
      assertThat(s.tree().getClass()).as("%s", value).isEqualTo(expected.getClass());
      assertThat(s.size()).as("%s", value).isEqualTo(bytes.length);
    }
  }

  @Test
  void eventArgumentsAreTheMappersTrees() {
    List<Object> values = values();
    ArrayNode args = Draft.serializeArgs(values.toArray());
    for (int i = 0; i < values.size(); i++) {
      JsonNode expected = Json.mapper().valueToTree(values.get(i));
      if (expected == null) expected = Json.mapper().nullNode();
      assertThat(args.get(i)).as("%s", values.get(i)).isEqualTo(expected);
      assertThat(args.get(i).getClass()).as("%s", values.get(i)).isEqualTo(expected.getClass());
    }
  }
}
