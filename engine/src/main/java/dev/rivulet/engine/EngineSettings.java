package dev.rivulet.engine;

import dev.rivulet.actor.internal.ActorType;
import java.util.Map;

/** What every stream task needs, fixed when the engine starts. */
record EngineSettings(
    Map<String, ActorType> types,
    int liveActorsPerTask,
    int snapshotEvery,
    int maxStateBytes,
    int maxMessageBytes) {

  static EngineSettings of(EngineConfig config, Map<String, ActorType> types) {
    return new EngineSettings(Map.copyOf(types), config.liveActorsPerTask(),
        config.snapshotEvery(), config.maxStateBytes(), config.maxMessageBytes());
  }
}
