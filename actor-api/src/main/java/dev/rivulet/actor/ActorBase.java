package dev.rivulet.actor;

import dev.rivulet.actor.internal.ActorScope;
import dev.rivulet.actor.internal.ActorScopes;

/**
 * The base class of every actor: holds the actor's persistent state of type {@code S} and gives
 * actions access to it and to the {@link ActorContext}.
 *
 * <pre>{@code
 * @Actor("counter")
 * public class Counter extends ActorBase<Counter.State> {
 *   public record State(long count) {}
 *
 *   @Override protected State initialState() { return new State(0); }
 *
 *   @Action public long increment(long amount) {
 *     var next = new State(state().count() + amount);
 *     setState(next);
 *     broadcast("newCount", next.count());
 *     return next.count();
 *   }
 *
 *   @Action(readOnly = true) public long getCount() { return state().count(); }
 * }
 * }</pre>
 *
 * <h2>State</h2>
 * The state is serialized to JSON (with Jackson) after every action and stored durably; it can be
 * an immutable record replaced with {@link #setState}, or a mutable object changed in place. Each
 * action sees a fresh copy, so a failing action leaves no trace in it. The initial state comes
 * from {@link #initialState()}, or, for actors created with an input, from a method the subclass
 * declares as {@code protected S createState(I input)} for an input type {@code I} of its choice.
 *
 * <h2>Large state</h2>
 * The state is rewritten whole (in the store, in the journal's patches and snapshots) as it
 * changes, and is at most 1 MiB of JSON: keep it small. What grows — messages, documents, rows —
 * goes in stored logs and maps ({@link #storedLog}, {@link #storedMap}), kept entry by entry, so
 * that an action costs what it changes, not what the actor holds (up to 8 MiB of entries per
 * actor by default).
 *
 * <h2>Instance fields</h2>
 * One instance serves an actor while it is awake; its fields are the actor's in-memory variables
 * (caches, clients), set up in {@link #onWake()}. They are never persisted and start afresh when
 * the actor wakes again. Actions must not depend on them for their results: a replay, or another
 * engine taking over, starts with fresh fields.
 *
 * <h2>Requirements</h2>
 * A public or package-visible no-argument constructor, the {@link Actor} annotation, and
 * actions as public methods annotated with {@link Action}.
 *
 * @param <S> the state type, serializable to and from JSON with Jackson
 */
public abstract class ActorBase<S> {
  static {
    ActorScopes.install(new ActorScopes.Binder() {
      @Override
      public void bind(ActorBase<?> actor, ActorScope scope) {
        actor.scope = scope;
      }
    });
  }

  private ActorScope scope;

  /**
   * The state of an actor created without input. Override it unless the actor declares {@code
   * createState(I input)} and is always created with an input.
   */
  protected S initialState() {
    throw new IllegalStateException(
        getClass().getName() + " does not override initialState() and was created without input");
  }

  // ---------------------------------------------------------------------------------- hooks
  // Every hook runs on the actor's thread, in order with its records. Those marked "in the step"
  // run as part of an inbox record, are recorded with it and may change the state, broadcast and
  // use the context; the others may not change anything durable.

  /** Runs once, right after the actor is created and its state initialized. In the step. */
  protected void onCreate() {}

  /**
   * Runs when the actor's instance is created in memory (on its first record after start, or
   * after sleeping): set up the instance's fields (its vars) here. It may read the state but not
   * change it, broadcast or schedule: whether an actor is awake is not part of its history.
   */
  protected void onWake() {}

  /**
   * Runs before the idle actor's instance is dropped from memory (see {@link
   * Actor#sleepAfterMillis()}): release what the vars hold. It may read the state, not change it.
   */
  protected void onSleep() {}

  /** Runs when the actor is destroyed, before its connections are closed. In the step. */
  protected void onDestroy() {}

  /**
   * Runs after an action or hook of a step changed the state, with the new state. It may
   * broadcast; it may not change the state again.
   */
  protected void onStateChange(S newState) {}

  /**
   * Authorizes a client's call of an action, before it runs: throw (a {@link UserError}, say
   * {@code new UserError("forbidden", "...")}) to refuse it. The caller is in the context: {@code
   * context().identity()} (who the gateway authenticated) and {@code context().conn()} (the
   * connection it came through, with its state; a stateless call's own connection on RivetKit's
   * routes; null for an HTTP call on Rivulet's routes). It may read the state and change nothing. A
   * refused call gets the error and leaves no trace: no journal record, and an actor it would
   * have created is not created. Runs for clients' calls only (HTTP, connections, stateless
   * calls), never for schedules, other actors or subscribed topics.
   *
   * @param action the action's name
   * @param args the action's arguments, as converted for it
   */
  protected void onBeforeAction(String action, Object[] args) {}

  /**
   * Runs before an action's result is sent to its caller and may replace it. It may not change
   * anything.
   *
   * @param action the action's name
   * @param args the action's arguments, as converted for it
   * @param output what the action returned
   * @return what the caller receives
   */
  protected Object onBeforeActionResponse(String action, Object[] args, Object output) {
    return output;
  }

  /**
   * Runs when a connection has been accepted and its state created. In the step (the connect
   * record): it may change the state, broadcast, send to the connection.
   *
   * <p>To accept or reject connections, declare {@code protected void onBeforeConnect(P params)}
   * for a params type {@code P} of your choice and throw a {@link UserError} to reject; the
   * client gets the error and its socket closes with {@code user.<code>}. It may change the state
   * like an action (say, to count attempts); what it changed is kept only when the connection is
   * accepted. To give each connection its own state, declare {@code protected C
   * createConnState(P params)}, which returns it and may change nothing else. Parts of the params
   * marked {@link Secret} reach {@code onBeforeConnect} only and are never kept.
   */
  protected void onConnect(Conn conn) {}

  /**
   * Runs when a connection ended: the client closed it, the server disconnected it, or its
   * gateway was lost. In the step: it may change the state and broadcast.
   */
  protected void onDisconnect(Conn conn) {}

  /**
   * Answers raw HTTP requests to {@code /api/actors/{name}/{key}/request/*}. In the step, like an
   * action: it may change the state. The default answers 404.
   */
  protected HttpResponse onRequest(HttpRequest request) {
    return HttpResponse.text(404, "this actor does not handle raw HTTP requests\n");
  }

  /**
   * Runs when a raw WebSocket ({@code /websocket/*}) opens, after the connection hooks ({@code
   * onBeforeConnect}, {@code createConnState}, {@code onConnect}) accepted it. In the step (the
   * connect record): it may change the state and send to the socket. Throwing refuses the socket:
   * the client's socket closes with code 1011 and {@code group.code}, and nothing of the step is
   * kept. An actor that overrides none of the three {@code onWebSocket} hooks refuses raw sockets
   * ({@code request.route_not_found}).
   */
  protected void onWebSocketOpen(RawSocket socket) {}

  /**
   * Runs for each message the client sends on a raw WebSocket, in order, each in a step of its
   * own (journaled with the message). Throwing fails that step (journaled with the error; nothing
   * the hook did is kept) and the socket stays open.
   */
  protected void onWebSocketMessage(RawSocket socket, RawSocket.Message message) {}

  /**
   * Runs when a raw WebSocket closed: the client closed it (its close code, or 1006 when its
   * gateway lost it), or the actor did ({@link RawSocket#close}, or 1000 for {@link
   * Conn#disconnect}); {@code onDisconnect} runs right after it. In the step: it may change the
   * state and broadcast. A failure is logged and noted in the journal. Not run when the actor is
   * destroyed (neither is {@code onDisconnect}).
   *
   * @param reason the close reason, empty when none
   */
  protected void onWebSocketClose(RawSocket socket, int code, String reason) {}

  // ---------------------------------------------------------------------------------- access

  /** The actor's current state; in an action, a private copy that only this action changes. */
  @SuppressWarnings("unchecked")
  protected final S state() {
    return (S) scope().state();
  }

  /** Replaces the actor's state; it is stored when the action returns without an exception. */
  protected final void setState(S state) {
    scope().setState(state);
  }

  /**
   * The actor's stored log named {@code name}, of entries of type {@code type}: large, growing data
   * kept entry by entry, whose cost per action follows what the action appends (see {@link
   * StoredLog}). The log exists from its first append; its name is up to 64 characters of {@code
   * [A-Za-z0-9_-]}. Ask for it again in every action or hook that uses it.
   *
   * @throws IllegalStateException when the actor holds a {@link StoredMap} of that name, or this
   *     run asked for the log with another entry type
   */
  protected final <T> StoredLog<T> storedLog(String name, Class<T> type) {
    return scope().storedLog(name, type);
  }

  /**
   * The actor's stored map named {@code name}, of values of type {@code type}: large data kept
   * entry by entry, whose cost per action follows the entries the action puts or removes (see
   * {@link StoredMap}). The map exists from its first put; its name is up to 64 characters of
   * {@code [A-Za-z0-9_-]}. Ask for it again in every action or hook that uses it.
   *
   * @throws IllegalStateException when the actor holds a {@link StoredLog} of that name, or this
   *     run asked for the map with another value type
   */
  protected final <V> StoredMap<V> storedMap(String name, Class<V> type) {
    return scope().storedMap(name, type);
  }

  /** Shorthand for {@code context().broadcast(event, args)}. */
  protected final void broadcast(String event, Object... args) {
    scope().context().broadcast(event, args);
  }

  /** The context of the action or hook that is running. */
  protected final ActorContext context() {
    return scope().context();
  }

  private ActorScope scope() {
    ActorScope current = scope;
    if (current == null) {
      throw new IllegalStateException(
          "state() and context() are only available while an action or hook of "
              + getClass().getSimpleName()
              + " runs, not in its constructor or from another thread");
    }
    return current;
  }
}
