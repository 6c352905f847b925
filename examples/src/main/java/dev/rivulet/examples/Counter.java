package dev.rivulet.examples;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Event;

/** A counter: the smallest useful actor. Every increment is broadcast as {@code newCount}. */
@Actor("counter")
@Event(name = "newCount", args = long.class, argNames = "count")
public class Counter extends ActorBase<Counter.State> implements CounterApi {
  /** The persistent state. */
  public record State(long count) {}

  @Override
  protected State initialState() {
    return new State(0);
  }

  @Action
  @Override
  public long increment(long amount) {
    State next = new State(state().count() + amount);
    setState(next);
    broadcast("newCount", next.count());
    return next.count();
  }

  @Action(readOnly = true)
  @Override
  public long getCount() {
    return state().count();
  }
}
