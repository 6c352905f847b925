package dev.rivulet.gateway.rivetkit;

/**
 * Input that does not follow RivetKit's client protocol: a message, query, key or header that
 * cannot be read. Carries the error the client should receive: a stable {@link #group()} and
 * {@link #code()} (RivetKit's own where it has one) and a human message saying what was wrong.
 * Thrown without a stack trace: it describes the client's input, not a bug.
 */
public final class RivetKitProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The kinds of malformed input, each with the group and code a client receives. */
  public enum Reason {
    /** A message or body that cannot be decoded (RivetKit closes sockets with this). */
    INVALID_REQUEST("actor", "invalid_request"),
    /** A WebSocket asked for an encoding other than json, cbor or bare. */
    UNSUPPORTED_ENCODING("actor", "unsupported_websocket_encoding"),
    /** A gateway query ({@code rvt-*} parameters) that cannot be used. */
    INVALID_QUERY("guard", "query_invalid_params"),
    /** The same {@code rvt-*} parameter given twice. */
    DUPLICATE_QUERY_PARAM("guard", "query_duplicate_param"),
    /** {@code rvt-input} that is not base64url-encoded CBOR. */
    INVALID_INPUT("guard", "query_invalid_input"),
    /** An actor key in the REST form that cannot be read. */
    INVALID_KEY("actor", "invalid_key"),
    /** An actor id that no actor can have (RivetKit answers unknown ids this way). */
    ACTOR_NOT_FOUND("actor", "not_found");

    private final String group;
    private final String code;

    Reason(String group, String code) {
      this.group = group;
      this.code = code;
    }

    public String group() {
      return group;
    }

    public String code() {
      return code;
    }
  }

  private final Reason reason;

  public RivetKitProtocolException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /** What kind of input was wrong. */
  public Reason reason() {
    return reason;
  }

  /** The error's group, for example {@code actor}. */
  public String group() {
    return reason.group();
  }

  /** The error's code within its group, for example {@code invalid_request}. */
  public String code() {
    return reason.code();
  }

  static RivetKitProtocolException invalid(String message) {
    return new RivetKitProtocolException(Reason.INVALID_REQUEST, message);
  }
}
