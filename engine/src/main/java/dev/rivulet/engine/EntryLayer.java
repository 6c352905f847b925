package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.RecordCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stored logs and maps of one actor as one run sees them: the changes of the run, over those
 * its turn kept so far (its parent layer), over the {@link EntryStore}. A turn has one root layer;
 * each run of user code that uses its collections gets a child ({@link #child}), merged into the
 * root when the run is kept ({@link #mergeIntoParent}) and dropped when it fails. The root then
 * says what the step writes to the store ({@link #writes}), what the journal records ({@link
 * #ops}, and, when a checkpoint is due, {@link #content}) and the collections' sizes for the
 * stored actor ({@link #metas}).
 *
 * <p>A log's entries are numbered without gaps from its {@code first} to its {@code next}
 * (exclusive); a map's are its keys. What a layer knows of each collection is in its metas,
 * copied from its parent when it is made.
 */
final class EntryLayer {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** A change that removes the entry. */
  private static final byte[] REMOVED = new byte[0];
  /** What an operation costs in the journal besides its key and value. */
  static final int OP_OVERHEAD = 32;

  static final String LOG = "log";
  static final String MAP = "map";

  private final EntryLayer parent;
  private final EntryStore store;
  private final String prefix;
  private final Map<String, ActorRecord.Collection> metas;
  private final TreeMap<String, byte[]> changes = new TreeMap<>(EntryStore.ORDER);
  /** Collections (by prefix) cleared in this layer: nothing below shows through. */
  private final Set<String> cleared = new HashSet<>();
  private boolean actorCleared;
  private final List<JsonNode> ops = new ArrayList<>();
  private long opBytes;

  private EntryLayer(EntryLayer parent, EntryStore store, String prefix,
      Map<String, ActorRecord.Collection> metas) {
    this.parent = parent;
    this.store = store;
    this.prefix = prefix;
    this.metas = new LinkedHashMap<>(metas);
  }

  /** The root layer of a turn of {@code actor}, whose collections are {@code metas}. */
  static EntryLayer root(EntryStore store, ActorId actor,
      Map<String, ActorRecord.Collection> metas) {
    return new EntryLayer(null, store, EntryStore.actorPrefix(actor), metas);
  }

  /** A layer for one run, over this one. */
  EntryLayer child() {
    return new EntryLayer(this, store, prefix, metas);
  }

  // ---------------------------------------------------------------- reading

  /** What this layer knows of collection {@code name}, or null when the actor has none. */
  ActorRecord.Collection meta(String name) {
    return metas.get(name);
  }

  Map<String, ActorRecord.Collection> metas() {
    return metas;
  }

  /** The stored JSON of entry {@code key} of collection {@code name}, or null. */
  byte[] read(String name, String key) {
    String collection = EntryStore.collectionPrefix(prefix, name);
    String full = collection + key;
    for (EntryLayer l = this; l != null; l = l.parent) {
      byte[] v = l.changes.get(full);
      if (v != null) return v == REMOVED ? null : v;
      if (l.actorCleared || l.cleared.contains(collection)) return null;
    }
    return store.get(full);
  }

  /** The key of a log's entry {@code number}, within its collection. */
  static String number(long number) {
    return KeyDigits.of(number);
  }

  /**
   * Visits up to {@code limit} entries of collection {@code name} with keys (within the
   * collection) from {@code from} (inclusive; null: the first), in key order, as this layer sees
   * them; the visitor gets each key within the collection.
   */
  void scan(String name, String from, int limit, EntryStore.Visitor visitor) {
    String collection = EntryStore.collectionPrefix(prefix, name);
    String start = from == null ? collection : collection + from;
    String end = EntryStore.end(collection);
    TreeMap<String, byte[]> overlay = new TreeMap<>(EntryStore.ORDER);
    boolean storeShows = true;
    for (EntryLayer l = this; l != null && storeShows; l = l.parent) {
      for (Map.Entry<String, byte[]> e : l.changes.subMap(start, true, end, false).entrySet()) {
        overlay.putIfAbsent(e.getKey(), e.getValue()); // a layer above decided already
      }
      if (l.actorCleared || l.cleared.contains(collection)) storeShows = false;
    }
    int[] left = {limit};
    Iterator<Map.Entry<String, byte[]>> pending = overlay.entrySet().iterator();
    @SuppressWarnings("unchecked")
    Map.Entry<String, byte[]>[] next = new Map.Entry[] {pending.hasNext() ? pending.next() : null};
    int cut = collection.length();
    EntryStore.Visitor emit = (key, value) -> {
      if (value == REMOVED) return true;
      left[0]--;
      return visitor.visit(key.substring(cut), value) && left[0] > 0;
    };
    if (limit <= 0) return;
    boolean[] stopped = {false};
    if (storeShows) {
      store.scan(start, end, (key, value) -> {
        while (next[0] != null && EntryStore.ORDER.compare(next[0].getKey(), key) < 0) {
          if (!emit.visit(next[0].getKey(), next[0].getValue())) {
            stopped[0] = true;
            return false;
          }
          next[0] = pending.hasNext() ? pending.next() : null;
        }
        boolean go;
        if (next[0] != null && next[0].getKey().equals(key)) {
          go = emit.visit(key, next[0].getValue());
          next[0] = pending.hasNext() ? pending.next() : null;
        } else {
          go = emit.visit(key, value);
        }
        if (!go) stopped[0] = true;
        return go;
      });
    }
    while (!stopped[0] && next[0] != null) {
      if (!emit.visit(next[0].getKey(), next[0].getValue())) return;
      next[0] = pending.hasNext() ? pending.next() : null;
    }
  }

  // ---------------------------------------------------------------- changing

  /** Appends to log {@code name}; returns the entry's number. */
  long append(String name, byte[] value, JsonNode tree) {
    ActorRecord.Collection c = metas.getOrDefault(name, ActorRecord.Collection.emptyLog());
    long number = c.next();
    changes.put(EntryStore.logKey(EntryStore.collectionPrefix(prefix, name), number), value);
    metas.put(name, new ActorRecord.Collection(LOG, c.size() + 1, c.bytes() + value.length,
        c.size() == 0 ? number : c.first(), number + 1));
    ObjectNode op = NODES.objectNode();
    op.put("op", "append");
    op.put("log", name);
    op.put("number", number);
    op.set("value", tree);
    record(op, value.length);
    return number;
  }

  /** Drops the oldest entries of log {@code name} until at most {@code keep} are left. */
  void keepLast(String name, long keep) {
    ActorRecord.Collection c = metas.get(name);
    if (c == null || c.size() <= keep) return;
    String collection = EntryStore.collectionPrefix(prefix, name);
    long before = c.next() - keep;
    long bytes = c.bytes();
    for (long n = c.first(); n < before; n++) {
      byte[] dropped = read(name, number(n));
      if (dropped != null) bytes -= dropped.length;
      changes.put(EntryStore.logKey(collection, n), REMOVED);
    }
    metas.put(name, new ActorRecord.Collection(LOG, keep, bytes, before, c.next()));
    ObjectNode op = NODES.objectNode();
    op.put("op", "trim");
    op.put("log", name);
    op.put("before", before);
    record(op, 0);
  }

  /** Sets the value of {@code key} in map {@code name}. */
  void put(String name, String key, byte[] value, JsonNode tree) {
    ActorRecord.Collection c = metas.getOrDefault(name, ActorRecord.Collection.emptyMap());
    byte[] old = read(name, key);
    long bytes = c.bytes() + value.length + (old == null ? keyBytes(key) : -old.length);
    changes.put(EntryStore.collectionPrefix(prefix, name) + key, value);
    metas.put(name, new ActorRecord.Collection(MAP, c.size() + (old == null ? 1 : 0), bytes, 0,
        0));
    ObjectNode op = NODES.objectNode();
    op.put("op", "put");
    op.put("map", name);
    op.put("key", key);
    op.set("value", tree);
    record(op, keyBytes(key) + value.length);
  }

  /** Removes {@code key} from map {@code name}; returns whether it was there. */
  boolean remove(String name, String key) {
    ActorRecord.Collection c = metas.get(name);
    byte[] old = c == null ? null : read(name, key);
    if (old == null) return false;
    changes.put(EntryStore.collectionPrefix(prefix, name) + key, REMOVED);
    metas.put(name, new ActorRecord.Collection(MAP, c.size() - 1,
        c.bytes() - old.length - keyBytes(key), 0, 0));
    ObjectNode op = NODES.objectNode();
    op.put("op", "remove");
    op.put("map", name);
    op.put("key", key);
    record(op, keyBytes(key));
    return true;
  }

  /** Removes every entry of map {@code name}. */
  void clear(String name) {
    ActorRecord.Collection c = metas.get(name);
    if (c == null || c.size() == 0) return;
    String collection = EntryStore.collectionPrefix(prefix, name);
    changes.subMap(collection, true, EntryStore.end(collection), false).clear();
    cleared.add(collection);
    metas.put(name, ActorRecord.Collection.emptyMap());
    ObjectNode op = NODES.objectNode();
    op.put("op", "clear");
    op.put("map", name);
    record(op, 0);
  }

  /** The actor is destroyed: every entry goes, and nothing is journaled for it. */
  void destroyAll() {
    actorCleared = true;
    changes.clear();
    cleared.clear();
    metas.clear();
  }

  /**
   * A fork's collections, as {@link #content} wrote them: kept as they are, entry by entry,
   * without journal operations (the step's checkpoint records them).
   *
   * @throws IllegalArgumentException when {@code content} is not of that shape
   */
  void load(JsonNode content) {
    if (!content.isObject()) throw new IllegalArgumentException("collections must be an object");
    for (var e : content.properties()) {
      String name = e.getKey();
      JsonNode c = e.getValue();
      String collection = EntryStore.collectionPrefix(prefix, name);
      String kind = c.path("kind").asText();
      long bytes = 0;
      if (kind.equals(LOG)) {
        long first = c.path("first").asLong(1);
        JsonNode values = c.path("values");
        if (first < 1 || !values.isArray()) {
          throw new IllegalArgumentException("log " + name + " needs first >= 1 and values");
        }
        long n = first;
        for (JsonNode v : values) {
          byte[] b = RecordCodec.encode(v);
          changes.put(EntryStore.logKey(collection, n++), b);
          bytes += b.length;
        }
        metas.put(name, new ActorRecord.Collection(LOG, n - first, bytes, first, n));
      } else if (kind.equals(MAP)) {
        JsonNode entries = c.path("entries");
        if (!entries.isObject()) {
          throw new IllegalArgumentException("map " + name + " needs entries");
        }
        for (var entry : entries.properties()) {
          byte[] b = RecordCodec.encode(entry.getValue());
          changes.put(collection + entry.getKey(), b);
          bytes += b.length + keyBytes(entry.getKey());
        }
        metas.put(name, new ActorRecord.Collection(MAP, entries.size(), bytes, 0, 0));
      } else {
        throw new IllegalArgumentException("collection " + name + " is neither a log nor a map");
      }
    }
  }

  private void record(ObjectNode op, long payload) {
    ops.add(op);
    opBytes += OP_OVERHEAD + payload;
  }

  static long keyBytes(String key) {
    long n = 0;
    for (int i = 0; i < key.length(); i++) {
      char ch = key.charAt(i);
      n += ch < 0x80 ? 1 : ch < 0x800 ? 2 : Character.isSurrogate(ch) ? 2 : 3;
    }
    return n;
  }

  /** Keeps this run's changes in the layer below. */
  void mergeIntoParent() {
    for (String collection : cleared) {
      parent.changes.subMap(collection, true, EntryStore.end(collection), false).clear();
      parent.cleared.add(collection);
    }
    parent.changes.putAll(changes);
    parent.metas.clear();
    parent.metas.putAll(metas);
    parent.ops.addAll(ops);
    parent.opBytes += opBytes;
  }

  // ---------------------------------------------------------------- the step

  /** Bytes of journal operations of this layer and the layers below: what the step changed. */
  long stepOpBytes() {
    long n = 0;
    for (EntryLayer l = this; l != null; l = l.parent) n += l.opBytes;
    return n;
  }

  /** The collections' bytes, all together. */
  long totalBytes() {
    long n = 0;
    for (ActorRecord.Collection c : metas.values()) n += c.bytes();
    return n;
  }

  /** The journal's operations, in order; null when there were none. */
  ArrayNode ops() {
    if (ops.isEmpty()) return null;
    ArrayNode out = NODES.arrayNode(ops.size());
    ops.forEach(out::add);
    return out;
  }

  /** What the step writes to the entry store. */
  Step.EntryWrites writes() {
    if (!actorCleared && cleared.isEmpty() && changes.isEmpty()) return Step.EntryWrites.NONE;
    List<String> gone = actorCleared ? List.of(prefix) : List.copyOf(cleared);
    Map<String, byte[]> puts = new LinkedHashMap<>();
    changes.forEach((key, value) -> puts.put(key, value == REMOVED ? null : value));
    return new Step.EntryWrites(gone, puts);
  }

  /**
   * Every collection's entries after the step, for a checkpoint in the journal: by name, a log as
   * {@code {"kind":"log","first":n,"values":[…]}} and a map as {@code
   * {"kind":"map","entries":{…}}}, in key order.
   */
  ObjectNode content() {
    ObjectNode out = NODES.objectNode();
    for (String name : new TreeMap<>(metas).keySet()) {
      ActorRecord.Collection c = metas.get(name);
      ObjectNode node = out.putObject(name);
      node.put("kind", c.kind());
      if (c.kind().equals(LOG)) {
        node.put("first", c.size() == 0 ? c.next() : c.first());
        ArrayNode values = node.putArray("values");
        scan(name, null, Integer.MAX_VALUE, (key, value) -> {
          values.add(tree(value));
          return true;
        });
      } else {
        ObjectNode entries = node.putObject("entries");
        scan(name, null, Integer.MAX_VALUE, (key, value) -> {
          entries.set(key, tree(value));
          return true;
        });
      }
    }
    return out;
  }

  private static JsonNode tree(byte[] value) {
    try {
      return RecordCodec.mapper().readTree(value);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt entry in the entry store", e);
    }
  }
}
