package dev.rivulet.examples;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.ActorCatalog;
import java.util.List;

/** The example actors, found by the launcher through {@code META-INF/services}. */
public final class ExampleActors implements ActorCatalog {
  @Override
  public List<Class<? extends ActorBase<?>>> actors() {
    return List.of(Counter.class, ChatRoom.class);
  }
}
