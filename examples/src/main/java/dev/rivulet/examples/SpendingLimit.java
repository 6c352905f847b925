package dev.rivulet.examples;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Event;
import dev.rivulet.actor.TopicOutput;
import dev.rivulet.actor.TopicSubscription;
import dev.rivulet.actor.UserError;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Stream processing with persistent state: one actor per account keeps a daily spending limit.
 * Card transactions arrive on the Kafka topic {@value #TRANSACTIONS} (JSON, written by whatever
 * system owns them); {@link #subscription()} makes each one a call of {@link #record} on the
 * account it names. The actor adds it to the day's spending (the day of the transaction's
 * timestamp, UTC), pushes the new figures to every dashboard connected to the account (event
 * {@code spent}), and the first time in a day the spending goes over the limit publishes an
 * {@link Alert} to the topic {@value #ALERTS} (keyed by account) and to the dashboards (event
 * {@code alert}). The input offsets, the new state, the journal record and the alert commit in one
 * Kafka transaction: a transaction counts once, an alert is published once.
 *
 * <p>A transaction with a negative or missing amount fails ({@code user.invalid_amount}): it is
 * journaled, changes nothing, and goes to the dead-letter topic; the ones behind it go on.
 */
@Actor("spendingLimit")
@Event(name = "spent", args = SpendingLimit.Spent.class, argNames = "spent")
@Event(name = "alert", args = SpendingLimit.Alert.class, argNames = "alert")
public class SpendingLimit extends ActorBase<SpendingLimit.State> {
  /** The topic of card transactions. */
  public static final String TRANSACTIONS = "transactions";

  /** The topic alerts are published to. */
  public static final String ALERTS = "alerts";

  /** The limit of an account nobody set one for. */
  public static final BigDecimal DEFAULT_LIMIT = new BigDecimal("1000.00");

  /**
   * Transactions become {@link #record} calls on the account in their value, from the topic's
   * first record on. Producers should key them by account too: Kafka keeps the order of one
   * key's records, in one partition; records of one account in several partitions would apply in
   * the order they reach the account's inbox.
   */
  public static TopicSubscription subscription() {
    return TopicSubscription.of(TRANSACTIONS, SpendingLimit.class, "record")
        .keyedBy(Transaction.class, (key, tx) -> tx.account())
        .startingAt(TopicSubscription.Start.EARLIEST);
  }

  /** Alerts are written as JSON. */
  public static TopicOutput alerts() {
    return TopicOutput.json(ALERTS);
  }

  /** A card transaction, as the topic has it. */
  public record Transaction(String id, String account, BigDecimal amount, String merchant) {}

  /** What an alert says: the account went over its limit with this transaction. */
  public record Alert(String account, String transactionId, String day, BigDecimal spent,
      BigDecimal limit) {}

  /** What a dashboard sees after each transaction or limit change. */
  public record Spent(String day, BigDecimal spent, BigDecimal limit, int transactions,
      String lastMerchant) {}

  /** The account's limit and the current day's spending. */
  public record State(BigDecimal limit, String day, BigDecimal spent, int transactions,
      boolean alerted, String lastMerchant) {}

  @Override
  protected State initialState() {
    return new State(DEFAULT_LIMIT, null, BigDecimal.ZERO, 0, false, null);
  }

  /** One transaction of the account, from the topic: counted in its day. */
  @Action(internal = true)
  public BigDecimal record(Transaction tx) {
    if (tx.amount() == null || tx.amount().signum() < 0) {
      throw new UserError("invalid_amount", "transaction " + tx.id() + " has no valid amount");
    }
    String day = LocalDate.ofInstant(context().now(), ZoneOffset.UTC).toString();
    State s = state();
    boolean sameDay = day.equals(s.day());
    BigDecimal spent = (sameDay ? s.spent() : BigDecimal.ZERO).add(tx.amount());
    int count = (sameDay ? s.transactions() : 0) + 1;
    boolean over = spent.compareTo(s.limit()) > 0;
    boolean alertNow = over && !(sameDay && s.alerted());
    State next = new State(s.limit(), day, spent, count, (sameDay && s.alerted()) || over,
        tx.merchant());
    setState(next);
    broadcast("spent", view(next));
    if (alertNow) {
      Alert alert = new Alert(tx.account(), tx.id(), day, spent, s.limit());
      context().publish(ALERTS, tx.account(), alert);
      broadcast("alert", alert);
    }
    return spent;
  }

  /** Sets the daily limit (from the account's owner, over HTTP or a connection). */
  @Action
  public Spent setLimit(BigDecimal limit) {
    if (limit == null || limit.signum() <= 0) {
      throw new UserError("invalid_limit", "the limit must be positive");
    }
    State s = state();
    State next = new State(limit, s.day(), s.spent(), s.transactions(), s.alerted(),
        s.lastMerchant());
    setState(next);
    broadcast("spent", view(next));
    return view(next);
  }

  /** The figures a dashboard shows when it opens. */
  @Action(readOnly = true)
  public Spent overview() {
    return view(state());
  }

  private static Spent view(State s) {
    return new Spent(s.day(), s.spent(), s.limit(), s.transactions(), s.lastMerchant());
  }
}
