package dev.rivulet.server;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import java.util.List;

/** Actors for the fault tests, besides {@link TestActors} and {@link ModelActors}. */
final class FaultActors {
  private FaultActors() {}

  static final List<Class<? extends ActorBase<?>>> ALL = List.of(Ballast.class);

  /**
   * A counter that carries ballast: each {@code add} also stores {@code padding} characters of
   * its own, so that a steady stream of increments writes megabytes to the state stores (a state
   * directory fills up) while the answers stay a counter's.
   */
  @Actor("ballast")
  public static class Ballast extends ActorBase<Ballast.State> {
    public record State(long total, String padding) {}

    @Override
    protected State initialState() {
      return new State(0, "");
    }

    @Action
    public long add(long amount, int padding) {
      long total = state().total() + amount;
      // Different on every step, so no store or page can keep one copy of it.
      String pad = String.valueOf(total % 10).repeat(Math.max(0, padding));
      setState(new State(total, pad));
      return total;
    }

    @Action(readOnly = true)
    public long total() {
      return state().total();
    }
  }
}
