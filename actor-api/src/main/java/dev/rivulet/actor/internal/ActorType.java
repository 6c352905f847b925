package dev.rivulet.actor.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An actor class resolved once, at registration: its name, state type, how to create its initial
 * state, and its actions as method handles. Every misuse of the actor API that can be seen without
 * running the actor fails here, naming the class.
 */
public final class ActorType {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

  /** Action names: parts of {@code [A-Za-z0-9_-]} separated by single dots (RivetKit's nesting). */
  private static final Pattern ACTION_NAME =
      Pattern.compile("(?=.{1,64}$)[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+)*");

  private final String name;
  private final Class<? extends ActorBase<?>> actorClass;
  private final JavaType stateType;
  private final MethodHandle constructor; // () -> Object
  private final MethodHandle initialState; // (Object) -> Object
  private final MethodHandle createState; // (Object, Object) -> Object, or null
  private final boolean overridesInitialState;
  private final JavaType inputType; // or null
  private final Map<String, ActionMethod> actions;
  private final List<DeclaredEvent> events;
  private final ActorHooks hooks;
  private final long sleepAfterMillis;
  private final boolean keepsVars;

  private ActorType(
      String name,
      Class<? extends ActorBase<?>> actorClass,
      JavaType stateType,
      MethodHandle constructor,
      MethodHandle initialState,
      MethodHandle createState,
      JavaType inputType,
      Map<String, ActionMethod> actions,
      List<DeclaredEvent> events,
      ActorHooks hooks,
      long sleepAfterMillis) {
    this.name = name;
    this.actorClass = actorClass;
    this.stateType = stateType;
    this.constructor = constructor;
    this.initialState = initialState;
    this.createState = createState;
    this.overridesInitialState = overridesInitialState(actorClass);
    this.inputType = inputType;
    this.actions = actions;
    this.events = events;
    this.hooks = hooks;
    this.sleepAfterMillis = sleepAfterMillis;
    this.keepsVars = keepsVars(actorClass, hooks);
  }

  /** The class's lifecycle hooks. */
  public ActorHooks hooks() {
    return hooks;
  }

  /** {@link Actor#sleepAfterMillis()}: -1 for the engine's default. */
  public long sleepAfterMillis() {
    return sleepAfterMillis;
  }

  public String name() {
    return name;
  }

  public Class<? extends ActorBase<?>> actorClass() {
    return actorClass;
  }

  public JavaType stateType() {
    return stateType;
  }

  /** The input type of {@code createState(I)}, or {@code null} when the actor takes no input. */
  public JavaType inputType() {
    return inputType;
  }

  /**
   * Whether instances of the class keep anything of their own: instance fields declared below
   * {@link ActorBase} (vars), or an {@code onWake} that sets some up. A read-only action of a type
   * without them gives the same answer on a fresh instance as on the live one.
   */
  public boolean keepsVars() {
    return keepsVars;
  }

  private static boolean keepsVars(Class<?> actorClass, ActorHooks hooks) {
    if (hooks.overrides(ActorHooks.Hook.WAKE)) return true;
    for (Class<?> c = actorClass; c != null && c != ActorBase.class; c = c.getSuperclass()) {
      for (java.lang.reflect.Field f : c.getDeclaredFields()) {
        if (!java.lang.reflect.Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) return true;
      }
    }
    return false;
  }

  /** The action of that name, or {@code null}. */
  public ActionMethod action(String actionName) {
    return actions.get(actionName);
  }

  public Map<String, ActionMethod> actions() {
    return actions;
  }

  /** The events the class declares with {@link dev.rivulet.actor.Event}, in the order written. */
  public List<DeclaredEvent> events() {
    return events;
  }

  /** A fresh instance of the actor class. */
  public ActorBase<?> newInstance() {
    try {
      return (ActorBase<?>) (Object) constructor.invokeExact();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("constructor of " + actorClass.getName() + " failed", t);
    }
  }

  /**
   * The initial state of a new actor: {@code createState(input)} when the actor declares it and an
   * input is given, {@code initialState()} otherwise. The instance must be bound to a scope.
   *
   * @throws ArgumentsException when the input does not fit the input type
   * @throws Throwable what the user's method throws
   */
  public Object initialState(ActorBase<?> instance, JsonNode input) throws Throwable {
    boolean hasInput = input != null && !input.isNull() && !input.isMissingNode();
    if (createState != null && (hasInput || !overridesInitialState)) {
      Object converted;
      try {
        converted = Json.mapper().treeToValue(hasInput ? input : Json.mapper().nullNode(), inputType);
      } catch (Exception e) {
        throw new ArgumentsException(
            "the input of "
                + name
                + " must be "
                + TypeDescriptions.humanName(inputType)
                + ": "
                + firstLine(e.getMessage()));
      }
      return (Object) createState.invokeExact((Object) instance, converted);
    }
    return (Object) initialState.invokeExact((Object) instance);
  }

  private static boolean overridesInitialState(Class<?> actorClass) {
    for (Class<?> c = actorClass; c != ActorBase.class; c = c.getSuperclass()) {
      try {
        c.getDeclaredMethod("initialState");
        return true;
      } catch (NoSuchMethodException e) {
        // keep looking up the hierarchy
      }
    }
    return false;
  }

  /** The description served by {@code /api/metadata}. */
  public ObjectNode describe() {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("name", name);
    node.put("javaClass", actorClass.getName());
    node.set("state", TypeDescriptions.schema(stateType));
    if (inputType != null) node.set("input", TypeDescriptions.schema(inputType));
    ArrayNode list = node.putArray("actions");
    for (ActionMethod a : actions.values()) {
      ObjectNode an = list.addObject();
      an.put("name", a.name());
      an.put("readOnly", a.readOnly());
      if (a.internal()) an.put("internal", true);
      ArrayNode args = an.putArray("args");
      for (ActionMethod.Param p : a.params()) {
        ObjectNode pn = args.addObject();
        pn.put("name", p.name());
        pn.setAll(TypeDescriptions.schema(p.type()));
      }
      an.set("returns", TypeDescriptions.schema(a.returnType()));
    }
    if (!events.isEmpty()) {
      ArrayNode declared = node.putArray("events");
      for (DeclaredEvent e : events) declared.add(e.describe());
    }
    return node;
  }

  /**
   * Resolves an actor class.
   *
   * @throws IllegalArgumentException naming the class and the problem when it is not a valid actor
   */
  public static ActorType of(Class<? extends ActorBase<?>> cls) {
    String where = cls.getName() + ": ";
    Actor annotation = cls.getAnnotation(Actor.class);
    if (annotation == null) {
      throw new IllegalArgumentException(where + "missing @Actor(\"name\")");
    }
    String name = annotation.value();
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          where + "@Actor name must be 1 to 64 characters of [A-Za-z0-9_-], got \"" + name + "\"");
    }
    if (!ActorBase.class.isAssignableFrom(cls) || Modifier.isAbstract(cls.getModifiers())) {
      throw new IllegalArgumentException(where + "must be a concrete subclass of ActorBase");
    }
    TypeFactory types = Json.mapper().getTypeFactory();
    JavaType[] params = types.constructType(cls).findTypeParameters(ActorBase.class);
    if (params.length != 1 || params[0].getRawClass() == Object.class) {
      throw new IllegalArgumentException(
          where + "extend ActorBase<S> with a concrete state type S, for example ActorBase<State>");
    }
    JavaType stateType = params[0];
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    try {
      Constructor<?> ctor = cls.getDeclaredConstructor();
      ctor.setAccessible(true);
      MethodHandle constructor =
          lookup.unreflectConstructor(ctor).asType(MethodType.methodType(Object.class));

      Method init = ActorBase.class.getDeclaredMethod("initialState");
      init.setAccessible(true);
      MethodHandle initialState =
          lookup.unreflect(init).asType(MethodType.methodType(Object.class, Object.class));

      MethodHandle createState = null;
      JavaType inputType = null;
      Method create = findCreateState(cls, stateType);
      if (create != null) {
        create.setAccessible(true);
        inputType = resolve(cls, create, create.getGenericParameterTypes()[0]);
        createState =
            lookup
                .unreflect(create)
                .asType(MethodType.methodType(Object.class, Object.class, Object.class));
      }

      Map<String, ActionMethod> actions = new LinkedHashMap<>();
      for (Method m : actionMethods(cls)) {
        ActionMethod action = resolveAction(name, cls, m, lookup);
        if (actions.putIfAbsent(action.name(), action) != null) {
          throw new IllegalArgumentException(
              where + "two actions are named \"" + action.name() + "\"; action names must be unique");
        }
      }
      return new ActorType(
          name,
          cls,
          stateType,
          constructor,
          initialState,
          createState,
          inputType,
          Collections.unmodifiableMap(actions),
          DeclaredEvent.of(cls),
          new ActorHooks(cls),
          annotation.sleepAfterMillis());
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(where + "needs a no-argument constructor", e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(where + "is not accessible: " + e.getMessage(), e);
    }
  }

  private static List<Method> actionMethods(Class<?> cls) {
    List<Method> result = new ArrayList<>();
    for (Method m : cls.getMethods()) {
      if (m.isAnnotationPresent(Action.class) && !m.isBridge()) result.add(m);
    }
    for (Class<?> c = cls; c != ActorBase.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Action.class) && !Modifier.isPublic(m.getModifiers())) {
          throw new IllegalArgumentException(
              cls.getName() + ": @Action method " + m.getName() + " must be public");
        }
      }
    }
    result.sort((a, b) -> a.getName().compareTo(b.getName()));
    return result;
  }

  private static ActionMethod resolveAction(
      String actorName, Class<?> cls, Method m, MethodHandles.Lookup lookup)
      throws IllegalAccessException {
    String where = cls.getName() + "." + m.getName() + ": ";
    if (Modifier.isStatic(m.getModifiers())) {
      throw new IllegalArgumentException(where + "an @Action must not be static");
    }
    Action annotation = m.getAnnotation(Action.class);
    String actionName = annotation.name().isEmpty() ? m.getName() : annotation.name();
    if (!ACTION_NAME.matcher(actionName).matches()) {
      throw new IllegalArgumentException(where + "action name must be 1 to 64 characters: "
          + "parts of [A-Za-z0-9_-] separated by single dots, got \"" + actionName + "\"");
    }
    TypeFactory types = Json.mapper().getTypeFactory();
    List<ActionMethod.Param> params = new ArrayList<>();
    Parameter[] ps = m.getParameters();
    for (int i = 0; i < ps.length; i++) {
      String pname = ps[i].isNamePresent() ? ps[i].getName() : "arg" + i;
      params.add(new ActionMethod.Param(pname, resolve(cls, m, m.getGenericParameterTypes()[i])));
    }
    m.setAccessible(true);
    MethodHandle handle =
        lookup
            .unreflect(m)
            .asType(MethodType.genericMethodType(ps.length + 1))
            .asSpreader(1, Object[].class, ps.length);
    return new ActionMethod(
        actorName,
        actionName,
        annotation.readOnly(),
        annotation.internal(),
        params,
        resolve(cls, m, m.getGenericReturnType()),
        handle);
  }

  private static Method findCreateState(Class<?> cls, JavaType stateType) {
    for (Class<?> c = cls; c != ActorBase.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (!m.getName().equals("createState") || m.isBridge()) continue;
        if (m.getParameterCount() != 1 || Modifier.isStatic(m.getModifiers())) {
          throw new IllegalArgumentException(
              cls.getName() + ": createState must be an instance method with one parameter (the input)");
        }
        if (!stateType.getRawClass().isAssignableFrom(
            resolve(cls, m, m.getGenericReturnType()).getRawClass())) {
          throw new IllegalArgumentException(
              cls.getName() + ": createState must return the state type " + stateType.toCanonical());
        }
        return m;
      }
    }
    return null;
  }

  /**
   * A method's parameter or return type as seen from the actor class: type variables of a generic
   * superclass ({@code Registry<T>} extended as {@code Registry<String>}) are resolved.
   */
  static JavaType resolve(Class<?> actorClass, Method m, Type type) {
    TypeFactory types = Json.mapper().getTypeFactory();
    JavaType actor = types.constructType(actorClass);
    JavaType declaring = m.getDeclaringClass() == actorClass
        ? actor : actor.findSuperType(m.getDeclaringClass());
    return types.resolveMemberType(type,
        declaring == null ? actor.getBindings() : declaring.getBindings());
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
