package dev.rivulet.server;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Event;

/**
 * The actor a {@link WarmUp} calls: a count that every call changes and broadcasts, so that a
 * call runs what a user's call runs (a state change, its journal record, an event to connected
 * clients, a reply). It lives only in the warm-up's own throwaway application.
 */
@Actor("warm-up")
@Event(name = "counted", args = long.class, argNames = "count")
public class WarmUpActor extends ActorBase<WarmUpActor.State> {
  /** The persistent state. */
  public record State(long count) {}

  @Override
  protected State initialState() {
    return new State(0);
  }

  /** Adds {@code amount}, broadcasts the new count as {@code counted} and returns it. */
  @Action
  public long add(long amount) {
    State next = new State(state().count() + amount);
    setState(next);
    broadcast("counted", next.count());
    return next.count();
  }
}
