package dev.rivulet.engine;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;

/** An actor whose {@code onStateChange} broadcasts, so each run shows in the journal. */
@Actor("watched")
public class TestWatched extends ActorBase<TestWatched.State> {
  public record State(long value) {}

  @Override
  protected State initialState() {
    return new State(0);
  }

  @Override
  protected void onStateChange(State newState) {
    broadcast("changed", newState.value());
  }

  @Action
  public long set(long value) {
    setState(new State(value));
    return value;
  }

  @Action(readOnly = true)
  public long get() {
    return state().value();
  }
}
