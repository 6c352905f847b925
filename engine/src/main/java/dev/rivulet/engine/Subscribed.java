package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rivulet.actor.TopicSubscription;
import dev.rivulet.actor.internal.ActionMethod;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.actor.internal.ArgumentsException;
import dev.rivulet.actor.internal.Json;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.records.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A {@link TopicSubscription} resolved against the engine's actor types when the engine starts
 * (every mistake that can be seen then is an error then, naming the subscription), and the one
 * rule of how a record of its topic becomes an inbox action: the value decoded into the action's
 * one parameter, the actor key from the record key or the key function, the record's position as
 * the action's {@code origin}. No Kafka in it; {@link SubscriptionProcessor} runs it.
 */
final class Subscribed {
  /** Why a record of a subscribed topic went to the dead-letter topic: a metric label. */
  enum Reason {
    /** The value could not be decoded into the action's parameter. */
    UNDECODABLE("undecodable"),
    /** No actor key could be made from the record. */
    BAD_KEY("bad_key"),
    /** The action was refused before it ran (its actor type or action is gone, say). */
    REJECTED("rejected"),
    /** The action ran and failed; the failure is journaled. */
    FAILED("failed");

    final String label;

    Reason(String label) {
      this.label = label;
    }
  }

  /** A record that cannot become an action, and why. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Reason reason;

    Refused(Reason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,200}");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String name;
  private final TopicSubscription spec;
  private final ActorType type;
  private final ActionMethod action;

  private Subscribed(String name, TopicSubscription spec, ActorType type, ActionMethod action) {
    this.name = name;
    this.spec = spec;
    this.type = type;
    this.action = action;
  }

  String name() {
    return name;
  }

  String topic() {
    return spec.topic();
  }

  TopicSubscription.Start start() {
    return spec.start();
  }

  /** {@code transactions → spendingLimit.record}, for logs. */
  String describe() {
    return name + " (" + spec.topic() + " → " + type.name() + "." + action.name() + ")";
  }

  /**
   * The subscriptions the engine runs: {@code specs} resolved against {@code types}, without the
   * {@code disabled} ones.
   *
   * @throws IllegalArgumentException naming the subscription, for anything that cannot work
   */
  static List<Subscribed> resolve(Collection<TopicSubscription> specs, Set<String> disabled,
      Map<String, ActorType> types, Topics topics) {
    Map<String, Subscribed> byName = new LinkedHashMap<>();
    Map<String, TopicSubscription.Start> starts = new HashMap<>();
    for (TopicSubscription spec : specs) {
      ActorType type = types.values().stream().filter(t -> t.actorClass() == spec.actor())
          .findFirst().orElse(null);
      String name = spec.name() != null ? spec.name()
          : (type == null ? spec.actor().getSimpleName() : type.name()) + "." + spec.action();
      String where = "subscription " + name + ": ";
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(where + "a name must be 1 to 200 characters of "
            + "[A-Za-z0-9_.-]");
      }
      if (type == null) {
        throw new IllegalArgumentException(where + spec.actor().getName()
            + " is not among the engine's actor classes");
      }
      if (!Topics.isTopicName(spec.topic())) {
        throw new IllegalArgumentException(where + "\"" + spec.topic()
            + "\" is not a Kafka topic name (1 to 249 characters of [A-Za-z0-9._-])");
      }
      if (topics.owns(spec.topic())) {
        throw new IllegalArgumentException(where + spec.topic() + " is one of the application's "
            + "own topics; subscriptions read topics of yours");
      }
      ActionMethod action = type.action(spec.action());
      if (action == null) {
        throw new IllegalArgumentException(where + type.name() + " has no action "
            + spec.action());
      }
      if (action.params().size() != 1) {
        throw new IllegalArgumentException(where + action.qualifiedName() + " takes "
            + action.params().size() + " parameters; an action fed by a topic takes one, the "
            + "record's value");
      }
      Class<?> param = action.params().get(0).type().getRawClass();
      if (spec.decoding() == TopicSubscription.Decoding.BYTES && param != byte[].class) {
        throw new IllegalArgumentException(where + "the value is passed as bytes, but "
            + action.qualifiedName() + " takes " + param.getName() + ", not byte[]");
      }
      if (spec.keyValueType() != null && !spec.keyValueType().isAssignableFrom(boxed(param))) {
        throw new IllegalArgumentException(where + "the key function takes "
            + spec.keyValueType().getName() + ", but " + action.qualifiedName() + " takes "
            + param.getName());
      }
      TopicSubscription.Start other = starts.putIfAbsent(spec.topic(), spec.start());
      if (other != null && other != spec.start()) {
        throw new IllegalArgumentException(where + "another subscription of " + spec.topic()
            + " starts at " + other + "; subscriptions of one topic share its offsets, and so "
            + "their starting point");
      }
      if (byName.putIfAbsent(name, new Subscribed(name, spec, type, action)) != null) {
        throw new IllegalArgumentException(where + "two subscriptions have this name; give one "
            + "another with named(...)");
      }
    }
    Set<String> unknown = new TreeSet<>(disabled);
    unknown.removeAll(byName.keySet());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("disabled subscriptions " + unknown + " do not exist; "
          + "subscriptions: " + byName.keySet());
    }
    List<Subscribed> running = new ArrayList<>();
    byName.values().forEach(s -> {
      if (!disabled.contains(s.name)) running.add(s);
    });
    return running;
  }

  /**
   * The inbox action a record of the topic becomes.
   *
   * @param key the record's key, or null
   * @param value the record's value, or null (a tombstone: the argument is null)
   * @throws Refused when the value cannot be decoded into the parameter or no actor key can be
   *     made
   */
  InboxRecord.Action toAction(byte[] key, byte[] value, int partition, long offset)
      throws Refused {
    JsonNode arg = decode(value);
    ArrayNode args = NODES.arrayNode(1).add(arg);
    Object typed;
    try {
      typed = action.convertArgs(args)[0];
    } catch (ArgumentsException e) {
      throw new Refused(Reason.UNDECODABLE, e.getMessage());
    }
    ActorId actor;
    try {
      actor = ActorId.of(type.name(), actorKey(key, typed));
    } catch (IllegalArgumentException e) {
      throw new Refused(Reason.BAD_KEY, "the actor key is not valid: " + e.getMessage());
    }
    return InboxRecord.Action.fromTopic(actor, action.name(), args,
        new InboxRecord.Origin(name, spec.topic(), partition, offset));
  }

  /** The value as the JSON argument: what the journal keeps and the action is converted from. */
  private JsonNode decode(byte[] value) throws Refused {
    switch (spec.decoding()) {
      case BYTES:
        return value == null ? NullNode.getInstance()
            : TextNode.valueOf(Base64.getEncoder().encodeToString(value));
      case CUSTOM:
        Object decoded;
        try {
          decoded = spec.decoder().apply(spec.topic(), value);
        } catch (RuntimeException e) {
          throw new Refused(Reason.UNDECODABLE, "the decoder failed: " + e);
        }
        try {
          return decoded == null ? NullNode.getInstance() : Json.mapper().valueToTree(decoded);
        } catch (IllegalArgumentException e) {
          throw new Refused(Reason.UNDECODABLE, "what the decoder returned cannot be written as "
              + "JSON: " + e.getMessage());
        }
      default:
        if (value == null) return NullNode.getInstance();
        try {
          JsonNode tree = RecordCodec.readTree(RecordCodec.mapper(), value);
          if (tree == null || tree.isMissingNode()) {
            throw new Refused(Reason.UNDECODABLE, "the value is empty, not JSON");
          }
          return tree;
        } catch (java.io.IOException e) {
          throw new Refused(Reason.UNDECODABLE, "the value is not JSON: " + firstLine(e));
        }
    }
  }

  private String actorKey(byte[] key, Object value) throws Refused {
    String recordKey = key == null ? null : new String(key, StandardCharsets.UTF_8);
    if (spec.key() == null) {
      if (recordKey == null || recordKey.isEmpty()) {
        throw new Refused(Reason.BAD_KEY, "the record has no key, and the actor key is the "
            + "record key (give the subscription a key function with keyedBy)");
      }
      return recordKey;
    }
    String actorKey;
    try {
      actorKey = spec.key().apply(recordKey, value);
    } catch (RuntimeException e) {
      throw new Refused(Reason.BAD_KEY, "the key function failed: " + e);
    }
    if (actorKey == null || actorKey.isEmpty()) {
      throw new Refused(Reason.BAD_KEY, "the key function returned "
          + (actorKey == null ? "null" : "an empty key"));
    }
    return actorKey;
  }

  private static Class<?> boxed(Class<?> c) {
    if (!c.isPrimitive()) return c;
    return java.lang.invoke.MethodType.methodType(c).wrap().returnType();
  }

  private static String firstLine(Exception e) {
    String s = String.valueOf(e.getMessage());
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
