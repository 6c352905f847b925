package dev.rivulet.actor.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Conn;
import dev.rivulet.actor.HttpRequest;
import dev.rivulet.actor.HttpResponse;
import dev.rivulet.actor.RawSocket;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.EnumMap;
import java.util.Map;

/**
 * The lifecycle hooks of an actor class, resolved once: a method handle for each hook of {@link
 * ActorBase} (called virtually, so the subclass's override runs), whether the class overrides it,
 * and the optional {@code onBeforeConnect(P)} and {@code createConnState(P)} a class may declare
 * with a params type of its choice. Hooks the class does not override or declare need not run (or
 * cost a draft of the state).
 */
public final class ActorHooks {
  /** The hooks without a result, by what they take. */
  public enum Hook {
    CREATE("onCreate"),
    WAKE("onWake"),
    SLEEP("onSleep"),
    DESTROY("onDestroy"),
    STATE_CHANGE("onStateChange", Object.class),
    CONNECT("onConnect", Conn.class),
    DISCONNECT("onDisconnect", Conn.class),
    WEBSOCKET_OPEN("onWebSocketOpen", RawSocket.class),
    WEBSOCKET_MESSAGE("onWebSocketMessage", RawSocket.class, RawSocket.Message.class),
    WEBSOCKET_CLOSE("onWebSocketClose", RawSocket.class, int.class, String.class);

    final String method;
    final Class<?>[] params;

    Hook(String method, Class<?>... params) {
      this.method = method;
      this.params = params;
    }
  }

  private record Declared(MethodHandle handle, JavaType paramType, JavaType returnType,
      java.lang.reflect.Parameter parameter) {}

  private final Class<?> actorClass;
  private final Map<Hook, MethodHandle> hooks = new EnumMap<>(Hook.class);
  private final Map<Hook, Boolean> overridden = new EnumMap<>(Hook.class);
  private final MethodHandle beforeActionResponse; // (Object, String, Object[], Object) -> Object
  private final boolean overridesBeforeActionResponse;
  private final MethodHandle beforeAction; // (Object, String, Object[]) -> void
  private final boolean overridesBeforeAction;
  private final MethodHandle request; // (Object, HttpRequest) -> HttpResponse
  private final boolean overridesRequest;
  private final Declared beforeConnect; // or null
  private final Declared createConnState; // or null
  private final SecretParams secretParams;

  ActorHooks(Class<? extends ActorBase<?>> cls) throws ReflectiveOperationException {
    this.actorClass = cls;
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    for (Hook hook : Hook.values()) {
      Method m = ActorBase.class.getDeclaredMethod(hook.method, hook.params);
      m.setAccessible(true);
      hooks.put(hook, lookup.unreflect(m).asType(
          MethodType.genericMethodType(hook.params.length + 1).changeReturnType(void.class)));
      overridden.put(hook, overrides(cls, hook.method, hook.params));
    }
    Method bar = ActorBase.class.getDeclaredMethod(
        "onBeforeActionResponse", String.class, Object[].class, Object.class);
    bar.setAccessible(true);
    beforeActionResponse = lookup.unreflect(bar).asType(MethodType.methodType(
        Object.class, Object.class, String.class, Object[].class, Object.class));
    overridesBeforeActionResponse =
        overrides(cls, "onBeforeActionResponse", String.class, Object[].class, Object.class);
    Method ba = ActorBase.class.getDeclaredMethod("onBeforeAction", String.class, Object[].class);
    ba.setAccessible(true);
    beforeAction = lookup.unreflect(ba).asType(MethodType.methodType(
        void.class, Object.class, String.class, Object[].class));
    overridesBeforeAction = overrides(cls, "onBeforeAction", String.class, Object[].class);
    Method req = ActorBase.class.getDeclaredMethod("onRequest", HttpRequest.class);
    req.setAccessible(true);
    request = lookup.unreflect(req).asType(
        MethodType.methodType(HttpResponse.class, Object.class, HttpRequest.class));
    overridesRequest = overrides(cls, "onRequest", HttpRequest.class);
    beforeConnect = declared(cls, "onBeforeConnect", false, lookup);
    createConnState = declared(cls, "createConnState", true, lookup);
    JavaType paramsType = connParamsType();
    java.util.List<java.lang.reflect.Parameter> declaredWith = new java.util.ArrayList<>();
    if (beforeConnect != null) declaredWith.add(beforeConnect.parameter());
    if (createConnState != null) declaredWith.add(createConnState.parameter());
    secretParams = SecretParams.of(paramsType == null ? null : paramsType.getRawClass(),
        declaredWith);
  }

  /** Whether the class authorizes clients' calls of its actions ({@code onBeforeAction}). */
  public boolean overridesBeforeAction() {
    return overridesBeforeAction;
  }

  /** {@code onBeforeAction}; nothing when the class does not override it. */
  public void beforeAction(ActorBase<?> actor, String action, Object[] args) throws Throwable {
    if (!overridesBeforeAction) return;
    beforeAction.invokeExact((Object) actor, action, args);
  }

  /** What of the connection params is {@link dev.rivulet.actor.Secret}. */
  public SecretParams secretParams() {
    return secretParams;
  }

  /** Whether the class overrides {@code hook}: a hook it does not override need not be called. */
  public boolean overrides(Hook hook) {
    return overridden.get(hook);
  }

  /** Whether the class transforms action results before they are sent. */
  public boolean overridesBeforeActionResponse() {
    return overridesBeforeActionResponse;
  }

  /** Whether the class answers raw HTTP requests itself. */
  public boolean handlesRequests() {
    return overridesRequest;
  }

  /** Whether the class keeps a state per connection. */
  public boolean hasConnState() {
    return createConnState != null;
  }

  /**
   * The connection params type: the parameter of {@code onBeforeConnect(P)}, else of {@code
   * createConnState(P)}; null when the class declares neither.
   */
  public JavaType connParamsType() {
    if (beforeConnect != null) return beforeConnect.paramType();
    return createConnState == null ? null : createConnState.paramType();
  }

  /** What {@code createConnState} returns, or null when the class keeps no state per connection. */
  public JavaType connStateType() {
    return createConnState == null ? null : createConnState.returnType();
  }

  /** Whether the class declares {@code onBeforeConnect(P)}: a class that does not accepts all. */
  public boolean hasBeforeConnect() {
    return beforeConnect != null;
  }

  /**
   * Whether the class handles raw WebSockets: it overrides one of {@code onWebSocketOpen}, {@code
   * onWebSocketMessage} and {@code onWebSocketClose}.
   */
  public boolean handlesWebSockets() {
    return overrides(Hook.WEBSOCKET_OPEN) || overrides(Hook.WEBSOCKET_MESSAGE)
        || overrides(Hook.WEBSOCKET_CLOSE);
  }

  /** Runs a hook with its arguments (an int as an Integer); what it throws propagates unchanged. */
  public void run(Hook hook, ActorBase<?> actor, Object... args) throws Throwable {
    MethodHandle h = hooks.get(hook);
    if (args.length != hook.params.length) {
      throw new IllegalArgumentException(hook.method + " takes " + hook.params.length
          + " arguments, got " + args.length);
    }
    switch (args.length) {
      case 0 -> h.invokeExact((Object) actor);
      case 1 -> h.invokeExact((Object) actor, args[0]);
      case 2 -> h.invokeExact((Object) actor, args[0], args[1]);
      case 3 -> h.invokeExact((Object) actor, args[0], args[1], args[2]);
      default -> throw new IllegalArgumentException("hooks take at most three arguments");
    }
  }

  /** {@code onBeforeActionResponse}, or {@code output} itself when the class does not override it. */
  public Object beforeActionResponse(ActorBase<?> actor, String action, Object[] args,
      Object output) throws Throwable {
    if (!overridesBeforeActionResponse) return output;
    return (Object) beforeActionResponse.invokeExact((Object) actor, action, args, output);
  }

  /** {@code onRequest}. */
  public HttpResponse request(ActorBase<?> actor, HttpRequest req) throws Throwable {
    return (HttpResponse) request.invokeExact((Object) actor, req);
  }

  /**
   * {@code onBeforeConnect(P)} with the params converted, when the class declares it.
   *
   * @throws ArgumentsException when the params do not fit {@code P}
   */
  public void beforeConnect(ActorBase<?> actor, JsonNode params) throws Throwable {
    if (beforeConnect == null) return;
    beforeConnect.handle().invokeExact((Object) actor, convert(params, beforeConnect));
  }

  /** {@code createConnState(P)}, or null when the class keeps no state per connection. */
  public Object createConnState(ActorBase<?> actor, JsonNode params) throws Throwable {
    if (createConnState == null) return null;
    return (Object) createConnState.handle().invokeExact((Object) actor,
        convert(params, createConnState));
  }

  private Object convert(JsonNode params, Declared hook) throws ArgumentsException {
    JsonNode value = params == null ? Json.mapper().nullNode() : params;
    try {
      return Json.mapper().treeToValue(value, hook.paramType());
    } catch (Exception e) {
      throw new ArgumentsException("the connection params of " + actorClass.getSimpleName()
          + " must be " + TypeDescriptions.humanName(hook.paramType()) + ", got " + value);
    }
  }

  private static boolean overrides(Class<?> cls, String name, Class<?>... params) {
    for (Class<?> c = cls; c != ActorBase.class; c = c.getSuperclass()) {
      try {
        c.getDeclaredMethod(name, params);
        return true;
      } catch (NoSuchMethodException e) {
        // keep looking up the hierarchy
      }
    }
    return false;
  }

  private static Declared declared(Class<? extends ActorBase<?>> cls, String name,
      boolean returns, MethodHandles.Lookup lookup) throws IllegalAccessException {
    for (Class<?> c = cls; c != ActorBase.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (!m.getName().equals(name) || m.isBridge()) continue;
        if (m.getParameterCount() != 1 || Modifier.isStatic(m.getModifiers())) {
          throw new IllegalArgumentException(cls.getName() + ": " + name
              + " must be an instance method with one parameter (the connection params)");
        }
        if (!returns && m.getReturnType() != void.class) {
          throw new IllegalArgumentException(cls.getName() + ": " + name + " must return void");
        }
        m.setAccessible(true);
        JavaType paramType = ActorType.resolve(cls, m, m.getGenericParameterTypes()[0]);
        MethodHandle h = lookup.unreflect(m).asType(returns
            ? MethodType.methodType(Object.class, Object.class, Object.class)
            : MethodType.methodType(void.class, Object.class, Object.class));
        return new Declared(h, paramType,
            ActorType.resolve(cls, m, m.getGenericReturnType()), m.getParameters()[0]);
      }
    }
    return null;
  }
}
