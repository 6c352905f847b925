package dev.rivulet.bench;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.TopicOutput;
import dev.rivulet.actor.TopicSubscription;

/**
 * The subscription figure's actor: the bare pipeline's read-modify-write as an actor fed by a
 * topic. Each record of {@value #IN} ({@code {"id":n,"amount":a}}, keyed by counter) adds its
 * amount to the counter of its key and publishes {@code {"id":n,"count":c}} to {@value #OUT}, as
 * {@link BarePipeline}'s processor writes its output record.
 */
@Actor("benchTally")
public class BenchTally extends ActorBase<BenchTally.State> {
  static final String IN = "bench-subscription.in";
  static final String OUT = "bench-subscription.out";

  public record State(long count) {}

  public record Amount(long id, long amount) {}

  public record Counted(long id, long count) {}

  /** The records of {@value #IN} become {@link #add}, keyed by the record key. */
  static TopicSubscription subscription() {
    return TopicSubscription.of(IN, BenchTally.class, "add");
  }

  static TopicOutput output() {
    return TopicOutput.json(OUT);
  }

  @Override
  protected State initialState() {
    return new State(0);
  }

  @Action(internal = true)
  public long add(Amount amount) {
    long count = state().count() + amount.amount();
    setState(new State(count));
    context().publish(OUT, context().key().get(0), new Counted(amount.id(), count));
    return count;
  }
}
