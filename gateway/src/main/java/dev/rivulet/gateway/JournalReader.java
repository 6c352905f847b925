package dev.rivulet.gateway;

import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.RecordCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads journal records at given offsets (committed records only). The engine's journal index
 * says where an actor's records are; this reads just those, seeking past the stretches of other
 * actors' records between them instead of scanning the partition.
 */
final class JournalReader implements AutoCloseable {
  /** Gaps larger than this are skipped with a seek instead of being read through. */
  private static final long SEEK_GAP = 200;

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;

  JournalReader(Properties connection, String topic) {
    Properties p = new Properties();
    p.putAll(connection);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
  }

  /** The records at {@code offsets} of {@code partition}, in offset order. */
  synchronized List<JournalRecord> read(int partition, List<Long> offsets, Duration timeout) {
    TreeSet<Long> wanted = new TreeSet<>(offsets);
    Map<Long, JournalRecord> found = new TreeMap<>();
    if (wanted.isEmpty()) return List.of();
    TopicPartition tp = new TopicPartition(topic, partition);
    consumer.assign(List.of(tp));
    consumer.seek(tp, wanted.first());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!wanted.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new ApiError(dev.rivulet.records.ErrorCode.UNAVAILABLE,
            "the journal could not be read in time");
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        if (wanted.remove(r.offset())) found.put(r.offset(), RecordCodec.decodeJournal(r.value()));
      }
      if (wanted.isEmpty()) break;
      long position = consumer.position(tp);
      Long next = wanted.ceiling(position);
      if (next == null) {
        wanted.headSet(position).clear(); // behind us and not found: not a journal record
        break;
      }
      wanted.headSet(position).clear();
      if (next - position > SEEK_GAP) consumer.seek(tp, next);
    }
    return new ArrayList<>(found.values());
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
