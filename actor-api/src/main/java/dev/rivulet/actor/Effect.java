package dev.rivulet.actor;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Slow or external work an action asks for: an HTTP call, a model call, an email. An effect runs
 * off the actor's thread, after the action that asked for it committed; its result (or its
 * error) comes back to the actor as a continuation action, recorded in the journal, so replaying
 * the actor's history never runs the effect again.
 *
 * <pre>{@code
 * // registered with the server under a name
 * config.effect("model.complete", call -> myModel.complete(call.arg(0, String.class)));
 *
 * // asked for in an action
 * context().effect("model.complete", prompt).then("completed");
 * }</pre>
 *
 * <p>An effect may run more than once (when an engine dies after running it but before recording
 * its result); its result is applied to the actor exactly once. Make effects idempotent where it
 * matters, for example with {@link Call#effectId()} as an idempotency key.
 */
@FunctionalInterface
public interface Effect {
  /**
   * Does the work and returns the result (any JSON-serializable value). A thrown {@link UserError}
   * reaches the continuation with its code; any other exception as an internal error.
   */
  Object run(Call call) throws Exception;

  /** One request for an effect. */
  interface Call {
    /** The effect's registered name. */
    String name();

    /** The actor that asked for it, {@code name/key}. */
    String actorId();

    /** A unique, stable id of this request: the same if the effect runs again. */
    String effectId();

    /** The arguments, as JSON. */
    JsonNode args();

    /** Argument {@code index} converted to {@code type}. */
    <T> T arg(int index, Class<T> type);
  }
}
