package dev.rivulet.gateway;

import dev.rivulet.records.KafkaTuning;
import dev.rivulet.records.OutboxPartitioning;
import dev.rivulet.records.OutboxRecord;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.records.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this gateway's outbox partition (written by the engine's {@code ActionProcessor}) and the
 * registry on one thread and routes each record: replies to the requests waiting for them ({@link
 * PendingReplies}, registered by {@link RequestPath}), events and disconnects to the connections of
 * their actor ({@link LocalConnections}). Records keyed for other gateways that share the
 * partition are skipped.
 */
final class OutboxRouter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxRouter.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final String gatewayId;
  private final TopicPartition outbox;
  private final TopicPartition registryPartition;
  private final PendingReplies pending;
  private final LocalConnections connections;
  private final RegistryView registry;
  private final Thread thread;
  private final AtomicLong routed = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private volatile boolean running = true;

  OutboxRouter(
      Properties connection,
      Topics topics,
      String gatewayId,
      boolean readUncommitted,
      PendingReplies pending,
      LocalConnections connections,
      RegistryView registry) {
    Properties p = new Properties();
    p.putAll(connection);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        readUncommitted ? "read_uncommitted" : "read_committed");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, KafkaTuning.FETCH_MAX_WAIT_MS);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.gatewayId = gatewayId;
    int partitions = partitionCount(consumer, topics.outbox());
    this.outbox = new TopicPartition(topics.outbox(),
        OutboxPartitioning.partitionOf(gatewayId, partitions));
    this.registryPartition = new TopicPartition(topics.registry(), 0);
    this.pending = pending;
    this.connections = connections;
    this.registry = registry;
    consumer.assign(List.of(outbox, registryPartition));
    consumer.seekToEnd(List.of(outbox));
    consumer.seekToBeginning(List.of(registryPartition));
    // Resolve the start position now: a reply produced after this point will not be missed.
    consumer.position(outbox, Duration.ofSeconds(30));
    long registryEnd = consumer.endOffsets(List.of(registryPartition)).get(registryPartition);
    while (consumer.position(registryPartition) < registryEnd) route(consumer.poll(Duration.ofMillis(100)));
    this.thread = new Thread(this::run, "rivulet-outbox-" + gatewayId);
    this.thread.setDaemon(true);
  }

  /** The topic's partition count, waiting a little for a topic that was just created. */
  private static int partitionCount(KafkaConsumer<?, ?> consumer, String topic) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<PartitionInfo> info = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (info != null && !info.isEmpty()) return info.size();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topic " + topic + " does not exist");
      }
      try {
        Thread.sleep(100); // a topic created a moment ago reaches the metadata shortly
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + topic, e);
      }
    }
  }

  void start() {
    thread.start();
  }

  /** The outbox partition this gateway reads. */
  TopicPartition partition() {
    return outbox;
  }

  /** Records routed to this gateway's requests and connections. */
  long routed() {
    return routed.get();
  }

  /** Records in the partition that were for other gateways. */
  long skipped() {
    return skipped.get();
  }

  private void run() {
    try {
      while (running) route(consumer.poll(Duration.ofMillis(500)));
    } catch (WakeupException e) {
      if (running) throw e;
    } catch (RuntimeException e) {
      log.error("outbox reader of gateway {} stopped", gatewayId, e);
    } finally {
      consumer.close();
    }
  }

  private void route(Iterable<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> r : records) {
      if (r.topic().equals(registryPartition.topic())) {
        registry.update(r.key(), r.value());
        continue;
      }
      if (!gatewayId.equals(r.key())) {
        skipped.incrementAndGet();
        continue;
      }
      routed.incrementAndGet();
      try {
        OutboxRecord record = RecordCodec.decodeOutbox(r.value());
        if (record instanceof OutboxRecord.Reply reply) pending.complete(reply);
        else if (record instanceof OutboxRecord.Event event) connections.deliver(event);
        else if (record instanceof OutboxRecord.Disconnect d) connections.disconnect(d);
        else if (record instanceof OutboxRecord.SocketFrame f) connections.frame(f);
      } catch (RuntimeException e) {
        log.warn("skipping outbox record {}@{}: {}", r.partition(), r.offset(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    running = false;
    if (!thread.isAlive()) {
      consumer.close();
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
