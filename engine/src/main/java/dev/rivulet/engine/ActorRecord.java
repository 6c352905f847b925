package dev.rivulet.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.RecordCodec;
import java.util.Map;

/**
 * An actor as the engine stores it in the {@code actors} state store: the user's state as JSON and
 * what the engine keeps around it. A destroyed actor keeps its record (with {@code destroyed} set
 * and no state) so that its sequence numbers and generation continue if the key is created again.
 *
 * @param seq the sequence number of the last journal record of the actor
 * @param eventSeq the sequence number of the last event the actor emitted
 * @param lastAt the deterministic time of the last record, epoch milliseconds
 * @param connections open connections by id, in the order they connected
 * @param schedules pending scheduled actions by id
 * @param pending calls and effects waiting for their result, by call or effect id
 * @param createdAt the deterministic time of the record that created this generation, epoch
 *     milliseconds (0 in records written before it was kept)
 * @param collections the actor's stored logs and maps by name: their kinds and sizes (their
 *     entries are in the {@code entries} store, see {@link EntryStore})
 * @param uncheckpointed bytes of collection operations journaled since the journal last held all
 *     the collections (a checkpoint)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record ActorRecord(
    ActorId actor,
    long generation,
    long seq,
    long eventSeq,
    long lastAt,
    boolean destroyed,
    JsonNode state,
    Map<String, Connection> connections,
    Map<String, Scheduled> schedules,
    Map<String, Awaiting> pending,
    long createdAt,
    Map<String, Collection> collections,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) long uncheckpointed) {

  ActorRecord {
    connections = connections == null ? Map.of() : connections;
    schedules = schedules == null ? Map.of() : schedules;
    pending = pending == null ? Map.of() : pending;
    collections = collections == null ? Map.of() : collections;
  }

  /** An actor without stored collections. */
  ActorRecord(ActorId actor, long generation, long seq, long eventSeq, long lastAt,
      boolean destroyed, JsonNode state, Map<String, Connection> connections,
      Map<String, Scheduled> schedules, Map<String, Awaiting> pending, long createdAt) {
    this(actor, generation, seq, eventSeq, lastAt, destroyed, state, connections, schedules,
        pending, createdAt, Map.of(), 0);
  }

  /**
   * A stored log or map: its kind ({@code log} or {@code map}), how many entries it holds and
   * their bytes (a map's keys included); a log's entries are numbered {@code first} to {@code
   * next - 1}.
   */
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  record Collection(String kind, long size, long bytes, long first, long next) {
    static Collection emptyLog() {
      return new Collection(EntryLayer.LOG, 0, 0, 1, 1);
    }

    static Collection emptyMap() {
      return new Collection(EntryLayer.MAP, 0, 0, 0, 0);
    }
  }

  /** An actor whose creation time is not known. */
  ActorRecord(ActorId actor, long generation, long seq, long eventSeq, long lastAt,
      boolean destroyed, JsonNode state, Map<String, Connection> connections,
      Map<String, Scheduled> schedules, Map<String, Awaiting> pending) {
    this(actor, generation, seq, eventSeq, lastAt, destroyed, state, connections, schedules,
        pending, 0);
  }

  /**
   * An open connection: the gateway holding it, its transport, its params (their {@code Secret}
   * parts hidden), its state, for a raw WebSocket what it was opened with, and who opened it as
   * the gateway authenticated them (or null).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Connection(String gateway, String transport, JsonNode params, JsonNode state,
      InboxRecord.RawSocket raw, InboxRecord.Identity identity) {
    /** A connection that is not a raw WebSocket, without an identity. */
    Connection(String gateway, String transport, JsonNode params, JsonNode state) {
      this(gateway, transport, params, state, null, null);
    }

    Connection withState(JsonNode next) {
      return new Connection(gateway, transport, params, next, raw, identity);
    }

    /**
     * Whether its gateway holds a client at the other end: not for a stateless call's connection,
     * which lives for one step only; nothing is sent to it.
     */
    boolean held() {
      return !InboxRecord.Stateless.TRANSPORT.equals(transport);
    }

    /** Whether events reach it: not a raw WebSocket's (its messages are the app's own). */
    boolean hearsEvents() {
      return raw == null && held();
    }
  }

  /** A scheduled action: due at {@code at} (epoch ms). */
  record Scheduled(long at, String action, JsonNode args) {}

  /** A call or effect ({@code source}) whose result goes to {@code continuation}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Awaiting(String source, String continuation) {}

  boolean live() {
    return !destroyed;
  }

  byte[] encode() {
    return RecordCodec.encode(this);
  }

  static ActorRecord decode(byte[] bytes) {
    try {
      return RecordCodec.mapper().readValue(bytes, ActorRecord.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("corrupt actor record in the state store", e);
    }
  }
}
