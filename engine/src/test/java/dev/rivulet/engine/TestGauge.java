package dev.rivulet.engine;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;

/** Floating-point state: a {@code float} field, and a {@code double} that can become NaN. */
@Actor("gauge")
public class TestGauge extends ActorBase<TestGauge.State> {
  public record State(float level, double ratio) {}

  @Override
  protected State initialState() {
    return new State(0f, 0d);
  }

  @Action
  public void setLevel(float level) {
    setState(new State(level, state().ratio()));
  }

  @Action(readOnly = true)
  public float level() {
    return state().level();
  }

  /** 0/0: a value JSON cannot hold. */
  @Action
  public void divideByZero() {
    setState(new State(state().level(), 0d / 0d));
  }
}
