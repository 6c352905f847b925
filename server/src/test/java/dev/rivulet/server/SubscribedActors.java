package dev.rivulet.server;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.TopicOutput;
import dev.rivulet.actor.TopicSubscription;
import dev.rivulet.actor.UserError;
import dev.rivulet.engine.Engine;
import dev.rivulet.engine.EngineConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * An actor fed by a topic of entries and publishing one total per entry, for the tests of
 * subscriptions and outputs; and {@link #main}, an engine running it in a JVM of its own, to be
 * killed.
 */
public final class SubscribedActors {
  private SubscribedActors() {}

  /** One entry of an account's ledger: the n-th of its account (from 1), and an amount. */
  public record Entry(String account, long n, long amount) {}

  /** What the account publishes for each entry: the entry's number and the total after it. */
  public record Total(String account, long n, long total) {}

  /**
   * The records of {@code in} (JSON entries, keyed by account) become {@link Account#entry}; each
   * publishes a {@link Total} to {@code out}.
   */
  public static EngineConfig subscribe(EngineConfig config, String in, String out) {
    return config.subscribe(subscription(in)).output(TopicOutput.json(out));
  }

  /** The subscription of {@code in}, keyed by the entry's account. */
  public static TopicSubscription subscription(String in) {
    return TopicSubscription.of(in, Account.class, "entry")
        .keyedBy(Entry.class, (key, entry) -> entry.account());
  }

  /** The topic {@link Account} publishes to: each test sets its own (topics are global). */
  private static volatile String totals = "totals";

  /** Makes {@link Account} publish to {@code topic}, which the engine must declare as output. */
  public static void publishTo(String topic) {
    totals = topic;
  }

  /**
   * Counts and sums its entries and notes any that came out of order; publishes each total. An
   * entry with a negative amount fails, changing nothing.
   */
  @Actor("account")
  public static class Account extends ActorBase<Account.State> {
    public record State(long entries, long total, long lastN, long outOfOrder) {}

    @Override
    protected State initialState() {
      return new State(0, 0, 0, 0);
    }

    @Action(internal = true)
    public long entry(Entry entry) {
      if (entry.amount() < 0) {
        context().publish(totals, entry.account(), "never published: the action fails");
        throw new UserError("negative_amount", "entry " + entry.n() + " has a negative amount");
      }
      State s = state();
      long outOfOrder = s.outOfOrder() + (entry.n() == s.lastN() + 1 ? 0 : 1);
      State next = new State(s.entries() + 1, s.total() + entry.amount(), entry.n(), outOfOrder);
      setState(next);
      context().publish(totals, entry.account(), new Total(entry.account(), entry.n(),
          next.total()));
      return next.total();
    }

    @Action(readOnly = true)
    public State summary() {
      return state();
    }
  }

  /**
   * An engine running {@link Account} fed by a topic, in a JVM of its own: {@code bootstrap app
   * stateDir partitions in out}. Prints {@value #RUNNING} once it runs; runs until killed.
   */
  public static void main(String[] args) throws InterruptedException {
    publishTo(args[5]);
    EngineConfig config = subscribe(new EngineConfig().bootstrapServers(args[0])
        .application(args[1]).stateDir(Path.of(args[2])).partitions(Integer.parseInt(args[3])),
        args[4], args[5]);
    Engine engine = Engine.start(config, List.of(Account.class));
    System.out.println(RUNNING + " " + engine.instanceId());
    new CountDownLatch(1).await();
  }

  /** What {@link #main} prints once its engine runs. */
  static final String RUNNING = "subscribed engine running";
}
