package dev.rivulet.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Event;
import dev.rivulet.actor.ScheduledAction;
import dev.rivulet.actor.UserError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reminders: {@code setReminder(message, delayMs)} puts a durable schedule on the actor; when it
 * is due, the internal action {@code sendReminder} broadcasts {@code reminder} to everyone
 * connected. Pending reminders can be listed and cancelled. Schedules survive restarts: a reminder
 * set before a crash still goes off after it.
 */
@Actor("reminder")
@Event(name = "reminder", args = Reminder.Note.class, argNames = "note")
public class Reminder extends ActorBase<Reminder.State> {
  /** The longest delay accepted: one year. */
  public static final long MAX_DELAY_MS = Duration.ofDays(365).toMillis();

  /** A reminder: its id, its message and when it is due. */
  public record Note(String id, String message, Instant dueAt) {}

  /**
   * The persistent state.
   *
   * @param pending the reminders still to go off, in the order they were set
   * @param sent how many went off
   */
  public record State(List<Note> pending, long sent) {}

  @Override
  protected State initialState() {
    return new State(List.of(), 0);
  }

  /** Sets a reminder {@code delayMs} milliseconds from now; returns it. */
  @Action
  public Note setReminder(String message, long delayMs) {
    if (message == null || message.isBlank()) {
      throw new UserError("invalid_reminder", "the message is empty");
    }
    if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
      throw new UserError("invalid_reminder", "delayMs must be between 0 and " + MAX_DELAY_MS);
    }
    // The record's sequence number makes an id that is unique and the same in every replay.
    String id = "r" + context().sequence();
    Note note = new Note(id, message, context().now().plusMillis(delayMs));
    context().schedule().at(note.dueAt(), "sendReminder", id);
    List<Note> pending = new ArrayList<>(state().pending());
    pending.add(note);
    setState(new State(List.copyOf(pending), state().sent()));
    return note;
  }

  /** Runs when a reminder is due: broadcasts it as {@code reminder} and forgets it. */
  @Action(internal = true)
  public void sendReminder(String id) {
    Note note = find(id);
    if (note == null) return; // cannot happen: cancelling removes the schedule too
    List<Note> pending = new ArrayList<>(state().pending());
    pending.remove(note);
    setState(new State(List.copyOf(pending), state().sent() + 1));
    broadcast("reminder", note);
  }

  /** The reminders still to go off, in the order they were set. */
  @Action(readOnly = true)
  public List<Note> listReminders() {
    return state().pending();
  }

  /** Cancels a pending reminder; returns whether there was one with this id. */
  @Action
  public boolean cancelReminder(String id) {
    Note note = find(id);
    if (note == null) return false;
    for (ScheduledAction s : context().schedule().list()) {
      JsonNode args = s.args();
      if (s.action().equals("sendReminder") && args.path(0).asText().equals(id)) {
        context().schedule().cancel(s.id());
      }
    }
    List<Note> pending = new ArrayList<>(state().pending());
    pending.remove(note);
    setState(new State(List.copyOf(pending), state().sent()));
    return true;
  }

  /** How many reminders went off. */
  @Action(readOnly = true)
  public long sentCount() {
    return state().sent();
  }

  private Note find(String id) {
    for (Note n : state().pending()) if (n.id().equals(id)) return n;
    return null;
  }
}
