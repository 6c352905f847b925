package dev.rivulet.engine;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.records.ActorId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The actor instances a stream task keeps in memory, least recently used first out. An instance's
 * fields are the actor's vars: they live as long as the instance, never longer than one
 * generation of the actor.
 */
final class LiveActors {
  private record Live(long generation, ActorBase<?> instance) {}

  private final Map<ActorId, Live> instances;

  LiveActors(int capacity) {
    this.instances =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<ActorId, Live> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The instance serving {@code actor} at {@code generation}, created when there is none. */
  ActorBase<?> instance(ActorType type, ActorId actor, long generation) {
    Live live = instances.get(actor);
    if (live == null || live.generation() != generation) {
      live = new Live(generation, type.newInstance());
      instances.put(actor, live);
    }
    return live.instance();
  }

  void drop(ActorId actor) {
    instances.remove(actor);
  }

  void clear() {
    instances.clear();
  }

  int size() {
    return instances.size();
  }
}
