package dev.rivulet.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An error answered by Rivulet: a stable {@link #group()} and {@link #code()} for programs, a
 * message for people, and optional {@link #metadata()}. Errors thrown by actions with {@code
 * UserError} have the group {@code user}.
 */
public class ActorError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String group;
  private final String code;
  private final transient JsonNode metadata;

  public ActorError(String group, String code, String message, JsonNode metadata) {
    super(message);
    this.group = group;
    this.code = code;
    this.metadata = metadata;
  }

  /** The error's group: {@code actor}, {@code user}, {@code request}, {@code message}, ... */
  public String group() {
    return group;
  }

  /** The error's code within its group, for example {@code not_found}. */
  public String code() {
    return code;
  }

  /** {@code group.code}, for example {@code actor.not_found}. */
  public String qualifiedCode() {
    return group + "." + code;
  }

  /** Extra details, or null. */
  public JsonNode metadata() {
    return metadata;
  }

  @Override
  public String toString() {
    return "ActorError[" + qualifiedCode() + "]: " + getMessage();
  }
}
