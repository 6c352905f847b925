package dev.rivulet.actor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method of an actor as an action: a named, typed function that clients, schedules
 * and other actors call.
 *
 * <p>Arguments arrive as a JSON array and are converted to the parameter types strictly: a string
 * is not accepted where a number is expected, a fraction is not accepted where an integer is
 * expected. The return value is serialized to JSON with Jackson.
 *
 * <p>Actions of one actor run one at a time, in the order their requests reached the actor's
 * inbox. An action must not block: time and randomness come from {@link ActorContext}, and slow
 * work belongs in an effect.
 *
 * <p>The same annotation may be placed on the methods of a client interface (see {@code
 * dev.rivulet.client.RivuletClient}) to map a method to an action of another name.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Action {
  /**
   * The action's name; the method name when empty. At most 64 characters: one or more parts of
   * {@code [A-Za-z0-9_-]} separated by single dots, so that RivetKit's nested action names ({@code
   * "calculator.add"}) can be declared.
   */
  String name() default "";

  /**
   * Whether the action only reads. A read-only action that calls {@link ActorBase#setState},
   * broadcasts, or changes a mutable state object in place fails with the error {@code
   * actor.read_only_violation} naming the actor and the action, and changes nothing.
   */
  boolean readOnly() default false;

  /**
   * Whether only the actor itself (schedules, continuations) and other actors may call the action
   * (default {@code false}): clients calling it get {@code actor.action_not_found}. Mark
   * continuations internal, so that no client can forge a {@link Result}.
   */
  boolean internal() default false;
}
