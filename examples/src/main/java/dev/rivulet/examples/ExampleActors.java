package dev.rivulet.examples;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.ActorCatalog;
import dev.rivulet.actor.Effect;
import dev.rivulet.actor.TopicOutput;
import dev.rivulet.actor.TopicSubscription;
import java.util.List;
import java.util.Map;

/**
 * The example actors, found by the launcher through {@code META-INF/services}; the effect they
 * use: {@value AiAgent#MODEL}, a {@link FakeModel} unless {@code RIVULET_MODEL_URL} names a real
 * one ({@link OpenAiCompatibleModel}); and the Kafka topics {@link SpendingLimit} reads and writes
 * ({@value SpendingLimit#TRANSACTIONS} and {@value SpendingLimit#ALERTS}: created by the launcher
 * on its embedded broker, to be created beforehand on any other cluster).
 */
public final class ExampleActors implements ActorCatalog {
  /** Every example actor class. */
  public static final List<Class<? extends ActorBase<?>>> ALL = List.of(
      Counter.class, ChatRoom.class, LiveAuction.class, Reminder.class, UserManager.class,
      AiAgent.class, RateLimiter.class, GridGame.class, Order.class, Inventory.class,
      Payment.class, SpendingLimit.class);

  @Override
  public List<Class<? extends ActorBase<?>>> actors() {
    return ALL;
  }

  @Override
  public Map<String, Effect> effects() {
    return Map.of(AiAgent.MODEL, model(System.getenv()));
  }

  /** {@link SpendingLimit}'s transactions. */
  @Override
  public List<TopicSubscription> subscriptions() {
    return List.of(SpendingLimit.subscription());
  }

  /** {@link SpendingLimit}'s alerts. */
  @Override
  public List<TopicOutput> outputs() {
    return List.of(SpendingLimit.alerts());
  }

  /** The model the environment configures, or the fake one. */
  static Effect model(Map<String, String> env) {
    return OpenAiCompatibleModel.fromEnv(env).<Effect>map(m -> m).orElseGet(FakeModel::new);
  }
}
