package dev.rivulet.actor;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Records of a Kafka topic you own, each applied as one action of an actor type: the record's
 * value is the action's one argument, and its key (or a function of key and value) names the
 * actor. List subscriptions in your {@link ActorCatalog#subscriptions()} (or give them to the
 * server's or engine's configuration):
 *
 * <pre>{@code
 * TopicSubscription.of("transactions", SpendingLimit.class, "record")        // topic, actor, action
 *     .keyedBy(Transaction.class, (key, tx) -> tx.account())                 // default: the record key
 *     .startingAt(TopicSubscription.Start.EARLIEST)                          // default: EARLIEST
 * }</pre>
 *
 * <p>What the engine guarantees: the topic is read by the engine's own Kafka Streams topology, so
 * its offsets commit in the same exactly-once transaction as the inbox record each record becomes;
 * that inbox record is applied like any other (one at a time per actor, journaled with the
 * record's topic, partition and offset as its {@code origin}). Records of one topic partition
 * reach their actors in the partition's order: with the record key as the actor key (the default)
 * every record of an actor comes from one partition and applies in the topic's order.
 *
 * <p>A record whose value cannot be decoded into the action's parameter, or whose key cannot make
 * an actor key, goes to the application's dead-letter topic with the reason and its origin, and
 * the records behind it go on; so does a record whose action fails (the failure is journaled too).
 * The action should be {@code @Action(internal = true)} when clients must not call it.
 *
 * <p>Rivulet never creates the topic (except on its own embedded broker): the engine refuses to
 * start when it is missing. Where a new subscription starts reading is {@link #startingAt}; after
 * that the engine's committed offsets decide. {@code docs/operations.md} says how to pause one and
 * what a rename does to its offsets.
 */
public final class TopicSubscription {
  /** Where a subscription with no committed offsets starts reading its topic. */
  public enum Start {
    /** From the oldest record the topic still has (the default). */
    EARLIEST,
    /** From the records written after the engine first joined with this subscription. */
    LATEST
  }

  /** How a record's value becomes the action's argument. */
  public enum Decoding {
    /** JSON, read into the action's parameter type (strictly, as client arguments are). */
    JSON,
    /** The value's bytes as they are: the action's parameter is a {@code byte[]}. */
    BYTES,
    /** A decoder of yours ({@link #decodedWith}). */
    CUSTOM
  }

  private final String topic;
  private final Class<? extends ActorBase<?>> actor;
  private final String action;
  private String name;
  private Start start = Start.EARLIEST;
  private Decoding decoding = Decoding.JSON;
  private BiFunction<String, byte[], ?> decoder;
  private Class<?> keyValueType;
  private BiFunction<String, Object, String> key;

  private TopicSubscription(String topic, Class<? extends ActorBase<?>> actor, String action) {
    this.topic = requireText(topic, "topic");
    this.actor = Objects.requireNonNull(actor, "actor");
    this.action = requireText(action, "action");
  }

  /**
   * Records of {@code topic} become the action {@code action} of the actor type {@code actor}
   * (which must be among the engine's actors): JSON values, keyed by the record key, from the
   * earliest record.
   */
  public static TopicSubscription of(String topic, Class<? extends ActorBase<?>> actor,
      String action) {
    return new TopicSubscription(topic, actor, action);
  }

  /**
   * The subscription's name (default {@code <actor type>.<action>}): in metrics, logs, dead-letter
   * headers and the list of disabled subscriptions. Two subscriptions of one engine need two names.
   */
  public TopicSubscription named(String name) {
    this.name = requireText(name, "name");
    return this;
  }

  /** Where the subscription starts when the engine has no committed offsets for it. */
  public TopicSubscription startingAt(Start start) {
    this.start = Objects.requireNonNull(start, "start");
    return this;
  }

  /**
   * The actor key is {@code key.apply(recordKey, value)}: {@code recordKey} is the record's key
   * read as UTF-8 (null when it has none) and {@code value} the decoded argument, of {@code
   * valueType} (the action's parameter type or a supertype of it). A key function that throws or
   * returns null or an empty key sends the record to the dead-letter topic.
   */
  @SuppressWarnings("unchecked")
  public <V> TopicSubscription keyedBy(Class<V> valueType, BiFunction<String, V, String> key) {
    this.keyValueType = Objects.requireNonNull(valueType, "valueType");
    this.key = (BiFunction<String, Object, String>) (BiFunction<String, ?, String>)
        Objects.requireNonNull(key, "key");
    return this;
  }

  /** The value's bytes are the argument, unchanged: the action takes one {@code byte[]}. */
  public TopicSubscription bytes() {
    this.decoding = Decoding.BYTES;
    this.decoder = null;
    return this;
  }

  /**
   * Values are decoded by {@code decoder(topic, bytes)}, for example a Kafka deserializer's
   * {@code serde.deserializer()::deserialize} (configure it first). What it returns is written as
   * JSON into the journal and read into the action's parameter type, so it must be a value Jackson
   * can write. A decoder that throws sends the record to the dead-letter topic; null is a null
   * argument, as a record without a value (a tombstone) is in every decoding.
   */
  public TopicSubscription decodedWith(BiFunction<String, byte[], ?> decoder) {
    this.decoding = Decoding.CUSTOM;
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    return this;
  }

  /** The topic read. */
  public String topic() {
    return topic;
  }

  /** The actor class whose action the records become. */
  public Class<? extends ActorBase<?>> actor() {
    return actor;
  }

  /** The action's name. */
  public String action() {
    return action;
  }

  /** The name given with {@link #named}, or null for the default. */
  public String name() {
    return name;
  }

  public Start start() {
    return start;
  }

  public Decoding decoding() {
    return decoding;
  }

  /** The decoder given with {@link #decodedWith}, or null. */
  public BiFunction<String, byte[], ?> decoder() {
    return decoder;
  }

  /** The value type the key function takes, or null when the record key is the actor key. */
  public Class<?> keyValueType() {
    return keyValueType;
  }

  /** The key function, or null when the record key is the actor key. */
  public BiFunction<String, Object, String> key() {
    return key;
  }

  @Override
  public String toString() {
    return "subscription " + (name == null ? "" : name + " ") + "of " + topic + " to "
        + actor.getSimpleName() + "." + action;
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the subscription's " + what + " is empty");
    }
    return value;
  }
}
