package dev.rivulet.gateway;

import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.GatewayHeartbeat;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.RecordCodec;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes requests to the inbox, keyed by actor id so that Kafka's default partitioner puts every
 * request of an actor on the actor's partition. Idempotent and {@code acks=all}: once a send
 * completes, the request is durable and will be applied.
 */
final class InboxSender implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InboxSender.class);

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;

  InboxSender(Properties connection, String topic, String clientId) {
    Properties p = new Properties();
    p.putAll(connection);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  /** Completes when the record is durable, or exceptionally with {@code gateway.unavailable}. */
  CompletableFuture<Void> send(InboxRecord record) {
    return send(record, null, null);
  }

  /** Sends with {@code headers} (the request's trace; may be null). */
  CompletableFuture<Void> send(InboxRecord record, Headers headers) {
    return send(record, null, headers);
  }

  /** Sends to {@code partition} (null: the actor's own, by its key). */
  CompletableFuture<Void> send(InboxRecord record, Integer partition, Headers headers) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      producer.send(
          new ProducerRecord<>(topic, partition, record.actor().toString(),
              RecordCodec.encode(record), headers),
          (meta, error) -> {
            if (error == null) {
              done.complete(null);
            } else {
              log.warn("cannot write to {}: {}", topic, error.toString());
              done.completeExceptionally(new ApiError(ErrorCode.UNAVAILABLE,
                  "The request could not be written to Kafka: " + error.getMessage()));
            }
          });
    } catch (RuntimeException e) {
      log.warn("cannot write to {}: {}", topic, e.toString());
      done.completeExceptionally(new ApiError(ErrorCode.UNAVAILABLE,
          "The request could not be written to Kafka: " + e.getMessage()));
    }
    return done;
  }

  /** The number of partitions of the inbox. */
  int partitions() {
    return producer.partitionsFor(topic).size();
  }

  /** Writes a heartbeat of this gateway; completes when it is durable. */
  CompletableFuture<Void> heartbeat(String topic, GatewayHeartbeat heartbeat) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    producer.send(new ProducerRecord<>(topic, heartbeat.gateway(), RecordCodec.encode(heartbeat)),
        (meta, error) -> {
          if (error == null) done.complete(null);
          else done.completeExceptionally(error);
        });
    return done;
  }

  @Override
  public void close() {
    producer.close();
  }
}
