package dev.rivulet.actor.internal;

import dev.rivulet.actor.ActorContext;
import dev.rivulet.actor.StoredLog;
import dev.rivulet.actor.StoredMap;

/**
 * What the runtime binds to an actor instance while one of its actions or hooks runs. Implemented
 * by the engine's draft of a run; not for application code.
 */
public interface ActorScope {
  Object state();

  void setState(Object state);

  ActorContext context();

  <T> StoredLog<T> storedLog(String name, Class<T> type);

  <V> StoredMap<V> storedMap(String name, Class<V> type);
}
