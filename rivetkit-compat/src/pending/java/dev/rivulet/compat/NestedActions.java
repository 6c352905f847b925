package dev.rivulet.compat;

// NOT COMPILED YET: Rivulet's action names are 1 to 64 characters of [A-Za-z0-9_-], so the dotted
// names of RivetKit's nested actions (calculator.add) cannot be declared; registering this actor
// fails with "action name must be 1 to 64 characters of [A-Za-z0-9_-]". When actor-api accepts
// dots in action names, move this class into DriverSuiteActors and add it to ALL.

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
