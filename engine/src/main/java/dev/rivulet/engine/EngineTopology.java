package dev.rivulet.engine;

import dev.rivulet.records.OutboxPartitioning;
import dev.rivulet.records.Topics;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The engine's topology: inbox → {@link ActionProcessor} (with the {@code actors} RocksDB store
 * and its indexes) → journal, outbox, inbox (actor-to-actor, schedules, lost connections),
 * effects and dead-letter sinks; the journal read back → {@link JournalIndexer}; plus the global
 * store of gateway heartbeats. Inbox values stay
 * bytes until the processor decodes them, so that an unreadable record is dead-lettered instead of
 * failing the stream thread.
 */
final class EngineTopology {
  private EngineTopology() {}

  static Topology build(Topics topics, EngineSettings settings, EngineMetrics metrics) {
    Topology topology = new Topology();
    topology.addSource("inbox", new StringDeserializer(), new ByteArrayDeserializer(),
        topics.inbox());
    topology.addProcessor("actions", () -> new ActionProcessor(settings, metrics), "inbox");
    topology.addSource("journal", new StringDeserializer(), new ByteArrayDeserializer(),
        topics.journal());
    topology.addProcessor("journal-indexer", JournalIndexer::new, "journal");
    for (String store : new String[] {ActionProcessor.STORE, Step.SCHEDULES,
        Step.GATEWAY_CONNS, Idempotency.STORE, Idempotency.EXPIRY}) {
      topology.addStateStore(store(store), "actions");
    }
    // Shared by the indexer and the actions, which answer history queries from it: one
    // sub-topology over the co-partitioned inbox and journal.
    topology.addStateStore(store(JournalIndex.STORE), "actions", "journal-indexer");
    topology.addGlobalStore(store(GatewayLiveness.HEARTBEATS).withLoggingDisabled(),
        "gateways", new StringDeserializer(), new ByteArrayDeserializer(), topics.gateways(),
        "gateway-heartbeats", HeartbeatProcessor::new);
    topology.addSink(ActionProcessor.JOURNAL, topics.journal(), new StringSerializer(),
        new ByteArraySerializer(), "actions");
    topology.addSink(ActionProcessor.OUTBOX, topics.outbox(), new StringSerializer(),
        new ByteArraySerializer(), outboxPartitioner(), "actions");
    topology.addSink(ActionProcessor.INBOX, topics.inbox(), new StringSerializer(),
        new ByteArraySerializer(), "actions");
    topology.addSink(ActionProcessor.EFFECTS, topics.effects(), new StringSerializer(),
        new ByteArraySerializer(), "actions");
    topology.addSink(ActionProcessor.DEAD_LETTER, topics.deadLetter(), new StringSerializer(),
        new ByteArraySerializer(), "actions");
    return topology;
  }

  private static StoreBuilder<KeyValueStore<String, byte[]>> store(String name) {
    return Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
        .withCachingDisabled();
  }

  private static StreamPartitioner<String, byte[]> outboxPartitioner() {
    return (topic, gateway, value, partitions) ->
        Optional.of(Set.of(OutboxPartitioning.partitionOf(gateway, partitions)));
  }
}
