package dev.rivulet.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Where each journal record of an actor is, so that its history is read by offset instead of by
 * scanning its partition. Kept in the {@code journal-index} store of the actor's task:
 *
 * <ul>
 *   <li>{@code s/<actor>/<seq>} → the record's journal offset and the highest event sequence
 *       number broadcast (to every connection) by the actor up to and including that record, for
 *       every record: one entry per record, which both finds a step and finds the records that
 *       broadcast after a given event ({@link #eventRecords}: the records where that number rises);
 *   <li>{@code n/<actor>/<seq>} → the offset, for the records holding a full state snapshot;
 *   <li>{@code k/<actor>/<seq>} → the offset, for the records holding a checkpoint of the stored
 *       collections;
 *   <li>{@code e/<actor>/<last event seq>} → the offset, for the records that broadcast events,
 *       <em>written only by earlier versions</em> (whose {@code s} entries held the offset alone):
 *       still read, so that an index kept across the upgrade answers for the records before it.
 * </ul>
 *
 * Numbers are written with 16 digits, so that keys sort in numeric order.
 */
final class JournalIndex {
  static final String STORE = "journal-index";

  /**
   * Forward steps taken through {@code s} entries that broadcast nothing before looking the next
   * broadcast up by bisection: keeps a catch-up over an actor that seldom broadcasts from reading
   * its whole history, and one over an actor that broadcasts often from bisecting for each record.
   */
  static final int SCAN_BEFORE_SEEK = 32;

  /** A journal record's sequence number (or last event sequence number) and offset. */
  record Entry(long seq, long offset) {}

  /** An {@code s} entry as read: its step, offset and events so far (-1: the older format). */
  private record Step(long seq, long offset, long eventsSoFar) {}

  private final KeyValueStore<String, byte[]> store;

  JournalIndex(KeyValueStore<String, byte[]> store) {
    this.store = store;
  }

  /**
   * Indexes the record of {@code actor} at step {@code seq}; {@code lastEventSeq} is the highest
   * event sequence number it broadcast to every connection (0: none). Records are indexed in the
   * order of their steps (the journal's, per actor); indexing one again writes the same entries.
   */
  void record(String actor, long seq, long offset, boolean snapshot, boolean checkpoint,
      long lastEventSeq) {
    long soFar = Math.max(eventsBefore(actor, seq), lastEventSeq);
    store.put(key("s", actor, seq), ByteBuffer.allocate(16).putLong(offset).putLong(soFar).array());
    if (snapshot) store.put(key("n", actor, seq), offsetBytes(offset));
    if (checkpoint) store.put(key("k", actor, seq), offsetBytes(offset));
  }

  /**
   * The highest event broadcast before step {@code seq}: from the entry of the step before
   * (nearly always there), else from the nearest earlier one, else from the older format's
   * {@code e} entries.
   */
  private long eventsBefore(String actor, long seq) {
    if (seq <= 1) return 0;
    byte[] previous = store.get(key("s", actor, seq - 1));
    if (previous != null && previous.length == 16) return eventsSoFarOf(previous);
    try (var it = store.reverseRange(key("s", actor, 0), key("s", actor, seq - 1))) {
      if (it.hasNext()) {
        byte[] value = it.next().value;
        if (value.length == 16) return eventsSoFarOf(value);
      }
    }
    try (var it = store.reverseRange(key("e", actor, 0), key("e", actor, KeyDigits.MAX))) {
      return it.hasNext() ? seqOf(it.next().key) : 0;
    }
  }

  /** Records with {@code from <= seq <= to}, at most {@code limit}. */
  List<Entry> records(String actor, long from, long to, int limit) {
    List<Entry> out = new ArrayList<>();
    try (var it = store.range(key("s", actor, from), key("s", actor, to))) {
      while (it.hasNext() && out.size() < limit) {
        var kv = it.next();
        out.add(new Entry(seqOf(kv.key), offsetOf(kv.value)));
      }
    }
    return out;
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

  /**
   * The records whose last broadcast (to every connection) has an event sequence number above
   * {@code after}, in order, at most {@code limit}; each entry's {@code seq} is that event
   * sequence number. Those indexed by earlier versions come from their {@code e} entries, the
   * others from the {@code s} entries where the events so far rise.
   */
  List<Entry> eventRecords(String actor, long after, int limit) {
    List<Entry> out = new ArrayList<>();
    try (var it = store.range(key("e", actor, after + 1), key("e", actor, KeyDigits.MAX))) {
      while (it.hasNext() && out.size() < limit) {
        var kv = it.next();
        out.add(new Entry(seqOf(kv.key), offsetOf(kv.value)));
      }
    }
    if (out.size() >= limit) return out;
    long cursor = out.isEmpty() ? after : out.get(out.size() - 1).seq();
    long last = lastSeq(actor);
    Step next = firstAbove(actor, cursor, 1, last);
    while (next != null && out.size() < limit) {
      out.add(new Entry(next.eventsSoFar, next.offset));
      cursor = next.eventsSoFar;
      next = nextAbove(actor, cursor, next.seq + 1, last);
    }
    return out;
  }

  /**
   * The first record from step {@code from} whose events so far exceed {@code cursor}: a few
   * steps forward (the next record usually broadcasts again), then by bisection.
   */
  private Step nextAbove(String actor, long cursor, long from, long last) {
    if (from > last) return null;
    try (var it = store.range(key("s", actor, from), key("s", actor, last))) {
      for (int i = 0; i < SCAN_BEFORE_SEEK && it.hasNext(); i++) {
        Step step = step(it.next());
        if (step.eventsSoFar > cursor) return step;
        from = step.seq + 1;
      }
      if (!it.hasNext()) return null;
    }
    return firstAbove(actor, cursor, from, last);
  }

  /**
   * The first record in steps {@code lo..hi} whose events so far exceed {@code cursor}, by
   * bisection: the events so far never fall from one step to the next (entries of the older
   * format, all before the newer ones, count as none). Steps may be missing from the index; each
   * probe takes the first entry at or after its step.
   */
  private Step firstAbove(String actor, long cursor, long lo, long hi) {
    Step found = null;
    while (lo <= hi) {
      long mid = lo + (hi - lo) / 2;
      Step probe = firstAtOrAfter(actor, mid, hi);
      if (probe == null) {
        hi = mid - 1;
      } else if (probe.eventsSoFar > cursor) {
        found = probe;
        hi = mid - 1;
      } else {
        lo = probe.seq + 1;
      }
    }
    return found;
  }

  private Step firstAtOrAfter(String actor, long seq, long hi) {
    try (var it = store.range(key("s", actor, seq), key("s", actor, hi))) {
      return it.hasNext() ? step(it.next()) : null;
    }
  }

  /** The highest sequence number indexed for {@code actor}, or 0. */
  long lastSeq(String actor) {
    try (var it = store.reverseRange(key("s", actor, 0), key("s", actor, KeyDigits.MAX))) {
      return it.hasNext() ? seqOf(it.next().key) : 0;
    }
  }

  private static Step step(KeyValue<String, byte[]> kv) {
    long eventsSoFar = kv.value.length == 16 ? eventsSoFarOf(kv.value) : -1;
    return new Step(seqOf(kv.key), offsetOf(kv.value), eventsSoFar);
  }

  private static String key(String kind, String actor, long n) {
    return kind + "/" + actor + "/" + KeyDigits.of(Math.max(0, Math.min(n, KeyDigits.MAX)));
  }

  private static long seqOf(String key) {
    return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
  }

  private static byte[] offsetBytes(long offset) {
    return ByteBuffer.allocate(8).putLong(offset).array();
  }

  private static long offsetOf(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }

  private static long eventsSoFarOf(byte[] b) {
    return ByteBuffer.wrap(b).getLong(8);
  }
}
