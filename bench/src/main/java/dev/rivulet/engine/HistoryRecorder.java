package dev.rivulet.engine;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.RecordCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records a history for the benchmarks without Kafka: applies inbox records through the engine's
 * own {@link ActorMachine} the way {@link ActionProcessor} does (the stored actor goes through its
 * bytes between records, each record gets the next inbox offset, the default limits and snapshot
 * interval), and reads each journal record back as {@link HistoryClient} does (the encoded record
 * parsed to a tree, then converted). The result is what a replay of a real run is handed.
 *
 * <p>Without keeping the journal it is also a measure of the live path without Kafka: every record
 * the processor would write (journal, outbox, inbox, effects) is encoded, and dropped.
 *
 * <p>It lives in the engine's package, in the bench module, to reach the package-private machine.
 */
public final class HistoryRecorder {
  private final EntryStore.Memory entries = EntryStore.memory();
  private final ActorMachine machine;
  private final Map<String, byte[]> store = new LinkedHashMap<>();
  private final List<JournalRecord> journal = new ArrayList<>();
  private final boolean keep;
  private long offset;
  private long bytes;

  /** A recorder that keeps the journal. */
  public HistoryRecorder(Collection<Class<? extends ActorBase<?>>> actorClasses) {
    this(actorClasses, true);
  }

  /** A recorder; {@code keep}: read each journal record back and keep it. */
  public HistoryRecorder(Collection<Class<? extends ActorBase<?>>> actorClasses, boolean keep) {
    this.keep = keep;
    Map<String, ActorType> types = new LinkedHashMap<>();
    for (Class<? extends ActorBase<?>> cls : actorClasses) {
      ActorType type = ActorType.of(cls);
      types.put(type.name(), type);
    }
    EngineConfig defaults = new EngineConfig();
    this.machine = new ActorMachine(new ActorMachine.Env(Map.copyOf(types), Set.of(),
        defaults.snapshotEvery(), defaults.maxStateBytes(), defaults.maxMessageBytes()),
        new LiveActors(1_000, Long.MAX_VALUE), entries);
  }

  /** Applies an inbox record as the processor reads it, from its bytes. */
  public boolean apply(byte[] inbox, long timestamp) {
    return apply(RecordCodec.decodeInbox(inbox), timestamp);
  }

  /** Applies {@code request} at {@code timestamp}; false when it was rejected (no journal record). */
  public boolean apply(InboxRecord request, long timestamp) {
    String key = request.actor().toString();
    byte[] stored = store.get(key);
    Step step = machine.apply(stored == null ? null : ActorRecord.decode(stored),
        request, timestamp, new JournalRecord.Source(0, offset++));
    if (step.next() != null) store.put(key, step.next().encode());
    entries.apply(step.entries());
    for (Step.Outgoing out : step.outbox()) bytes += RecordCodec.encode(out.record()).length;
    for (Step.Routed in : step.inbox()) bytes += RecordCodec.encode(in.record()).length;
    for (var effect : step.effects()) bytes += RecordCodec.encode(effect).length;
    if (step.journal() == null) return false;
    byte[] encoded = RecordCodec.encode(step.journal());
    bytes += encoded.length;
    if (keep) {
      journal.add(RecordCodec.mapper().convertValue(RecordCodec.decodeTree(encoded),
          JournalRecord.class));
    }
    return true;
  }

  /** How many bytes of records were written, the journal's and the others. */
  public long bytes() {
    return bytes;
  }

  /** The journal records written so far, in order. */
  public List<JournalRecord> journal() {
    return journal;
  }
}
