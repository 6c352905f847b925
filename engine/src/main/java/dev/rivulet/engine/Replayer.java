package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.JsonPatch;
import dev.rivulet.records.RecordCodec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-runs an actor's recorded history through the current actor code and checks that every step
 * comes out as it was recorded: the result or error, the events, the state change and everything
 * else the step did. Nothing reaches Kafka or the outside world: effects are not run again (their
 * recorded results are inputs like any other), calls to other actors are not sent.
 *
 * <pre>{@code
 * Replayer.Result result = new Replayer(List.of(Counter.class)).replay(journalOfOneActor);
 * if (result.divergence() != null) System.out.println(result.divergence());
 * }</pre>
 */
public final class Replayer {
  /** The first step where the replay differs from the record. */
  public record Divergence(long seq, String field, JsonNode recorded, JsonNode replayed) {
    @Override
    public String toString() {
      return "step " + seq + ": " + field + " was " + recorded + ", replays as " + replayed;
    }
  }

  /** What a replay found: how many steps it replayed, the first divergence (or null), the state. */
  public record Result(int replayed, Divergence divergence, JsonNode state) {}

  private static final List<String> COMPARED = List.of("kind", "generation", "output", "error",
      "broadcasts", "patch", "connections", "schedules", "messages", "effects", "destroyed");

  private final Map<String, ActorType> types = new LinkedHashMap<>();
  private final int snapshotEvery;

  /** A replayer of the given actor classes, with the engine's default snapshot interval. */
  public Replayer(Collection<Class<? extends ActorBase<?>>> actorClasses) {
    this(actorClasses, 100);
  }

  /** A replayer, for a journal written with {@code snapshotEvery} records between snapshots. */
  public Replayer(Collection<Class<? extends ActorBase<?>>> actorClasses, int snapshotEvery) {
    for (Class<? extends ActorBase<?>> cls : actorClasses) {
      ActorType type = ActorType.of(cls);
      types.put(type.name(), type);
    }
    this.snapshotEvery = snapshotEvery;
  }

  /**
   * Replays one actor's journal records, in order, from its first record; stops at the first
   * divergence.
   */
  public Result replay(List<JournalRecord> history) {
    ActorMachine machine = new ActorMachine(
        new ActorMachine.Env(types, null, snapshotEvery, 1 << 20, 1 << 20),
        new LiveActors(16, Long.MAX_VALUE));
    ActorRecord current = null;
    int replayed = 0;
    for (JournalRecord recorded : history) {
      ActorMachine.Step step =
          machine.apply(current, recorded.request(), recorded.at(), recorded.source());
      replayed++;
      Divergence d = compare(recorded, step.journal());
      if (d != null) return new Result(replayed, d, stateOf(current));
      current = step.next() == null ? current : step.next();
    }
    return new Result(replayed, null, stateOf(current));
  }

  private static JsonNode stateOf(ActorRecord record) {
    return record == null || record.state() == null ? null : record.state();
  }

  private static Divergence compare(JournalRecord recorded, JournalRecord replayed) {
    if (replayed == null) {
      return new Divergence(recorded.seq(), "applied", RecordCodec.mapper().valueToTree(true),
          RecordCodec.mapper().valueToTree(false));
    }
    ObjectNode a = RecordCodec.mapper().valueToTree(recorded);
    ObjectNode b = RecordCodec.mapper().valueToTree(replayed);
    if (recorded.seq() != replayed.seq()) {
      return new Divergence(recorded.seq(), "seq", a.get("seq"), b.get("seq"));
    }
    for (String field : COMPARED) {
      JsonNode x = a.get(field);
      JsonNode y = b.get(field);
      if (x == null && y == null) continue;
      if (x == null || y == null || !JsonPatch.equal(x, y)) {
        return new Divergence(recorded.seq(), field, x, y);
      }
    }
    return null;
  }
}
