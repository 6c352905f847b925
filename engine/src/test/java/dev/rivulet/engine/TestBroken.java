package dev.rivulet.engine;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;

/** An actor that cannot be instantiated: the engine fails before any user action runs. */
@Actor("broken")
public class TestBroken extends ActorBase<TestBroken.State> {
  public record State(int n) {}

  public TestBroken() {
    throw new IllegalStateException("this actor cannot be constructed");
  }

  @Override
  protected State initialState() {
    return new State(0);
  }

  @Action
  public int poke() {
    return 1;
  }
}
