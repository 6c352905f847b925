package dev.rivulet.examples;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Event;
import dev.rivulet.actor.UserError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat room: messages are kept (the last {@value #HISTORY}, or as many as the room was created
 * to keep) and broadcast as {@code newMessage} to everyone connected.
 */
@Actor("chatRoom")
@Event(name = "newMessage", args = ChatRoom.Message.class, argNames = "message")
public class ChatRoom extends ActorBase<ChatRoom.State> {
  /** How many messages a room keeps unless it was created with {@link Settings}. */
  public static final int HISTORY = 500;

  /** The most messages a room may be created to keep. */
  public static final int MAX_KEEP = 100_000;

  /** The longest message, in characters. */
  public static final int MAX_TEXT = 2_000;

  /** A message, stamped with the time the room received it. */
  public record Message(String user, String text, Instant at) {}

  /** What a room is created with (the input of its creation): how many messages it keeps. */
  public record Settings(int keep) {}

  /**
   * The persistent state: the last messages, oldest first, and how many the room keeps (0 in a
   * room created before rooms had settings: {@value #HISTORY}).
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
    List<Message> messages = new ArrayList<>(state().messages());
    messages.add(message);
    int keep = state().keep() == 0 ? HISTORY : state().keep();
    if (messages.size() > keep) messages.subList(0, messages.size() - keep).clear();
    setState(new State(List.copyOf(messages), state().keep()));
    broadcast("newMessage", message);
    return message;
  }

  /** The kept messages, oldest first. */
  @Action(readOnly = true)
  public List<Message> getHistory() {
    return state().messages();
  }
}
