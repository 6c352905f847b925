package dev.rivulet.examples;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Event;
import dev.rivulet.actor.UserError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A live auction: bids are broadcast as {@code newBid} to everyone watching, a bid must beat the
 * current one, and the auction closes at the time it was created with. A durable schedule closes
 * it (broadcasting {@code closed}), and every bid from that time on is refused, even one that
 * reaches the auction before the schedule does.
 *
 * <p>Create it with an input: {@code PUT /api/actors/liveAuction/lamp} with body {@code
 * {"item":"Brass lamp","closesAt":"2030-01-01T12:00:00Z"}}.
 */
@Actor("liveAuction")
@Event(name = "newBid", args = LiveAuction.Bid.class, argNames = "bid")
@Event(name = "closed", args = LiveAuction.Outcome.class, argNames = "outcome")
public class LiveAuction extends ActorBase<LiveAuction.State> {
  /** What an auction is created with. */
  public record Input(String item, Instant closesAt) {}

  /** A bid, stamped with the time the auction received it. */
  public record Bid(String bidder, long amount, Instant at) {}

  /** What {@code closed} announces: the winning bid, null when nobody bid. */
  public record Outcome(String item, Bid winner, Instant closedAt) {}

  /**
   * The persistent state.
   *
   * @param bids the accepted bids, oldest first; the last one is the highest
   * @param closed whether the closing schedule ran
   */
  public record State(String item, Instant closesAt, List<Bid> bids, boolean closed) {
    /** The highest bid, or null. */
    public Bid highest() {
      return bids.isEmpty() ? null : bids.get(bids.size() - 1);
    }
  }

  /** An auction needs an item and a closing time: there is no default for either. */
  protected State createState(Input input) {
    if (input == null || input.item() == null || input.item().isBlank()) {
      throw new UserError("invalid_input", "an auction is created with an item to sell");
    }
    if (input.closesAt() == null) {
      throw new UserError("invalid_input", "an auction is created with its closing time, closesAt");
    }
    return new State(input.item(), input.closesAt(), List.of(), false);
  }

  @Override
  protected void onCreate() {
    context().schedule().at(state().closesAt(), "close");
  }

  /**
   * Places a bid; it must be higher than the current one and arrive before the closing time.
   * Fails with {@code user.auction_closed} or {@code user.bid_too_low} (metadata: the current
   * amount).
   */
  @Action
  public Bid placeBid(String bidder, long amount) {
    if (bidder == null || bidder.isBlank()) throw new UserError("invalid_bid", "bidder is empty");
    State s = state();
    if (s.closed() || !context().now().isBefore(s.closesAt())) {
      throw new UserError("auction_closed", "the auction of " + s.item() + " closed at "
          + s.closesAt());
    }
    Bid highest = s.highest();
    if (amount <= (highest == null ? 0 : highest.amount())) {
      long current = highest == null ? 0 : highest.amount();
      throw new UserError("bid_too_low", "a bid must be higher than " + current,
          Map.of("currentBid", current));
    }
    Bid bid = new Bid(bidder, amount, context().now());
    List<Bid> bids = new ArrayList<>(s.bids());
    bids.add(bid);
    setState(new State(s.item(), s.closesAt(), List.copyOf(bids), false));
    broadcast("newBid", bid);
    return bid;
  }

  /** Runs from the schedule set at creation: closes the auction and announces the winner. */
  @Action(internal = true)
  public void close() {
    State s = state();
    setState(new State(s.item(), s.closesAt(), s.bids(), true));
    broadcast("closed", new Outcome(s.item(), s.highest(), context().now()));
  }

  /** The whole auction: item, closing time, bids, whether it closed. */
  @Action(readOnly = true)
  public State getState() {
    return state();
  }
}
