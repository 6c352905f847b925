package dev.rivulet.engine;

import dev.rivulet.actor.TopicSubscription;
import dev.rivulet.records.OutboxPartitioning;
import dev.rivulet.records.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The engine's topology: inbox → {@link ActionProcessor} (with the {@code actors} RocksDB store,
 * the {@code entries} of the actors' stored collections and the indexes) → journal, outbox,
 * inbox (actor-to-actor, schedules, lost connections), effects, output topics and dead-letter
 * sinks; the journal read back → {@link JournalIndexer};
 * each subscribed topic → {@link SubscriptionProcessor} → inbox and dead-letter sinks; plus the
 * global store of gateway heartbeats. Inbox values stay
 * bytes until the processor decodes them, so that an unreadable record is dead-lettered instead of
 * failing the stream thread.
 */
final class EngineTopology {
  /** The prefix of the subscriptions' node names. */
  static final String SUBSCRIPTION = "subscription-";

  private EngineTopology() {}

  static Topology build(Topics topics, EngineSettings settings, EngineMetrics metrics) {
    Topology topology = new Topology();
    topology.addSource("inbox", new StringDeserializer(), new ByteArrayDeserializer(),
        topics.inbox());
    topology.addProcessor("actions", () -> new ActionProcessor(settings, metrics), "inbox");
    topology.addSource("journal", new StringDeserializer(), new ByteArrayDeserializer(),
        topics.journal());
    topology.addProcessor("journal-indexer", JournalIndexer::new, "journal");
    for (String store : new String[] {ActionProcessor.STORE, ActionProcessor.ENTRIES,
        Step.SCHEDULES, Step.GATEWAY_CONNS, Idempotency.STORE, Idempotency.EXPIRY}) {
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
    if (settings.env().outputs() != null) {
      for (String topic : settings.env().outputs().keySet()) {
        topology.addSink(ActionProcessor.publishSink(topic), topic, new StringSerializer(),
            new ByteArraySerializer(), "actions");
      }
    }
    addSubscriptions(topology, topics, settings.subscriptions(), metrics);
    return topology;
  }

  /**
   * Each subscribed topic is a source; each of its subscriptions a {@link SubscriptionProcessor}
   * with sinks of its own to the inbox and the dead-letter topic. Nothing connects them to the
   * actions' nodes, so each topic is a sub-topology of its own: its partitions need not match the
   * inbox's, and its offsets commit in the stream thread's transaction with what it wrote. Their
   * node names sort after {@code actions}, so the actions' sub-topology keeps id 0, and its task
   * directories, whatever the subscriptions ({@code ActionProcessorTopologyTest}).
   */
  private static void addSubscriptions(Topology topology, Topics topics,
      List<Subscribed> subscriptions, EngineMetrics metrics) {
    Map<String, List<Subscribed>> byTopic = new LinkedHashMap<>();
    for (Subscribed s : subscriptions) {
      byTopic.computeIfAbsent(s.topic(), t -> new ArrayList<>()).add(s);
    }
    byTopic.forEach((topic, subscribed) -> {
      String source = SUBSCRIPTION + "source-" + topic;
      AutoOffsetReset reset = subscribed.get(0).start() == TopicSubscription.Start.LATEST
          ? AutoOffsetReset.latest() : AutoOffsetReset.earliest();
      topology.addSource(reset, source, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
          topic);
      for (Subscribed s : subscribed) {
        String node = SUBSCRIPTION + s.name();
        String inbox = node + "-inbox";
        String deadLetter = node + "-deadletter";
        topology.addProcessor(node,
            () -> new SubscriptionProcessor(s, metrics, inbox, deadLetter), source);
        topology.addSink(inbox, topics.inbox(), new ByteArraySerializer(),
            new ByteArraySerializer(), node);
        topology.addSink(deadLetter, topics.deadLetter(), new ByteArraySerializer(),
            new ByteArraySerializer(), node);
      }
    });
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
