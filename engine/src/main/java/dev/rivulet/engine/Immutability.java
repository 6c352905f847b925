package dev.rivulet.engine;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import java.util.UUID;

/**
 * Which classes of stored entries cannot change in place: strings, boxed primitives, numbers of
 * the JDK, {@code java.time} values, UUIDs, enums, and records of only those. A value of any other
 * class handed to user code is serialized again after the run, to see whether it was changed in
 * place; these need not be. Decided once per class.
 */
final class Immutability {
  private static final Set<Class<?>> LEAVES = Set.of(String.class, Boolean.class, Character.class,
      Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class,
      BigDecimal.class, BigInteger.class, UUID.class);

  private static final ClassValue<Boolean> CACHE = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return decide(type, 0);
    }
  };

  private Immutability() {}

  /** Whether values of {@code type} cannot be changed in place. */
  static boolean of(Class<?> type) {
    return CACHE.get(type);
  }

  private static boolean decide(Class<?> type, int depth) {
    if (type.isPrimitive() || LEAVES.contains(type) || type.isEnum()) return true;
    if (type.getPackageName().equals("java.time")) return true;
    if (!type.isRecord() || depth > 8) return false;
    for (RecordComponent c : type.getRecordComponents()) {
      Type generic = c.getGenericType();
      if (generic instanceof ParameterizedType || !(generic instanceof Class<?> cls)
          || cls.isArray() || !(cls == type || decide(cls, depth + 1))) {
        return false;
      }
    }
    return true;
  }
}
