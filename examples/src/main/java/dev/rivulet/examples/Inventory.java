package dev.rivulet.examples;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A warehouse's stock, one step of the {@link Order} workflow. An order reserves stock, then
 * either commits the reservation (the goods are sold) or releases it (they are available again).
 * Reserving and releasing are idempotent per order, so a retried step changes nothing twice.
 */
@Actor("inventory")
public class Inventory extends ActorBase<Inventory.State> {
  /** One product's stock: free to reserve, held by open orders, sold. */
  public record Stock(long available, long reserved, long sold) {}

  /** Stock held for an order. */
  public record Reservation(String orderId, String sku, long quantity) {}

  /** The persistent state: stock by SKU, open reservations by order. */
  public record State(Map<String, Stock> stock, Map<String, Reservation> reservations) {}

  private static final Stock NONE = new Stock(0, 0, 0);

  @Override
  protected State initialState() {
    return new State(Map.of(), Map.of());
  }

  /** Adds {@code quantity} units of {@code sku}; returns its stock. */
  @Action
  public Stock restock(String sku, long quantity) {
    if (sku == null || sku.isBlank()) throw new UserError("invalid_sku", "sku is empty");
    if (quantity < 1) throw new UserError("invalid_quantity", "quantity must be at least 1");
    Stock s = stock(sku);
    return put(sku, new Stock(s.available() + quantity, s.reserved(), s.sold()), null, null);
  }

  /**
   * Holds {@code quantity} units of {@code sku} for {@code orderId}; fails with {@code
   * user.out_of_stock} (metadata: what is available) when there are not enough.
   */
  @Action
  public Reservation reserve(String orderId, String sku, long quantity) {
    Reservation existing = state().reservations().get(orderId);
    if (existing != null) return existing; // the same order asking again
    if (quantity < 1) throw new UserError("invalid_quantity", "quantity must be at least 1");
    Stock s = stock(sku);
    if (s.available() < quantity) {
      throw new UserError("out_of_stock", "only " + s.available() + " of " + sku + " available",
          Map.of("available", s.available()));
    }
    Reservation r = new Reservation(orderId, sku, quantity);
    put(sku, new Stock(s.available() - quantity, s.reserved() + quantity, s.sold()), orderId, r);
    return r;
  }

  /** The order went through: its reserved units are sold. Returns whether it had any. */
  @Action
  public boolean commit(String orderId) {
    Reservation r = state().reservations().get(orderId);
    if (r == null) return false;
    Stock s = stock(r.sku());
    put(r.sku(), new Stock(s.available(), s.reserved() - r.quantity(), s.sold() + r.quantity()),
        orderId, null);
    return true;
  }

  /** The order failed: its reserved units are available again. Returns whether it had any. */
  @Action
  public boolean release(String orderId) {
    Reservation r = state().reservations().get(orderId);
    if (r == null) return false;
    Stock s = stock(r.sku());
    put(r.sku(), new Stock(s.available() + r.quantity(), s.reserved() - r.quantity(), s.sold()),
        orderId, null);
    return true;
  }

  /** The stock of {@code sku} (all zero when unknown). */
  @Action(readOnly = true)
  public Stock getStock(String sku) {
    return stock(sku);
  }

  /** The open reservations, oldest first. */
  @Action(readOnly = true)
  public List<Reservation> getReservations() {
    return List.copyOf(state().reservations().values());
  }

  private Stock stock(String sku) {
    return state().stock().getOrDefault(sku, NONE);
  }

  /** Stores {@code stock} for {@code sku} and sets (or, when null, removes) a reservation. */
  private Stock put(String sku, Stock stock, String orderId, Reservation reservation) {
    Map<String, Stock> all = new LinkedHashMap<>(state().stock());
    all.put(sku, stock);
    Map<String, Reservation> reservations = new LinkedHashMap<>(state().reservations());
    if (orderId != null) {
      if (reservation == null) reservations.remove(orderId);
      else reservations.put(orderId, reservation);
    }
    setState(new State(all, reservations));
    return stock;
  }
}
