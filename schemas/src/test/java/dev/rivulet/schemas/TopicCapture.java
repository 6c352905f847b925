package dev.rivulet.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics from their start with a plain {@link KafkaConsumer} ({@code read_committed}), on
 * one consumer, into one list per topic. On close each list is in offset order per partition,
 * partitions in order: an actor's records are in its order.
 */
final class TopicCapture implements AutoCloseable {
  private final KafkaConsumer<String, String> consumer;
  private final List<TopicPartition> partitions = new ArrayList<>();
  private final Map<String, List<TopicRecord>> byTopic;
  private final Duration timeout;
  private final Supplier<String> context;

  /**
   * @param byTopic the list each topic's records go to
   * @param context what a timeout's message shows besides the topics' positions
   */
  TopicCapture(String bootstrap, Map<String, List<TopicRecord>> byTopic, Duration timeout,
      Supplier<String> context) {
    this.byTopic = byTopic;
    this.timeout = timeout;
    this.context = context;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    for (String topic : byTopic.keySet()) {
      for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Reads until {@code done} holds, then on to the ends the partitions had at that moment (a
   * topic a running gateway heartbeats on never stops growing, so "the end" must be one moment's).
   */
  void until(String what, BooleanSupplier done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<TopicPartition, Long> ends = null;
    while (true) {
      if (ends == null && done.getAsBoolean()) ends = consumer.endOffsets(partitions, timeout);
      if (ends != null && reached(ends)) return;
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " reading the topics for "
            + what + " (done: " + done.getAsBoolean() + ", behind: " + behind() + "); "
            + context.get());
      }
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
        byTopic.get(r.topic()).add(new TopicRecord(r.topic(), r.key(), r.partition(), r.offset(),
            ContractSchemas.parse(r.value())));
      }
    }
  }

  private List<String> behind() {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
    List<String> behind = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      long position = consumer.position(tp, timeout);
      if (position < ends.get(tp)) behind.add(tp + " at " + position + " of " + ends.get(tp));
    }
    return behind;
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    for (TopicPartition tp : partitions) {
      if (consumer.position(tp, timeout) < ends.get(tp)) return false;
    }
    return true;
  }

  @Override
  public void close() {
    consumer.close();
    for (List<TopicRecord> list : byTopic.values()) {
      list.sort((a, b) -> a.partition() != b.partition()
          ? Integer.compare(a.partition(), b.partition()) : Long.compare(a.offset(), b.offset()));
    }
  }
}
