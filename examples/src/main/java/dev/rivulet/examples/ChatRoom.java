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
 * A chat room: messages are kept (the last {@value #HISTORY}) and broadcast as {@code newMessage}
 * to everyone connected.
 */
@Actor("chatRoom")
@Event(name = "newMessage", args = ChatRoom.Message.class, argNames = "message")
public class ChatRoom extends ActorBase<ChatRoom.State> {
  /** How many messages the room keeps. */
  public static final int HISTORY = 500;

  /** The longest message, in characters. */
  public static final int MAX_TEXT = 2_000;

  /** A message, stamped with the time the room received it. */
  public record Message(String user, String text, Instant at) {}

  /** The persistent state: the last messages, oldest first. */
  public record State(List<Message> messages) {}

  @Override
  protected State initialState() {
    return new State(List.of());
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
    if (messages.size() > HISTORY) messages.subList(0, messages.size() - HISTORY).clear();
    setState(new State(List.copyOf(messages)));
    broadcast("newMessage", message);
    return message;
  }

  /** The kept messages, oldest first. */
  @Action(readOnly = true)
  public List<Message> getHistory() {
    return state().messages();
  }
}
