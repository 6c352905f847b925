package dev.rivulet.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.actor.TopicOutput;
import dev.rivulet.actor.internal.Json;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.records.Topics;
import java.io.IOException;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A record an action publishes to a declared output topic ({@code context().publish}): the bytes
 * the step writes through the output's sink ({@link ActionProcessor}), and the entry its journal
 * record keeps ({@code published}: {@code topic}, {@code key}, and {@code value} for JSON outputs
 * or {@code bytes}, base64, for the others; {@code tombstone} for a null value, written as a record
 * without a value). Encoded in the action itself, so an encoding that
 * fails fails the action, and a replay encodes the same way to compare.
 */
record Published(String topic, String key, byte[] value, ObjectNode journal) {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * The declared outputs by topic, checked: Kafka topic names, none of them the application's
   * own, none declared twice.
   *
   * @throws IllegalArgumentException naming the output that cannot work
   */
  static Map<String, TopicOutput> declared(Collection<TopicOutput> outputs, Topics topics) {
    Map<String, TopicOutput> byTopic = new LinkedHashMap<>();
    for (TopicOutput output : outputs) {
      String topic = output.topic();
      if (!Topics.isTopicName(topic)) {
        throw new IllegalArgumentException("output \"" + topic + "\" is not a Kafka topic name "
            + "(1 to 249 characters of [A-Za-z0-9._-])");
      }
      if (topics.owns(topic)) {
        throw new IllegalArgumentException("output " + topic + " is one of the application's own "
            + "topics; actions publish to topics of yours");
      }
      if (byTopic.putIfAbsent(topic, output) != null) {
        throw new IllegalArgumentException("output " + topic + " is declared twice");
      }
    }
    return Collections.unmodifiableMap(byTopic);
  }

  /**
   * Encodes {@code value} for {@code topic} as {@code outputs} declares it.
   *
   * @param outputs the declared outputs by topic; null in a replay that was not given them, where
   *     every topic counts as a JSON output
   * @throws IllegalArgumentException when the topic is not declared or the value does not fit
   */
  static Published of(Map<String, TopicOutput> outputs, String topic, String key, Object value) {
    if (topic == null || topic.isEmpty()) throw new IllegalArgumentException("topic is empty");
    TopicOutput output = outputs == null ? TopicOutput.json(topic) : outputs.get(topic);
    if (output == null) {
      throw new IllegalArgumentException("topic \"" + topic + "\" is not a declared output; "
          + "declare it with TopicOutput (ActorCatalog.outputs() or the configuration's output())"
          + "; declared: " + new TreeSet<>(outputs.keySet()));
    }
    ObjectNode journal = NODES.objectNode();
    journal.put("topic", topic);
    if (key != null) journal.put("key", key);
    if (value == null) { // a tombstone, whatever the encoding: how compacted topics delete a key
      journal.put("tombstone", true);
      return new Published(topic, key, null, journal);
    }
    byte[] bytes;
    switch (output.encoding()) {
      case JSON -> {
        try {
          bytes = Json.mapper().writeValueAsBytes(value);
          journal.set("value", RecordCodec.mapper().readTree(bytes));
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException("the value published to " + topic
              + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
      case BYTES -> {
        if (!(value instanceof byte[] raw)) {
          throw new IllegalArgumentException("output " + topic + " takes byte[] values, got "
              + (value == null ? "null" : value.getClass().getName()));
        }
        bytes = raw.clone();
        journal.put("bytes", Base64.getEncoder().encodeToString(bytes));
      }
      default -> {
        bytes = output.encoder().apply(topic, value);
        if (bytes == null) {
          throw new IllegalArgumentException("the encoder of output " + topic + " returned null");
        }
        journal.put("bytes", Base64.getEncoder().encodeToString(bytes));
      }
    }
    return new Published(topic, key, bytes, journal);
  }
}
