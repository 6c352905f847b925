package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.actor.internal.ActorType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog: every example registers, and the model is fake unless one is configured. */
class ExampleActorsTest {
  @Test
  void everyExampleIsAValidActorWithAUniqueName() {
    assertThat(new ExampleActors().actors()).hasSize(11);
    assertThat(new ExampleActors().actors().stream().map(c -> ActorType.of(c).name()))
        .containsExactly("counter", "chatRoom", "liveAuction", "reminder", "userManager",
            "aiAgent", "rateLimiter", "gridGame", "order", "inventory", "payment");
  }

  @Test
  void internalActionsAreMarkedSo() {
    assertThat(ActorType.of(Reminder.class).action("sendReminder").internal()).isTrue();
    assertThat(ActorType.of(LiveAuction.class).action("close").internal()).isTrue();
    assertThat(ActorType.of(AiAgent.class).action("replied").internal()).isTrue();
    for (String continuation : new String[] {"reserved", "charged", "released", "retryRelease"}) {
      assertThat(ActorType.of(Order.class).action(continuation).internal()).isTrue();
    }
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
