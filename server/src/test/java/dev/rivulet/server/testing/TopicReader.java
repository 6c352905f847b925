package dev.rivulet.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning with a plain {@link KafkaConsumer}, committed records only, so
 * tests check what Rivulet wrote without going through Rivulet's code.
 */
public final class TopicReader {
  /** A record: key, value as JSON (null for none), headers as strings, where it was read. */
  public record Rec(String key, JsonNode value, Map<String, String> headers, int partition,
      long offset) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private TopicReader() {}

  /** Every committed record of {@code topic} once {@code done} holds for them, or fails. */
  public static List<Rec> readUntil(String bootstrap, String topic, Duration timeout,
      Predicate<List<Rec>> done) {
    return read(bootstrap, topic, timeout, (records, consumer) -> done.test(records));
  }

  private static List<Rec> read(String bootstrap, String topic, Duration timeout,
      BiPredicate<List<Rec>, KafkaConsumer<String, byte[]>> done) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<Rec> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(records, consumer)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out reading " + topic + "; read " + records.size()
              + " records: " + records);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Map<String, String> headers = new java.util.LinkedHashMap<>();
          r.headers().forEach(h -> headers.put(h.key(), new String(h.value(),
              java.nio.charset.StandardCharsets.UTF_8)));
          JsonNode value;
          try {
            value = r.value() == null ? null : JSON.readTree(r.value());
          } catch (IOException e) {
            value = JSON.getNodeFactory().textNode(new String(r.value(),
                java.nio.charset.StandardCharsets.UTF_8));
          }
          records.add(new Rec(r.key(), value, headers, r.partition(), r.offset()));
        }
      }
    }
    return records;
  }

  /**
   * Every committed record written to {@code topic} before this call: reads until its position in
   * every partition passes the partition's end as of the call, which also waits for transactions
   * still open then (a crashed writer's included) to commit or abort.
   */
  public static List<Rec> readToEnd(String bootstrap, String topic, Duration timeout) {
    Map<TopicPartition, Long> ends;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"); // the high watermarks
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      ends = consumer.endOffsets(consumer.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList());
    }
    return read(bootstrap, topic, timeout, (records, consumer) -> ends.entrySet().stream()
        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue()));
  }

  /** The records with key {@code key}, once one of them matches {@code wanted}. */
  public static List<Rec> byKeyUntil(String bootstrap, String topic, String key,
      Predicate<JsonNode> wanted) {
    List<Rec> all = readUntil(bootstrap, topic, Duration.ofSeconds(30),
        rs -> rs.stream().anyMatch(r -> key.equals(r.key()) && wanted.test(r.value())));
    return all.stream().filter(r -> key.equals(r.key())).toList();
  }

  /** The records with key {@code key}, once at least {@code count} of them were read. */
  public static List<Rec> byKey(String bootstrap, String topic, String key, int count) {
    List<Rec> all = readUntil(bootstrap, topic, Duration.ofSeconds(30),
        rs -> rs.stream().filter(r -> key.equals(r.key())).count() >= count);
    return all.stream().filter(r -> key.equals(r.key())).toList();
  }

}
