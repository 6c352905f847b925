package dev.rivulet.examples;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.UserError;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Accounts and the charges made to them, one step of the {@link Order} workflow. A charge is
 * made once per order: charging the same order again returns the first charge. Amounts are in
 * cents.
 */
@Actor("payment")
public class Payment extends ActorBase<Payment.State> {
  /** A charge made for an order. */
  public record Charge(String chargeId, String orderId, String account, long amount, Instant at) {}

  /** The persistent state: balances by account, charges by order. */
  public record State(Map<String, Long> balances, Map<String, Charge> charges) {}

  @Override
  protected State initialState() {
    return new State(Map.of(), Map.of());
  }

  /** Adds {@code amount} to {@code account}; returns the new balance. */
  @Action
  public long deposit(String account, long amount) {
    if (account == null || account.isBlank()) throw new UserError("invalid_account", "account is empty");
    if (amount < 1) throw new UserError("invalid_amount", "amount must be at least 1");
    long balance = balance(account) + amount;
    Map<String, Long> balances = new LinkedHashMap<>(state().balances());
    balances.put(account, balance);
    setState(new State(balances, state().charges()));
    return balance;
  }

  /**
   * Charges {@code amount} to {@code account} for {@code orderId}; fails with {@code
   * user.insufficient_funds} (metadata: the balance) when the account has less.
   */
  @Action
  public Charge charge(String orderId, String account, long amount) {
    Charge existing = state().charges().get(orderId);
    if (existing != null) return existing; // the same order asking again
    if (amount < 0) throw new UserError("invalid_amount", "amount must not be negative");
    long balance = balance(account);
    if (balance < amount) {
      throw new UserError("insufficient_funds", account + " has " + balance + ", needs " + amount,
          Map.of("balance", balance));
    }
    Charge charge = new Charge("ch" + context().sequence(), orderId, account, amount,
        context().now());
    Map<String, Long> balances = new LinkedHashMap<>(state().balances());
    balances.put(account, balance - amount);
    Map<String, Charge> charges = new LinkedHashMap<>(state().charges());
    charges.put(orderId, charge);
    setState(new State(balances, charges));
    return charge;
  }

  /** The balance of {@code account} (0 when unknown). */
  @Action(readOnly = true)
  public long getBalance(String account) {
    return balance(account);
  }

  /** The charge made for {@code orderId}, if any. */
  @Action(readOnly = true)
  public Optional<Charge> getCharge(String orderId) {
    return Optional.ofNullable(state().charges().get(orderId));
  }

  private long balance(String account) {
    return state().balances().getOrDefault(account, 0L);
  }
}
