package dev.rivulet.actor.internal;

/** The arguments of a call do not fit the action's parameters; the message says how. */
public final class ArgumentsException extends Exception {
  private static final long serialVersionUID = 1L;

  public ArgumentsException(String message) {
    super(message, null, false, false);
  }
}
