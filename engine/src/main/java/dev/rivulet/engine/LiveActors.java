package dev.rivulet.engine;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.records.ActorId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The actors a stream task keeps awake in memory, least recently used first. An instance's fields
 * are the actor's vars: they live as long as the instance, never longer than one generation of the
 * actor. An actor sleeps (leaves) when it has been idle for its sleep timeout, or when the task
 * holds too many.
 */
final class LiveActors {
  /** An instance, and whether it was just created (the actor just woke up). */
  record Awake(ActorBase<?> instance, boolean fresh) {}

  /** An actor leaving memory. */
  record Sleeper(ActorId actor, ActorType type, ActorBase<?> instance) {}

  private static final class Live {
    final long generation;
    final ActorType type;
    final ActorBase<?> instance;
    long lastUsed;

    Live(long generation, ActorType type, ActorBase<?> instance, long lastUsed) {
      this.generation = generation;
      this.type = type;
      this.instance = instance;
      this.lastUsed = lastUsed;
    }
  }

  private final Map<ActorId, Live> instances = new LinkedHashMap<>(16, 0.75f, true);
  private final int capacity;
  private final long defaultSleepAfterMillis;
  private final List<Sleeper> evicted = new ArrayList<>();

  LiveActors(int capacity, long defaultSleepAfterMillis) {
    this.capacity = capacity;
    this.defaultSleepAfterMillis = defaultSleepAfterMillis;
  }

  /** The instance serving {@code actor} at {@code generation}, created when there is none. */
  Awake instance(ActorType type, ActorId actor, long generation) {
    long now = System.currentTimeMillis();
    Live live = instances.get(actor);
    if (live != null && live.generation == generation) {
      live.lastUsed = now;
      return new Awake(live.instance, false);
    }
    live = new Live(generation, type, type.newInstance(), now);
    instances.put(actor, live);
    if (instances.size() > capacity) {
      Iterator<Map.Entry<ActorId, Live>> eldest = instances.entrySet().iterator();
      Map.Entry<ActorId, Live> e = eldest.next();
      eldest.remove();
      evicted.add(new Sleeper(e.getKey(), e.getValue().type, e.getValue().instance));
    }
    return new Awake(live.instance, true);
  }

  /**
   * The actors that have been idle past their sleep timeout at {@code now}, and those pushed out
   * for room; they are no longer held.
   */
  List<Sleeper> sleepers(long now) {
    List<Sleeper> out = new ArrayList<>(evicted);
    evicted.clear();
    for (Iterator<Map.Entry<ActorId, Live>> it = instances.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<ActorId, Live> e = it.next();
      Live live = e.getValue();
      long after = live.type.sleepAfterMillis() >= 0 ? live.type.sleepAfterMillis()
          : defaultSleepAfterMillis;
      if (now - live.lastUsed >= after) {
        it.remove();
        out.add(new Sleeper(e.getKey(), live.type, live.instance));
      }
    }
    return out;
  }

  void drop(ActorId actor) {
    instances.remove(actor);
  }

  void clear() {
    instances.clear();
    evicted.clear();
  }

  int size() {
    return instances.size();
  }
}
