package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.TopicOutput;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.JsonPatch;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.records.RecordedState;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Re-runs an actor's recorded history through the current actor code and checks that every step
 * comes out as it was recorded: the result or error, the events, the state change and everything
 * else the step did. Nothing reaches Kafka or the outside world: effects are not run again (their
 * recorded results are inputs like any other), calls to other actors are not sent, records
 * published to output topics are compared, never written.
 *
 * <pre>{@code
 * Replayer.Result result = new Replayer(List.of(Counter.class)).replay(journalOfOneActor);
 * if (result.divergence() != null) System.out.println(result.divergence());
 * }</pre>
 */
public final class Replayer {
  /**
   * The first step where the replay differs from the record: which {@code field} of the journal
   * record (output, error, broadcasts, patch, ...), its recorded and replayed values, the request
   * of the step, and the states the two runs reached.
   */
  public record Divergence(long seq, String field, JsonNode recorded, JsonNode replayed,
      JsonNode request, JsonNode recordedState, JsonNode replayedState) {
    /** A readable account of the divergence, over several lines. */
    public String describe() {
      StringBuilder sb = new StringBuilder("step ").append(seq);
      if (request != null) {
        sb.append(" (").append(request.path("kind").asText());
        if (request.has("action")) {
          sb.append(' ').append(request.path("action").asText()).append(' ')
              .append(request.path("args"));
        }
        sb.append(')');
      }
      sb.append(" diverges in ").append(field).append(":\n");
      sb.append("  recorded: ").append(recorded).append('\n');
      sb.append("  replayed: ").append(replayed).append('\n');
      if (recordedState != null && replayedState != null
          && !JsonPatch.equal(recordedState, replayedState)) {
        sb.append("  state recorded: ").append(recordedState).append('\n');
        sb.append("  state replayed: ").append(replayedState).append('\n');
        sb.append("  to go from the replayed state to the recorded one: ")
            .append(JsonPatch.diff(replayedState, recordedState)).append('\n');
      }
      return sb.toString();
    }

    @Override
    public String toString() {
      return "step " + seq + ": " + field + " was " + recorded + ", replays as " + replayed;
    }
  }

  /** Told how far a replay has come: records replayed so far, of how many. */
  @FunctionalInterface
  public interface Progress {
    void at(int replayed, int total);
  }

  /** What a replay found: how many steps it replayed, the first divergence (or null), the state. */
  public record Result(int replayed, Divergence divergence, JsonNode state) {}

  private final Map<String, ActorType> types = new LinkedHashMap<>();
  private final int snapshotEvery;
  private final Map<String, TopicOutput> outputs;

  /** A replayer of the given actor classes, with the engine's default snapshot interval. */
  public Replayer(Collection<Class<? extends ActorBase<?>>> actorClasses) {
    this(actorClasses, 100);
  }

  /** A replayer, for a journal written with {@code snapshotEvery} records between snapshots. */
  public Replayer(Collection<Class<? extends ActorBase<?>>> actorClasses, int snapshotEvery) {
    this(actorClasses, snapshotEvery, null);
  }

  /**
   * A replayer that encodes what actions publish as {@code outputs} declare it, so that records
   * published to outputs of other encodings than JSON compare byte for byte; without them (null)
   * every publication is encoded as JSON. Nothing is ever written to the topics.
   */
  public Replayer(Collection<Class<? extends ActorBase<?>>> actorClasses, int snapshotEvery,
      Collection<TopicOutput> outputs) {
    for (Class<? extends ActorBase<?>> cls : actorClasses) {
      ActorType type = ActorType.of(cls);
      types.put(type.name(), type);
    }
    this.snapshotEvery = snapshotEvery;
    this.outputs = outputs == null ? null : withTopicsOfAnyName(outputs);
  }

  /** The outputs by topic: a replay does not check the names against an application's. */
  private static Map<String, TopicOutput> withTopicsOfAnyName(Collection<TopicOutput> outputs) {
    Map<String, TopicOutput> byTopic = new LinkedHashMap<>();
    for (TopicOutput output : outputs) byTopic.put(output.topic(), output);
    return byTopic;
  }

  /**
   * Replays one actor's journal records, in order, from its first record; stops at the first
   * divergence.
   */
  public Result replay(List<JournalRecord> history) {
    return replay(history, Integer.MAX_VALUE, (n, total) -> {});
  }

  /**
   * Replays up to step {@code to} (inclusive), telling {@code progress} along the way; stops at
   * the first divergence.
   */
  public Result replay(List<JournalRecord> history, long to, Progress progress) {
    EntryStore.Memory entries = EntryStore.memory();
    ActorMachine machine = new ActorMachine(
        new ActorMachine.Env(types, null, snapshotEvery, 1 << 20, 1 << 20, outputs, true),
        new LiveActors(16, Long.MAX_VALUE), entries);
    ActorRecord current = null;
    int replayed = 0;
    int total = history.size();
    int every = Math.max(1, total / 100);
    for (JournalRecord recorded : history) {
      if (recorded.seq() > to) break;
      Step step =
          machine.apply(current, recorded.request(), recorded.at(), recorded.source());
      replayed++;
      entries.apply(step.entries());
      ActorRecord next = step.next() == null ? current : step.next();
      String field = firstDifference(recorded, step.journal());
      if (field != null) {
        progress.at(replayed, total);
        JsonNode recordedState = recordedState(history.subList(0, replayed));
        return new Result(replayed, divergence(field, recorded, step.journal(), recordedState,
            stateOf(next)), stateOf(next));
      }
      current = next;
      if (replayed % every == 0) progress.at(replayed, total);
    }
    progress.at(replayed, total);
    return new Result(replayed, null, stateOf(current));
  }

  /**
   * The recorded state after the last of {@code records}: from the last snapshot (or destruction)
   * among them, through the patches of the records after it. Only a divergence needs it.
   */
  private static JsonNode recordedState(List<JournalRecord> records) {
    int from = records.size() - 1;
    while (from > 0 && !resets(records.get(from))) from--;
    RecordedState fold = new RecordedState();
    records.subList(from, records.size()).forEach(fold::apply);
    return fold.state();
  }

  /** Whether the state after {@code r} does not depend on the state before it. */
  private static boolean resets(JournalRecord r) {
    return Boolean.TRUE.equals(r.destroyed()) || r.snapshot() != null;
  }

  private static JsonNode stateOf(ActorRecord record) {
    return record == null || record.state() == null ? null : record.state();
  }

  /**
   * The first field in which the replayed journal record differs from the recorded one, {@code
   * applied} when the request no longer applies, or null. The fields are checked in this order:
   * seq, kind, generation, output, error, broadcasts, patch, collections, collectionsSnapshot,
   * connections, schedules, messages, effects, published, destroyed. Each compares as its JSON would (a field left out equals only one left
   * out; numbers by value), without writing either record as JSON.
   */
  static String firstDifference(JournalRecord recorded, JournalRecord replayed) {
    if (replayed == null) return "applied";
    if (recorded.seq() != replayed.seq()) return "seq";
    if (!recorded.kind().equals(replayed.kind())) return "kind";
    if (recorded.generation() != replayed.generation()) return "generation";
    if (!same(recorded.output(), replayed.output())) return "output";
    if (!same(recorded.error(), replayed.error())) return "error";
    if (!sameBroadcasts(recorded.broadcasts(), replayed.broadcasts())) return "broadcasts";
    if (!same(recorded.patch(), replayed.patch())) return "patch";
    if (!same(recorded.collections(), replayed.collections())) return "collections";
    if (!same(recorded.collectionsSnapshot(), replayed.collectionsSnapshot())) {
      return "collectionsSnapshot";
    }
    if (!same(recorded.connections(), replayed.connections())) return "connections";
    if (!same(recorded.schedules(), replayed.schedules())) return "schedules";
    if (!same(recorded.messages(), replayed.messages())) return "messages";
    if (!same(recorded.effects(), replayed.effects())) return "effects";
    if (!same(recorded.published(), replayed.published())) return "published";
    if (!Objects.equals(recorded.destroyed(), replayed.destroyed())) return "destroyed";
    return null;
  }

  private static boolean same(JsonNode a, JsonNode b) {
    return a == null || b == null ? a == b : JsonPatch.equal(a, b);
  }

  private static boolean same(ErrorInfo a, ErrorInfo b) {
    if (a == null || b == null) return a == b;
    return a.group().equals(b.group()) && a.code().equals(b.code())
        && a.message().equals(b.message()) && same(a.metadata(), b.metadata());
  }

  private static boolean sameBroadcasts(List<JournalRecord.Broadcast> a,
      List<JournalRecord.Broadcast> b) {
    if (a == null || b == null) return a == b;
    if (a.size() != b.size()) return false;
    for (int i = 0; i < a.size(); i++) {
      JournalRecord.Broadcast x = a.get(i);
      JournalRecord.Broadcast y = b.get(i);
      if (x == null || y == null) {
        if (x != y) return false;
      } else if (x.eventSeq() != y.eventSeq() || !x.name().equals(y.name())
          || !same(x.args(), y.args()) || !Objects.equals(x.connIds(), y.connIds())) {
        return false;
      }
    }
    return true;
  }

  /** The divergence in {@code field}, its values as the two records' JSON has them. */
  private static Divergence divergence(String field, JournalRecord recorded,
      JournalRecord replayed, JsonNode recordedState, JsonNode replayedState) {
    JsonNode request = RecordCodec.mapper().valueToTree(recorded.request());
    JsonNode replayedOrNull = replayedState == null ? NullNode.getInstance() : replayedState;
    if (replayed == null) {
      return new Divergence(recorded.seq(), field, BooleanNode.TRUE, BooleanNode.FALSE, request,
          recordedState, replayedOrNull);
    }
    ObjectNode a = RecordCodec.mapper().valueToTree(recorded);
    ObjectNode b = RecordCodec.mapper().valueToTree(replayed);
    return new Divergence(recorded.seq(), field, a.get(field), b.get(field), request,
        recordedState, replayedOrNull);
  }
}
