package dev.rivulet.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.internal.Json;

/**
 * What a call to another actor, or an effect, came back with: an output, or an error. A
 * continuation action receives it as its first argument:
 *
 * <pre>{@code
 * @Action(internal = true)
 * public void reserved(Result result, String orderId) {
 *   if (!result.ok()) { fail(orderId, result.message()); return; }
 *   long left = result.output(Long.class);
 *   ...
 * }
 * }</pre>
 *
 * @param ok whether it succeeded
 * @param output the output when it succeeded (JSON null for none)
 * @param group the error's group when it failed
 * @param code the error's code when it failed
 * @param message the error's message when it failed
 */
public record Result(boolean ok, JsonNode output, String group, String code, String message) {
  /** The output converted to {@code type}; throws {@link IllegalStateException} on a failure. */
  public <T> T output(Class<T> type) {
    if (!ok) throw new IllegalStateException("the result is an error: " + errorCode() + ": " + message);
    try {
      return Json.mapper().treeToValue(output, type);
    } catch (Exception e) {
      throw new IllegalArgumentException("the output " + output + " does not fit " + type.getName(), e);
    }
  }

  /** {@code group.code} of the error, or null when it succeeded. */
  public String errorCode() {
    return ok ? null : group + "." + code;
  }
}
