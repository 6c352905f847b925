package dev.rivulet.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.Action;
import dev.rivulet.actor.internal.Json;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Builds the typed stub of an actor's action interface: each abstract method calls the action of
 * the same name (or of its {@link Action#name()}), with the method's arguments, and converts the
 * result to the method's return type. A method returning {@code CompletableFuture<X>} does not
 * block. Method metadata is resolved once per method, never per call.
 */
final class ActionProxy {
  private record Target(String action, JavaType resultType, boolean async) {}

  private static final Map<Method, Target> TARGETS = new ConcurrentHashMap<>();

  private ActionProxy() {}

  /**
   * A proxy of {@code api} whose calls go through {@code call(action, args)}, a function returning
   * the action's JSON result.
   */
  static <T> T create(Class<T> api, String description,
      BiFunction<String, Object[], CompletableFuture<JsonNode>> call) {
    if (!api.isInterface()) {
      throw new IllegalArgumentException(api.getName() + " is not an interface; typed clients are"
          + " built from an interface declaring the actor's actions");
    }
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "toString" -> api.getSimpleName() + "(" + description + ")";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        };
      }
      if (method.isDefault()) return InvocationHandler.invokeDefault(proxy, method, args);
      Target target = TARGETS.computeIfAbsent(method, ActionProxy::target);
      CompletableFuture<Object> result = call.apply(target.action(),
          args == null ? new Object[0] : args).thenApply(json -> convert(json, target.resultType()));
      if (target.async()) return result;
      try {
        return result.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : e;
      }
    };
    return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, handler));
  }

  static Object convert(JsonNode json, JavaType type) {
    Class<?> raw = type.getRawClass();
    if (raw == void.class || raw == Void.class) return null;
    try {
      return Json.mapper().treeToValue(json, type);
    } catch (Exception e) {
      throw new ActorError("client", "unexpected_result",
          "the result " + abbreviate(json) + " does not fit " + type.toCanonical(), null);
    }
  }

  private static Target target(Method method) {
    Action annotation = method.getAnnotation(Action.class);
    String name = annotation == null || annotation.name().isEmpty()
        ? method.getName() : annotation.name();
    JavaType returnType = Json.mapper().getTypeFactory().constructType(method.getGenericReturnType());
    boolean async = returnType.getRawClass() == CompletableFuture.class;
    JavaType resultType = async ? returnType.containedTypeOrUnknown(0) : returnType;
    return new Target(name, resultType, async);
  }

  private static String abbreviate(JsonNode n) {
    String s = String.valueOf(n);
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
