package dev.rivulet.engine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import java.util.concurrent.atomic.AtomicInteger;

/** An actor without connection hooks whose state counts how often it is read from JSON. */
@Actor("tally")
public class TestTally extends ActorBase<TestTally.State> {
  /** How many times a state was made from its JSON (drafts of the stored state). */
  static final AtomicInteger READS = new AtomicInteger();

  public record State(long total) {
    @JsonCreator
    static State read(@JsonProperty("total") long total) {
      READS.incrementAndGet();
      return new State(total);
    }
  }

  @Override
  protected State initialState() {
    return new State(0);
  }

  @Action
  public long add(long amount) {
    setState(new State(state().total() + amount));
    return state().total();
  }
}
