package dev.rivulet.compat;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;

/** Port of action-types.ts's {@code nestedActionActor}. */
public final class NestedActions {
  private NestedActions() {}

  /** {@code nestedActionActor}: actions with dotted names, {@code calculator.add}. */
  @Actor("nestedActionActor")
  public static class NestedActionActor extends ActorBase<NestedActionActor.State> {
    public record State(long total) {}

    @Override
    protected State initialState() {
      return new State(0);
    }

    @Action(name = "calculator.add")
    public long add(long amount) {
      long next = state().total() + amount;
      setState(new State(next));
      return next;
    }

    @Action(name = "calculator.read", readOnly = true)
    public long read() {
      return state().total();
    }
  }
}
