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
 *   <li>{@code s/<actor>/<seq>} → for every record: its journal offset, the highest event sequence
 *       number the actor broadcast (to every connection) up to and including that record, and
 *       whether that record broadcast. One entry per record both finds a step and, since that
 *       number never falls, finds the records broadcasting after a given event by bisection;
 *   <li>{@code n/<actor>/<seq>} → the offset, for the records holding a full state snapshot;
 *   <li>{@code k/<actor>/<seq>} → the offset, for the records holding a checkpoint of the stored
 *       collections.
 * </ul>
 *
 * <p>Versions before this one wrote {@code s} entries holding the offset alone, and an entry
 * {@code e/<actor>/<last event seq>} → offset for each record that broadcast. An index kept
 * across an upgrade still has them, and has them between newer entries wherever an engine of the
 * earlier version indexed records during a rolling upgrade or after a rollback. They are read as
 * they are: their broadcasts come from the {@code e} entries, and each newer entry that follows
 * an older one gets a marker {@code r/<actor>/<seq>}, so that the bisection runs over stretches
 * in which the newer entries all come first. (The first newer entries of such a stretch take the
 * events so far from the {@code e} entries, which miss broadcasts of newer entries before the
 * stretch: an undercount on entries that broadcast nothing, which only the bisection reads, and
 * within the stretch the number still never falls.)
 *
 * <p>Numbers are written with 16 digits, so that keys sort in numeric order.
 */
final class JournalIndex {
  static final String STORE = "journal-index";

  /**
   * Entries stepped through forward before looking the next broadcast up by bisection: keeps a
   * catch-up on an actor that seldom broadcasts from reading its whole history, and one on an
   * actor that broadcasts often from bisecting for each record.
   */
  static final int SCAN_BEFORE_SEEK = 32;

  private static final int ENTRY_BYTES = 17;
  private static final int OLDER_ENTRY_BYTES = 8;

  /** A journal record's sequence number (or last event sequence number) and offset. */
  record Entry(long seq, long offset) {}

  /**
   * An {@code s} entry as read: {@code older} for the earlier format, whose events so far are not
   * known ({@code eventsSoFar} and {@code broadcast} are then meaningless).
   */
  private record Step(long seq, long offset, long eventsSoFar, boolean broadcast, boolean older) {
    /** Where the bisection for broadcasts above {@code cursor} stops looking further. */
    boolean above(long cursor) {
      return older || eventsSoFar > cursor;
    }
  }

  /** The events broadcast before a step, and whether the entry before it is of the older format. */
  private record Before(long eventsSoFar, boolean afterOlder) {}

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
    Before before = before(actor, seq);
    long soFar = Math.max(before.eventsSoFar, lastEventSeq);
    store.put(key("s", actor, seq), ByteBuffer.allocate(ENTRY_BYTES).putLong(offset)
        .putLong(soFar).put((byte) (lastEventSeq > 0 ? 1 : 0)).array());
    if (before.afterOlder) store.put(key("r", actor, seq), new byte[0]);
    if (snapshot) store.put(key("n", actor, seq), offsetBytes(offset));
    if (checkpoint) store.put(key("k", actor, seq), offsetBytes(offset));
  }

  /**
   * The events broadcast before step {@code seq}: from the entry of the step before (nearly always
   * there), else from the nearest earlier one; from the older format's {@code e} entries when
   * that entry is of the older format.
   */
  private Before before(String actor, long seq) {
    if (seq <= 1) return new Before(0, false);
    byte[] previous = store.get(key("s", actor, seq - 1));
    if (previous == null) {
      try (var it = store.reverseRange(key("s", actor, 0), key("s", actor, seq - 1))) {
        previous = it.hasNext() ? it.next().value : null;
      }
    }
    if (previous != null && previous.length != OLDER_ENTRY_BYTES) {
      return new Before(eventsSoFarOf(previous), false);
    }
    long olderEvents;
    try (var it = store.reverseRange(key("e", actor, 0), key("e", actor, KeyDigits.MAX))) {
      olderEvents = it.hasNext() ? seqOf(it.next().key) : 0;
    }
    return new Before(olderEvents, previous != null);
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

  /**
   * The records whose last broadcast (to every connection) has an event sequence number above
   * {@code after}, in order, at most {@code limit}; each entry's {@code seq} is that event
   * sequence number.
   */
  List<Entry> eventRecords(String actor, long after, int limit) {
    List<Entry> older = range("e", actor, after + 1, KeyDigits.MAX, limit);
    return merge(older, broadcastsAfter(actor, after, limit), limit);
  }

  /** Entries of {@code kind} with {@code from <= number <= to}, at most {@code limit}. */
  private List<Entry> range(String kind, String actor, long from, long to, int limit) {
    List<Entry> out = new ArrayList<>();
    try (var it = store.range(key(kind, actor, from), key(kind, actor, to))) {
      while (it.hasNext() && out.size() < limit) {
        var kv = it.next();
        out.add(new Entry(seqOf(kv.key), offsetOf(kv.value)));
      }
    }
    return out;
  }

  /**
   * The newer format's records broadcasting above {@code after}: in each stretch between markers
   * (newer entries, then perhaps older ones), the first entry whose events so far exceed the
   * cursor, then the next ones after it.
   */
  private List<Entry> broadcastsAfter(String actor, long after, int limit) {
    List<Long> starts = new ArrayList<>(List.of(1L));
    try (var it = store.range(key("r", actor, 0), key("r", actor, KeyDigits.MAX))) {
      while (it.hasNext()) starts.add(seqOf(it.next().key));
    }
    long last = lastSeq(actor);
    List<Entry> out = new ArrayList<>();
    long cursor = after;
    for (int i = 0; i < starts.size() && out.size() < limit; i++) {
      long end = i + 1 < starts.size() ? starts.get(i + 1) - 1 : last;
      cursor = collect(actor, cursor, starts.get(i), end, out, limit);
    }
    return out;
  }

  /**
   * Adds the broadcasts above {@code cursor} in the stretch {@code lo..hi} to {@code out}, up to
   * {@code limit}, and returns the cursor after them: walks forward from the first entry above the
   * cursor, and looks the next one up by bisection after {@link #SCAN_BEFORE_SEEK} entries below.
   */
  private long collect(String actor, long cursor, long lo, long hi, List<Entry> out, int limit) {
    Step from = firstAbove(actor, cursor, lo, hi);
    while (from != null && !from.older && out.size() < limit) {
      // Its events so far may include broadcasts of older entries before the stretch; those
      // come from the e entries, and no newer entry after it broadcast any of them.
      if (from.broadcast) out.add(new Entry(from.eventsSoFar, from.offset));
      cursor = from.eventsSoFar;
      Step next = null;
      try (var it = store.range(key("s", actor, from.seq + 1), key("s", actor, hi))) {
        int below = 0;
        while (it.hasNext() && out.size() < limit) {
          Step step = step(it.next());
          if (step.older) return cursor; // the rest of the stretch is of the older format
          if (step.eventsSoFar <= cursor) {
            if (++below < SCAN_BEFORE_SEEK) continue;
            next = firstAbove(actor, cursor, step.seq + 1, hi);
            break;
          }
          below = 0;
          if (step.broadcast) out.add(new Entry(step.eventsSoFar, step.offset));
          cursor = step.eventsSoFar;
        }
      }
      from = next;
    }
    return cursor;
  }

  /** The first {@code limit} of two lists in event order, a record in both once. */
  private static List<Entry> merge(List<Entry> a, List<Entry> b, int limit) {
    if (a.isEmpty()) return b;
    List<Entry> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (out.size() < limit && (i < a.size() || j < b.size())) {
      if (j == b.size() || (i < a.size() && a.get(i).seq() <= b.get(j).seq())) {
        if (j < b.size() && a.get(i).seq() == b.get(j).seq()) j++;
        out.add(a.get(i++));
      } else {
        out.add(b.get(j++));
      }
    }
    return out;
  }

  /**
   * The first entry in steps {@code lo..hi} above {@code cursor}, by bisection: within a stretch
   * the newer entries' events so far never fall and the older entries come after them. Steps may
   * be missing from the index; each probe takes the first entry at or after its step.
   */
  private Step firstAbove(String actor, long cursor, long lo, long hi) {
    Step found = null;
    while (lo <= hi) {
      long mid = lo + (hi - lo) / 2;
      Step probe = firstAtOrAfter(actor, mid, hi);
      if (probe == null) {
        hi = mid - 1;
      } else if (probe.above(cursor)) {
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
    byte[] v = kv.value;
    if (v.length == OLDER_ENTRY_BYTES) return new Step(seqOf(kv.key), offsetOf(v), 0, false, true);
    return new Step(seqOf(kv.key), offsetOf(v), eventsSoFarOf(v), v[16] == 1, false);
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
