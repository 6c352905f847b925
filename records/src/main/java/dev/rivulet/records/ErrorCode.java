package dev.rivulet.records;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The stable error codes of Rivulet itself, each with the HTTP status it maps to. Where RivetKit
 * has a code for the same situation, Rivulet uses RivetKit's, so that its clients react the same
 * way. Errors thrown by actions ({@code UserError}) have the group {@code user} and a code of the
 * actor's choosing; they map to 400.
 */
public enum ErrorCode {
  /** No actor with that key exists (a {@code get} of a missing actor, or a destroyed one). */
  ACTOR_NOT_FOUND("actor", "not_found", 404),
  /** No actor type of that name is registered. */
  ACTOR_TYPE_NOT_FOUND("actor", "type_not_found", 404),
  /** A {@code create} of a key that already has a live actor. */
  ACTOR_DUPLICATE_KEY("actor", "duplicate_key", 409),
  /** The actor type has no action of that name. */
  ACTION_NOT_FOUND("actor", "action_not_found", 404),
  /** The arguments do not fit the action's parameters (count or types), or the input its type. */
  INVALID_ARGUMENTS("actor", "invalid_arguments", 400),
  /** A read-only action tried to change state or to broadcast. */
  READ_ONLY_VIOLATION("actor", "read_only_violation", 500),
  /** The action left a state larger than the configured limit; nothing changed. */
  STATE_TOO_LARGE("actor", "state_too_large", 500),
  /** An action's result or event is larger than the configured limit; nothing changed. */
  OUTGOING_TOO_LONG("message", "outgoing_too_long", 400),
  /** The action's reply did not arrive in time; it may still be applied. */
  ACTION_TIMED_OUT("actor", "action_timed_out", 408),
  /** A malformed request or WebSocket message (RivetKit's code). */
  INVALID_REQUEST("actor", "invalid_request", 400),
  /** The actor id (name or key) is not acceptable. */
  INVALID_KEY("actor", "invalid_key", 400),
  /** The request body is not valid JSON. */
  INVALID_JSON("request", "invalid_json", 400),
  /** The request body is JSON of the wrong shape. */
  INVALID_BODY("request", "invalid_body", 400),
  /** The request body or message is larger than the configured limit. */
  INCOMING_TOO_LONG("message", "incoming_too_long", 413),
  /** No route for that method and path. */
  ROUTE_NOT_FOUND("request", "route_not_found", 404),
  /** The route exists but not for that method. */
  METHOD_NOT_ALLOWED("request", "method_not_allowed", 405),
  /** A browser page whose origin the gateway does not allow (CORS). */
  ORIGIN_NOT_ALLOWED("request", "origin_not_allowed", 403),
  /** An idempotency key used again for a different request. */
  IDEMPOTENCY_KEY_REUSED("request", "idempotency_key_reused", 422),
  /** A RivetKit gateway query ({@code rvt-*} parameters) that cannot be used (RivetKit's code). */
  QUERY_INVALID_PARAMS("guard", "query_invalid_params", 400),
  /** The same {@code rvt-*} parameter given twice (RivetKit's code). */
  QUERY_DUPLICATE_PARAM("guard", "query_duplicate_param", 400),
  /** {@code rvt-input} that is not base64url-encoded CBOR (RivetKit's code). */
  QUERY_INVALID_INPUT("guard", "query_invalid_input", 400),
  /** A RivetKit encoding other than json, cbor and bare (RivetKit's code). */
  UNSUPPORTED_ENCODING("actor", "unsupported_websocket_encoding", 400),
  /**
   * A request without the credentials its route needs, or with credentials the gateway does not
   * accept (a missing, expired or badly signed token; a wrong admin token).
   */
  UNAUTHENTICATED("auth", "unauthenticated", 401),
  /**
   * A request the caller may not make: refused by the gateway's authenticator, by the actor's
   * {@code onBeforeAction}, or an admin route that is not served to this caller (RivetKit's code).
   */
  FORBIDDEN("auth", "forbidden", 403),
  /** A client address that holds as many connections as the gateway allows one address. */
  TOO_MANY_CONNECTIONS("gateway", "too_many_connections", 429),
  /** A connection that sent more messages per second than the gateway allows one connection. */
  RATE_LIMITED("gateway", "rate_limited", 429),
  /**
   * A connection dropped because its client did not read what the gateway sent it: more was
   * waiting to be written than the gateway buffers for one connection.
   */
  SLOW_CONSUMER("gateway", "slow_consumer", 503),
  /** The gateway cannot reach Kafka right now. */
  UNAVAILABLE("gateway", "unavailable", 503),
  /** Anything unexpected; details are in the server log, never in the reply. */
  INTERNAL_ERROR("core", "internal_error", 500);

  /** The message of every internal error: details stay in the server log. */
  public static final String INTERNAL_MESSAGE = "An internal error occurred";

  private final String group;
  private final String code;
  private final int httpStatus;

  ErrorCode(String group, String code, int httpStatus) {
    this.group = group;
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public String group() {
    return group;
  }

  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** An error of this code with {@code message}. */
  public ErrorInfo error(String message) {
    return new ErrorInfo(group, code, message);
  }

  /** An error of this code with {@code message} and details. */
  public ErrorInfo error(String message, JsonNode metadata) {
    return new ErrorInfo(group, code, message, metadata);
  }

  /** The HTTP status of any error: its code's, 400 for user errors, 500 for unknown ones. */
  public static int httpStatusOf(ErrorInfo error) {
    if (error.group().equals("user")) return 400;
    for (ErrorCode c : values()) {
      if (c.group.equals(error.group()) && c.code.equals(error.code())) return c.httpStatus;
    }
    return 500;
  }
}
