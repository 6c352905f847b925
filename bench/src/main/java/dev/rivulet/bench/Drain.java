package dev.rivulet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.records.KafkaTuning;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A stream processor's throughput, measured the same way for Rivulet's subscription and for the
 * bare pipeline: a plain producer writes a burst of records {@code {"id":n,"amount":1}} keyed by
 * counter to the input topic, and a plain {@code read_committed} consumer of the output topic
 * waits for the record of every id ({@code {"id":n,...}}); the rate is the records over the time
 * from the first send to the last output. Nothing limits the records in flight: the processor
 * drains a backlog, as a stream processor catching up does.
 */
final class Drain implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String in;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Set<Long> waiting = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final Thread reader;
  private volatile CountDownLatch done = new CountDownLatch(0);
  /** Far above the ids the bare pipeline's own driver gives on the same topics. */
  private long nextId = 1_000_000_000_000L;

  Drain(String bootstrap, String in, String out, String name) {
    this.in = in;
    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    pp.put(ProducerConfig.ACKS_CONFIG, "all");
    pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    pp.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    pp.put(ProducerConfig.CLIENT_ID_CONFIG, "drain-" + name);
    producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());
    Properties cp = new Properties();
    cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    cp.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, KafkaTuning.FETCH_MAX_WAIT_MS);
    consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = consumer.partitionsFor(out).stream()
        .map(p -> new TopicPartition(out, p.partition())).toList();
    consumer.assign(parts);
    consumer.seekToEnd(parts);
    parts.forEach(consumer::position);
    reader = new Thread(this::read, "drain-reader-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          JsonNode value = JSON.readTree(new String(r.value(), StandardCharsets.UTF_8));
          if (waiting.remove(value.path("id").asLong())) done.countDown();
        }
      }
    } catch (Exception e) {
      failure.compareAndSet(null, "the output reader stopped: " + e);
    } finally {
      consumer.close();
    }
  }

  /** {@code records} records over {@code keys} counters {@code <prefix>-i}: records/s. */
  double run(String prefix, int records, int keys) throws Exception {
    CountDownLatch all = new CountDownLatch(records);
    done = all;
    long first = nextId;
    nextId += records;
    for (long id = first; id < first + records; id++) waiting.add(id);
    long start = System.nanoTime();
    for (int i = 0; i < records; i++) {
      byte[] value = ("{\"id\":" + (first + i) + ",\"amount\":1}")
          .getBytes(StandardCharsets.UTF_8);
      producer.send(new ProducerRecord<>(in, prefix + "-" + (i % keys), value), (m, e) -> {
        if (e != null) failure.compareAndSet(null, "the input refused a record: " + e);
      });
    }
    producer.flush();
    if (!all.await(300, TimeUnit.SECONDS)) {
      throw new IllegalStateException(all.getCount() + " of " + records + " records of " + in
          + " had no output in 300 s" + (failure.get() == null ? "" : " (" + failure.get() + ")"));
    }
    double rate = records / ((System.nanoTime() - start) / 1e9);
    if (failure.get() != null) throw new IllegalStateException(failure.get());
    return rate;
  }

  @Override
  public void close() throws Exception {
    running.set(false);
    reader.join(5_000);
    producer.close();
  }
}
