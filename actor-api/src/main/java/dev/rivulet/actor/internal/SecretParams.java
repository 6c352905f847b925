package dev.rivulet.actor.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.actor.Secret;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What of an actor's connection params is {@link Secret}: nothing, the whole params, or some of
 * their top-level properties; and the params with those parts hidden (null), as the engine keeps
 * them.
 *
 * @param whole whether the whole params are secret
 * @param properties the secret top-level properties, by their JSON names
 */
public record SecretParams(boolean whole, Set<String> properties) {
  /** Nothing is secret. */
  public static final SecretParams NONE = new SecretParams(false, Set.of());

  /** What the journal's {@code secret} names when the whole params were hidden. */
  public static final String WHOLE = "*";

  public SecretParams {
    properties = Set.copyOf(properties);
  }

  /** Whether anything is secret. */
  public boolean any() {
    return whole || !properties.isEmpty();
  }

  /**
   * The params as kept: the secret properties null (the whole params null, sent or not, when
   * they are secret as a whole); {@code params} itself when there is nothing to hide. Hiding what is hidden already
   * changes nothing, so a replay of kept params keeps them as they were.
   */
  public JsonNode hide(JsonNode params) {
    if (whole) return Json.mapper().nullNode(); // sent or not: the same in a run and its replay
    if (params == null || !any()) return params;
    if (!(params instanceof ObjectNode object)) return params;
    ObjectNode copy = null;
    for (String name : properties) {
      JsonNode value = object.get(name);
      if (value == null || value.isNull()) continue;
      if (copy == null) copy = object.deepCopy();
      copy.putNull(name);
    }
    return copy == null ? params : copy;
  }

  /**
   * What the journal names as hidden in {@code params}: the secret properties they have (hidden
   * or not yet), or {@value #WHOLE} for params that are secret as a whole (always); null when
   * there are no params or none of them is secret. The same for params as sent and as kept, so a replay
   * records what the run recorded.
   */
  public ArrayNode hidden(JsonNode params) {
    if (whole) return Json.mapper().createArrayNode().add(WHOLE);
    if (params == null || !any()) return null;
    ArrayNode names = Json.mapper().createArrayNode();
    if (!(params instanceof ObjectNode object)) return null;
    for (String name : properties) {
      if (object.has(name)) names.add(name);
    }
    return names.isEmpty() ? null : names;
  }

  /**
   * The secret parts of a params type: all of it when the type, or one of the {@code parameters}
   * it is declared with ({@code onBeforeConnect(@Secret P)}), is marked; else its marked record
   * components or fields.
   */
  static SecretParams of(Class<?> type, List<? extends AnnotatedElement> parameters) {
    for (AnnotatedElement p : parameters) {
      if (p.isAnnotationPresent(Secret.class)) return new SecretParams(true, Set.of());
    }
    if (type == null) return NONE;
    if (type.isAnnotationPresent(Secret.class)) return new SecretParams(true, Set.of());
    Set<String> names = new LinkedHashSet<>();
    if (type.isRecord()) {
      for (RecordComponent c : type.getRecordComponents()) {
        if (!c.isAnnotationPresent(Secret.class)) continue;
        // @JsonProperty does not target record components: it lands on the field.
        AnnotatedElement field;
        try {
          field = type.getDeclaredField(c.getName());
        } catch (NoSuchFieldException e) {
          field = c;
        }
        names.add(jsonName(field, c.getName()));
      }
    } else {
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (!Modifier.isStatic(f.getModifiers()) && f.isAnnotationPresent(Secret.class)) {
            names.add(jsonName(f, f.getName()));
          }
        }
      }
    }
    return names.isEmpty() ? NONE : new SecretParams(false, names);
  }

  private static String jsonName(AnnotatedElement element, String name) {
    JsonProperty p = element.getAnnotation(JsonProperty.class);
    return p != null && !p.value().isEmpty() ? p.value() : name;
  }
}
