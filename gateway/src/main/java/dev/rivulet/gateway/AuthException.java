package dev.rivulet.gateway;

import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;

/**
 * An {@link Authenticator}'s refusal: the client gets {@code auth.unauthenticated} (401: no
 * credentials, or ones that do not prove who it is) or {@code auth.forbidden} (403: known, but
 * not allowed), with the message, and the request goes no further. A WebSocket is closed with
 * the code as its reason after an {@code Error} frame (a raw WebSocket, by the close alone).
 */
public final class AuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ErrorInfo error;

  private AuthException(ErrorInfo error) {
    super(error.qualifiedCode() + ": " + error.message(), null, false, false);
    this.error = error;
  }

  /** No credentials, or credentials that prove nothing: {@code auth.unauthenticated}, 401. */
  public static AuthException unauthenticated(String message) {
    return new AuthException(ErrorCode.UNAUTHENTICATED.error(message));
  }

  /** A caller that may not make this request: {@code auth.forbidden}, 403. */
  public static AuthException forbidden(String message) {
    return new AuthException(ErrorCode.FORBIDDEN.error(message));
  }

  ErrorInfo error() {
    return error;
  }
}
