package dev.rivulet.engine;

import dev.rivulet.records.ActorId;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Where the entries of actors' stored logs and maps live: the {@code entries} state store, one
 * entry per key, under its actor and collection:
 *
 * <ul>
 *   <li>{@code <length of id>:<actor id>\0<collection>\0<key>} for a map's entry;
 *   <li>{@code <length of id>:<actor id>\0<collection>\0<16-digit number>} for a log's.
 * </ul>
 *
 * The length makes an actor's prefix its own whatever its id holds; collection names hold no
 * {@code \0}. Keys sort by their UTF-8 bytes, which is the order of their code points ({@link
 * #ORDER}). The processor reads the task's store; the replayer, the tests and read-only calls
 * answered from the store read others of the same shape ({@link #memory}, {@link #of}).
 */
interface EntryStore {
  /** The order of keys in the store: by code point, as their UTF-8 bytes sort. */
  Comparator<String> ORDER = (a, b) -> {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) return Integer.compare(x, y);
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  };

  /** What {@link #scan} calls for each entry; false stops the scan. */
  @FunctionalInterface
  interface Visitor {
    boolean visit(String key, byte[] value);
  }

  /** The value of {@code key}, or null. */
  byte[] get(String key);

  /** Visits the entries with {@code from <= key < to}, in key order, until the visitor stops. */
  void scan(String from, String to, Visitor visitor);

  /** The prefix of every entry of {@code actor}. */
  static String actorPrefix(ActorId actor) {
    String id = actor.toString();
    return id.length() + ":" + id + "\0";
  }

  /** The prefix of every entry of collection {@code name} of {@code actor}. */
  static String collectionPrefix(String actorPrefix, String name) {
    return actorPrefix + name + "\0";
  }

  /** The first key after every key that starts with {@code prefix} (which ends in {@code \0}). */
  static String end(String prefix) {
    return prefix.substring(0, prefix.length() - 1) + "\u0001";
  }

  /** The key of a log's entry {@code number} under its collection's prefix. */
  static String logKey(String collectionPrefix, long number) {
    return collectionPrefix + KeyDigits.of(number);
  }

  /** A store over a Kafka Streams key-value store (the task's own, or a read-only view of it). */
  static EntryStore of(ReadOnlyKeyValueStore<String, byte[]> store) {
    return new EntryStore() {
      @Override
      public byte[] get(String key) {
        return store.get(key);
      }

      @Override
      public void scan(String from, String to, Visitor visitor) {
        try (var it = store.range(from, to)) { // both ends included
          while (it.hasNext()) {
            var kv = it.next();
            if (kv.key.equals(to) || !visitor.visit(kv.key, kv.value)) return;
          }
        }
      }
    };
  }

  /** A store in memory, changed by {@link Memory#apply}. */
  static Memory memory() {
    return new Memory();
  }

  /** An entry store in memory: the replayer's, and the tests'. */
  final class Memory implements EntryStore {
    private final TreeMap<String, byte[]> entries = new TreeMap<>(ORDER);

    @Override
    public byte[] get(String key) {
      return entries.get(key);
    }

    @Override
    public void scan(String from, String to, Visitor visitor) {
      for (Map.Entry<String, byte[]> e : entries.subMap(from, true, to, false).entrySet()) {
        if (!visitor.visit(e.getKey(), e.getValue())) return;
      }
    }

    /** Writes what a step changed, as the processor writes it to the state store. */
    public void apply(Step.EntryWrites writes) {
      for (String prefix : writes.cleared()) {
        entries.subMap(prefix, true, end(prefix), false).clear();
      }
      writes.puts().forEach((key, value) -> {
        if (value == null) entries.remove(key);
        else entries.put(key, value);
      });
    }

    /** How many entries it holds. */
    public int size() {
      return entries.size();
    }
  }
}
