package dev.rivulet.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.internal.ActorType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every ported fixture registers as Rivulet registers actors (without node or a stack): the raw
 * WebSocket actors handle raw sockets, the nested action actor's dotted names are its actions.
 */
class DriverSuiteActorsTest {
  @Test
  void everyFixtureRegistersUnderItsDriverSuiteName() {
    List<String> names = new ArrayList<>();
    for (Class<? extends ActorBase<?>> cls : DriverSuiteActors.ALL) {
      names.add(ActorType.of(cls).name());
    }
    assertThat(names).doesNotHaveDuplicates().contains("rawWebSocketActor",
        "rawWebSocketBinaryActor", "nestedActionActor");
  }

  @Test
  void theRawWebSocketAndNestedActionFixturesHaveWhatTheirCasesCall() {
    assertThat(ActorType.of(RawWebSocketActors.RawWebSocketActor.class).hooks()
        .handlesWebSockets()).isTrue();
    assertThat(ActorType.of(RawWebSocketActors.RawWebSocketBinaryActor.class).hooks()
        .handlesWebSockets()).isTrue();
    assertThat(ActorType.of(NestedActions.NestedActionActor.class).actions())
        .containsOnlyKeys("calculator.add", "calculator.read");
  }
}
