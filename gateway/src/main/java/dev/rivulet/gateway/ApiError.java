package dev.rivulet.gateway;

import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An error to answer a client with; mapped to a status and a JSON body in one place. */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(ApiError.class);
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

  /** The client-facing error of a failure; an unexpected one is logged and masked. */
  static ErrorInfo clientError(Throwable failure) {
    ErrorInfo known = known(failure);
    if (known != null) return known;
    log.error("unexpected gateway failure", failure);
    return ErrorCode.INTERNAL_ERROR.error(ErrorCode.INTERNAL_MESSAGE);
  }

  /** The client-facing error of a failure without logging it (for metrics). */
  static ErrorInfo clientErrorQuietly(Throwable failure) {
    ErrorInfo known = known(failure);
    return known != null ? known : ErrorCode.INTERNAL_ERROR.error(ErrorCode.INTERNAL_MESSAGE);
  }

  private static ErrorInfo known(Throwable failure) {
    Throwable e = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return e instanceof ApiError api ? api.error() : null;
  }
}
