package dev.rivulet.engine;

import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.records.Topics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every stream task needs, fixed when the engine starts; {@code subscriptions} are the ones
 * the engine runs (the disabled ones left out); {@code witness} is the key of this instance's
 * {@link LivenessWitness} marks; {@code livenessSaidAt} is when one of its tasks last logged why it
 * does not judge gateways, shared so that one line per timeout speaks for all of them.
 */
record EngineSettings(
    ActorMachine.Env env,
    int liveActorsPerTask,
    long sleepAfterMillis,
    long gatewayTimeoutMillis,
    long idempotencyTtlMillis,
    List<Subscribed> subscriptions,
    String witness,
    AtomicLong livenessSaidAt) {

  /** The settings of an engine that has not logged anything of its gateways yet. */
  EngineSettings(ActorMachine.Env env, int liveActorsPerTask, long sleepAfterMillis,
      long gatewayTimeoutMillis, long idempotencyTtlMillis, List<Subscribed> subscriptions,
      String witness) {
    this(env, liveActorsPerTask, sleepAfterMillis, gatewayTimeoutMillis, idempotencyTtlMillis,
        subscriptions, witness, new AtomicLong());
  }

  /**
   * @throws IllegalArgumentException when a subscription or output cannot work, naming it
   */
  static EngineSettings of(EngineConfig config, Map<String, ActorType> types, String witness) {
    Topics topics = new Topics(config.application());
    // In registration order, so that messages listing the types read the same on every run.
    ActorMachine.Env env = new ActorMachine.Env(
        Collections.unmodifiableMap(new LinkedHashMap<>(types)),
        Collections.unmodifiableSet(new LinkedHashSet<>(config.effects().keySet())),
        config.snapshotEvery(), config.maxStateBytes(), config.maxMessageBytes(),
        Published.declared(config.outputs(), topics), config.maxCollectionBytes());
    List<Subscribed> subscriptions = List.copyOf(Subscribed.resolve(config.subscriptions(),
        config.disabledSubscriptions(), types, topics));
    return new EngineSettings(env, config.liveActorsPerTask(), config.sleepAfter().toMillis(),
        config.gatewayTimeout().toMillis(), config.idempotencyTtl().toMillis(), subscriptions,
        witness);
  }
}
