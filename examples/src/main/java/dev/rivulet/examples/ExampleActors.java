package dev.rivulet.examples;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.ActorCatalog;
import dev.rivulet.actor.Effect;
import java.util.List;
import java.util.Map;

/**
 * The example actors, found by the launcher through {@code META-INF/services}, and the effect
 * they use: {@value AiAgent#MODEL}, a {@link FakeModel} unless {@code RIVULET_MODEL_URL} names a
 * real one ({@link OpenAiCompatibleModel}).
 */
public final class ExampleActors implements ActorCatalog {
  /** Every example actor class. */
  public static final List<Class<? extends ActorBase<?>>> ALL = List.of(
      Counter.class, ChatRoom.class, LiveAuction.class, Reminder.class, UserManager.class,
      AiAgent.class, RateLimiter.class, GridGame.class, Order.class, Inventory.class,
      Payment.class);

  @Override
  public List<Class<? extends ActorBase<?>>> actors() {
    return ALL;
  }

  @Override
  public Map<String, Effect> effects() {
    return Map.of(AiAgent.MODEL, model(System.getenv()));
  }

  /** The model the environment configures, or the fake one. */
  static Effect model(Map<String, String> env) {
    return OpenAiCompatibleModel.fromEnv(env).<Effect>map(m -> m).orElseGet(FakeModel::new);
  }
}
