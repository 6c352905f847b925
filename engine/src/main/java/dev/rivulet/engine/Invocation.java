package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.rivulet.actor.ActorContext;
import dev.rivulet.actor.internal.ActorScope;
import dev.rivulet.actor.internal.Json;
import dev.rivulet.records.ActorId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The scope of one inbox record applied to one actor: the typed state the action works on, the
 * deterministic clock and random source, and the events it emits. Nothing in it reaches Kafka until
 * the action has succeeded.
 */
final class Invocation implements ActorScope, ActorContext {
  /** An event emitted by the action, its arguments already serialized. */
  record Emitted(String name, JsonNode args) {}

  /** A read-only action tried to change something. */
  static final class ReadOnlyViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReadOnlyViolation(String message) {
      super(message);
    }
  }

  private final ActorId actor;
  private final long generation;
  private final long seq;
  private final long at;
  private final long seed;
  private Object state;
  private String readOnlyAction;
  private RandomGenerator random;
  private final List<Emitted> emitted = new ArrayList<>();

  private String violation;
  private boolean creating;

  Invocation(ActorId actor, long generation, long seq, long at, long seed) {
    this.actor = actor;
    this.generation = generation;
    this.seq = seq;
    this.at = at;
    this.seed = seed;
  }

  /** From now on, changes fail with a message naming {@code qualifiedAction}. */
  void readOnly(String qualifiedAction) {
    this.readOnlyAction = qualifiedAction;
  }

  List<Emitted> emitted() {
    return emitted;
  }

  long seed() {
    return seed;
  }

  long at() {
    return at;
  }

  /** What a read-only action tried to change, even if it caught the exception; or null. */
  String violation() {
    return violation;
  }

  private ReadOnlyViolation violation(String message) {
    if (violation == null) violation = message;
    return new ReadOnlyViolation(message);
  }

  @Override
  public Object state() {
    return state;
  }

  @Override
  public void setState(Object next) {
    if (readOnlyAction != null) {
      throw violation(
          readOnlyAction + " is read-only (@Action(readOnly = true)) but called setState");
    }
    this.state = Objects.requireNonNull(next, "the state must not be null");
  }

  /** Sets the state the action starts from, bypassing the read-only check. */
  void initState(Object initial) {
    this.state = initial;
  }

  @Override
  public ActorContext context() {
    return this;
  }

  @Override
  public String name() {
    return actor.name();
  }

  @Override
  public List<String> key() {
    return actor.key();
  }

  @Override
  public String actorId() {
    return actor.toString();
  }

  @Override
  public long generation() {
    return generation;
  }

  @Override
  public long sequence() {
    return seq;
  }

  @Override
  public Instant now() {
    return Instant.ofEpochMilli(at);
  }

  @Override
  public RandomGenerator random() {
    if (random == null) random = new SplittableRandom(seed);
    return random;
  }

  /** While true, the actor is being created: it has no connections to broadcast to yet. */
  void creating(boolean creating) {
    this.creating = creating;
  }

  @Override
  public void broadcast(String event, Object... args) {
    if (event == null || event.isEmpty()) throw new IllegalArgumentException("event name is empty");
    if (creating) {
      throw new IllegalStateException("createState of " + actor + " cannot broadcast " + event
          + ": a new actor has no connections yet");
    }
    if (readOnlyAction != null) {
      throw violation(
          readOnlyAction + " is read-only (@Action(readOnly = true)) but broadcast " + event);
    }
    ArrayNode serialized = Json.mapper().createArrayNode();
    if (args != null) {
      for (Object arg : args) serialized.add(Json.mapper().<JsonNode>valueToTree(arg));
    }
    emitted.add(new Emitted(event, serialized));
  }

  /** A seed that depends only on the actor and the sequence number: the same in every replay. */
  static long seedOf(ActorId actor, long seq) {
    long h = 0xcbf29ce484222325L; // FNV-1a over the id's UTF-16 code units
    String id = actor.toString();
    for (int i = 0; i < id.length(); i++) {
      h ^= id.charAt(i);
      h *= 0x100000001b3L;
    }
    long z = h ^ (seq * 0x9e3779b97f4a7c15L); // SplitMix64 finalizer
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
