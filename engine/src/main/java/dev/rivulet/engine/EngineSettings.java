package dev.rivulet.engine;

import dev.rivulet.actor.internal.ActorType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every stream task needs, fixed when the engine starts. */
record EngineSettings(
    Map<String, ActorType> types,
    int liveActorsPerTask,
    int snapshotEvery,
    int maxStateBytes,
    int maxMessageBytes) {

  static EngineSettings of(EngineConfig config, Map<String, ActorType> types) {
    // In registration order, so that messages listing the types read the same on every run.
    return new EngineSettings(Collections.unmodifiableMap(new LinkedHashMap<>(types)),
        config.liveActorsPerTask(),
        config.snapshotEvery(), config.maxStateBytes(), config.maxMessageBytes());
  }
}
