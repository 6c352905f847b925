package dev.rivulet.engine;

import dev.rivulet.records.GatewayHeartbeat;
import dev.rivulet.records.RecordCodec;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This engine's own mark on the gateways' topic ({@code <app>.gateways}), under {@code
 * engine/<instance>}, written at a fixed interval and read back through the same global store as
 * the gateways' heartbeats. It tells {@link GatewayLiveness} whether a gateway's silence means
 * anything: while the engine's own marks do not come back either (the broker is away, or this
 * engine cannot reach it), every gateway looks silent, and none is judged lost for it. Without
 * this, a broker restart longer than the gateway timeout ended every connection of every gateway
 * although none had stopped. The marks are {@link GatewayHeartbeat}s, like a gateway's, and the
 * last one, when the engine closes, says {@code alive: false}; the key is the instance's static
 * membership id, the same at each start on one state directory, so the compacted topic keeps one
 * record per engine instance.
 */
final class LivenessWitness implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LivenessWitness.class);
  private static final String PREFIX = "engine/";

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final String key;
  private final ScheduledExecutorService timer;

  private LivenessWitness(KafkaProducer<String, byte[]> producer, String topic, String key,
      Duration every) {
    this.producer = producer;
    this.topic = topic;
    this.key = key;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rivulet-liveness-witness");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::mark, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The key of the marks of the engine instance {@code instance}. */
  static String key(String instance) {
    return PREFIX + instance;
  }

  /** How often an engine with {@code gatewayTimeoutMillis} writes its mark. */
  static long intervalMillis(long gatewayTimeoutMillis) {
    return Math.max(100, Math.min(1_000, gatewayTimeoutMillis / 4));
  }

  /** Starts writing the marks under {@code key} to {@code topic}. */
  static LivenessWitness start(Properties clientProperties, String topic, String key,
      long gatewayTimeoutMillis) {
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "rivulet-witness-" + key.substring(PREFIX.length()));
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // A mark that cannot be written soon is worth nothing later: fail it, write the next one.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4_000);
    KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    return new LivenessWitness(producer, topic, key,
        Duration.ofMillis(intervalMillis(gatewayTimeoutMillis)));
  }

  private void mark() {
    try {
      producer.send(new ProducerRecord<>(topic, key, RecordCodec.encode(
          new GatewayHeartbeat(key, System.currentTimeMillis(), true))));
    } catch (RuntimeException e) {
      log.debug("engine liveness mark not written: {}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      producer.send(new ProducerRecord<>(topic, key, RecordCodec.encode(
          new GatewayHeartbeat(key, System.currentTimeMillis(), false))));
      producer.flush();
    } catch (RuntimeException e) {
      log.debug("engine's last liveness mark not written: {}", e.toString());
    } finally {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
