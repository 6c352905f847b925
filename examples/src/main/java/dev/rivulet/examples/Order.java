package dev.rivulet.examples;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Event;
import dev.rivulet.actor.Result;
import dev.rivulet.actor.UserError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An order, a workflow across three actors: {@code placeOrder} reserves the goods on {@link
 * Inventory}, then charges the customer on {@link Payment}. If the charge fails, the order
 * compensates: it releases the reservation, and ends {@code CANCELLED}. Each step is a call to
 * another actor whose result comes back to a continuation of this one; nothing waits, and every
 * step is in the order's journal. Each change of status is broadcast as {@code status}.
 *
 * <pre>
 * NEW → RESERVING → CHARGING → COMPLETED
 *           ↓           ↓
 *       REJECTED    RELEASING → CANCELLED
 * </pre>
 *
 * The order's key is its id; the inventory and the payment actors are the ones under the key
 * {@value #INVENTORY} and {@value #PAYMENT}.
 */
@Actor("order")
@Event(name = "status", args = Order.State.class, argNames = "order")
public class Order extends ActorBase<Order.State> {
  /** The key of the inventory actor orders reserve from. */
  public static final String INVENTORY = "main";

  /** The key of the payment actor orders charge. */
  public static final String PAYMENT = "main";

  /** How long an order waits before trying again to release its reservation. */
  public static final Duration RELEASE_RETRY = Duration.ofSeconds(1);

  /** Where an order is. */
  public enum Status { NEW, RESERVING, CHARGING, COMPLETED, REJECTED, RELEASING, CANCELLED }

  /**
   * The persistent state.
   *
   * @param amount the price in cents
   * @param chargeId the payment's charge, once charged
   * @param failure why the order was rejected or cancelled: {@code group.code: message}
   * @param trail every status the order went through, in order
   */
  public record State(String orderId, Status status, String account, String sku, long quantity,
      long amount, String chargeId, String failure, List<Status> trail) {

    State to(Status next) {
      List<Status> t = new ArrayList<>(trail);
      t.add(next);
      return new State(orderId, next, account, sku, quantity, amount, chargeId, failure,
          List.copyOf(t));
    }

    State failed(Status next, Result result) {
      State s = to(next);
      return new State(orderId, next, account, sku, quantity, amount, chargeId,
          result.errorCode() + ": " + result.message(), s.trail());
    }
  }

  @Override
  protected State initialState() {
    String id = context().key().get(0);
    return new State(id, Status.NEW, null, null, 0, 0, null, null, List.of(Status.NEW));
  }

  /**
   * Places the order: {@code quantity} units of {@code sku} for {@code amount} cents, paid by
   * {@code account}. Returns at once, with status {@code RESERVING}; follow the {@code status}
   * events or {@code getOrder} for the rest. Fails with {@code user.already_placed} the second
   * time.
   */
  @Action
  public State placeOrder(String account, String sku, long quantity, long amount) {
    if (state().status() != Status.NEW) {
      throw new UserError("already_placed", "order " + state().orderId() + " is "
          + state().status());
    }
    if (account == null || account.isBlank() || sku == null || sku.isBlank()) {
      throw new UserError("invalid_order", "account and sku are required");
    }
    if (quantity < 1 || amount < 0) {
      throw new UserError("invalid_order", "quantity must be positive and amount not negative");
    }
    State s = state();
    State placed = new State(s.orderId(), Status.NEW, account, sku, quantity, amount, null, null,
        s.trail()).to(Status.RESERVING);
    update(placed);
    context().actor("inventory", INVENTORY).call("reserve", s.orderId(), sku, quantity)
        .then("reserved");
    return placed;
  }

  /** Inventory answered: charge the customer, or reject the order. */
  @Action(internal = true)
  public void reserved(Result result) {
    State s = state();
    if (!result.ok()) {
      update(s.failed(Status.REJECTED, result));
      return;
    }
    update(s.to(Status.CHARGING));
    context().actor("payment", PAYMENT).call("charge", s.orderId(), s.account(), s.amount())
        .then("charged");
  }

  /** Payment answered: complete the order, or compensate by releasing the reservation. */
  @Action(internal = true)
  public void charged(Result result) {
    State s = state();
    if (!result.ok()) {
      update(s.failed(Status.RELEASING, result));
      release();
      return;
    }
    String chargeId = result.output().path("chargeId").asText();
    State done = s.to(Status.COMPLETED);
    update(new State(done.orderId(), done.status(), done.account(), done.sku(), done.quantity(),
        done.amount(), chargeId, null, done.trail()));
    context().actor("inventory", INVENTORY).send("commit", s.orderId());
  }

  /** Inventory released the reservation: the order is cancelled; on an error, try again. */
  @Action(internal = true)
  public void released(Result result) {
    if (!result.ok()) {
      context().schedule().after(RELEASE_RETRY, "retryRelease");
      return;
    }
    update(state().to(Status.CANCELLED));
  }

  /** Runs from the schedule when releasing failed. */
  @Action(internal = true)
  public void retryRelease() {
    if (state().status() == Status.RELEASING) release();
  }

  /** The order: its status, what it is for, and every status it went through. */
  @Action(readOnly = true)
  public State getOrder() {
    return state();
  }

  private void release() {
    context().actor("inventory", INVENTORY).call("release", state().orderId()).then("released");
  }

  private void update(State next) {
    setState(next);
    broadcast("status", next);
  }
}
