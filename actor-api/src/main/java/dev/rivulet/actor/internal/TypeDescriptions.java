package dev.rivulet.actor.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Describes Java parameter and return types in JSON terms, for messages and for metadata. */
final class TypeDescriptions {
  private static final Set<Class<?>> INTEGERS =
      Set.of(
          byte.class, short.class, int.class, long.class, Byte.class, Short.class, Integer.class,
          Long.class, BigInteger.class);
  private static final Set<Class<?>> NUMBERS =
      Set.of(float.class, double.class, Float.class, Double.class, BigDecimal.class);

  private TypeDescriptions() {}

  /** The JSON kind of a type: integer, number, string, boolean, array, object, null or any. */
  static String jsonKind(JavaType t) {
    Class<?> c = t.getRawClass();
    if (INTEGERS.contains(c)) return "integer";
    if (NUMBERS.contains(c)) return "number";
    if (c == boolean.class || c == Boolean.class) return "boolean";
    if (c == String.class || c == char.class || c == Character.class || c.isEnum()
        || c == UUID.class || Temporal.class.isAssignableFrom(c)) return "string";
    if (c == void.class || c == Void.class) return "null";
    if (t.isArrayType() || t.isCollectionLikeType()) return "array";
    if (c == Optional.class) return jsonKind(t.containedTypeOrUnknown(0));
    if (c == Object.class || c.getName().startsWith("com.fasterxml.jackson.databind")) return "any";
    return "object";
  }

  /** The type an {@code Optional<T>} holds; any other type itself. */
  private static JavaType unwrap(JavaType t) {
    while (t.getRawClass() == Optional.class) t = t.containedTypeOrUnknown(0);
    return t;
  }

  /** "an integer", "a string", "an array of integer", "an object (Message)". */
  static String humanName(JavaType t) {
    t = unwrap(t);
    String kind = jsonKind(t);
    return switch (kind) {
      case "integer" -> "an integer";
      case "array" -> "an array of " + jsonKind(unwrap(t.getContentType()));
      case "object" -> "an object (" + t.getRawClass().getSimpleName() + ")";
      case "any" -> "any JSON value";
      case "null" -> "null";
      default -> "a " + kind;
    };
  }

  /** A small JSON Schema of a type, two levels of properties deep, for {@code /api/metadata}. */
  static ObjectNode schema(JavaType t) {
    return schema(t, 0);
  }

  /** {@code List<String>}, {@code int[]}, {@code dev.x.Item}: readable, {@code java.lang.} dropped. */
  private static String javaName(JavaType t) {
    if (t.isArrayType()) return javaName(t.getContentType()) + "[]";
    return t.toCanonical().replace("java.lang.", "");
  }

  private static ObjectNode schema(JavaType declared, int depth) {
    ObjectNode node = Json.mapper().createObjectNode();
    JavaType t = unwrap(declared);
    String kind = jsonKind(t);
    Class<?> c = t.getRawClass();
    if (!kind.equals("any")) node.put("type", kind);
    node.put("javaType", javaName(declared));
    if (declared != t) node.put("optional", true);
    if (c.isEnum()) {
      var values = node.putArray("enum");
      for (Object constant : c.getEnumConstants()) values.add(((Enum<?>) constant).name());
    }
    if (kind.equals("array") && t.getContentType() != null && depth < 2) {
      node.set("items", schema(t.getContentType(), depth + 1));
    }
    if (kind.equals("object") && c.isRecord() && depth < 2) {
      ObjectNode props = node.putObject("properties");
      for (RecordComponent rc : c.getRecordComponents()) {
        JavaType ct = Json.mapper().getTypeFactory().constructType(rc.getGenericType());
        props.set(rc.getName(), schema(ct, depth + 1));
      }
    }
    return node;
  }
}
