package dev.rivulet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal index on Kafka Streams' RocksDB store (the engine's): one entry per record finds
 * both the steps and the broadcasts after an event, whatever the pattern of broadcasts, gaps in
 * the steps, and entries an earlier version wrote.
 */
class JournalIndexTest {
  private static final String ACTOR = "room/a";

  @TempDir Path dir;
  private KeyValueStore<String, byte[]> store;
  private JournalIndex index;

  @BeforeEach
  void open() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "journal-index-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    var context = new MockProcessorContext<Void, Void>(props, new TaskId(0, 0), dir.toFile());
    store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JournalIndex.STORE),
        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    index = new JournalIndex(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Step {@code seq} at offset {@code 1000 + seq}, broadcasting {@code event} (0: none). */
  private void index(long seq, long event) {
    index.record(ACTOR, seq, 1000 + seq, false, false, event);
  }

  @Test
  void everyRecordIsOneEntryAndTheBroadcastsAreFoundAfterAnyEvent() {
    // Steps 1..200; some broadcast one event, some several (their last counts), most none.
    List<long[]> broadcasts = new ArrayList<>(); // {seq, last event}
    long event = 0;
    for (long seq = 1; seq <= 200; seq++) {
      long last = 0;
      if (seq % 7 == 0 || seq < 5) last = event += 1;
      if (seq % 31 == 0) last = event += 3;
      if (last > 0) broadcasts.add(new long[] {seq, last});
      index(seq, last);
    }
    int entries = 0;
    try (var it = store.all()) {
      while (it.hasNext()) {
        it.next();
        entries++;
      }
    }
    assertEquals(200, entries, "one entry per record");
    assertEquals(200, index.lastSeq(ACTOR));
    assertEquals(List.of(new JournalIndex.Entry(10, 1010), new JournalIndex.Entry(11, 1011)),
        index.records(ACTOR, 10, 11, 100));
    for (long after = 0; after <= event + 1; after++) {
      for (int limit : new int[] {1, 3, 1000}) {
        assertEquals(expected(broadcasts, after, limit), index.eventRecords(ACTOR, after, limit),
            "after " + after + ", limit " + limit);
      }
    }
  }

  @Test
  void aBroadcastFarAfterTheLastIsFoundWithoutReadingEveryStepBetween() {
    index(1, 1);
    for (long seq = 2; seq <= 20_000; seq++) index(seq, 0);
    index(20_001, 2);
    index(20_002, 0);
    AtomicInteger read = new AtomicInteger();
    AtomicInteger opened = new AtomicInteger();
    JournalIndex counted = new JournalIndex(counting(store, read, opened));
    assertEquals(List.of(new JournalIndex.Entry(1, 1001), new JournalIndex.Entry(2, 21_001)),
        counted.eventRecords(ACTOR, 0, 10));
    assertTrue(read.get() < 200, "entries read: " + read.get());
    assertEquals(List.of(new JournalIndex.Entry(2, 21_001)), index.eventRecords(ACTOR, 1, 10));
    assertEquals(List.of(), index.eventRecords(ACTOR, 2, 10));
  }

  @Test
  void aPageOfBroadcastsOneAfterAnotherIsReadInOnePass() {
    for (long seq = 1; seq <= 3_000; seq++) index(seq, seq);
    AtomicInteger read = new AtomicInteger();
    AtomicInteger opened = new AtomicInteger();
    JournalIndex counted = new JournalIndex(counting(store, read, opened));
    List<JournalIndex.Entry> page = counted.eventRecords(ACTOR, 500, 1_000);
    assertEquals(1_000, page.size());
    assertEquals(new JournalIndex.Entry(501, 1501), page.get(0));
    assertEquals(new JournalIndex.Entry(1_500, 2500), page.get(999));
    assertTrue(opened.get() < 40, "iterators opened: " + opened.get());
    assertTrue(read.get() < 1_100, "entries read: " + read.get());
  }

  @Test
  void missingStepsAndOtherActorsDoNotConfuseIt() {
    index(1, 0);
    index(2, 1);
    index(5, 0); // 3 and 4 never indexed
    index(6, 2);
    index.record("room/a-2", 1, 1, false, false, 9); // sorts right after room/a's keys
    index.record("room/", 1, 1, false, false, 9);
    assertEquals(List.of(new JournalIndex.Entry(1, 1002), new JournalIndex.Entry(2, 1006)),
        index.eventRecords(ACTOR, 0, 10));
    assertEquals(List.of(new JournalIndex.Entry(2, 1006)), index.eventRecords(ACTOR, 1, 10));
    assertEquals(6, index.lastSeq(ACTOR));
    assertEquals(List.of(), index.eventRecords("room/b", 0, 10));
    assertEquals(0, index.lastSeq("room/b"));
  }

  @Test
  void indexingARecordAgainChangesNothing() {
    index(1, 1);
    index(2, 0);
    index(3, 2);
    index(2, 0);
    index(3, 2);
    assertEquals(List.of(new JournalIndex.Entry(1, 1001), new JournalIndex.Entry(2, 1003)),
        index.eventRecords(ACTOR, 0, 10));
  }

  @Test
  void entriesOfTheEarlierFormatAreStillAnsweredAndCarriedOn() {
    // What the version before wrote: s -> offset only, e -> offset for each broadcasting record.
    oldEntry(1, 0);
    oldEntry(2, 4);
    oldEntry(3, 0);
    oldEntry(4, 5);
    index(5, 0);
    index(6, 6);
    index(7, 0);
    index(8, 7);
    var all = List.of(new JournalIndex.Entry(4, 1002), new JournalIndex.Entry(5, 1004),
        new JournalIndex.Entry(6, 1006), new JournalIndex.Entry(7, 1008));
    assertEquals(all, index.eventRecords(ACTOR, 0, 10));
    assertEquals(all.subList(1, 4), index.eventRecords(ACTOR, 4, 10));
    assertEquals(all.subList(2, 4), index.eventRecords(ACTOR, 5, 10));
    assertEquals(all.subList(0, 2), index.eventRecords(ACTOR, 0, 2));
    assertEquals(all.subList(1, 3), index.eventRecords(ACTOR, 4, 2));
    assertEquals(List.of(), index.eventRecords(ACTOR, 7, 10));
    assertEquals(8, index.lastSeq(ACTOR));
    assertEquals(List.of(new JournalIndex.Entry(3, 1003), new JournalIndex.Entry(4, 1004),
        new JournalIndex.Entry(5, 1005)), index.records(ACTOR, 3, 5, 10));
  }

  @Test
  void olderEntriesBetweenNewerOnesAreAnsweredInOrder() {
    // A rolling upgrade: this version indexed steps 1-4, an earlier one 5-8 (its partition moved
    // back for a while), this one again 9-12, the earlier one 13-14, this one 15-200. The second
    // interlude and the step after it broadcast nothing.
    List<long[]> broadcasts = new ArrayList<>();
    long event = 0;
    for (long seq = 1; seq <= 200; seq++) {
      long last = (seq % 3 == 0 && seq != 15) || seq == 9 ? ++event : 0;
      if (last > 0) broadcasts.add(new long[] {seq, last});
      if ((seq >= 5 && seq <= 8) || seq == 13 || seq == 14) oldEntry(seq, last);
      else index(seq, last);
    }
    for (long after = 0; after <= event + 1; after++) {
      for (int limit : new int[] {1, 2, 5, 1000}) {
        assertEquals(expected(broadcasts, after, limit), index.eventRecords(ACTOR, after, limit),
            "after " + after + ", limit " + limit);
      }
    }
    assertEquals(200, index.lastSeq(ACTOR));
    assertEquals(200, index.records(ACTOR, 1, 300, 1000).size());
  }

  @Test
  void snapshotsAndCheckpointsKeepTheirOwnEntries() {
    index.record(ACTOR, 1, 1001, true, true, 0);
    index.record(ACTOR, 2, 1002, false, false, 0);
    index.record(ACTOR, 3, 1003, true, false, 0);
    assertEquals(new JournalIndex.Entry(3, 1003), index.snapshotAtOrBefore(ACTOR, 5));
    assertEquals(new JournalIndex.Entry(1, 1001), index.snapshotAtOrBefore(ACTOR, 2));
    assertEquals(new JournalIndex.Entry(1, 1001), index.checkpointAtOrBefore(ACTOR, 3));
    assertNull(index.snapshotAtOrBefore("room/b", 3));
  }

  /** {@code store}, counting the iterators it opens and the entries they hand out. */
  @SuppressWarnings("unchecked")
  private static KeyValueStore<String, byte[]> counting(KeyValueStore<String, byte[]> store,
      AtomicInteger read, AtomicInteger opened) {
    InvocationHandler iterators = (proxy, method, args) -> {
      Object result = method.invoke(store, args);
      if (!(result instanceof KeyValueIterator<?, ?> it)) return result;
      opened.incrementAndGet();
      return Proxy.newProxyInstance(JournalIndexTest.class.getClassLoader(),
          new Class<?>[] {KeyValueIterator.class}, (p, m, a) -> {
            if (m.getName().equals("next")) read.incrementAndGet();
            return m.invoke(it, a);
          });
    };
    return (KeyValueStore<String, byte[]>) Proxy.newProxyInstance(
        JournalIndexTest.class.getClassLoader(), new Class<?>[] {KeyValueStore.class}, iterators);
  }

  private void oldEntry(long seq, long event) {
    byte[] offset = ByteBuffer.allocate(8).putLong(1000 + seq).array();
    store.put("s/" + ACTOR + "/" + KeyDigits.of(seq), offset);
    if (event > 0) store.put("e/" + ACTOR + "/" + KeyDigits.of(event), offset);
  }

  private static List<JournalIndex.Entry> expected(List<long[]> broadcasts, long after,
      int limit) {
    List<JournalIndex.Entry> out = new ArrayList<>();
    for (long[] b : broadcasts) {
      if (b[1] > after && out.size() < limit) out.add(new JournalIndex.Entry(b[1], 1000 + b[0]));
    }
    return out;
  }
}
