package dev.rivulet.actor;

/**
 * Another actor, as seen from an action: messages to it go through its inbox, after the current
 * action succeeds. Nothing waits: the current action finishes at once, and a reply arrives later as
 * a continuation action of this actor.
 */
public interface ActorRef {
  /** Runs {@code action} on the other actor (creating it if needed), with no reply. */
  void send(String action, Object... args);

  /**
   * Runs {@code action} on the other actor (creating it if needed); its result comes back to the
   * continuation given with {@link Pending#then}.
   */
  Pending call(String action, Object... args);
}
