package dev.rivulet.engine;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import java.math.BigDecimal;

/** Money in a {@link BigDecimal}: exact decimals must stay exact across records. */
@Actor("ledger")
public class TestLedger extends ActorBase<TestLedger.State> {
  public record State(BigDecimal balance) {}

  @Override
  protected State initialState() {
    return new State(BigDecimal.ZERO);
  }

  @Action
  public BigDecimal deposit(BigDecimal amount) {
    setState(new State(state().balance().add(amount)));
    return state().balance();
  }

  @Action(readOnly = true)
  public BigDecimal balance() {
    return state().balance();
  }
}
