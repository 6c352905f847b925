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
import org.apache.kafka.streams.state.Stores;

/**
 * The engine's topology: inbox → {@link ActionProcessor} (with the {@code actors} RocksDB store) →
 * journal, outbox and dead-letter sinks. Inbox values stay bytes until the processor decodes them,
 * so that an unreadable record is dead-lettered instead of failing the stream thread.
 */
final class EngineTopology {
  private EngineTopology() {}

  static Topology build(Topics topics, EngineSettings settings) {
    Topology topology = new Topology();
    topology.addSource("inbox", new StringDeserializer(), new ByteArrayDeserializer(),
        topics.inbox());
    topology.addProcessor("actions", () -> new ActionProcessor(settings), "inbox");
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ActionProcessor.STORE),
                Serdes.String(),
                Serdes.ByteArray())
            .withCachingDisabled(),
        "actions");
    topology.addSink(ActionProcessor.JOURNAL, topics.journal(), new StringSerializer(),
        new ByteArraySerializer(), "actions");
    topology.addSink(ActionProcessor.OUTBOX, topics.outbox(), new StringSerializer(),
        new ByteArraySerializer(), outboxPartitioner(), "actions");
    topology.addSink(ActionProcessor.DEAD_LETTER, topics.deadLetter(), new StringSerializer(),
        new ByteArraySerializer(), "actions");
    return topology;
  }

  private static StreamPartitioner<String, byte[]> outboxPartitioner() {
    return (topic, gateway, value, partitions) ->
        Optional.of(Set.of(OutboxPartitioning.partitionOf(gateway, partitions)));
  }
}
