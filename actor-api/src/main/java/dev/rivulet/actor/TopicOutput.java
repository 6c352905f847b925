package dev.rivulet.actor;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A Kafka topic actions may write to with {@link ActorContext#publish}, declared in your {@link
 * ActorCatalog#outputs()} (or the server's or engine's configuration) so that the engine checks
 * at start that it exists and writes to it from its own transaction:
 *
 * <pre>{@code
 * public List<TopicOutput> outputs() { return List.of(TopicOutput.json("alerts")); }
 * ...
 * context().publish("alerts", account, new Alert(account, spent, limit));
 * }</pre>
 *
 * <p>A published record is part of the action's step: it is written in the step's Kafka
 * transaction, so {@code read_committed} consumers see it when the step commits and never
 * otherwise (never from a failed action, never twice); the journal records it; a replay never
 * writes it. Records are keyed by the key given to {@code publish} (UTF-8; null for none) and
 * partitioned by Kafka's default partitioner; they carry the trace headers of the request that led
 * to them. Rivulet never creates the topic (except on its own embedded broker): the engine refuses
 * to start when it is missing.
 */
public final class TopicOutput {
  /** How a published value becomes the record's bytes. */
  public enum Encoding {
    /** JSON, written as results and events are. */
    JSON,
    /** The value is a {@code byte[]}, written as it is. */
    BYTES,
    /** An encoder of yours ({@link #encodedWith}). */
    CUSTOM
  }

  private final String topic;
  private final Encoding encoding;
  private final BiFunction<String, Object, byte[]> encoder;

  private TopicOutput(String topic, Encoding encoding, BiFunction<String, Object, byte[]> encoder) {
    if (topic == null || topic.isBlank()) throw new IllegalArgumentException("output topic is empty");
    this.topic = topic;
    this.encoding = encoding;
    this.encoder = encoder;
  }

  /** Values published to {@code topic} are written as JSON. */
  public static TopicOutput json(String topic) {
    return new TopicOutput(topic, Encoding.JSON, null);
  }

  /** Values published to {@code topic} are {@code byte[]}, written unchanged. */
  public static TopicOutput bytes(String topic) {
    return new TopicOutput(topic, Encoding.BYTES, null);
  }

  /**
   * Values published to {@code topic} are written as {@code encoder(topic, value)}, for example a
   * Kafka serializer's {@code serde.serializer()::serialize} (configure it first). It runs in the
   * action: it must be deterministic (a replay compares its bytes), and when it throws the action
   * fails. The journal keeps the bytes (base64).
   */
  @SuppressWarnings("unchecked")
  public static <V> TopicOutput encodedWith(String topic, BiFunction<String, V, byte[]> encoder) {
    Objects.requireNonNull(encoder, "encoder");
    return new TopicOutput(topic, Encoding.CUSTOM,
        (BiFunction<String, Object, byte[]>) (BiFunction<String, ?, byte[]>) encoder);
  }

  public String topic() {
    return topic;
  }

  public Encoding encoding() {
    return encoding;
  }

  /** The encoder given to {@link #encodedWith}, or null. */
  public BiFunction<String, Object, byte[]> encoder() {
    return encoder;
  }

  @Override
  public String toString() {
    return "output " + topic + " (" + encoding.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
