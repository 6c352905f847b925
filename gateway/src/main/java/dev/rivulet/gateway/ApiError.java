package dev.rivulet.gateway;

import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;

/** An error to answer a client with; mapped to a status and a JSON body in one place. */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ErrorInfo error;

  ApiError(ErrorInfo error) {
    super(error.qualifiedCode() + ": " + error.message(), null, false, false);
    this.error = error;
  }

  ApiError(ErrorCode code, String message) {
    this(code.error(message));
  }

  ErrorInfo error() {
    return error;
  }

  int status() {
    return ErrorCode.httpStatusOf(error);
  }
}
