package dev.rivulet.actor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an event the actor sends ({@link ActorBase#broadcast}, {@link Conn#send}) and the types
 * of its arguments, once per event on the actor class:
 *
 * <pre>{@code
 * @Actor("chatRoom")
 * @Event(name = "newMessage", args = ChatRoom.Message.class)
 * public class ChatRoom extends ActorBase<ChatRoom.State> { ... }
 *
 * @Actor("gridGame")
 * @Event(name = "welcome", args = {Player.class, Board.class}, argNames = {"player", "board"})
 * @Event(name = "left", args = String.class, argNames = "name")
 * public class GridGame extends ActorBase<GridGame.State> { ... }
 * }</pre>
 *
 * <p>The declarations are the actor's event contract for its clients: {@code rivulet types} writes
 * them into the TypeScript declaration of the registry, so that RivetKit's {@code conn.on(name,
 * callback)} and {@code useEvent} check the event name and type the callback's arguments, and
 * {@code /api/metadata} lists them. The engine does not check what an action broadcasts against
 * them: keep the two in step (an event sent but not declared still reaches its subscribers, and
 * is typed as unknown in TypeScript).
 *
 * <p>Arguments are given as classes, so a generic type cannot be written directly: declare a
 * {@code List<Message>} argument as {@code Message[].class} (both are a JSON array), and wrap a
 * map in a record. An argument that may be null is typed as not null; say so in the actor's
 * Javadoc.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(Event.List.class)
public @interface Event {
  /** The event's name, as broadcast; not empty. */
  String name();

  /** The types of the event's arguments, in order (none by default). */
  Class<?>[] args() default {};

  /**
   * Names of the arguments, in order, for readers and for the labels of the TypeScript callback's
   * parameters; either none (they are then {@code arg0}, {@code arg1}, …) or one per argument.
   */
  String[] argNames() default {};

  /** The container of repeated {@link Event} annotations; write {@code @Event} once per event. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface List {
    /** The events. */
    Event[] value();
  }
}
