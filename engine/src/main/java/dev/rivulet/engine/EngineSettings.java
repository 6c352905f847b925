package dev.rivulet.engine;

import dev.rivulet.actor.internal.ActorType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/** What every stream task needs, fixed when the engine starts. */
record EngineSettings(
    ActorMachine.Env env,
    int liveActorsPerTask,
    long sleepAfterMillis,
    long gatewayTimeoutMillis,
    long idempotencyTtlMillis) {

  static EngineSettings of(EngineConfig config, Map<String, ActorType> types) {
    // In registration order, so that messages listing the types read the same on every run.
    ActorMachine.Env env = new ActorMachine.Env(
        Collections.unmodifiableMap(new LinkedHashMap<>(types)),
        Collections.unmodifiableSet(new LinkedHashSet<>(config.effects().keySet())),
        config.snapshotEvery(), config.maxStateBytes(), config.maxMessageBytes());
    return new EngineSettings(env, config.liveActorsPerTask(), config.sleepAfter().toMillis(),
        config.gatewayTimeout().toMillis(), config.idempotencyTtl().toMillis());
  }
}
