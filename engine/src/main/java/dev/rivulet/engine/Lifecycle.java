package dev.rivulet.engine;

import dev.rivulet.actor.internal.ActorHooks;

/**
 * The lifecycle hooks' rules, in one table: what each hook may change ({@link Draft.Rights}),
 * whether it is part of the step (what it changes is kept and journaled with the inbox record) and
 * what its failure does. {@link Turn} runs every hook by this table; the README's "Lifecycle hooks"
 * table is held against it by {@code LifecycleDocTest}.
 */
enum Lifecycle {
  CREATE_STATE("createState", Draft.Rights.NOTHING, true, Failure.REJECTS, null,
      "returns the initial state and may do nothing else"),
  ON_CREATE("onCreate", Draft.Rights.FULL, true, Failure.REJECTS, ActorHooks.Hook.CREATE, ""),
  ON_WAKE("onWake", Draft.Rights.NOTHING, false, Failure.LOGGED, ActorHooks.Hook.WAKE,
      Lifecycle.OUTSIDE),
  ON_SLEEP("onSleep", Draft.Rights.NOTHING, false, Failure.LOGGED, ActorHooks.Hook.SLEEP,
      Lifecycle.OUTSIDE),
  ON_STATE_CHANGE("onStateChange", Draft.Rights.EVENTS_ONLY, true, Failure.NOTED,
      ActorHooks.Hook.STATE_CHANGE, "may only broadcast"),
  ON_BEFORE_ACTION("onBeforeAction", Draft.Rights.NOTHING, true, Failure.REJECTS, null,
      Lifecycle.UNCHANGING),
  ON_BEFORE_ACTION_RESPONSE("onBeforeActionResponse", Draft.Rights.NOTHING, true, Failure.FAILS,
      null, Lifecycle.UNCHANGING),
  ON_BEFORE_CONNECT("onBeforeConnect", Draft.Rights.FULL, true, Failure.REJECTS, null, ""),
  CREATE_CONN_STATE("createConnState", Draft.Rights.NOTHING, true, Failure.REJECTS, null,
      Lifecycle.UNCHANGING),
  ON_CONNECT("onConnect", Draft.Rights.FULL, true, Failure.NOTED, ActorHooks.Hook.CONNECT, ""),
  ON_DISCONNECT("onDisconnect", Draft.Rights.FULL, true, Failure.NOTED,
      ActorHooks.Hook.DISCONNECT, ""),
  ON_DESTROY("onDestroy", Draft.Rights.FULL, true, Failure.NOTED, ActorHooks.Hook.DESTROY, ""),
  ON_REQUEST("onRequest", Draft.Rights.FULL, true, Failure.FAILS, null, ""),
  ON_WEBSOCKET_OPEN("onWebSocketOpen", Draft.Rights.FULL, true, Failure.REJECTS, null, ""),
  ON_WEBSOCKET_MESSAGE("onWebSocketMessage", Draft.Rights.FULL, true, Failure.FAILS, null, ""),
  ON_WEBSOCKET_CLOSE("onWebSocketClose", Draft.Rights.FULL, true, Failure.NOTED,
      ActorHooks.Hook.WEBSOCKET_CLOSE, "");

  /** What a hook's failure (an exception, or a change it may not make) does. */
  enum Failure {
    /** The request is refused: an error reply, no journal record, a new actor is not created. */
    REJECTS,
    /** The step fails: journaled with the error, which the client gets; nothing it did is kept. */
    FAILS,
    /** Logged and noted in the journal record's {@code meta.hookFailures}; the step goes on. */
    NOTED,
    /** Logged; nothing else (the hook is outside the actor's history). */
    LOGGED
  }

  private static final String OUTSIDE = "runs outside the actor's history and may not change it";
  private static final String UNCHANGING = "may not change anything";

  /** The method users override or declare. */
  final String method;

  final Draft.Rights rights;

  /** Whether the hook is part of the step: what it may change is kept and journaled. */
  final boolean inStep;

  final Failure failure;

  /** The {@link ActorHooks} entry of a hook that returns nothing; null for the others. */
  final ActorHooks.Hook voidHook;

  /** Why a hook with fewer rights may not change things, for error messages. */
  final String why;

  Lifecycle(String method, Draft.Rights rights, boolean inStep, Failure failure,
      ActorHooks.Hook voidHook, String why) {
    this.method = method;
    this.rights = rights;
    this.inStep = inStep;
    this.failure = failure;
    this.voidHook = voidHook;
    this.why = why;
  }

  /** Whether a failure of this hook is only logged (and noted), never the request's outcome. */
  boolean tolerated() {
    return failure == Failure.NOTED || failure == Failure.LOGGED;
  }
}
