package dev.rivulet.actor;

/**
 * A call to another actor, or an effect, waiting to be told where its result goes. Every one must
 * get a {@link #then} before the action returns.
 */
public interface Pending {
  /**
   * When the result comes back, runs this actor's action {@code continuation} with the {@link
   * Result} first and {@code extra} after it: {@code continuation(Result result, extra...)}. The
   * result enters the actor's inbox like a request, so it is applied in order and journaled.
   */
  void then(String continuation, Object... extra);
}
