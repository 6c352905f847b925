package dev.rivulet.engine;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import java.time.Duration;

/** Schedules: {@code set} one that rings later, {@code cancel} it. */
@Actor("alarm")
public class TestAlarm extends ActorBase<TestAlarm.State> {
  public record State(int rung) {}

  @Override
  protected State initialState() {
    return new State(0);
  }

  @Action
  public String set(long afterMillis) {
    return context().schedule().after(Duration.ofMillis(afterMillis), "ring");
  }

  @Action
  public void cancel(String id) {
    context().schedule().cancel(id);
  }

  @Action(internal = true)
  public void ring() {
    setState(new State(state().rung() + 1));
  }
}
