package dev.rivulet.examples;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Event;
import dev.rivulet.actor.Result;
import dev.rivulet.actor.StoredLog;
import dev.rivulet.actor.UserError;
import java.time.Instant;
import java.util.List;

/**
 * An AI agent with its conversation history. Each user message asks the effect {@value #MODEL}
 * for a completion of the conversation; the effect runs outside the actor (the actor stays free
 * meanwhile), and its answer comes back to the continuation {@code replied}, which appends the
 * assistant's message and broadcasts it. A model that fails reaches the continuation too, as an
 * error: it is kept as the last failure and broadcast as {@code failed}.
 *
 * <p>The conversation is a stored log ({@link StoredLog}): a message costs what it costs, however
 * long the conversation. Every history entry, the user's and the assistant's, is broadcast as
 * {@code message}. The
 * model behind {@value #MODEL} is whatever the server registered: {@link FakeModel} by default,
 * {@link OpenAiCompatibleModel} when {@code RIVULET_MODEL_URL} is set (see {@link
 * ExampleActors#effects()}).
 */
@Actor("aiAgent")
@Event(name = "message", args = AiAgent.Message.class, argNames = "message")
@Event(name = "failed", args = AiAgent.Failure.class, argNames = "failure")
public class AiAgent extends ActorBase<AiAgent.State> {
  /** The effect that completes a conversation: argument, the messages; result, the reply text. */
  public static final String MODEL = "model.complete";

  /** How many messages the agent keeps. */
  public static final int HISTORY = 2_000;

  /** How many of the last messages {@code getHistory} and {@code getState} return. */
  public static final int SHOWN = 200;

  /** The name of the stored log of the conversation. */
  static final String CONVERSATION = "history";

  /** How many of the last messages the model sees. */
  public static final int CONTEXT = 40;

  /** The longest user message, in characters. */
  public static final int MAX_TEXT = 4_000;

  /** A message of the conversation; {@code role} is {@code user} or {@code assistant}. */
  public record Message(String role, String content, Instant at) {}

  /** A model call that failed: the error's {@code group.code} and message. */
  public record Failure(String code, String message, Instant at) {}

  /**
   * The persistent state, besides the conversation (a stored log); and what {@code getState}
   * returns, with the last {@value #SHOWN} messages of it.
   *
   * @param history in the state, empty (in an agent from before the conversation moved to a
   *     stored log: the conversation, moved there by its next message); in {@code getState}'s
   *     answer, the last messages of the conversation, oldest first
   * @param waiting how many replies are still to come
   * @param lastFailure the last failed model call, or null
   */
  public record State(List<Message> history, int waiting, Failure lastFailure) {}

  @Override
  protected State initialState() {
    return new State(List.of(), 0, null);
  }

  /** Adds the user's message and asks the model for a reply; returns the message. */
  @Action
  public Message sendMessage(String text) {
    if (text == null || text.isBlank()) throw new UserError("invalid_message", "text is empty");
    if (text.length() > MAX_TEXT) {
      throw new UserError("invalid_message", "text is longer than " + MAX_TEXT + " characters");
    }
    Message message = new Message("user", text, context().now());
    StoredLog<Message> conversation = conversation();
    append(conversation, message);
    setState(new State(List.of(), state().waiting() + 1, state().lastFailure()));
    broadcast("message", message);
    context().effect(MODEL, conversation.last(CONTEXT)).then("replied");
    return message;
  }

  /** The model's answer, or its failure. */
  @Action(internal = true)
  public void replied(Result result) {
    State s = state();
    if (!result.ok()) {
      Failure failure = new Failure(result.errorCode(), result.message(), context().now());
      setState(new State(s.history(), s.waiting() - 1, failure));
      broadcast("failed", failure);
      return;
    }
    Message reply = new Message("assistant", result.output(String.class), context().now());
    append(conversation(), reply);
    setState(new State(List.of(), s.waiting() - 1, s.lastFailure()));
    broadcast("message", reply);
  }

  /** The conversation's last {@value #SHOWN} messages, oldest first. */
  @Action(readOnly = true)
  public List<Message> getHistory() {
    if (!state().history().isEmpty()) return state().history(); // from before the stored log
    return storedLog(CONVERSATION, Message.class).last(SHOWN);
  }

  /** The conversation's last messages, the replies still to come and the last failure. */
  @Action(readOnly = true)
  public State getState() {
    return new State(getHistory(), state().waiting(), state().lastFailure());
  }

  /** The conversation, with what an agent from before kept in its state moved into it. */
  private StoredLog<Message> conversation() {
    StoredLog<Message> log = storedLog(CONVERSATION, Message.class);
    if (!state().history().isEmpty()) {
      state().history().forEach(log::append);
      setState(new State(List.of(), state().waiting(), state().lastFailure()));
    }
    return log;
  }

  private static void append(StoredLog<Message> conversation, Message message) {
    conversation.append(message);
    conversation.keepLast(HISTORY);
  }
}
