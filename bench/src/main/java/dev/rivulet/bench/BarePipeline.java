package dev.rivulet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.records.KafkaTuning;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The floor: a bare Kafka Streams read-modify-write app with no Rivulet code, on the same broker
 * and with the same knobs as the engine (RocksDB store without cache, JSON values, {@code
 * linger.ms=0}, {@code poll.ms=1}, {@code fetch.max.wait.ms} as {@link KafkaTuning}, no task
 * idling, the same commit interval). A
 * client produces {@code {"id":n,"amount":1}} keyed by counter name; the app adds the amount to
 * the counter's stored JSON and writes {@code {"id":n,"count":c}} to an output topic that the
 * client reads. Everything Rivulet adds (the gateway, the actor model, the journal, the outbox
 * routing) is the difference between its figures and these.
 */
final class BarePipeline implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STORE = "counts";

  private final String in;
  private final String out;
  private final KafkaStreams streams;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<Long, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread reader;
  private long nextId;

  /**
   * Starts the app under its own topics ({@code bare-<name>.in/out}, {@code partitions} each) and
   * a reader of its output.
   */
  BarePipeline(String bootstrap, String name, boolean exactlyOnce, boolean readCommitted,
      Duration commitInterval, int partitions, Path stateDir) throws Exception {
    this.in = "bare-" + name + ".in";
    this.out = "bare-" + name + ".out";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(in, partitions, (short) 1),
          new NewTopic(out, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    Topology topology = new Topology();
    topology.addSource("in", in);
    topology.addProcessor("count", CountProcessor::new, "in");
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
        Serdes.String(), Serdes.ByteArray()).withCachingDisabled(), "count");
    topology.addSink("out", out, "count");

    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bare-" + name);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        exactlyOnce ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    p.put(StreamsConfig.POLL_MS_CONFIG, 1);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
        KafkaTuning.FETCH_MAX_WAIT_MS);
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
    // As the engine: Kafka 5.0's default, and without it every start warns (no global store here).
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    streams = new KafkaStreams(topology, p);
    CompletableFuture<Void> started = new CompletableFuture<>();
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) started.complete(null);
    });
    streams.start();
    started.get(60, TimeUnit.SECONDS);

    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    pp.put(ProducerConfig.ACKS_CONFIG, "all");
    pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    pp.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    pp.put(ProducerConfig.CLIENT_ID_CONFIG, "bare-" + name + "-driver"); // counted as the floor's
    producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());

    Properties cp = new Properties();
    cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
    cp.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, KafkaTuning.FETCH_MAX_WAIT_MS);
    consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    for (int i = 0; i < partitions; i++) parts.add(new TopicPartition(out, i));
    consumer.assign(parts);
    consumer.seekToEnd(parts);
    parts.forEach(consumer::position);
    reader = new Thread(this::read, "bare-reader-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    while (running.get()) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        try {
          JsonNode value = JSON.readTree(r.value());
          // A duplicate an aborted transaction left finds nobody waiting any more.
          CompletableFuture<Long> f = waiting.remove(value.get("id").asLong());
          if (f != null) f.complete(value.get("count").asLong());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
    consumer.close();
  }

  /** The input topic. */
  String in() {
    return in;
  }

  /** The output topic. */
  String out() {
    return out;
  }

  /** Sends one increment of {@code key}; completes with the new count. */
  CompletableFuture<Long> send(String key) {
    long id = nextId++;
    CompletableFuture<Long> reply = new CompletableFuture<>();
    waiting.put(id, reply);
    ObjectNode value = JSON.createObjectNode().put("id", id).put("amount", 1);
    try {
      producer.send(new ProducerRecord<>(in, key, JSON.writeValueAsBytes(value)));
    } catch (Exception e) {
      reply.completeExceptionally(e);
    }
    return reply;
  }

  /** One increment at a time: the latency of each, in nanoseconds. */
  long[] sequential(String key, int requests) throws Exception {
    long[] latencies = new long[requests];
    for (int i = 0; i < requests; i++) {
      long start = System.nanoTime();
      send(key).get(30, TimeUnit.SECONDS);
      latencies[i] = System.nanoTime() - start;
    }
    return latencies;
  }

  /** {@code records} increments over {@code keys} counters, {@code window} in flight: records/s. */
  double throughput(int records, int keys, int window) throws Exception {
    Semaphore inFlight = new Semaphore(window);
    long start = System.nanoTime();
    for (int i = 0; i < records; i++) {
      inFlight.acquire();
      send("counter-" + (i % keys)).whenComplete((c, e) -> inFlight.release());
    }
    if (!inFlight.tryAcquire(window, 120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the bare pipeline did not answer every record");
    }
    return records / ((System.nanoTime() - start) / 1e9);
  }

  @Override
  public void close() throws Exception {
    running.set(false);
    reader.join(5_000);
    producer.close();
    streams.close(Duration.ofSeconds(30));
  }

  private static final class CountProcessor implements Processor<String, byte[], String, byte[]> {
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
      this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      try {
        JsonNode request = JSON.readTree(record.value());
        byte[] stored = store.get(record.key());
        long count = stored == null ? 0 : JSON.readTree(stored).get("count").asLong();
        count += request.get("amount").asLong();
        store.put(record.key(), JSON.writeValueAsBytes(JSON.createObjectNode().put("count", count)));
        ObjectNode reply = JSON.createObjectNode().put("id", request.get("id").asLong())
            .put("count", count);
        context.forward(record.withValue(JSON.writeValueAsBytes(reply)));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
