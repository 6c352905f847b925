package dev.rivulet.engine;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import java.util.ArrayList;
import java.util.List;

/** A list used as a queue: appended at the back, taken from the front. */
@Actor("queue")
public class TestQueue extends ActorBase<TestQueue.State> {
  public record State(List<Integer> items) {}

  @Override
  protected State initialState() {
    return new State(List.of());
  }

  /** Appends {@code count} digits, 0 to 9 in turn. */
  @Action
  public int fill(int count) {
    List<Integer> items = new ArrayList<>(state().items());
    for (int i = 0; i < count; i++) items.add(items.size() % 10);
    setState(new State(items));
    return items.size();
  }

  @Action
  public int pop() {
    List<Integer> items = new ArrayList<>(state().items());
    items.remove(0);
    setState(new State(items));
    return items.size();
  }
}
