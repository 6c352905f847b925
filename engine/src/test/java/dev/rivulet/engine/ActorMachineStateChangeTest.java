package dev.rivulet.engine;

import static dev.rivulet.engine.MachineHarness.action;
import static dev.rivulet.engine.MachineHarness.create;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.records.InboxRecord.Mode;
import org.junit.jupiter.api.Test;

/**
 * When {@code onStateChange} runs: after a step changed the state, never for the initial state a
 * new actor starts from, so an actor created by its first action and one created first count the
 * same changes (RivetKit's older clients create, then call; newer ones do both in one request).
 */
class ActorMachineStateChangeTest {
  private final MachineHarness h = new MachineHarness();

  private long changes(Step step) {
    var broadcasts = step.journal().broadcasts();
    return broadcasts == null ? 0 : broadcasts.stream().filter(b -> b.name().equals("changed")).count();
  }

  @Test
  void creatingAnActorIsNotAStateChange() {
    assertThat(changes(h.apply(create(Mode.GET_OR_CREATE, "watched/a", "r1", null)))).isZero();
    assertThat(changes(h.apply(action("watched/a", "r2", "set", "[10]")))).isEqualTo(1);
    assertThat(changes(h.apply(action("watched/a", "r3", "get", "[]")))).isZero();
    assertThat(changes(h.apply(action("watched/a", "r4", "set", "[10]")))).as("same value").isZero();
  }

  @Test
  void anActionThatCreatesTheActorAndChangesItsStateIsOneChange() {
    assertThat(changes(h.apply(action("watched/b", "r1", "set", "[10]")))).isEqualTo(1);
  }

  @Test
  void anActionThatCreatesTheActorWithoutChangingItIsNoChange() {
    assertThat(changes(h.apply(action("watched/c", "r1", "get", "[]")))).isZero();
  }
}
