package dev.rivulet.engine;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;

/** Actions with dotted names, as RivetKit's nested actions: {@code calculator.add}. */
@Actor("calc")
public class TestCalc extends ActorBase<TestCalc.State> {
  public record State(long total) {}

  @Override
  protected State initialState() {
    return new State(0);
  }

  @Action(name = "calculator.add")
  public long add(long amount) {
    setState(new State(state().total() + amount));
    return state().total();
  }

  @Action(name = "calculator.total", readOnly = true)
  public long total() {
    return state().total();
  }
}
