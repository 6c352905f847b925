package dev.rivulet.actor;

import java.util.List;

/**
 * A map from strings to values kept with the actor, entry by entry: what an action puts or removes
 * costs what those entries cost, however many the map holds. For an actor's per-key data — a
 * document's blocks, a user database's rows, a game's players — where the plain state would be
 * rewritten whole on every action.
 *
 * <pre>{@code
 * @Action public void rename(String id, String name) {
 *   StoredMap<User> users = storedMap("users", User.class);
 *   User user = users.get(id);
 *   if (user == null) throw new UserError("no_such_user", "no user " + id);
 *   users.put(id, new User(id, name));
 * }
 * }</pre>
 *
 * <p>Keys are strings of at most 512 bytes (UTF-8), kept in the order of their code points (the
 * order {@link #entries} pages in). Values are stored as JSON, like the state, each at most the
 * engine's message limit (1 MiB by default). What an action does to the map is kept only when the
 * action succeeds, journaled as the entries it put and removed, and the map is part of the
 * actor's history: its state at a step, a fork and a replay include it. Reading a value gives a
 * fresh copy; a value changed in place is kept as if it was put back (and fails a read-only
 * action, like a change to its state).
 *
 * <p>A view is valid only in the action or hook that asked for it ({@link
 * ActorBase#storedMap}): keep the name, not the view, between actions.
 *
 * @param <V> the type of the values, serializable to and from JSON with Jackson
 */
public interface StoredMap<V> {
  /** An entry of the map. */
  record Entry<V>(String key, V value) {}

  /** The value of {@code key}, or null when the map has none. */
  V get(String key);

  /** Whether the map has a value for {@code key}. */
  boolean containsKey(String key);

  /**
   * Sets the value of {@code key}.
   *
   * @throws IllegalArgumentException when the key or the value is null, or the key is empty or
   *     longer than 512 bytes
   */
  void put(String key, V value);

  /** Removes the value of {@code key}; returns whether there was one. */
  boolean remove(String key);

  /** How many entries the map holds. */
  long size();

  /** Whether the map holds no entry. */
  default boolean isEmpty() {
    return size() == 0;
  }

  /**
   * Up to {@code limit} entries whose keys follow {@code after} (null: from the first), in key
   * order: page through the map by passing the last key of a page as the next one's {@code after}.
   */
  List<Entry<V>> entries(String after, int limit);

  /** Removes every entry. Costs what the entries cost. */
  void clear();
}
