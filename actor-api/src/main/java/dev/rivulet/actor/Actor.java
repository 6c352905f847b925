package dev.rivulet.actor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as an actor type and gives it the name clients address it by.
 *
 * <pre>{@code
 * @Actor("counter")
 * public class Counter extends ActorBase<Counter.State> { ... }
 * }</pre>
 *
 * <p>The name appears in URLs ({@code /api/actors/counter/{key}/...}), in actor ids
 * ({@code counter/my-key}) and in the journal, so treat it as part of your public contract:
 * renaming it orphans every existing actor of the type. Names are 1 to 64 characters of
 * {@code [A-Za-z0-9_-]}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Actor {
  /** The actor type's name, for example {@code "counter"}. */
  String value();

  /**
   * How long the actor stays in memory without a request before it sleeps: {@code onSleep} runs
   * and its instance (with its fields, the vars) is dropped. In milliseconds; {@code -1} (the
   * default) uses the engine's setting, 30 s unless configured.
   */
  long sleepAfterMillis() default -1;
}
