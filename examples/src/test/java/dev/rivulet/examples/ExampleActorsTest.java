package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.engine.Replayer;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog: every example registers, and the model is fake unless one is configured. */
class ExampleActorsTest {
  @Test
  void everyExampleIsAValidActorWithAUniqueName() {
    assertThat(new ExampleActors().actors()).hasSize(11);
    new Replayer(new ExampleActors().actors()); // registers each class as the engine does
    assertThat(new ExampleActors().actors().stream().map(c -> c.getAnnotation(Actor.class).value()))
        .containsExactly("counter", "chatRoom", "liveAuction", "reminder", "userManager",
            "aiAgent", "rateLimiter", "gridGame", "order", "inventory", "payment");
  }

  @Test
  void internalActionsAreMarkedSo() {
    assertThat(internal(Reminder.class, "sendReminder")).isTrue();
    assertThat(internal(LiveAuction.class, "close")).isTrue();
    assertThat(internal(AiAgent.class, "replied")).isTrue();
    for (String continuation : new String[] {"reserved", "charged", "released", "retryRelease"}) {
      assertThat(internal(Order.class, continuation)).isTrue();
    }
  }

  private static boolean internal(Class<?> actor, String action) {
    Method method = Arrays.stream(actor.getMethods()).filter(m -> m.getName().equals(action))
        .findFirst().orElseThrow();
    return method.getAnnotation(Action.class).internal();
  }

  @Test
  void theModelIsFakeUnlessAUrlIsConfigured() {
    assertThat(ExampleActors.model(Map.of())).isInstanceOf(FakeModel.class);
    assertThat(ExampleActors.model(Map.of("RIVULET_MODEL_URL", " "))).isInstanceOf(FakeModel.class);
    assertThat(ExampleActors.model(Map.of("RIVULET_MODEL_URL", "http://localhost:11434/v1",
        "RIVULET_MODEL_NAME", "llama3")))
        .isInstanceOfSatisfying(OpenAiCompatibleModel.class, m -> assertThat(m.endpoint())
            .hasToString("http://localhost:11434/v1/chat/completions"));
    assertThatThrownBy(() -> ExampleActors.model(Map.of("RIVULET_MODEL_URL", "http://x/v1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RIVULET_MODEL_NAME must name the model when RIVULET_MODEL_URL is set");
  }
}
