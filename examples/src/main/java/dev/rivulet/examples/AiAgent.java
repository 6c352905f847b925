package dev.rivulet.examples;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Event;
import dev.rivulet.actor.Result;
import dev.rivulet.actor.UserError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An AI agent with its conversation history. Each user message asks the effect {@value #MODEL}
 * for a completion of the conversation; the effect runs outside the actor (the actor stays free
 * meanwhile), and its answer comes back to the continuation {@code replied}, which appends the
 * assistant's message and broadcasts it. A model that fails reaches the continuation too, as an
 * error: it is kept as the last failure and broadcast as {@code failed}.
 *
 * <p>Every history entry, the user's and the assistant's, is broadcast as {@code message}. The
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
  public static final int HISTORY = 200;

  /** How many of the last messages the model sees. */
  public static final int CONTEXT = 40;

  /** The longest user message, in characters. */
  public static final int MAX_TEXT = 4_000;

  /** A message of the conversation; {@code role} is {@code user} or {@code assistant}. */
  public record Message(String role, String content, Instant at) {}

  /** A model call that failed: the error's {@code group.code} and message. */
  public record Failure(String code, String message, Instant at) {}

  /**
   * The persistent state.
   *
   * @param history the conversation, oldest first
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
    List<Message> history = append(state().history(), message);
    setState(new State(history, state().waiting() + 1, state().lastFailure()));
    broadcast("message", message);
    List<Message> prompt = history.subList(Math.max(0, history.size() - CONTEXT), history.size());
    context().effect(MODEL, prompt).then("replied");
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
    setState(new State(append(s.history(), reply), s.waiting() - 1, s.lastFailure()));
    broadcast("message", reply);
  }

  /** The conversation, oldest first. */
  @Action(readOnly = true)
  public List<Message> getHistory() {
    return state().history();
  }

  /** The conversation, the replies still to come and the last failure. */
  @Action(readOnly = true)
  public State getState() {
    return state();
  }

  private static List<Message> append(List<Message> history, Message message) {
    List<Message> next = new ArrayList<>(history);
    next.add(message);
    if (next.size() > HISTORY) next.subList(0, next.size() - HISTORY).clear();
    return List.copyOf(next);
  }
}
