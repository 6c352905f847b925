package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.TopicOutput;
import dev.rivulet.actor.TopicSubscription;
import dev.rivulet.engine.Replayer;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog: every example registers, and the model is fake unless one is configured. */
class ExampleActorsTest {
  @Test
  void everyExampleIsAValidActorWithAUniqueName() {
    assertThat(new ExampleActors().actors()).hasSize(12);
    new Replayer(new ExampleActors().actors()); // registers each class as the engine does
    assertThat(new ExampleActors().actors().stream().map(c -> c.getAnnotation(Actor.class).value()))
        .containsExactly("counter", "chatRoom", "liveAuction", "reminder", "userManager",
            "aiAgent", "rateLimiter", "gridGame", "order", "inventory", "payment",
            "spendingLimit");
  }

  /**
   * Rivulet does not create the topics of others on a cluster it does not own: the compose
   * file's {@code topics} service creates every one the examples read or write.
   */
  @Test
  void theComposeFileCreatesTheTopicsTheExamplesReadAndWrite() throws IOException {
    String loop = Files.readAllLines(Path.of("..", "docker-compose.yml")).stream()
        .filter(l -> l.contains("for topic in")).findFirst().orElseThrow();
    java.util.List<String> created = Arrays.asList(loop.split("[\\s;]+"));
    ExampleActors catalog = new ExampleActors();
    assertThat(catalog.subscriptions()).isNotEmpty();
    assertThat(catalog.outputs()).isNotEmpty();
    for (TopicSubscription s : catalog.subscriptions()) assertThat(created).contains(s.topic());
    for (TopicOutput o : catalog.outputs()) assertThat(created).contains(o.topic());
  }

  @Test
  void internalActionsAreMarkedSo() {
    assertThat(internal(Reminder.class, "sendReminder")).isTrue();
    assertThat(internal(LiveAuction.class, "close")).isTrue();
    assertThat(internal(AiAgent.class, "replied")).isTrue();
    assertThat(internal(SpendingLimit.class, "record")).isTrue(); // only its topic calls it
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
