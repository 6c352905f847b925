package dev.rivulet.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Where each journal record of an actor is, so that its history is read by offset instead of by
 * scanning its partition. Kept in the {@code journal-index} store of the actor's task:
 *
 * <ul>
 *   <li>{@code s/<actor>/<seq>} → the record's journal offset, for every record;
 *   <li>{@code n/<actor>/<seq>} → the offset, for the records holding a full state snapshot;
 *   <li>{@code k/<actor>/<seq>} → the offset, for the records holding a checkpoint of the stored
 *       collections;
 *   <li>{@code e/<actor>/<last event seq>} → the offset, for the records that broadcast events.
 * </ul>
 *
 * Numbers are written with 16 digits, so that keys sort in numeric order.
 */
final class JournalIndex {
  static final String STORE = "journal-index";

  /** A journal record's sequence number (or last event sequence number) and offset. */
  record Entry(long seq, long offset) {}

  private final KeyValueStore<String, byte[]> store;

  JournalIndex(KeyValueStore<String, byte[]> store) {
    this.store = store;
  }

  void record(String actor, long seq, long offset, boolean snapshot, boolean checkpoint,
      long lastEventSeq) {
    byte[] at = bytes(offset);
    store.put(key("s", actor, seq), at);
    if (snapshot) store.put(key("n", actor, seq), at);
    if (checkpoint) store.put(key("k", actor, seq), at);
    if (lastEventSeq > 0) store.put(key("e", actor, lastEventSeq), at);
  }

  /** Records with {@code from <= seq <= to}, at most {@code limit}. */
  List<Entry> records(String actor, long from, long to, int limit) {
    return range("s", actor, from, to, limit);
  }

  /** The last snapshot at or before {@code seq}, or null. */
  Entry snapshotAtOrBefore(String actor, long seq) {
    return lastAtOrBefore("n", actor, seq);
  }

  /** The last checkpoint of the stored collections at or before {@code seq}, or null. */
  Entry checkpointAtOrBefore(String actor, long seq) {
    return lastAtOrBefore("k", actor, seq);
  }

  private Entry lastAtOrBefore(String kind, String actor, long seq) {
    try (var it = store.reverseRange(key(kind, actor, 0), key(kind, actor, seq))) {
      if (!it.hasNext()) return null;
      var kv = it.next();
      return new Entry(seqOf(kv.key), offsetOf(kv.value));
    }
  }

  /** Records whose last broadcast has an event sequence number above {@code after}. */
  List<Entry> eventRecords(String actor, long after, int limit) {
    return range("e", actor, after + 1, Long.MAX_VALUE / 2, limit);
  }

  /** The highest sequence number indexed for {@code actor}, or 0. */
  long lastSeq(String actor) {
    try (var it = store.reverseRange(key("s", actor, 0), key("s", actor, Long.MAX_VALUE / 2))) {
      return it.hasNext() ? seqOf(it.next().key) : 0;
    }
  }

  private List<Entry> range(String kind, String actor, long from, long to, int limit) {
    List<Entry> out = new ArrayList<>();
    try (var it = store.range(key(kind, actor, Math.max(0, from)), key(kind, actor, to))) {
      while (it.hasNext() && out.size() < limit) {
        var kv = it.next();
        out.add(new Entry(seqOf(kv.key), offsetOf(kv.value)));
      }
    }
    return out;
  }

  private static String key(String kind, String actor, long n) {
    return kind + "/" + actor + "/" + KeyDigits.of(Math.max(0, Math.min(n, KeyDigits.MAX)));
  }

  private static long seqOf(String key) {
    return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
  }

  private static byte[] bytes(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private static long offsetOf(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }
}
