package dev.rivulet.actor.internal;

import dev.rivulet.actor.ActorBase;

/**
 * Binds a runtime scope to an actor instance without making the binding part of {@link ActorBase}'s
 * public surface: {@code ActorBase} installs its binder here when its class initializes.
 */
public final class ActorScopes {
  /** Sets the private scope field of an actor. */
  public interface Binder {
    void bind(ActorBase<?> actor, ActorScope scope);
  }

  private static volatile Binder binder;

  private ActorScopes() {}

  /** Called once, by {@code ActorBase}'s static initializer. */
  public static void install(Binder b) {
    binder = b;
  }

  /** Binds {@code scope} to {@code actor}; {@code null} unbinds it. */
  public static void bind(ActorBase<?> actor, ActorScope scope) {
    Binder b = binder;
    if (b == null) {
      try {
        Class.forName(ActorBase.class.getName(), true, ActorBase.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      b = binder;
    }
    b.bind(actor, scope);
  }
}
