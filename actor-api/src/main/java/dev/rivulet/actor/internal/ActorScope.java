package dev.rivulet.actor.internal;

import dev.rivulet.actor.ActorContext;

/**
 * What the runtime binds to an actor instance while one of its actions or hooks runs. Implemented
 * by the engine's draft of a run; not for application code.
 */
public interface ActorScope {
  Object state();

  void setState(Object state);

  ActorContext context();
}
