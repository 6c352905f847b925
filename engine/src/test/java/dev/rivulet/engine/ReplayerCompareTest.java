package dev.rivulet.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.JsonPatch;
import dev.rivulet.records.RecordCodec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The replayer compares journal records field by field without writing them as JSON; it must
 * find the same first difference as comparing their JSON trees does.
 */
class ReplayerCompareTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> COMPARED = List.of("kind", "generation", "output", "error",
      "broadcasts", "patch", "connections", "schedules", "messages", "effects", "published",
      "destroyed");

  /** The comparison through JSON trees, as the replayer first did it. */
  private static String throughJson(JournalRecord recorded, JournalRecord replayed) {
    ObjectNode a = RecordCodec.mapper().valueToTree(recorded);
    ObjectNode b = RecordCodec.mapper().valueToTree(replayed);
    if (recorded.seq() != replayed.seq()) return "seq";
    for (String field : COMPARED) {
      JsonNode x = a.get(field);
      JsonNode y = b.get(field);
      if (x == null && y == null) continue;
      if (x == null || y == null || !JsonPatch.equal(x, y)) return field;
    }
    return null;
  }

  private static JournalRecord base() {
    return new JournalRecord(ActorId.of("counter", "a"), 5, 1, "action", 1_000, 7, null, null,
        null, IntNode.valueOf(10), null,
        List.of(new JournalRecord.Broadcast(4, "newCount", array(IntNode.valueOf(10)), null)),
        array(op(10)), null, null, null, null, null, null, null);
  }

  private static ArrayNode array(JsonNode... items) {
    ArrayNode a = NODES.arrayNode();
    for (JsonNode n : items) a.add(n);
    return a;
  }

  private static ObjectNode op(long value) {
    ObjectNode op = NODES.objectNode();
    op.put("op", "replace").put("path", "/count").put("value", value);
    return op;
  }

  /** The base record with one field set ({@code null}: left out), through its JSON tree. */
  private static JournalRecord with(String field, JsonNode value) {
    return changed(t -> {
      if (value == null) t.remove(field);
      else t.set(field, value);
    });
  }

  /** The base record with its JSON tree changed. */
  private static JournalRecord changed(Consumer<ObjectNode> change) {
    ObjectNode tree = RecordCodec.mapper().valueToTree(base());
    change.accept(tree);
    return RecordCodec.mapper().convertValue(tree, JournalRecord.class);
  }

  /** The base record's first broadcast with its JSON tree changed. */
  private static JournalRecord broadcast(Consumer<ObjectNode> change) {
    return changed(t -> change.accept((ObjectNode) t.get("broadcasts").get(0)));
  }

  private static JournalRecord output(JsonNode output) {
    JournalRecord r = base();
    return new JournalRecord(r.actor(), r.seq(), r.generation(), r.kind(), r.at(), r.seed(),
        r.request(), r.source(), r.created(), output, r.error(), r.broadcasts(), r.patch(),
        r.snapshot(), r.connections(), r.schedules(), r.messages(), r.effects(), r.destroyed(),
        r.meta());
  }

  private static ObjectNode published(String topic, JsonNode value) {
    ObjectNode p = NODES.objectNode();
    p.put("topic", topic).put("key", "k").set("value", value);
    return p;
  }

  private static JsonNode tree(Object value) {
    return RecordCodec.mapper().valueToTree(value);
  }

  @Test
  void findsTheSameFirstDifferenceAsTheJsonTrees() {
    List<JournalRecord> variants = new ArrayList<>(List.of(
        base(),
        output(LongNode.valueOf(10)),
        output(DecimalNode.valueOf(new BigDecimal("10.0"))),
        output(DoubleNode.valueOf(10.0)),
        output(DoubleNode.valueOf(10.5)),
        output(DecimalNode.valueOf(new BigDecimal("10.50"))),
        output(TextNode.valueOf("10")),
        output(NullNode.getInstance()),
        output(null),
        output(IntNode.valueOf(11)),
        with("seq", IntNode.valueOf(6)),
        with("kind", TextNode.valueOf("fire")),
        with("generation", IntNode.valueOf(2)),
        changed(t -> t.put("at", 2_000).put("seed", 8)),
        changed(t -> t.put("created", true).set("snapshot", IntNode.valueOf(3))),
        with("error", tree(new ErrorInfo("user", "no", "no"))),
        with("error", tree(new ErrorInfo("user", "no", "no", NullNode.getInstance()))),
        with("error", tree(new ErrorInfo("user", "no", "no", array(IntNode.valueOf(1))))),
        with("error", tree(new ErrorInfo("user", "no", "No"))),
        with("error", tree(new ErrorInfo("user", "yes", "no"))),
        with("broadcasts", null),
        with("broadcasts", array()),
        changed(t -> ((ArrayNode) t.get("broadcasts")).add(t.get("broadcasts").get(0))),
        broadcast(b -> b.putArray("connIds")),
        broadcast(b -> b.putArray("connIds").add("c1")),
        broadcast(b -> b.putArray("connIds").add("c2")),
        broadcast(b -> b.put("eventSeq", 5)),
        broadcast(b -> b.put("name", "other")),
        broadcast(b -> b.set("args", array(LongNode.valueOf(10)))),
        broadcast(b -> b.set("args", array(IntNode.valueOf(11)))),
        broadcast(b -> b.set("args", NullNode.getInstance())),
        with("patch", null),
        with("patch", array()),
        with("patch", array(op(11))),
        with("connections", array()),
        with("schedules", array()),
        with("messages", array()),
        with("effects", array()),
        with("published", array(published("a", TextNode.valueOf("x")))),
        with("published", array(published("a", TextNode.valueOf("y")))),
        with("published", array(published("b", TextNode.valueOf("x")))),
        with("destroyed", BooleanNode.TRUE),
        with("destroyed", BooleanNode.FALSE)));
    for (String field : COMPARED) {
      if (!field.equals("kind")) variants.add(with(field, NullNode.getInstance()));
    }
    int differences = 0;
    for (JournalRecord a : variants) {
      for (JournalRecord b : variants) {
        String expected = throughJson(a, b);
        assertThat(Replayer.firstDifference(a, b))
            .as("%s%nagainst%n%s", a, b).isEqualTo(expected);
        if (expected != null) differences++;
      }
    }
    assertThat(differences).isGreaterThan(variants.size() * variants.size() / 2);
  }
}
