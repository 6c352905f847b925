package dev.rivulet.engine;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.UserError;
import java.util.Map;

/**
 * An account's spending, fed by a topic of payments: publishes an alert to the {@code alerts}
 * output once it spent more than 100, fails on a negative payment (after publishing, which must
 * not survive), and takes raw bytes on a second action.
 */
@Actor("spending")
public class TestSpending extends ActorBase<TestSpending.State> {
  public record State(long spent, long payments) {}

  public record Payment(String account, long amount) {}

  public record Alert(String account, long spent) {}

  @Override
  protected State initialState() {
    return new State(0, 0);
  }

  @Action(internal = true)
  public long pay(Payment payment) {
    if (payment.amount() < 0) {
      context().publish("alerts", payment.account(), Map.of("never", true));
      throw new UserError("negative_amount", "a payment of " + payment.amount());
    }
    State next = new State(state().spent() + payment.amount(), state().payments() + 1);
    setState(next);
    if (next.spent() > 100) {
      context().publish("alerts", context().key().get(0),
          new Alert(context().key().get(0), next.spent()));
    }
    return next.spent();
  }

  @Action(internal = true)
  public int raw(byte[] data) {
    setState(new State(state().spent(), state().payments() + 1));
    context().publish("audit", null, data);
    return data == null ? -1 : data.length;
  }

  @Action(readOnly = true)
  public long spent() {
    return state().spent();
  }

  /** Publishes from a read-only action: refused. */
  @Action(readOnly = true)
  public void sneakyPublish() {
    context().publish("alerts", "x", 1);
  }

  /** Publishes to a topic that is not an output. */
  @Action
  public void publishElsewhere() {
    context().publish("elsewhere", "x", 1);
  }
}
