package dev.rivulet.examples;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Event;
import dev.rivulet.actor.StoredLog;
import dev.rivulet.actor.UserError;
import java.time.Instant;
import java.util.List;

/**
 * A chat room: messages are kept (the last {@value #HISTORY}, or as many as the room was created
 * to keep) and broadcast as {@code newMessage} to everyone connected.
 *
 * <p>The messages are a stored log ({@link StoredLog}), not part of the state: posting one costs
 * what the message costs, however many the room keeps. The state is the room's settings.
 */
@Actor("chatRoom")
@Event(name = "newMessage", args = ChatRoom.Message.class, argNames = "message")
public class ChatRoom extends ActorBase<ChatRoom.State> {
  /** How many messages a room keeps unless it was created with {@link Settings}. */
  public static final int HISTORY = 500;

  /**
   * The most messages a room may be created to keep. The engine bounds what an actor's stored
   * logs hold (8 MiB by default): 50,000 messages of about 100 characters, fewer long ones.
   */
  public static final int MAX_KEEP = 100_000;

  /** The longest message, in characters. */
  public static final int MAX_TEXT = 2_000;

  /** The name of the room's stored log of messages. */
  static final String MESSAGES = "messages";

  /** A message, stamped with the time the room received it. */
  public record Message(String user, String text, Instant at) {}

  /** What a room is created with (the input of its creation): how many messages it keeps. */
  public record Settings(int keep) {}

  /**
   * The persistent state: how many messages the room keeps (0 in a room created before rooms had
   * settings: {@value #HISTORY}); and, in a room from before its messages moved to a stored log,
   * those messages, moved there by its next message (empty in every other room).
   */
  public record State(List<Message> messages, int keep) {}

  @Override
  protected State initialState() {
    return new State(List.of(), HISTORY);
  }

  /** A room keeping the last {@code settings.keep()} messages, from 1 to {@value #MAX_KEEP}. */
  protected State createState(Settings settings) {
    if (settings.keep() < 1 || settings.keep() > MAX_KEEP) {
      throw new UserError("invalid_settings", "keep must be from 1 to " + MAX_KEEP + ", got "
          + settings.keep());
    }
    return new State(List.of(), settings.keep());
  }

  /** Posts a message; fails with {@code user.invalid_message} when the user or text is empty. */
  @Action
  public Message sendMessage(String user, String text) {
    if (user == null || user.isBlank()) throw new UserError("invalid_message", "user is empty");
    if (text == null || text.isBlank()) throw new UserError("invalid_message", "text is empty");
    if (text.length() > MAX_TEXT) {
      throw new UserError("invalid_message", "text is longer than " + MAX_TEXT + " characters");
    }
    Message message = new Message(user, text, context().now());
    StoredLog<Message> messages = storedLog(MESSAGES, Message.class);
    if (!state().messages().isEmpty()) { // a room from before: its messages move to the log
      state().messages().forEach(messages::append);
      setState(new State(List.of(), state().keep()));
    }
    messages.append(message);
    messages.keepLast(state().keep() == 0 ? HISTORY : state().keep());
    broadcast("newMessage", message);
    return message;
  }

  /** The kept messages, oldest first: the last {@value #HISTORY} of them at most. */
  @Action(readOnly = true)
  public List<Message> getHistory() {
    if (!state().messages().isEmpty()) return state().messages();
    return storedLog(MESSAGES, Message.class).last(HISTORY);
  }
}
