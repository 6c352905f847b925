package dev.rivulet.bench;

import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.KafkaTuning;
import dev.rivulet.records.OutboxPartitioning;
import dev.rivulet.records.OutboxRecord;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.records.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
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
 * The engine without the edge: the throughput phase's increments written straight to the inbox
 * by a plain producer (set like {@link BarePipeline}'s: idempotent, {@code linger.ms=0}) and their
 * replies read straight from the outbox partition of a made-up gateway ({@code read_uncommitted},
 * an aborted transaction's duplicate finding nobody waiting), with the same actors' count and
 * window as the WebSocket figure. No gateway, no WebSocket, no client process on the way in and
 * out: set against that figure it says how much of the throughput the engine costs and how much
 * the way in and out. On fresh actors, which have no connections, a broadcast reaches nobody and
 * leaves no outbox record; on the WebSocket figure's own actors, each with its connection
 * subscribed, the engine does exactly the work it does for the WebSocket figure (the events still
 * go out through the gateway to the client process).
 */
final class DirectInbox implements AutoCloseable {
  private static final String GATEWAY = "bench-direct";

  private final Topics topics;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final Thread reader;
  private long nextId;

  DirectInbox(String bootstrap, String app) {
    this.topics = new Topics(app);
    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    pp.put(ProducerConfig.ACKS_CONFIG, "all");
    pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    pp.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    pp.put(ProducerConfig.CLIENT_ID_CONFIG, GATEWAY); // its I/O thread counts as the bench's
    producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());

    Properties cp = new Properties();
    cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    cp.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, KafkaTuning.FETCH_MAX_WAIT_MS);
    consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer());
    int partitions = consumer.partitionsFor(topics.outbox()).size();
    TopicPartition mine = new TopicPartition(topics.outbox(),
        OutboxPartitioning.partitionOf(GATEWAY, partitions));
    consumer.assign(List.of(mine));
    consumer.seekToEnd(List.of(mine));
    consumer.position(mine);
    reader = new Thread(this::read, "bench-direct-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (!GATEWAY.equals(r.key())) continue; // another gateway's, sharing the partition
          if (!(RecordCodec.decodeOutbox(r.value()) instanceof OutboxRecord.Reply reply)) continue;
          CompletableFuture<Void> f = waiting.remove(reply.requestId());
          if (f == null) continue; // an aborted transaction's duplicate
          if (!reply.ok()) {
            failure.compareAndSet(null,
                reply.error().qualifiedCode() + ": " + reply.error().message());
          }
          f.complete(null);
        }
      }
    } catch (RuntimeException e) {
      failure.compareAndSet(null, "the outbox reader stopped: " + e);
    } finally {
      consumer.close();
    }
  }

  /**
   * {@code actions} increments over the counters {@code <prefix>-0} to {@code <prefix>-<actors - 1>},
   * {@code window} in flight: actions/s.
   */
  double throughput(String prefix, int actions, int actors, int window) throws Exception {
    Semaphore inFlight = new Semaphore(window);
    long start = System.nanoTime();
    for (int i = 0; i < actions; i++) {
      inFlight.acquire();
      String requestId = "d" + nextId++;
      CompletableFuture<Void> reply = new CompletableFuture<>();
      waiting.put(requestId, reply);
      reply.whenComplete((v, e) -> inFlight.release());
      ActorId actor = ActorId.of("counter", prefix + "-" + (i % actors));
      InboxRecord action = new InboxRecord.Action(actor,
          new InboxRecord.ReplyTo(GATEWAY, requestId), InboxRecord.Mode.GET_OR_CREATE, null,
          "increment", RecordCodec.mapper().createArrayNode().add(1), null);
      producer.send(new ProducerRecord<>(topics.inbox(), actor.toString(),
          RecordCodec.encode(action)), (meta, error) -> {
            if (error == null) return;
            failure.compareAndSet(null, "the inbox refused a record: " + error);
            waiting.remove(requestId);
            reply.complete(null);
          });
    }
    if (!inFlight.tryAcquire(window, 120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the engine did not answer every increment written to "
          + "the inbox in 120 s" + (failure.get() == null ? "" : " (" + failure.get() + ")"));
    }
    double rate = actions / ((System.nanoTime() - start) / 1e9);
    String failed = failure.get();
    if (failed != null) throw new IllegalStateException("an increment failed: " + failed);
    return rate;
  }

  @Override
  public void close() throws Exception {
    running.set(false);
    reader.join(5_000);
    producer.close();
  }
}
