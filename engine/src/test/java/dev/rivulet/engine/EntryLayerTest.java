package dev.rivulet.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.rivulet.records.ActorId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run's layer of changes over its turn's, over the store: reads, scans and what is written. */
class EntryLayerTest {
  private static final ActorId ACTOR = ActorId.of("notebook", "a");

  private final EntryStore.Memory store = EntryStore.memory();

  private static byte[] json(String text) {
    return ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] value) {
    return new String(value, StandardCharsets.UTF_8).replace("\"", "");
  }

  /** A turn's layer over a store holding map {@code m} with {@code keys}, each valued by its key. */
  private EntryLayer storedMap(String... keys) {
    EntryLayer seed = EntryLayer.root(store, ACTOR, Map.of());
    for (String k : keys) seed.put("m", k, json(k), TextNode.valueOf(k));
    store.apply(seed.writes());
    return EntryLayer.root(store, ACTOR, seed.metas());
  }

  private static List<String> scan(EntryLayer layer, String from, int limit) {
    List<String> seen = new ArrayList<>();
    layer.scan("m", from, limit, (key, value) -> {
      seen.add(key + "=" + text(value));
      return true;
    });
    return seen;
  }

  @Test
  void aScanMergesEachLayersChangesOverTheStoreInKeyOrder() {
    EntryLayer turn = storedMap("b", "d", "f");
    turn.put("m", "c", json("c1"), TextNode.valueOf("c1"));
    turn.remove("m", "d");
    EntryLayer run = turn.child();
    run.put("m", "a", json("a2"), TextNode.valueOf("a2"));
    run.put("m", "f", json("f2"), TextNode.valueOf("f2"));
    run.put("m", "d", json("d2"), TextNode.valueOf("d2"));
    run.remove("m", "b");

    assertThat(scan(run, null, 100)).containsExactly("a=a2", "c=c1", "d=d2", "f=f2");
    assertThat(scan(run, "c", 2)).containsExactly("c=c1", "d=d2");
    assertThat(scan(turn, null, 100)).containsExactly("b=b", "c=c1", "f=f");
    assertThat(text(run.read("m", "f"))).isEqualTo("f2");
    assertThat(run.read("m", "b")).isNull();
    assertThat(run.meta("m").size()).isEqualTo(4);
    assertThat(turn.meta("m").size()).isEqualTo(3);

    run.mergeIntoParent();
    assertThat(scan(turn, null, 100)).containsExactly("a=a2", "c=c1", "d=d2", "f=f2");
    Step.EntryWrites writes = turn.writes();
    List<String> puts = new ArrayList<>();
    writes.puts().forEach((k, v) -> puts.add(k.substring(k.lastIndexOf('\0') + 1) + "="
        + (v == null ? "removed" : text(v))));
    assertThat(puts).containsExactly("a=a2", "b=removed", "c=c1", "d=d2", "f=f2");
    assertThat(turn.ops()).hasSize(6);
  }

  @Test
  void aClearHidesTheStoreAndTheChangesBelowIt() {
    EntryLayer turn = storedMap("a", "b");
    turn.put("m", "c", json("c"), TextNode.valueOf("c"));
    EntryLayer run = turn.child();
    run.clear("m");
    run.put("m", "z", json("z"), TextNode.valueOf("z"));
    assertThat(scan(run, null, 100)).containsExactly("z=z");
    assertThat(run.read("m", "a")).isNull();
    assertThat(run.meta("m").size()).isEqualTo(1);

    run.mergeIntoParent();
    Step.EntryWrites writes = turn.writes();
    assertThat(writes.cleared()).containsExactly(
        EntryStore.collectionPrefix(EntryStore.actorPrefix(ACTOR), "m"));
    store.apply(writes);
    assertThat(scan(EntryLayer.root(store, ACTOR, turn.metas()), null, 100))
        .containsExactly("z=z");
  }

  @Test
  void anActorsPrefixIsItsOwnWhateverItsIdHolds() {
    // "ab" and "a" + "b…": without the length, one actor's prefix would start the other's.
    String a = EntryStore.actorPrefix(ActorId.of("t", "a"));
    String ab = EntryStore.actorPrefix(ActorId.of("t", "ab"));
    assertThat(ab.startsWith(a)).isFalse();
    assertThat(EntryStore.ORDER.compare(EntryStore.end(a), a)).isPositive();
    assertThat(EntryStore.ORDER.compare("\uFFFD", "\uD83D\uDE00")).isNegative();
    assertThat("\uFFFD".compareTo("\uD83D\uDE00")).isPositive(); // not String's order
  }
}
