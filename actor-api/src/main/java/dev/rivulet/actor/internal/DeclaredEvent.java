package dev.rivulet.actor.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.actor.Event;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An event an actor class declares with {@link Event}: its name and its arguments' names and
 * types, checked once at registration.
 */
public record DeclaredEvent(String name, List<ActionMethod.Param> args) {
  /**
   * The events {@code cls} declares, in the order written.
   *
   * @throws IllegalArgumentException naming the class when a declaration is not valid
   */
  public static List<DeclaredEvent> of(Class<?> cls) {
    List<DeclaredEvent> events = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Event e : cls.getAnnotationsByType(Event.class)) {
      String where = cls.getName() + ": @Event(name = \"" + e.name() + "\"): ";
      if (e.name().isEmpty()) throw new IllegalArgumentException(cls.getName() + ": an @Event needs a name");
      if (!names.add(e.name())) {
        throw new IllegalArgumentException(where + "declared twice; declare each event once");
      }
      if (e.argNames().length != 0 && e.argNames().length != e.args().length) {
        throw new IllegalArgumentException(where + "argNames has " + e.argNames().length
            + " names for " + e.args().length + " args; give one name per argument, or none");
      }
      List<ActionMethod.Param> args = new ArrayList<>();
      for (int i = 0; i < e.args().length; i++) {
        if (e.args()[i] == void.class || e.args()[i] == Void.class) {
          throw new IllegalArgumentException(where + "an argument cannot be void");
        }
        String argName = e.argNames().length == 0 ? "arg" + i : e.argNames()[i];
        args.add(new ActionMethod.Param(argName,
            Json.mapper().getTypeFactory().constructType(e.args()[i])));
      }
      events.add(new DeclaredEvent(e.name(), List.copyOf(args)));
    }
    return List.copyOf(events);
  }

  /** The description served by {@code /api/metadata}. */
  ObjectNode describe() {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("name", name);
    ArrayNode list = node.putArray("args");
    for (ActionMethod.Param p : args) {
      ObjectNode pn = list.addObject();
      pn.put("name", p.name());
      pn.setAll(TypeDescriptions.schema(p.type()));
    }
    return node;
  }
}
