package dev.rivulet.engine;

import dev.rivulet.actor.UserError;
import dev.rivulet.actor.internal.Json;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;

/**
 * A run of user code that failed: what the client hears ({@link #reply}) and what the journal
 * keeps ({@link #journal}). They differ for an internal error, whose detail is the operator's and
 * not the client's. A failed run leaves its turn as it was.
 */
final class RunFailure extends Exception {
  private static final long serialVersionUID = 1L;
  final transient ErrorInfo reply;
  final transient ErrorInfo journal;

  RunFailure(ErrorInfo reply, ErrorInfo journal) {
    super(journal.message(), null, false, false);
    this.reply = reply;
    this.journal = journal;
  }

  RunFailure(ErrorInfo both) {
    this(both, both);
  }

  /** An internal error: the client hears only that, the journal keeps {@code detail}. */
  static RunFailure internal(String detail) {
    return new RunFailure(ErrorCode.INTERNAL_ERROR.error(ErrorCode.INTERNAL_MESSAGE),
        ErrorCode.INTERNAL_ERROR.error(detail));
  }

  /** The error a user's {@link UserError} means to the client, its group {@code user}. */
  static ErrorInfo userError(UserError e) {
    return new ErrorInfo("user", e.code(), e.getMessage(),
        e.metadata().isEmpty() ? null : Json.mapper().valueToTree(e.metadata()));
  }

  /** Rethrows what no run may swallow: the JVM's own errors, but a stack overflow. */
  static void rethrowFatal(Throwable t) {
    if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
      throw (VirtualMachineError) t;
    }
  }
}
