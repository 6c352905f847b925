package dev.rivulet.actor;

import java.util.List;

/**
 * An append-only log kept with the actor, entry by entry: what an action appends costs what the
 * entry costs, however long the log is. For the things an actor accumulates — a chat room's
 * messages, an agent's conversation, an account's transactions — where the plain state would be
 * rewritten whole on every action.
 *
 * <pre>{@code
 * @Action public Message sendMessage(String user, String text) {
 *   Message message = new Message(user, text, context().now());
 *   StoredLog<Message> messages = storedLog("messages", Message.class);
 *   messages.append(message);
 *   messages.keepLast(10_000);        // retention: the oldest beyond 10,000 are dropped
 *   broadcast("newMessage", message);
 *   return message;
 * }
 *
 * @Action(readOnly = true) public List<Message> recent(int n) {
 *   return storedLog("messages", Message.class).last(n);
 * }
 * }</pre>
 *
 * <p>Entries are numbered from 1 in the order they were appended; a number is never reused while
 * the actor lives (its {@linkplain ActorContext#generation() generation}). Entries are stored as
 * JSON, like the state, each at most the engine's message limit (1 MiB by default); what an action
 * does to the log is kept only when the action succeeds, journaled as the entries appended and
 * dropped, and the log is part of the actor's history: its state at a step, a fork and a replay
 * include it. Reading an entry gives a fresh copy: change one in place and the action fails (an
 * entry, once appended, does not change).
 *
 * <p>A view is valid only in the action or hook that asked for it ({@link
 * ActorBase#storedLog}): keep the name, not the view, between actions.
 *
 * @param <T> the type of the entries, serializable to and from JSON with Jackson
 */
public interface StoredLog<T> {
  /**
   * Appends {@code entry} at the end of the log.
   *
   * @return its number
   * @throws IllegalArgumentException when the entry is null
   */
  long append(T entry);

  /** The entry numbered {@code number}, or null when it was dropped or not appended yet. */
  T get(long number);

  /** How many entries the log keeps. */
  long size();

  /** Whether the log keeps no entry. */
  default boolean isEmpty() {
    return size() == 0;
  }

  /** The number of the oldest entry kept; when the log is empty, the number the next one gets. */
  long firstNumber();

  /** The number of the newest entry; 0 when nothing was ever appended. */
  long lastNumber();

  /** The last {@code n} entries kept (fewer when the log keeps fewer), oldest first. */
  List<T> last(int n);

  /**
   * Up to {@code limit} entries from the one numbered {@code from} (or the oldest kept, when that
   * one was dropped), oldest first.
   */
  List<T> range(long from, int limit);

  /**
   * The retention: drops the oldest entries until at most {@code n} are kept. Dropping costs what
   * the dropped entries cost, not what the log holds.
   *
   * @throws IllegalArgumentException when {@code n} is negative
   */
  void keepLast(long n);
}
