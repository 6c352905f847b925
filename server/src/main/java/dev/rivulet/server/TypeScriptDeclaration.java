package dev.rivulet.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonBooleanFormatVisitor;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonIntegerFormatVisitor;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonNumberFormatVisitor;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonStringFormatVisitor;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.internal.ActionMethod;
import dev.rivulet.actor.internal.ActorHooks;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.actor.internal.DeclaredEvent;
import dev.rivulet.actor.internal.Json;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes the TypeScript declaration of a registry of actor classes, for RivetKit's own clients:
 * its {@code Registry} type goes where a RivetKit application puts {@code typeof registry}, so
 * that {@code createClient<Registry>(endpoint)} ({@code rivetkit/client}) and {@code
 * createRivetKit<Registry>(endpoint)} ({@code @rivetkit/react}) check action names, argument and
 * result types and event names, and type event callbacks, against the Java code.
 *
 * <p>Each actor class becomes an interface of the shape RivetKit's actor definitions have
 * ({@code { config: { actions, events, ... } }}): its client-callable actions (internal ones are
 * left out) as functions taking the action context first, its {@link dev.rivulet.actor.Event
 * declared events} as {@code event<T>()} tokens, plus {@code params} (the type of {@code
 * onBeforeConnect(P)} or {@code createConnState(P)}, which {@code useActor}'s {@code params}
 * takes) and {@code input} (the type of {@code createState(I)}). The data types the actors use
 * are written as interfaces in namespaces that follow the Java nesting ({@code ChatRoom.Message}).
 *
 * <p>Java types map to the JSON Jackson writes for them: records and other classes to object
 * types of their Jackson properties, enums to unions of their names, collections and arrays to
 * arrays ({@code byte[]} to its base64 string), maps to string-keyed objects, {@code Optional} and
 * properties annotated with any {@code @Nullable} to {@code T | null}, times to their ISO-8601
 * strings, {@code JsonNode} and {@code Object} to {@code unknown}. Every number is a TypeScript
 * {@code number}: a {@code long} beyond 2^53 reaches the client as a {@code bigint}, and a {@code
 * BigDecimal} as the nearest double. Java does not say which references may be null; they are
 * typed not null unless {@code Optional} or {@code @Nullable} say otherwise.
 */
public final class TypeScriptDeclaration {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  /** Words a TypeScript declaration cannot use as a parameter name. */
  private static final Set<String> RESERVED = Set.of(
      "arguments", "await", "break", "case", "catch", "class", "const", "continue", "debugger",
      "default", "delete", "do", "else", "enum", "eval", "export", "extends", "false", "finally",
      "for", "function", "if", "implements", "import", "in", "instanceof", "interface", "let",
      "new", "null", "package", "private", "protected", "public", "return", "static", "super",
      "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield");
  /** The names the declaration itself gives at its top level. */
  private static final Set<String> TOP_LEVEL = Set.of("RivetKitRegistry", "RivetKitEvent",
      "Actors", "Registry", "ConnParams", "Input", "State");
  private static final Set<Class<?>> LONG_INTEGERS =
      Set.of(long.class, Long.class, BigInteger.class, OptionalLong.class);
  private static final Set<Class<?>> NUMBERS = Set.of(byte.class, short.class, int.class,
      float.class, double.class, Byte.class, Short.class, Integer.class, Float.class,
      Double.class, long.class, Long.class, BigInteger.class, BigDecimal.class);

  private final SerializationConfig jackson = Json.mapper().getSerializationConfig();
  /** The named types written so far, by TypeScript path ({@code ChatRoom.Message}). */
  private final Map<String, NamedType> named = new TreeMap<>();
  /** The TypeScript path of each class written, so each class gets one. */
  private final Map<Class<?>, String> paths = new LinkedHashMap<>();
  /** Classes whose TypeScript is being written: a reference back to one of them is by name. */
  private final Set<Class<?>> writing = new HashSet<>();

  /** An interface, or a union of names, at a TypeScript path. */
  private record NamedType(String path, String javaName, String body, boolean isInterface) {}

  private TypeScriptDeclaration() {}

  /**
   * The declaration of {@code actorClasses}, as the contents of a {@code .d.ts} file.
   *
   * @throws IllegalArgumentException naming the class when one is not a valid actor, or two have
   *     the same name
   */
  public static String of(List<Class<? extends ActorBase<?>>> actorClasses) {
    return new TypeScriptDeclaration().write(actorClasses);
  }

  private String write(List<Class<? extends ActorBase<?>>> actorClasses) {
    Map<String, ActorType> types = new LinkedHashMap<>();
    for (Class<? extends ActorBase<?>> cls : actorClasses) {
      ActorType type = ActorType.of(cls);
      ActorType before = types.putIfAbsent(type.name(), type);
      if (before != null && before.actorClass() != cls) {
        throw new IllegalArgumentException("two actor classes are named \"" + type.name() + "\": "
            + before.actorClass().getName() + " and " + cls.getName());
      }
    }
    Map<String, String> definitions = new LinkedHashMap<>(); // actor name -> definition path
    for (ActorType type : types.values()) {
      String path = pathOf(type.actorClass());
      paths.put(type.actorClass(), path);
      named.put(path, new NamedType(path, type.actorClass().getName(), definition(type), true));
      definitions.put(type.name(), path);
    }
    StringBuilder out = new StringBuilder();
    out.append(HEADER);
    out.append("import type { Registry as RivetKitRegistry } from \"rivetkit\";\n\n");
    out.append("/** An event and its arguments, as RivetKit's `event<T>()` declares it. */\n");
    out.append("type RivetKitEvent<T> = { readonly _eventType?: T };\n\n");
    writeNamespaces(out);
    out.append("/** The actor types, by the names clients use. */\n");
    out.append("export type Actors = {\n");
    definitions.forEach((name, path) -> out.append("  ").append(key(name)).append(": ")
        .append(path).append(";\n"));
    out.append("};\n\n");
    out.append(FOOTER);
    return out.toString();
  }

  private static final String HEADER = """
      // Generated by `rivulet types` from the Java actor classes: do not edit, generate it again.
      //
      // The registry of these actors for RivetKit's own clients:
      //   import type { Registry } from "./registry";
      //   const client = createClient<Registry>("http://localhost:8080/api/rivet");   // rivetkit/client
      //   const { useActor } = createRivetKit<Registry>("http://localhost:8080/api/rivet"); // @rivetkit/react
      //
      // Numbers: every Java number is a TypeScript number. A long beyond 2^53 reaches the client as a
      // bigint; a BigDecimal as the nearest double. Nulls: Java does not say which references may be
      // null; they are typed not null, but for Optional and properties annotated @Nullable.
      // Event arguments are typed only with @standard-schema/spec installed (RivetKit's published
      // types import it without depending on it; without it they are unknown).

      """;

  private static final String FOOTER = """
      /** The registry: where a RivetKit application writes `typeof registry`. */
      export type Registry = RivetKitRegistry<Actors>;

      /** The connection params an actor type takes (`params` of getOrCreate, connect and useActor). */
      export type ConnParams<Name extends keyof Actors> = Actors[Name]["params"];

      /** The creation input an actor type takes (`createWithInput`, `input`); undefined: none. */
      export type Input<Name extends keyof Actors> = Actors[Name]["input"];

      /** The persistent state of an actor type. */
      export type State<Name extends keyof Actors> = Actors[Name]["config"]["state"];
      """;

  // ---------------------------------------------------------------------------- actor definitions

  private String definition(ActorType type) {
    ActorHooks hooks = type.hooks();
    StringBuilder sb = new StringBuilder();
    sb.append("{\n  readonly config: {\n");
    sb.append("    readonly state: ").append(tsType(type.stateType(), false)).append(";\n");
    if (type.inputType() != null) {
      sb.append("    readonly createState: (c: unknown, input: ")
          .append(tsType(type.inputType(), false)).append(") => ")
          .append(tsType(type.stateType(), false)).append(";\n");
    }
    if (hooks.connStateType() != null) {
      sb.append("    readonly createConnState: (c: unknown, params: ")
          .append(tsType(hooks.connParamsType(), false)).append(") => ")
          .append(tsType(hooks.connStateType(), false)).append(";\n");
    }
    sb.append("    readonly actions: ");
    sb.append(actions(type, hooks.overridesBeforeActionResponse()));
    sb.append(";\n    readonly events: {");
    List<DeclaredEvent> events = type.events();
    if (events.isEmpty()) {
      sb.append("}; // none declared: any event name, untyped arguments\n");
    } else {
      sb.append('\n');
      for (DeclaredEvent e : events) {
        sb.append("      ").append(key(e.name())).append(": RivetKitEvent<").append(eventArgs(e))
            .append(">;\n");
      }
      sb.append("    };\n");
    }
    sb.append("  };\n");
    sb.append("  /** The connection params: the parameter of onBeforeConnect / createConnState. */\n");
    sb.append("  readonly params: ").append(hooks.connParamsType() == null ? "undefined"
        : tsType(hooks.connParamsType(), false)).append(";\n");
    sb.append("  /** The creation input: the parameter of createState. */\n");
    sb.append("  readonly input: ").append(type.inputType() == null ? "undefined"
        : tsType(type.inputType(), false)).append(";\n");
    sb.append('}');
    return sb.toString();
  }

  /** The actions callable by clients, as a tree: a dotted name is a nested object. */
  private String actions(ActorType type, boolean resultsReplaced) {
    Map<String, Object> tree = new TreeMap<>();
    for (ActionMethod a : type.actions().values()) {
      if (a.internal()) continue;
      String[] parts = a.name().split("\\.", -1);
      Map<String, Object> node = tree;
      boolean placed = true;
      for (int i = 0; i < parts.length - 1; i++) {
        Object child = node.computeIfAbsent(parts[i], k -> new TreeMap<String, Object>());
        if (!(child instanceof Map)) {
          placed = false; // "a" is an action and "a.b" too: RivetKit's client cannot reach a.b
          break;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> next = (Map<String, Object>) child;
        node = next;
      }
      if (placed && !node.containsKey(parts[parts.length - 1])) {
        node.put(parts[parts.length - 1], signature(a, resultsReplaced));
      }
    }
    StringBuilder sb = new StringBuilder();
    writeActionTree(sb, tree, "    ");
    return sb.toString();
  }

  private static void writeActionTree(StringBuilder sb, Map<String, Object> tree, String indent) {
    if (tree.isEmpty()) {
      sb.append("{}");
      return;
    }
    sb.append("{\n");
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      sb.append(indent).append("  ").append(key(e.getKey())).append(": ");
      if (e.getValue() instanceof Map<?, ?> child) {
        @SuppressWarnings("unchecked")
        Map<String, Object> sub = (Map<String, Object>) child;
        writeActionTree(sb, sub, indent + "  ");
      } else {
        sb.append(e.getValue());
      }
      sb.append(";\n");
    }
    sb.append(indent).append('}');
  }

  private String signature(ActionMethod a, boolean resultsReplaced) {
    List<String> names = new ArrayList<>();
    for (ActionMethod.Param p : a.params()) names.add(parameterName(p.name()));
    String context = "c";
    for (int i = 0; names.contains(context); i++) context = "c" + i;
    StringBuilder sb = new StringBuilder("(").append(context).append(": unknown");
    for (int i = 0; i < a.params().size(); i++) {
      ActionMethod.Param p = a.params().get(i);
      sb.append(", ").append(names.get(i)).append(": ").append(tsType(p.type(), false));
    }
    sb.append(") => ");
    // onBeforeActionResponse may answer anything in place of the action's result.
    sb.append(resultsReplaced ? "unknown" : returnType(a.returnType()));
    return sb.toString();
  }

  private String returnType(JavaType t) {
    Class<?> c = t.getRawClass();
    if (c == void.class || c == Void.class) return "void";
    return tsType(t, false);
  }

  private String eventArgs(DeclaredEvent e) {
    if (e.args().size() == 1) return tsType(e.args().get(0).type(), false);
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < e.args().size(); i++) {
      if (i > 0) sb.append(", ");
      ActionMethod.Param p = e.args().get(i);
      sb.append(parameterName(p.name())).append(": ").append(tsType(p.type(), false));
    }
    return sb.append(']').toString();
  }

  // ---------------------------------------------------------------------------------- data types

  /** The TypeScript type of the JSON Jackson writes for {@code t}; {@code | null} when nullable. */
  String tsType(JavaType t, boolean nullable) {
    String type = nonNull(t);
    if (!nullable || type.equals("unknown") || type.endsWith("| null")) return type;
    return type + " | null";
  }

  private String nonNull(JavaType t) {
    Class<?> c = t.getRawClass();
    if (c == Optional.class) return tsType(t.containedTypeOrUnknown(0), true);
    if (c == OptionalInt.class || c == OptionalLong.class || c == OptionalDouble.class) {
      return "number | null";
    }
    if (NUMBERS.contains(c)) return "number";
    if (c == boolean.class || c == Boolean.class) return "boolean";
    if (c == String.class || c == char.class || c == Character.class) return "string";
    if (c == void.class || c == Void.class) return "null";
    if (c == byte[].class) return "string"; // base64
    if (c == ArrayNode.class) return "unknown[]";
    if (c == Object.class || JsonNode.class.isAssignableFrom(c)) return "unknown";
    if (t.isArrayType() || t.isCollectionLikeType()) {
      return array(tsType(t.getContentType(), false));
    }
    if (t.isMapLikeType()) {
      JavaType key = t.getKeyType();
      String value = tsType(t.getContentType(), false);
      if (key.isEnumType()) return "{ [K in " + enumUnion(key.getRawClass()) + "]?: " + value + " }";
      return "{ [key: string]: " + value + " }";
    }
    if (c.isEnum()) return reference(t);
    if (c.isPrimitive() || c.getName().startsWith("java.")) return scalar(t);
    return reference(t);
  }

  /** A JDK type Jackson writes as a scalar (a time, a UUID, a Locale...), as Jackson says. */
  private static String scalar(JavaType t) {
    String[] kind = {"unknown"};
    try {
      Json.mapper().acceptJsonFormatVisitor(t, new JsonFormatVisitorWrapper.Base() {
        @Override
        public JsonStringFormatVisitor expectStringFormat(JavaType type) {
          kind[0] = "string";
          return null;
        }

        @Override
        public JsonNumberFormatVisitor expectNumberFormat(JavaType type) {
          kind[0] = "number";
          return null;
        }

        @Override
        public JsonIntegerFormatVisitor expectIntegerFormat(JavaType type) {
          kind[0] = "number";
          return null;
        }

        @Override
        public JsonBooleanFormatVisitor expectBooleanFormat(JavaType type) {
          kind[0] = "boolean";
          return null;
        }
      });
    } catch (JsonMappingException e) {
      return "unknown";
    }
    return kind[0];
  }

  private static String array(String element) {
    return IDENTIFIER.matcher(element).matches() || element.matches("[\\w.$]+(<.*>)?")
        ? element + "[]" : "(" + element + ")[]";
  }

  /** A named type for a class the actors declare: written once, referred to by its path. */
  private String reference(JavaType t) {
    Class<?> c = t.getRawClass();
    if (t.containedTypeCount() > 0 && !c.isEnum()) {
      // A generic class is written out where it is used, with its type arguments applied.
      if (!writing.add(c)) return "unknown"; // a generic class containing itself
      try {
        return objectType(t, true);
      } finally {
        writing.remove(c);
      }
    }
    String path = paths.get(c);
    if (path != null) return path;
    path = pathOf(c);
    paths.put(c, path);
    writing.add(c);
    try {
      if (c.isEnum()) {
        named.put(path, new NamedType(path, c.getName(), enumUnion(c), false));
      } else {
        named.put(path, new NamedType(path, c.getName(), objectType(t, false), true));
      }
    } finally {
      writing.remove(c);
    }
    return path;
  }

  /** An object type of the Jackson properties of {@code t}: on one line when {@code inline}. */
  private String objectType(JavaType t, boolean inline) {
    BeanDescription bean = jackson.introspect(t);
    AnnotatedMember jsonValue = bean.findJsonValueAccessor();
    if (jsonValue != null) return tsType(jsonValue.getType(), false);
    JsonInclude.Include classInclusion = jackson.getDefaultPropertyInclusion(t.getRawClass())
        .getValueInclusion();
    StringBuilder sb = new StringBuilder("{");
    for (BeanPropertyDefinition p : bean.findProperties()) {
      if (!p.couldSerialize()) continue;
      JavaType type = p.getPrimaryType();
      boolean nullable = annotatedNullable(p);
      JsonInclude.Include include = p.findInclusion() == null ? null
          : p.findInclusion().getValueInclusion();
      if (include == null || include == JsonInclude.Include.USE_DEFAULTS) include = classInclusion;
      boolean optional = include != null && include != JsonInclude.Include.ALWAYS
          && include != JsonInclude.Include.USE_DEFAULTS;
      String member = key(p.getName()) + (optional ? "?: " : ": ") + tsType(type, nullable) + ";";
      String note = note(type);
      if (inline) {
        sb.append(' ').append(member);
      } else {
        if (note != null) sb.append("\n  /** ").append(note).append(" */");
        sb.append("\n  ").append(member);
      }
    }
    return sb.append(inline ? " }" : "\n}").toString();
  }

  /** What a reader should know of a property's type that its TypeScript type does not say. */
  private static String note(JavaType t) {
    Class<?> c = t.getRawClass();
    if (c == Optional.class) c = t.containedTypeOrUnknown(0).getRawClass();
    if (LONG_INTEGERS.contains(c)) return "Java " + c.getSimpleName() + ": a bigint beyond 2^53";
    if (c == BigDecimal.class) return "Java BigDecimal: read by the client as a double";
    if (c == byte[].class) return "Java byte[]: base64";
    if (c.getName().startsWith("java.time.") && scalar(t).equals("string")) {
      return "Java " + c.getSimpleName() + ": ISO-8601";
    }
    return null;
  }

  private static String enumUnion(Class<?> c) {
    List<String> names = new ArrayList<>();
    for (Field f : c.getFields()) {
      if (!f.isEnumConstant()) continue;
      JsonProperty renamed = f.getAnnotation(JsonProperty.class);
      names.add(quote(renamed != null && !renamed.value().isEmpty() ? renamed.value() : f.getName()));
    }
    return names.isEmpty() ? "never" : String.join(" | ", names);
  }

  /** Whether a property carries an annotation named {@code Nullable}, of whatever library. */
  private static boolean annotatedNullable(BeanPropertyDefinition p) {
    List<AnnotatedElement> elements = new ArrayList<>();
    for (AnnotatedMember m : new AnnotatedMember[] {p.getField(), p.getGetter(),
        p.getConstructorParameter()}) {
      if (m == null) continue;
      Member member = m.getMember();
      if (member instanceof Field f) {
        elements.add(f);
        elements.add(f.getAnnotatedType());
      } else if (member instanceof Method method && m == p.getGetter()) {
        elements.add(method);
        elements.add(method.getAnnotatedReturnType());
      } else if (m == p.getConstructorParameter() && member instanceof java.lang.reflect.Executable e) {
        int index = p.getConstructorParameter().getIndex();
        Parameter parameter = e.getParameters()[index];
        elements.add(parameter);
        elements.add(parameter.getAnnotatedType());
      }
    }
    for (AnnotatedElement e : elements) {
      for (Annotation a : e.getAnnotations()) {
        if (a.annotationType().getSimpleName().equals("Nullable")) return true;
      }
    }
    return false;
  }

  // ----------------------------------------------------------------------------------- naming

  /**
   * A class's TypeScript path: its nesting chain of simple names ({@code ChatRoom.Message}); a
   * path another class has taken already is prefixed with the package.
   */
  private String pathOf(Class<?> c) {
    List<String> chain = new ArrayList<>();
    Class<?> top = c;
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      chain.add(0, k.getSimpleName());
      top = k;
    }
    String path = String.join(".", chain);
    if (taken(path, c)) {
      String pkg = top.getPackageName().replace('.', '_');
      path = (pkg.isEmpty() ? "" : pkg + "_") + path;
    }
    return path;
  }

  private boolean taken(String path, Class<?> c) {
    if (TOP_LEVEL.contains(path.split("\\.")[0])) return true;
    for (Map.Entry<Class<?>, String> e : paths.entrySet()) {
      if (e.getValue().equals(path) && e.getKey() != c) return true;
    }
    NamedType existing = named.get(path);
    return existing != null && !existing.javaName().equals(c.getName());
  }

  /** A property or member name, quoted when it is not an identifier. */
  private static String key(String name) {
    return IDENTIFIER.matcher(name).matches() ? name : quote(name);
  }

  private static String parameterName(String name) {
    if (!IDENTIFIER.matcher(name).matches()) return "arg";
    return RESERVED.contains(name) ? name + "_" : name;
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> {
          if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
          else sb.append(ch);
        }
      }
    }
    return sb.append('"').toString();
  }

  // ------------------------------------------------------------------------------- namespaces

  /** The named types as a tree of namespaces, each path's last segment in its parent's. */
  private void writeNamespaces(StringBuilder out) {
    Map<String, Object> root = new TreeMap<>();
    for (NamedType t : named.values()) {
      String[] parts = t.path().split("\\.");
      Map<String, Object> node = root;
      for (int i = 0; i < parts.length; i++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> next = (Map<String, Object>) node.computeIfAbsent(parts[i],
            k -> new TreeMap<String, Object>());
        node = next;
      }
      node.put("", t); // "" cannot be a Java name: the type at this path
    }
    for (Map.Entry<String, Object> e : root.entrySet()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> node = (Map<String, Object>) e.getValue();
      writeNode(out, e.getKey(), node, "");
      out.append('\n');
    }
  }

  private void writeNode(StringBuilder out, String name, Map<String, Object> node, String indent) {
    NamedType own = (NamedType) node.get("");
    String export = "export ";
    if (own != null) {
      out.append(indent).append("/** ").append(own.javaName().replace('$', '.')).append(" */\n");
      if (own.isInterface()) {
        out.append(indent).append(export).append("interface ").append(name).append(' ')
            .append(indentBody(own.body(), indent)).append('\n');
      } else {
        out.append(indent).append(export).append("type ").append(name).append(" = ")
            .append(own.body()).append(";\n");
      }
    }
    boolean children = node.keySet().stream().anyMatch(k -> !k.isEmpty());
    if (!children) return;
    out.append(indent).append(export).append("namespace ").append(name).append(" {\n");
    for (Map.Entry<String, Object> e : node.entrySet()) {
      if (e.getKey().isEmpty()) continue;
      @SuppressWarnings("unchecked")
      Map<String, Object> child = (Map<String, Object>) e.getValue();
      writeNode(out, e.getKey(), child, indent + "  ");
    }
    out.append(indent).append("}\n");
  }

  private static String indentBody(String body, String indent) {
    return indent.isEmpty() ? body : body.replace("\n", "\n" + indent);
  }
}
