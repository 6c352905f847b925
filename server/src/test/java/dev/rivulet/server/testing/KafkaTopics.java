package dev.rivulet.server.testing;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Topics of an application's own, as its users have them: created with a plain admin client and
 * written by a plain producer, so tests of subscriptions and outputs touch Kafka without Rivulet's
 * code in between.
 */
public final class KafkaTopics {
  private KafkaTopics() {}

  /** Creates {@code names}, each with {@code partitions} partitions and one replica. */
  public static void create(String bootstrap, int partitions, String... names) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1))
          .toList()).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topics " + Arrays.toString(names), e);
    }
  }

  /** A plain producer: idempotent, every write acknowledged by all replicas, no lingering. */
  public static KafkaProducer<String, byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
  }
}
