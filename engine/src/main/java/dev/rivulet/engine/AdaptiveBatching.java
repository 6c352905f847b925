package dev.rivulet.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * The engine's Kafka clients, batching what the engine writes as much as its load allows and no
 * more (decision 10): a stream thread's producer holds its records for up to {@link #LINGER_MS},
 * and sends everything it holds as soon as the thread has run out of records to process and asks
 * its consumer for more. A request that arrives alone is processed, and its writes (the reply,
 * the journal, the changelogs) leave together right after it, in one produce request; under load,
 * the thread processes every record it fetched before it polls again, so its writes leave in one
 * produce request per fetch instead of one per action, and never wait longer than the linger.
 *
 * <p>Kafka's producer alone cannot do this: its {@code linger.ms} is one number, paid by a lone
 * request as much as by a busy one. The flush before a poll waits for the broker's answer to what
 * it sends, as a commit does; the thread's next records are fetched after it.
 */
final class AdaptiveBatching implements KafkaClientSupplier {
  /** How long a record may wait for the thread's poll: the most an action's writes wait. */
  static final int LINGER_MS = 5;

  /** The producer whose records the polling thread sent since its last poll, if any. */
  private static final ThreadLocal<BatchingProducer> UNSENT = new ThreadLocal<>();

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return Admin.create(config);
  }

  @Override
  public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    return new BatchingProducer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    return new MainConsumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return plainConsumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return plainConsumer(config);
  }

  private static KafkaConsumer<byte[], byte[]> plainConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** A stream thread's producer: remembers, for the thread sending, that it holds records. */
  private static final class BatchingProducer extends KafkaProducer<byte[], byte[]> {
    BatchingProducer(Map<String, Object> config) {
      super(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Future<RecordMetadata> send(
        ProducerRecord<byte[], byte[]> record, Callback callback) {
      Future<RecordMetadata> sent = super.send(record, callback);
      if (UNSENT.get() != this) UNSENT.set(this);
      return sent;
    }

    @Override
    public void close(Duration timeout) {
      if (UNSENT.get() == this) UNSENT.remove();
      super.close(timeout);
    }
  }

  /** A stream thread's consumer: sends what the thread's producer holds before each poll. */
  private static final class MainConsumer extends KafkaConsumer<byte[], byte[]> {
    MainConsumer(Map<String, Object> config) {
      super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
      BatchingProducer unsent = UNSENT.get();
      if (unsent != null) {
        UNSENT.remove();
        unsent.flush();
      }
      return super.poll(timeout);
    }
  }
}
