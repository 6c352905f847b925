package dev.rivulet.actor;

import dev.rivulet.actor.internal.ActorScope;
import dev.rivulet.actor.internal.ActorScopes;

/**
 * The base class of every actor: holds the actor's persistent state of type {@code S} and gives
 * actions access to it and to the {@link ActorContext}.
 *
 * <pre>{@code
 * @Actor("counter")
 * public class Counter extends ActorBase<Counter.State> {
 *   public record State(long count) {}
 *
 *   @Override protected State initialState() { return new State(0); }
 *
 *   @Action public long increment(long amount) {
 *     var next = new State(state().count() + amount);
 *     setState(next);
 *     broadcast("newCount", next.count());
 *     return next.count();
 *   }
 *
 *   @Action(readOnly = true) public long getCount() { return state().count(); }
 * }
 * }</pre>
 *
 * <h2>State</h2>
 * The state is serialized to JSON (with Jackson) after every action and stored durably; it can be
 * an immutable record replaced with {@link #setState}, or a mutable object changed in place. Each
 * action sees a fresh copy, so a failing action leaves no trace in it. The initial state comes
 * from {@link #initialState()}, or, for actors created with an input, from a method the subclass
 * declares as {@code protected S createState(I input)} for an input type {@code I} of its choice.
 *
 * <h2>Instance fields</h2>
 * One instance serves an actor while it is awake; its fields are the actor's in-memory variables
 * (caches, clients). They are never persisted and start afresh when the actor is loaded again.
 *
 * <h2>Requirements</h2>
 * A public or package-visible no-argument constructor, the {@link Actor} annotation, and
 * actions as public methods annotated with {@link Action}.
 *
 * @param <S> the state type, serializable to and from JSON with Jackson
 */
public abstract class ActorBase<S> {
  static {
    ActorScopes.install(new ActorScopes.Binder() {
      @Override
      public void bind(ActorBase<?> actor, ActorScope scope) {
        actor.scope = scope;
      }
    });
  }

  private ActorScope scope;

  /**
   * The state of an actor created without input. Override it unless the actor declares {@code
   * createState(I input)} and is always created with an input.
   */
  protected S initialState() {
    throw new IllegalStateException(
        getClass().getName() + " does not override initialState() and was created without input");
  }

  /** The actor's current state; in an action, a private copy that only this action changes. */
  @SuppressWarnings("unchecked")
  protected final S state() {
    return (S) scope().state();
  }

  /** Replaces the actor's state; it is stored when the action returns without an exception. */
  protected final void setState(S state) {
    scope().setState(state);
  }

  /** Shorthand for {@code context().broadcast(event, args)}. */
  protected final void broadcast(String event, Object... args) {
    scope().context().broadcast(event, args);
  }

  /** The context of the action or hook that is running. */
  protected final ActorContext context() {
    return scope().context();
  }

  private ActorScope scope() {
    ActorScope current = scope;
    if (current == null) {
      throw new IllegalStateException(
          "state() and context() are only available while an action or hook of "
              + getClass().getSimpleName()
              + " runs, not in its constructor or from another thread");
    }
    return current;
  }
}
