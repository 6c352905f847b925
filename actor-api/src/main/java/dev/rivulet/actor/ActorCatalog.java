package dev.rivulet.actor;

import java.util.List;
import java.util.Map;

/**
 * Lists the actor types an application provides, so that a launcher can find them on the class
 * path with {@link java.util.ServiceLoader}.
 *
 * <p>Implement it once per application and name the implementation in {@code
 * META-INF/services/dev.rivulet.actor.ActorCatalog}:
 *
 * <pre>{@code
 * public final class MyActors implements ActorCatalog {
 *   public List<Class<? extends ActorBase<?>>> actors() {
 *     return List.of(Counter.class, ChatRoom.class);
 *   }
 * }
 * }</pre>
 */
public interface ActorCatalog {
  /** The actor classes, each annotated with {@link Actor}. */
  List<Class<? extends ActorBase<?>>> actors();

  /** The effects the actors ask for, by name (none by default). */
  default Map<String, Effect> effects() {
    return Map.of();
  }

  /** Kafka topics whose records become actions of these actors (none by default). */
  default List<TopicSubscription> subscriptions() {
    return List.of();
  }

  /** Kafka topics these actors publish to with {@code context().publish} (none by default). */
  default List<TopicOutput> outputs() {
    return List.of();
  }
}
