package dev.rivulet.actor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A business rejection raised by an action: the caller receives it as an error with group
 * {@code user}, this error's code and message, and the state of the actor stays as it was before
 * the action.
 *
 * <pre>{@code
 * if (players.size() >= 8) throw new UserError("room_full", "The room already has 8 players");
 * }</pre>
 *
 * <p>Any other exception thrown by an action is an internal error: the caller learns only that
 * something failed (the details go to the server log), and the state is left unchanged too.
 */
public class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final Pattern CODE = Pattern.compile("[a-z0-9_.\\-]{1,64}");

  private final String code;
  private final transient Map<String, Object> metadata;

  /**
   * @param code a stable machine-readable code, 1 to 64 characters of {@code [a-z0-9_.-]}, for
   *     example {@code "insufficient_funds"}
   * @param message a human-readable message; it is sent to the client as is
   */
  public UserError(String code, String message) {
    this(code, message, Map.of());
  }

  /**
   * @param code a stable machine-readable code, 1 to 64 characters of {@code [a-z0-9_.-]}
   * @param message a human-readable message; it is sent to the client as is
   * @param metadata extra JSON-serializable details sent to the client with the error
   */
  public UserError(String code, String message, Map<String, ?> metadata) {
    super(Objects.requireNonNull(message, "message"));
    if (code == null || !CODE.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "UserError code must be 1 to 64 characters of [a-z0-9_.-], got: " + code);
    }
    this.code = code;
    // A copy that, unlike Map.copyOf, accepts null values: metadata is JSON, where null is fine.
    this.metadata = Collections.unmodifiableMap(
        new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
  }

  /** The stable code, for example {@code "insufficient_funds"}. */
  public String code() {
    return code;
  }

  /** Extra details sent to the client; empty when none. */
  public Map<String, Object> metadata() {
    return metadata;
  }
}
