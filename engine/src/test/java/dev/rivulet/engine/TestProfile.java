package dev.rivulet.engine;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.UserError;
import java.util.Map;

/** An actor whose initial state comes from an input, {@code createState(Input)}. */
@Actor("profile")
public class TestProfile extends ActorBase<TestProfile.State> {
  public record Input(String name, int age) {}

  public record State(String name, int age, int visits) {}

  protected State createState(Input input) {
    if (input == null) throw new UserError("input_required", "a profile needs a name and an age");
    if (input.age() < 0) {
      throw new UserError("invalid_age", "age must not be negative", Map.of("age", input.age()));
    }
    return new State(input.name(), input.age(), 0);
  }

  @Action
  public int visit() {
    setState(new State(state().name(), state().age(), state().visits() + 1));
    return state().visits();
  }
}
