package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.internal.ActionMethod;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.OutboxRecord;
import java.util.Map;
import java.util.UUID;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Read-only actions answered from this instance's state store, without a trip through Kafka, when
 * that gives the answer the inbox would: the action is {@code @Action(readOnly = true)}, its type
 * keeps no vars (a fresh instance behaves like the live one), and the actor's partition is active
 * here. The action runs through the same {@link ActorMachine} as in the stream, on a private
 * instance and the stored actor as the stream last wrote it, so arguments, errors, {@code
 * onBeforeActionResponse} and the size limits behave the same; nothing of the run is kept, and it
 * is not journaled (it changes nothing). The caller's identity goes with it, so {@code
 * onBeforeAction} decides as it would in the stream.
 */
final class StoreReads {
  private final KafkaStreams streams;
  private final EngineSettings settings;
  private final Map<String, ActorType> types;
  private final int partitions;

  StoreReads(KafkaStreams streams, EngineSettings settings, int inboxPartitions) {
    this.streams = streams;
    this.settings = settings;
    this.types = settings.env().types();
    this.partitions = inboxPartitions;
  }

  /** Whether {@code action} of {@code type} may be answered here at all. */
  boolean eligible(String type, String action) {
    ActorType t = types.get(type);
    if (t == null || t.keepsVars()) return false;
    ActionMethod m = t.action(action);
    return m != null && m.readOnly();
  }

  /**
   * The reply to a read-only call of {@code action} on {@code actor} with {@code args}, or {@code
   * null} when it must go through the inbox: not eligible, the actor's partition is not active
   * here (or is being restored), or the actor does not exist (a call may create it).
   */
  OutboxRecord.Reply read(ActorId actor, String action, JsonNode args,
      InboxRecord.Identity identity) {
    if (!eligible(actor.name(), action)) return null;
    String key = actor.toString();
    byte[] stored;
    ReadOnlyKeyValueStore<String, byte[]> entries;
    try {
      // The gateway's producer puts the actor on its partition by Kafka's default partitioner.
      int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
          % partitions;
      ReadOnlyKeyValueStore<String, byte[]> store = streams.store(
          StoreQueryParameters.fromNameAndType(ActionProcessor.STORE,
              QueryableStoreTypes.<String, byte[]>keyValueStore()).withPartition(partition));
      stored = store.get(key);
      entries = streams.store(StoreQueryParameters.fromNameAndType(ActionProcessor.ENTRIES,
          QueryableStoreTypes.<String, byte[]>keyValueStore()).withPartition(partition));
    } catch (InvalidStateStoreException notHereOrNotNow) {
      return null;
    }
    if (stored == null) return null;
    String requestId = UUID.randomUUID().toString();
    InboxRecord.Action call = new InboxRecord.Action(actor,
        new InboxRecord.ReplyTo("local", requestId), InboxRecord.Mode.GET, null, action, args,
        null, null, null, identity);
    ActorMachine machine = new ActorMachine(settings.env(),
        new LiveActors(1, settings.sleepAfterMillis()), EntryStore.of(entries));
    Step step = machine.apply(ActorRecord.decode(stored), call,
        System.currentTimeMillis(), null);
    for (Step.Outgoing out : step.outbox()) {
      if (out.record() instanceof OutboxRecord.Reply reply && requestId.equals(reply.requestId())) {
        // A destroyed actor's store entry: whether a call re-creates it is the inbox's to decide.
        if (!reply.ok() && ErrorCode.ACTOR_NOT_FOUND.group().equals(reply.error().group())
            && ErrorCode.ACTOR_NOT_FOUND.code().equals(reply.error().code())) {
          return null;
        }
        return reply;
      }
    }
    return null;
  }
}
