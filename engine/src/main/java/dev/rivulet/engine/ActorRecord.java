package dev.rivulet.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.RecordCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An actor as the engine stores it in the {@code actors} state store: the user's state as JSON and
 * what the engine needs around it. A destroyed actor keeps its record (with {@code destroyed} set
 * and no state) so that its sequence numbers and generation continue if the key is created again.
 *
 * @param seq the sequence number of the last journal record of the actor
 * @param eventSeq the sequence number of the last event the actor emitted
 * @param lastAt the deterministic time of the last record, epoch milliseconds
 * @param connections open connections by id, in the order they connected
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ActorRecord(
    ActorId actor,
    long generation,
    long seq,
    long eventSeq,
    long lastAt,
    boolean destroyed,
    JsonNode state,
    Map<String, Connection> connections) {

  ActorRecord {
    connections = connections == null ? Map.of() : connections;
  }

  /** An open connection: the gateway holding it, its transport and its params. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Connection(String gateway, String transport, JsonNode params) {}

  boolean live() {
    return !destroyed;
  }

  ActorRecord withConnection(String connId, Connection conn) {
    Map<String, Connection> next = new LinkedHashMap<>(connections);
    next.put(connId, conn);
    return new ActorRecord(actor, generation, seq, eventSeq, lastAt, destroyed, state, next);
  }

  ActorRecord withoutConnection(String connId) {
    Map<String, Connection> next = new LinkedHashMap<>(connections);
    next.remove(connId);
    return new ActorRecord(actor, generation, seq, eventSeq, lastAt, destroyed, state, next);
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
