package dev.rivulet.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.rivulet.actor.internal.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A connection to one actor over a WebSocket (RivetKit's protocol, JSON encoding, on Rivulet's
 * route {@code /api/actors/{name}/{key}/connect}): actions called through it and the actor's
 * events. It survives dropped sockets the way RivetKit's JavaScript client does, and does not miss
 * broadcasts while it is away.
 *
 * <h2>Reconnecting</h2>
 *
 * {@link ActorHandle#connect()} returns once the actor accepted the connection (the server's
 * {@code Init}); if that first attempt fails, it throws. After that, when the socket drops (the
 * network, a gateway restart, the server closing it, a server-side {@code conn.disconnect}), the
 * connection opens a new socket: at once, then with a backoff (250 ms doubling to 30 s by
 * default, see {@link ConnectionOptions}). Each new socket is a new connection for the actor
 * (its {@code onConnect} runs again, with the same params; {@link #connectionId()} changes). It
 * stops, and ends {@link ConnectionStatus#IDLE IDLE}, on {@link #close()}; on an answer that means
 * it can never open — a rejection by the actor ({@code user.*}, from {@code onBeforeConnect}), an
 * actor or type that does not exist ({@code actor.not_found}, {@code actor.type_not_found}),
 * an invalid key, request or arguments ({@code actor.invalid_key}, {@code actor.invalid_request},
 * {@code actor.invalid_arguments}), a refusal by the gateway's authenticator ({@code auth.*}) —
 * which its {@link #onError} handlers get; or after {@link
 * ConnectionOptions#withMaxAttempts} failed attempts ({@code client.reconnect_failed}). Other
 * failures (refused connections, I/O errors, {@code gateway.unavailable}, an {@code Init} that
 * does not come within the client's timeout) are retried. Follow it with {@link #status()} and
 * {@link #onStatusChange}.
 *
 * <h2>Events and subscriptions</h2>
 *
 * {@link #on} subscribes to an event on the server with its first handler; every subscription is
 * restored on each new socket. A new socket also resumes the events missed while away: it asks
 * for the broadcasts after the last event this connection received ({@code ?lastEventId=} and
 * {@code &events=} on the connect URL; every event carries its sequence number), and the gateway
 * sends them from the actor's journal, in order, before the live ones, each once. Until the
 * connection has received an event, it resumes from where the actor's events stood when the
 * first socket was accepted (its {@code Init} says so; see {@link #lastEventId()}): after a drop
 * it may so receive events broadcast before a handler was added. Not resumed: messages sent to
 * one connection ({@code conn.send}), which belong
 * to the old connection; and events whose name contains a comma or starts or ends with a space
 * (they are subscribed again, but cannot be named on the URL).
 *
 * <h2>Calls</h2>
 *
 * A call made while connected is sent at once. A call made while the connection is away waits
 * for the next {@code Init} and is sent then, in order; at most {@link
 * ConnectionOptions#withMaxQueuedCalls} calls wait, the next fails at once with {@code
 * client.queue_full}. A call sent but not answered when the socket drops fails with {@code
 * client.connection_lost}: the action may or may not have been applied (a call is not sent again,
 * since it would be applied twice). The stable codes of the client's own errors ({@link
 * ActorError#group()} {@code client}):
 *
 * <ul>
 *   <li>{@code client.connection_lost}: the socket dropped while the call was in flight; its
 *       message says how, its cause is the server's error when the server gave one;
 *   <li>{@code client.connection_closed}: the connection has ended (closed, or given up); the call
 *       was not sent or not answered; its cause is the error that ended it, if any;
 *   <li>{@code client.queue_full}: too many calls wait for the connection to come back;
 *   <li>{@code client.timed_out}: no answer within the client's timeout ({@link
 *       RivuletClient#create(String, Duration)}), counted from the call;
 *   <li>{@code client.connection_open_failed}: the first attempt failed without an error from the
 *       server (refused, unreachable, no {@code Init} in time);
 *   <li>{@code client.reconnect_failed}: the attempts allowed by {@link
 *       ConnectionOptions#withMaxAttempts} all failed.
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * Thread-safe. Event handlers run on the client's I/O threads, in the order the events arrive:
 * keep them short. Status, error and close handlers run one at a time, in the order of the
 * changes, never while the connection holds its lock (they may call the connection).
 *
 * @param <T> the interface {@link #api()} implements, or {@code Void}
 */
public final class ActorConnection<T> implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ActorConnection.class.getName());

  /** Answers from the server that mean a connection can never open: reconnecting stops. */
  private static final Set<String> NEVER_OPENS = Set.of("actor.not_found",
      "actor.type_not_found", "actor.invalid_key", "actor.invalid_request",
      "actor.invalid_arguments", "auth.unauthenticated", "auth.forbidden");

  private final RivuletClient client;
  private final String name;
  private final String key;
  private final String description;
  private final Class<T> api;
  private final String mode;
  private final JsonNode input;
  private final String[] protocols;
  private final ConnectionOptions options;
  private final AtomicLong nextId = new AtomicLong();
  private final Notices notices = new Notices();
  private final List<Consumer<ConnectionStatus>> statusListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<ActorError>> errorHandlers = new CopyOnWriteArrayList<>();
  private final List<Runnable> closeHandlers = new CopyOnWriteArrayList<>();
  private final Map<String, List<Consumer<ArrayNode>>> handlers = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> firstOpen = new CompletableFuture<>();

  private final Object lock = new Object();
  // Guarded by lock (handlers are changed under it too):
  private final Map<BigInteger, Call> inFlight = new LinkedHashMap<>();
  private final ArrayDeque<Call> queued = new ArrayDeque<>();
  private ConnectionSocket socket; // the current socket; null while waiting for the next attempt, and at the end
  /** What this connection's sockets tell it. */
  private final ConnectionSocket.Owner sockets = new ConnectionSocket.Owner() {
    @Override
    public void received(ConnectionSocket s, String text) {
      ActorConnection.this.received(s, text);
    }

    @Override
    public void lost(ConnectionSocket s, int code, String reason, Throwable failure) {
      ActorConnection.this.lost(s, code, reason, failure);
    }
  };
  private boolean connectedOnce;
  private boolean ended;
  private String endReason;
  private ActorError endCause;
  private int failures; // attempts failed in a row
  private Long lastEventId;
  // Written under lock, read anywhere:
  private volatile ConnectionStatus status = ConnectionStatus.CONNECTING;
  private volatile String actorId;
  private volatile String connectionId;

  private ActorConnection(RivuletClient client, String name, String key, Class<T> api, String mode,
      JsonNode input, JsonNode params, ConnectionOptions options) {
    this.client = client;
    this.name = name;
    this.key = key;
    this.description = name + "/" + key;
    this.api = api;
    this.mode = mode;
    this.input = input;
    this.options = options;
    this.protocols = params == null ? new String[] {"rivet_encoding.json"}
        : new String[] {"rivet_encoding.json", "rivet_conn_params."
            + URLEncoder.encode(params.toString(), StandardCharsets.UTF_8).replace("+", "%20")};
  }

  /** Opens the connection's first socket and waits for the actor to accept it. */
  static <T> ActorConnection<T> open(RivuletClient client, String name, String key, Class<T> api,
      String mode, JsonNode input, JsonNode params, ConnectionOptions options) {
    ActorConnection<T> conn = new ActorConnection<>(client, name, key, api, mode, input, params,
        Objects.requireNonNull(options, "options"));
    conn.attempt();
    try {
      // The attempt ends itself after the client's timeout; this bound is a safety net only.
      conn.firstOpen.get(client.timeout().toMillis() * 2 + 1_000, TimeUnit.MILLISECONDS);
      return conn;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ActorError error) throw error;
      throw conn.openFailed(String.valueOf(e.getCause()));
    } catch (TimeoutException e) {
      conn.close();
      throw conn.openFailed("no answer within " + client.timeout().toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      conn.close();
      throw conn.openFailed("interrupted");
    }
  }

  /** The actor's id, from the server's latest {@code Init}. */
  public String actorId() {
    return actorId;
  }

  /** This connection's id, from the server's latest {@code Init}: each new socket gets a new one. */
  public String connectionId() {
    return connectionId;
  }

  /** Where the connection stands now. */
  public ConnectionStatus status() {
    return status;
  }

  /** Whether the connection is alive: connected, or getting its socket back. False once it ended. */
  public boolean isOpen() {
    return status != ConnectionStatus.IDLE;
  }

  /**
   * Where a new socket resumes the events from: the sequence number of the last event this
   * connection received, or, before any, where the actor's events stood when its first socket was
   * accepted (its {@code Init}). Empty before the first {@code Init}.
   */
  public OptionalLong lastEventId() {
    synchronized (lock) {
      return lastEventId == null ? OptionalLong.empty() : OptionalLong.of(lastEventId);
    }
  }

  /** A typed stub whose calls go over this connection. */
  public T api() {
    if (api == null) {
      throw new IllegalStateException("no action interface given; use client.actor(name, Api.class)");
    }
    return ActionProxy.create(api, description, this::callJsonAsync);
  }

  /** Calls {@code action} over the connection and converts its result. */
  public <R> R call(String action, Class<R> resultType, Object... args) {
    return ActorHandle.join(callJsonAsync(action, args).thenApply(json -> resultType.cast(
        ActionProxy.convert(json, Json.mapper().constructType(resultType)))));
  }

  /**
   * Calls {@code action} over the connection; the result as JSON. Sent at once when connected,
   * else when the connection is back (see the class comment for the errors).
   */
  public CompletableFuture<JsonNode> callJsonAsync(String action, Object... args) {
    Objects.requireNonNull(action, "action");
    BigInteger id = BigInteger.valueOf(nextId.getAndIncrement());
    Call call = new Call(id, action, ConnectionFrames.actionRequest(id, action, client.toArgs(args)));
    ActorError refused = null;
    synchronized (lock) {
      if (ended) {
        refused = closed(call, false);
      } else if (status == ConnectionStatus.CONNECTED) {
        inFlight.put(id, call);
        socket.send(call.frame);
      } else if (queued.size() >= options.maxQueuedCalls()) {
        refused = new ActorError("client", "queue_full", options.maxQueuedCalls()
            + " calls already wait for the connection to " + description + " to come back; "
            + action + " was not sent", null);
      } else {
        queued.add(call);
      }
    }
    if (refused != null) {
      call.result.completeExceptionally(refused);
    } else {
      CompletableFuture.delayedExecutor(client.timeout().toMillis(), TimeUnit.MILLISECONDS,
          client.executor()).execute(() -> timedOut(call));
    }
    return call.result;
  }

  /**
   * Calls {@code handler} with the first argument of every {@code event}, converted to {@code
   * type}; subscribes to the event on the server when it is the event's first handler.
   */
  public <E> Subscription on(String event, Class<E> type, Consumer<E> handler) {
    Objects.requireNonNull(handler, "handler");
    return onArgs(event, args -> handler.accept(type.cast(ActionProxy.convert(
        args.isEmpty() ? Json.mapper().nullNode() : args.get(0), Json.mapper().constructType(type)))));
  }

  /**
   * Calls {@code handler} with all the arguments of every {@code event}, as JSON. The subscription
   * holds across reconnects until it is closed.
   */
  public Subscription onArgs(String event, Consumer<ArrayNode> handler) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(handler, "handler");
    synchronized (lock) {
      List<Consumer<ArrayNode>> list = handlers.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>());
      boolean first = list.isEmpty();
      list.add(handler);
      if (first && status == ConnectionStatus.CONNECTED) socket.send(ConnectionFrames.subscription(event, true));
    }
    return () -> {
      synchronized (lock) {
        List<Consumer<ArrayNode>> list = handlers.get(event);
        if (list != null && list.remove(handler) && list.isEmpty()
            && status == ConnectionStatus.CONNECTED) {
          socket.send(ConnectionFrames.subscription(event, false));
        }
      }
    };
  }

  /**
   * Calls {@code listener} with each new {@link #status()}: {@code DISCONNECTED} when the socket
   * drops, {@code CONNECTING} for each attempt, {@code CONNECTED} when the actor accepted it,
   * {@code IDLE} at the end.
   */
  public Subscription onStatusChange(Consumer<ConnectionStatus> listener) {
    Objects.requireNonNull(listener, "listener");
    statusListeners.add(listener);
    return () -> statusListeners.remove(listener);
  }

  /**
   * Calls {@code handler} with each error the server reports for the connection itself (not for
   * one call), and with the error that ends it when it gives up reconnecting.
   */
  public Subscription onError(Consumer<ActorError> handler) {
    Objects.requireNonNull(handler, "handler");
    errorHandlers.add(handler);
    return () -> errorHandlers.remove(handler);
  }

  /**
   * Calls {@code handler} once the connection has ended: closed with {@link #close()}, or given
   * up. At once when it has already ended. (A dropped socket that the connection replaces is not
   * an end: see {@link #onStatusChange}.)
   */
  public Subscription onClose(Runnable handler) {
    Objects.requireNonNull(handler, "handler");
    closeHandlers.add(handler);
    if (status == ConnectionStatus.IDLE && closeHandlers.remove(handler)) handler.run();
    return () -> closeHandlers.remove(handler);
  }

  /**
   * Closes the connection: the actor sees it disconnect, no new socket is opened, and calls not
   * answered yet fail with {@code client.connection_closed}. Does nothing when it has ended.
   */
  @Override
  public void close() {
    ConnectionSocket s;
    synchronized (lock) {
      if (ended) return;
      s = socket;
      end("closed by the client", null);
    }
    notices.drain();
    if (s != null) s.close();
  }

  // ---------------------------------------------------------------- the sockets

  /** Opens a new socket, unless the connection ended or has one. */
  private void attempt() {
    ConnectionSocket s;
    String url;
    synchronized (lock) {
      if (ended || socket != null) return;
      SortedSet<String> events = connectedOnce ? nameable(subscribedEvents()) : new TreeSet<>();
      s = new ConnectionSocket(events, sockets, client.executor());
      socket = s;
      url = url(events, events.isEmpty() ? null : lastEventId);
      setStatus(ConnectionStatus.CONNECTING);
    }
    notices.drain();
    try {
      WebSocket.Builder builder = client.http().newWebSocketBuilder()
          .connectTimeout(client.timeout().compareTo(Duration.ofSeconds(10)) < 0
              ? client.timeout() : Duration.ofSeconds(10))
          .subprotocols("rivet", protocols);
      if (client.authorization() != null) builder.header("Authorization", client.authorization());
      builder.buildAsync(URI.create(url), s)
          .whenComplete((ws, error) -> {
            if (error != null) lost(s, -1, null, unwrap(error));
          });
    } catch (RuntimeException e) {
      lost(s, -1, null, e);
    }
    CompletableFuture.delayedExecutor(client.timeout().toMillis(), TimeUnit.MILLISECONDS,
        client.executor()).execute(() -> initTimedOut(s));
  }

  private String url(Set<String> events, Long after) {
    String http = client.base().toString();
    StringBuilder url = new StringBuilder(http.startsWith("https") ? "wss" : "ws")
        .append(http.substring(http.indexOf(':'))).append(client.actorPath(name, key))
        .append("/connect?mode=").append(mode);
    if (input != null) url.append("&input=").append(RivuletClient.query(input.toString()));
    if (!events.isEmpty()) {
      url.append("&events=").append(RivuletClient.query(String.join(",", events)));
      if (after != null) url.append("&lastEventId=").append(after);
    }
    return url.toString();
  }

  private void received(ConnectionSocket s, String text) {
    JsonNode body;
    try {
      body = Json.mapper().readTree(text).path("body");
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "ignoring a message from {0} that is not JSON", description);
      return;
    }
    JsonNode val = body.path("val");
    switch (body.path("tag").asText()) {
      case "Init" -> initialized(s, val);
      case "ActionResponse" -> answered(val);
      case "Event" -> event(s, val);
      case "Error" -> error(s, val);
      default -> { /* a newer server's message: ignore */ }
    }
  }

  /** The actor accepted the socket: restore the subscriptions, send the calls that waited. */
  private void initialized(ConnectionSocket s, JsonNode val) {
    synchronized (lock) {
      if (socket != s || ended) {
        s.abort();
        return;
      }
      s.initialized = true;
      connectedOnce = true;
      failures = 0;
      actorId = val.path("actorId").asText(null);
      connectionId = val.path("connectionId").asText(null);
      JsonNode eventSeq = val.get("eventSeq"); // where the actor's events stood at the accept
      if (lastEventId == null && eventSeq != null && eventSeq.canConvertToExactIntegral()) {
        lastEventId = eventSeq.asLong();
      }
      Set<String> now = subscribedEvents();
      for (String e : now) if (!s.urlEvents.contains(e)) s.send(ConnectionFrames.subscription(e, true));
      for (String e : s.urlEvents) if (!now.contains(e)) s.send(ConnectionFrames.subscription(e, false));
      for (Call c; (c = queued.poll()) != null; ) {
        inFlight.put(c.id, c);
        s.send(c.frame);
      }
      setStatus(ConnectionStatus.CONNECTED);
    }
    notices.drain(); // before connect() returns: its caller's listeners see later changes only
    firstOpen.complete(null);
  }

  private void answered(JsonNode val) {
    Call call;
    synchronized (lock) {
      call = inFlight.remove(ConnectionFrames.id(val.get("id")));
    }
    if (call != null) call.result.complete(val.get("output"));
  }

  private void event(ConnectionSocket s, JsonNode val) {
    JsonNode id = val.get("id");
    synchronized (lock) {
      if (socket != s) return; // a socket already replaced: its events come again, resumed
      if (id != null && id.canConvertToExactIntegral()) {
        lastEventId = lastEventId == null ? id.asLong() : Math.max(lastEventId, id.asLong());
      }
    }
    List<Consumer<ArrayNode>> list = handlers.get(val.path("name").asText());
    if (list == null || !(val.get("args") instanceof ArrayNode args)) return;
    for (Consumer<ArrayNode> h : list) {
      try {
        h.accept(args);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a handler of event " + val.path("name").asText()
            + " of " + description + " failed", e);
      }
    }
  }

  private void error(ConnectionSocket s, JsonNode val) {
    ActorError error = new ActorError(val.path("group").asText(), val.path("code").asText(),
        val.path("message").asText(), val.get("metadata"));
    JsonNode actionId = val.get("actionId");
    if (actionId != null && !actionId.isNull()) { // one call's error; the connection stays
      Call call;
      synchronized (lock) {
        call = inFlight.remove(ConnectionFrames.id(actionId));
      }
      if (call != null) call.result.completeExceptionally(error);
      return;
    }
    synchronized (lock) {
      if (socket != s) return;
      s.serverError = error;
      notices.post(() -> errorHandlers.forEach(h -> h.accept(error)));
      if (!s.initialized) failed(s, error, true); // refused: the server closes the socket next
    }
    notices.drain();
  }

  /** The socket closed or failed: a failed attempt, or a lost connection to get back. */
  private void lost(ConnectionSocket s, int code, String reason, Throwable failure) {
    synchronized (lock) {
      if (socket != s) return; // an old socket, or one already dealt with
      if (!s.initialized) {
        ActorError closing = ConnectionFrames.closeReasonError(reason);
        ActorError error = s.serverError != null ? s.serverError
            : closing != null ? closing
            : openFailed(failure != null ? String.valueOf(failure)
                : "the server closed the socket (" + how(code, reason, null) + ") before accepting it");
        failed(s, error, s.serverError != null);
      } else {
        socket = null;
        String how = how(code, reason, failure);
        ActorError cause = s.serverError;
        for (Call c : inFlight.values()) {
          ActorError error = new ActorError("client", "connection_lost", "the connection to "
              + description + " was lost (" + how + (cause == null ? ""
                  : "; the server's error: " + cause.qualifiedCode() + ": " + cause.getMessage())
              + ") before " + c.action + " was answered; the action may or may not have been"
              + " applied", null);
          if (cause != null) error.initCause(cause);
          notices.post(() -> c.result.completeExceptionally(error));
        }
        inFlight.clear();
        if (options.reconnects()) {
          setStatus(ConnectionStatus.DISCONNECTED);
          schedule(Duration.ZERO);
        } else {
          end("the socket was lost (" + how + ") and reconnecting is off", cause);
        }
      }
    }
    notices.drain();
  }

  /** An attempt failed before the actor accepted it. Runs under the lock. */
  private void failed(ConnectionSocket s, ActorError error, boolean reported) {
    socket = null;
    s.abort();
    if (!connectedOnce) {
      end("it could not be opened: " + error.getMessage(), error);
      return;
    }
    if (error.group().equals("user") || NEVER_OPENS.contains(error.qualifiedCode())) {
      if (!reported) notices.post(() -> errorHandlers.forEach(h -> h.accept(error)));
      end("the server refused it: " + error.qualifiedCode() + ": " + error.getMessage(), error);
      return;
    }
    failures++;
    LOG.log(System.Logger.Level.DEBUG, "attempt {0} to reconnect to {1} failed: {2}", failures,
        description, error.getMessage());
    if (failures >= options.maxAttempts()) {
      ActorError gaveUp = new ActorError("client", "reconnect_failed", "gave up reconnecting to "
          + description + " after " + failures + " failed attempt" + (failures == 1 ? "" : "s")
          + "; the last: " + error.qualifiedCode() + ": " + error.getMessage(), null);
      gaveUp.initCause(error);
      notices.post(() -> errorHandlers.forEach(h -> h.accept(gaveUp)));
      end(gaveUp.getMessage(), gaveUp);
      return;
    }
    setStatus(ConnectionStatus.DISCONNECTED);
    schedule(options.delayBefore(failures));
  }

  private void initTimedOut(ConnectionSocket s) {
    synchronized (lock) {
      if (socket != s || s.initialized) return;
      failed(s, openFailed("no Init from the server within " + client.timeout().toMillis()
          + " ms"), false);
    }
    notices.drain();
  }

  private void schedule(Duration delay) {
    Executor executor = delay.isZero() ? client.executor()
        : CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, client.executor());
    executor.execute(this::attempt);
  }

  /**
   * Ends the connection for good: status {@code IDLE}, every call not answered fails. Runs under
   * the lock; the caller closes the socket it had, if any.
   */
  private void end(String reason, ActorError cause) {
    ended = true;
    endReason = reason;
    endCause = cause;
    socket = null;
    for (Call c : inFlight.values()) {
      ActorError error = closed(c, true);
      notices.post(() -> c.result.completeExceptionally(error));
    }
    for (Call c : queued) {
      ActorError error = closed(c, false);
      notices.post(() -> c.result.completeExceptionally(error));
    }
    inFlight.clear();
    queued.clear();
    setStatus(ConnectionStatus.IDLE);
    notices.post(() -> {
      if (!firstOpen.isDone()) firstOpen.completeExceptionally(cause != null ? cause
          : new ActorError("client", "connection_closed", "the connection to " + description
              + " was " + reason, null));
      for (Runnable h : closeHandlers) {
        if (closeHandlers.remove(h)) h.run();
      }
    });
  }

  /** Runs under the lock. */
  private void setStatus(ConnectionStatus next) {
    if (status == next) return;
    status = next;
    notices.post(() -> statusListeners.forEach(l -> l.accept(next)));
  }

  private void timedOut(Call call) {
    boolean sent;
    synchronized (lock) {
      sent = inFlight.remove(call.id, call);
      if (!sent && !queued.remove(call)) return; // answered, failed or refused already
    }
    call.result.completeExceptionally(new ActorError("client", "timed_out", "no answer to "
        + call.action + " from " + description + " within " + client.timeout().toMillis() + " ms"
        + (sent ? "; the action may still be applied" : "; it was not sent: the connection was away"),
        null));
  }

  // ---------------------------------------------------------------- resuming events

  /** Event names with at least one handler, in order. Runs under the lock. */
  private SortedSet<String> subscribedEvents() {
    SortedSet<String> names = new TreeSet<>();
    handlers.forEach((event, list) -> {
      if (!list.isEmpty()) names.add(event);
    });
    return names;
  }

  /** The names that can travel in the URL's comma-separated {@code events}. */
  private static SortedSet<String> nameable(SortedSet<String> events) {
    SortedSet<String> out = new TreeSet<>();
    for (String e : events) if (!e.isEmpty() && e.indexOf(',') < 0 && e.equals(e.trim())) out.add(e);
    return out;
  }

  // ---------------------------------------------------------------- errors and frames

  private ActorError closed(Call call, boolean sent) {
    ActorError error = new ActorError("client", "connection_closed", "the connection to "
        + description + " is closed (" + endReason + "); " + call.action
        + (sent ? " was sent but not answered" : " was not sent"), null);
    if (endCause != null) error.initCause(endCause);
    return error;
  }

  private ActorError openFailed(String why) {
    return new ActorError("client", "connection_open_failed", "cannot connect to " + description
        + ": " + why, null);
  }

  private static String how(int code, String reason, Throwable failure) {
    if (failure != null) return "socket error: " + failure;
    return "closed by the server with " + code
        + (reason == null || reason.isEmpty() ? "" : " \"" + reason + "\"");
  }

  static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** A call: its frame is made when it is called, whenever it is sent. */
  private static final class Call {
    final BigInteger id;
    final String action;
    final String frame;
    final CompletableFuture<JsonNode> result = new CompletableFuture<>();

    Call(BigInteger id, String action, String frame) {
      this.id = id;
      this.action = action;
      this.frame = frame;
    }
  }
}
