package dev.rivulet.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * One step of an actor's history, on the {@code <app>.journal} topic, keyed by the actor id: the
 * engine writes exactly one for every inbox record it applied to an actor, in the same
 * transaction as the state change.
 *
 * @param actor the actor
 * @param seq the actor's sequence number: 1 for its first record, one more for each next one
 * @param generation the actor's generation (incremented when a destroyed key is created again)
 * @param kind the inbox record's kind: create, action, connect, disconnect, destroy, fire,
 *     continue, request
 * @param at the deterministic time the record was applied at, epoch milliseconds
 * @param seed the seed of the context's random source
 * @param request the inbox record, as received
 * @param source where the inbox record was read
 * @param created whether this record created the actor
 * @param output the action's result, when it succeeded
 * @param error the error, when it failed; the state did not change
 * @param broadcasts the events the record emitted
 * @param patch the state change as an RFC 6902 JSON Patch; empty when the state did not change
 * @param snapshot the whole state after the record, on creation and every few records
 * @param connections connection changes: {@code open}, {@code state}, {@code close} operations
 * @param schedules schedule changes: {@code set}, {@code cancel}, {@code fire} operations
 * @param messages requests sent to other actors ({@code call}s carry a {@code callId})
 * @param effects effects asked for
 * @param destroyed whether the record destroyed the actor
 * @param meta on snapshots, the rest of the actor record (event sequence, connections, schedules
 *     and pending calls and effects), so that a replay can start from there; and, on any record,
 *     {@code hookFailures}: the hooks that threw during it (and changed nothing)
 * @param published records written to Kafka topics the application publishes to: {@code topic},
 *     {@code key} (absent for none) and {@code value} (JSON outputs) or {@code bytes} (base64, for
 *     the other encodings)
 * @param collections changes to the actor's stored logs and maps, in order: {@code append} (log,
 *     number, value), {@code trim} (log, before: the entries numbered below it are dropped),
 *     {@code put} (map, key, value), {@code remove} (map, key), {@code clear} (map)
 * @param collectionsSnapshot every stored log and map after the record, by name (a log as {@code
 *     {"kind":"log","first":n,"values":[…]}}, a map as {@code {"kind":"map","entries":{…}}}): a
 *     checkpoint, written when the actor's first collection appears, on a fork, and then each time
 *     the operations journaled since the last one outweigh twice the collections, so that it costs
 *     at most half of what the changes cost
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalRecord(
    ActorId actor,
    long seq,
    long generation,
    String kind,
    long at,
    long seed,
    InboxRecord request,
    Source source,
    Boolean created,
    JsonNode output,
    ErrorInfo error,
    List<Broadcast> broadcasts,
    JsonNode patch,
    JsonNode snapshot,
    JsonNode connections,
    JsonNode schedules,
    JsonNode messages,
    JsonNode effects,
    Boolean destroyed,
    JsonNode meta,
    JsonNode published,
    JsonNode collections,
    JsonNode collectionsSnapshot) {

  public JournalRecord {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(kind, "kind");
  }

  /** A journal record that changed no stored collection. */
  public JournalRecord(ActorId actor, long seq, long generation, String kind, long at, long seed,
      InboxRecord request, Source source, Boolean created, JsonNode output, ErrorInfo error,
      List<Broadcast> broadcasts, JsonNode patch, JsonNode snapshot, JsonNode connections,
      JsonNode schedules, JsonNode messages, JsonNode effects, Boolean destroyed, JsonNode meta,
      JsonNode published) {
    this(actor, seq, generation, kind, at, seed, request, source, created, output, error,
        broadcasts, patch, snapshot, connections, schedules, messages, effects, destroyed, meta,
        published, null, null);
  }

  /** A journal record that published nothing. */
  public JournalRecord(ActorId actor, long seq, long generation, String kind, long at, long seed,
      InboxRecord request, Source source, Boolean created, JsonNode output, ErrorInfo error,
      List<Broadcast> broadcasts, JsonNode patch, JsonNode snapshot, JsonNode connections,
      JsonNode schedules, JsonNode messages, JsonNode effects, Boolean destroyed, JsonNode meta) {
    this(actor, seq, generation, kind, at, seed, request, source, created, output, error,
        broadcasts, patch, snapshot, connections, schedules, messages, effects, destroyed, meta,
        null, null, null);
  }

  /** An event emitted by a record. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Broadcast(long eventSeq, String name, JsonNode args, List<String> connIds) {
    public Broadcast {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(args, "args");
    }
  }

  /** The position of the inbox record this journal record applied. */
  public record Source(int partition, long offset) {}
}
