package dev.rivulet.actor.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.actor.ActorBase;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * One action of an actor type, resolved once at registration: its parameters' types and a method
 * handle that invokes it without reflection.
 */
public final class ActionMethod {
  /** A parameter of an action. */
  public record Param(String name, JavaType type) {}

  private final String name;
  private final String qualifiedName;
  private final boolean readOnly;
  private final boolean internal;
  private final List<Param> params;
  private final JavaType returnType;
  private final MethodHandle invoker; // (Object, Object[]) -> Object

  ActionMethod(
      String actorName,
      String name,
      boolean readOnly,
      boolean internal,
      List<Param> params,
      JavaType returnType,
      MethodHandle invoker) {
    this.name = name;
    this.qualifiedName = actorName + "." + name;
    this.readOnly = readOnly;
    this.internal = internal;
    this.params = List.copyOf(params);
    this.returnType = returnType;
    this.invoker = invoker;
  }

  public String name() {
    return name;
  }

  public boolean readOnly() {
    return readOnly;
  }

  /** Whether clients may not call it (only the actor itself and other actors). */
  public boolean internal() {
    return internal;
  }

  public List<Param> params() {
    return params;
  }

  public JavaType returnType() {
    return returnType;
  }

  /** {@code counter.increment}, for messages. */
  public String qualifiedName() {
    return qualifiedName;
  }

  /**
   * Converts a JSON array of arguments to the parameter types.
   *
   * @throws ArgumentsException when the count or a type does not fit
   */
  public Object[] convertArgs(JsonNode args) throws ArgumentsException {
    if (args == null || args.isNull() || args.isMissingNode()) {
      args = Json.mapper().createArrayNode();
    }
    if (!args.isArray()) {
      throw new ArgumentsException(
          "arguments of " + qualifiedName() + " must be a JSON array, got " + kind(args));
    }
    if (args.size() != params.size()) {
      throw new ArgumentsException(
          qualifiedName()
              + " takes "
              + params.size()
              + (params.size() == 1 ? " argument" : " arguments")
              + signature()
              + ", got "
              + args.size());
    }
    ObjectMapper mapper = Json.mapper();
    Object[] values = new Object[params.size()];
    for (int i = 0; i < values.length; i++) {
      Param p = params.get(i);
      JsonNode arg = args.get(i);
      if (arg.isNull() && p.type().isPrimitive()) {
        throw new ArgumentsException(
            "argument " + (i + 1) + " (" + p.name() + ") of " + qualifiedName() + " must not be null");
      }
      try {
        values[i] = mapper.treeToValue(arg, p.type());
      } catch (Exception e) {
        throw new ArgumentsException(
            "argument "
                + (i + 1)
                + " ("
                + p.name()
                + ") of "
                + qualifiedName()
                + " must be "
                + TypeDescriptions.humanName(p.type())
                + ", got "
                + abbreviate(arg));
      }
    }
    return values;
  }

  /** Invokes the action on {@code actor}; exceptions thrown by the action propagate unchanged. */
  public Object invoke(ActorBase<?> actor, Object[] args) throws Throwable {
    return (Object) invoker.invokeExact((Object) actor, args);
  }

  private String signature() {
    StringBuilder sb = new StringBuilder(" (");
    for (int i = 0; i < params.size(); i++) {
      if (i > 0) sb.append(", ");
      sb.append(params.get(i).name()).append(": ").append(TypeDescriptions.humanName(params.get(i).type()));
    }
    return sb.append(')').toString();
  }

  private static String kind(JsonNode n) {
    return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String abbreviate(JsonNode n) {
    String s = n.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
