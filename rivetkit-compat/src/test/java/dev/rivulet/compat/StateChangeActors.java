package dev.rivulet.compat;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;

/**
 * Ports of the driver suite's state changes: {@code actor-onstatechange.ts}; see {@link
 * DriverSuiteActors}.
 */
public final class StateChangeActors {
  private StateChangeActors() {}

  // ------------------------------------------------------------------ actor-onstatechange.ts

  /** {@code onStateChangeActor}: counts state changes in its vars. */
  @Actor("onStateChangeActor")
  public static class OnStateChangeActor extends ActorBase<OnStateChangeActor.State> {
    public record State(long value) {}

    private long changeCount;

    @Override
    protected State initialState() {
      return new State(0);
    }

    @Override
    protected void onStateChange(State newState) {
      changeCount++;
    }

    @Action
    public long setValue(long newValue) {
      setState(new State(newValue));
      return newValue;
    }

    @Action
    public long incrementMultiple(long times) {
      long v = state().value();
      for (long i = 0; i < times; i++) setState(new State(++v));
      return v;
    }

    @Action(readOnly = true)
    public long getValue() {
      return state().value();
    }

    @Action(readOnly = true)
    public long getDoubled() {
      return state().value() * 2;
    }

    @Action(readOnly = true)
    public long getChangeCount() {
      return changeCount;
    }

    @Action(readOnly = true)
    public void resetChangeCount() {
      changeCount = 0;
    }
  }
}
