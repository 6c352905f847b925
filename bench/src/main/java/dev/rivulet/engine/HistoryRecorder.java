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
 * <p>It lives in the engine's package, in the bench module, to reach the package-private machine.
 */
public final class HistoryRecorder {
  private final ActorMachine machine;
  private final Map<String, byte[]> store = new LinkedHashMap<>();
  private final List<JournalRecord> journal = new ArrayList<>();
  private long offset;

  public HistoryRecorder(Collection<Class<? extends ActorBase<?>>> actorClasses) {
    Map<String, ActorType> types = new LinkedHashMap<>();
    for (Class<? extends ActorBase<?>> cls : actorClasses) {
      ActorType type = ActorType.of(cls);
      types.put(type.name(), type);
    }
    EngineConfig defaults = new EngineConfig();
    this.machine = new ActorMachine(new ActorMachine.Env(Map.copyOf(types), Set.of(),
        defaults.snapshotEvery(), defaults.maxStateBytes(), defaults.maxMessageBytes()),
        new LiveActors(1_000, Long.MAX_VALUE));
  }

  /** Applies {@code request} at {@code timestamp}; false when it was rejected (no journal record). */
  public boolean apply(InboxRecord request, long timestamp) {
    String key = request.actor().toString();
    byte[] stored = store.get(key);
    ActorMachine.Step step = machine.apply(stored == null ? null : ActorRecord.decode(stored),
        request, timestamp, new JournalRecord.Source(0, offset++));
    if (step.next() != null) store.put(key, step.next().encode());
    if (step.journal() == null) return false;
    byte[] bytes = RecordCodec.encode(step.journal());
    journal.add(RecordCodec.mapper().convertValue(RecordCodec.decodeTree(bytes),
        JournalRecord.class));
    return true;
  }

  /** The journal records written so far, in order. */
  public List<JournalRecord> journal() {
    return journal;
  }
}
