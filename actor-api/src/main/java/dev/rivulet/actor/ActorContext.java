package dev.rivulet.actor;

import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What an action may know and do besides its state: who the actor is, a deterministic clock and
 * random source, and the events it broadcasts.
 *
 * <p>Everything here is recorded in the actor's journal or derived from what is recorded, so that
 * replaying an actor's history through the same code reproduces the same run. Do not call {@link
 * System#currentTimeMillis()}, {@link java.util.UUID#randomUUID()} or {@link Math#random()} in an
 * action: use {@link #now()} and {@link #random()}.
 *
 * <p>A context is only valid during the action (or hook) it was given to.
 */
public interface ActorContext {
  /** The actor type's name, as in {@link Actor#value()}. */
  String name();

  /** The actor's key, one or more strings. */
  List<String> key();

  /** The actor's id: its name and key, {@code "counter/my-key"}. */
  String actorId();

  /**
   * The generation of the actor: 1 for the first creation under this key, incremented each time
   * the key is created again after a destroy.
   */
  long generation();

  /**
   * The sequence number of the record being applied in the actor's journal; it increases by one
   * for every record applied to this actor, across generations.
   */
  long sequence();

  /**
   * The time of the record being applied: when the request entered the actor's inbox, never
   * earlier than the time of the actor's previous record. Replays see the same value.
   */
  Instant now();

  /**
   * A random source seeded from the actor and the record being applied: replays draw the same
   * numbers, in the same order.
   */
  RandomGenerator random();

  /**
   * Sends an event to every connection of this actor subscribed to {@code event}. The event is
   * delivered only if the action succeeds, and it is recorded in the journal with its arguments.
   *
   * @param event the event's name, for example {@code "newCount"}
   * @param args JSON-serializable arguments; clients receive them as a JSON array
   */
  void broadcast(String event, Object... args);

  /**
   * The connection the current action came through, or null (schedules, other actors, HTTP calls
   * on Rivulet's own routes). A stateless call on RivetKit's routes runs inside a connection of its
   * own (transport {@code http}, opened and closed in the call's step), which this returns.
   */
  Conn conn();

  /**
   * Who made the current request, as the gateway's authenticator established it: the caller of
   * an HTTP request, the connection's for what comes over a connection (its actions, its
   * connection hooks, a raw socket's messages); null for anonymous clients, schedules, other
   * actors and subscribed topics. Recorded with the request, so a replay sees the same.
   */
  Identity identity();

  /** The actor's open connections, in the order they connected. */
  java.util.List<Conn> conns();

  /**
   * The actor's open raw WebSockets (connections of transport {@code raw-websocket}), in the
   * order they connected: to send to them from an action, say.
   */
  List<RawSocket> sockets();

  /** The actor's durable schedule of actions to run later. */
  Schedule schedule();

  /**
   * Another actor, by type name and key, to {@link ActorRef#send send} to or {@link ActorRef#call
   * call}. Works across partitions and engine instances; nothing waits on the current thread.
   */
  ActorRef actor(String name, String key);

  /**
   * Asks for the effect registered as {@code name}, with {@code args}: it runs after this action
   * succeeds, off the actor's thread, and its result comes back to the continuation given with
   * {@link Pending#then}.
   */
  Pending effect(String name, Object... args);

  /**
   * Writes a record to the Kafka topic {@code topic}, which must be declared as a {@link
   * TopicOutput}, once the current action succeeds: in the same Kafka transaction as the rest of
   * the action's step, so {@code read_committed} consumers see it when the step commits, never
   * from a failed action and never twice. The journal records it; a replay does not write it.
   *
   * @param key the record's key (written as UTF-8), or null for none
   * @param value the record's value, encoded as the output declares (JSON by default); null
   *     writes a record without a value (a tombstone)
   * @throws IllegalArgumentException when {@code topic} is not a declared output, or the value does
   *     not fit its encoding
   */
  void publish(String topic, String key, Object value);

  /**
   * Destroys the actor once the current action succeeds: {@code onDestroy} runs, its connections
   * are closed, its schedules dropped and its state removed; the journal keeps its history. Later
   * {@code get} calls answer {@code actor.not_found}; creating the key again starts a new
   * generation.
   */
  void destroy();
}
