package dev.rivulet.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.Effect;

/**
 * A stand-in for a language model, registered as {@value AiAgent#MODEL} unless a real one is
 * configured: it answers from the conversation alone, the same answer every time, with no network
 * and no cost. For the messages {@code [{"role":"user","content":"hi"}]} it answers {@code You
 * said "hi". That is message 1 of this conversation.}
 */
public final class FakeModel implements Effect {
  @Override
  public Object run(Call call) {
    return answer(call.args().path(0));
  }

  /** The answer to {@code messages}, a JSON array of {@code {role, content}} objects. */
  public static String answer(JsonNode messages) {
    String last = null;
    int fromUser = 0;
    for (JsonNode m : messages) {
      if (m.path("role").asText().equals("user")) {
        fromUser++;
        last = m.path("content").asText();
      }
    }
    if (last == null) return "Say something and I will answer.";
    return "You said \"" + last + "\". That is message " + fromUser + " of this conversation.";
  }
}
