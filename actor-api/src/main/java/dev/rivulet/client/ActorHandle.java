package dev.rivulet.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.internal.Json;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One actor, by type and key. Calls through a handle are stateless: each is one HTTP request,
 * applied by the actor once, in the order the actor received it. For events, {@link #connect()}.
 *
 * @param <T> the interface {@link #api()} implements, or {@code Void}
 */
public final class ActorHandle<T> {
  private final RivuletClient client;
  private final String name;
  private final String key;
  private final Class<T> api;
  private final String mode;
  private final JsonNode input;

  ActorHandle(RivuletClient client, String name, String key, Class<T> api, String mode,
      JsonNode input) {
    this.client = client;
    this.name = name;
    this.key = key;
    this.api = api;
    this.mode = mode;
    this.input = input;
    RivuletClient.segment(name);
    RivuletClient.segment(key);
  }

  /** The actor type's name. */
  public String name() {
    return name;
  }

  /** The actor's key. */
  public String key() {
    return key;
  }

  /** A typed stub: each method call is one action call over HTTP. */
  public T api() {
    if (api == null) {
      throw new IllegalStateException("no action interface given; use client.actor(name, Api.class)");
    }
    return ActionProxy.create(api, name + "/" + key, this::callJsonAsync);
  }

  /** Calls {@code action} and converts its result to {@code resultType}. */
  public <R> R call(String action, Class<R> resultType, Object... args) {
    return join(callAsync(action, resultType, args));
  }

  /** Calls {@code action} without blocking. */
  public <R> CompletableFuture<R> callAsync(String action, Class<R> resultType, Object... args) {
    return callJsonAsync(action, args).thenApply(json -> resultType.cast(
        ActionProxy.convert(json, Json.mapper().constructType(resultType))));
  }

  /**
   * Calls {@code action} with an idempotency key: the action is applied once, however many times
   * the call is made with the same key (for 24 h by default); retries get the first result. The
   * same key with another action or other arguments fails with {@code
   * request.idempotency_key_reused}.
   */
  public <R> R callIdempotent(String idempotencyKey, String action, Class<R> resultType,
      Object... args) {
    return join(callJsonAsync(action, args, idempotencyKey).thenApply(json -> resultType.cast(
        ActionProxy.convert(json, Json.mapper().constructType(resultType)))));
  }

  /**
   * Destroys the actor: it runs {@code onDestroy}, its connections close and its state goes; its
   * journal stays. Destroying by URL is part of the gateway's admin API: the client needs the
   * admin token ({@link RivuletClient#withToken}) unless the gateway serves the admin API to it
   * (its admin port, or {@code ./rivulet} on this machine). Clients destroy actors through an
   * action that calls {@code context().destroy()}, as RivetKit's do.
   *
   * @throws ActorError {@code actor.not_found} when it does not exist; {@code auth.*} when the
   *     gateway does not serve the admin API to this client
   */
  public void destroy() {
    join(client.send("DELETE", client.actorPath(name, key), null));
  }

  /** Calls {@code action} and returns its result as JSON. */
  public JsonNode callJson(String action, Object... args) {
    return join(callJsonAsync(action, args));
  }

  CompletableFuture<JsonNode> callJsonAsync(String action, Object[] args) {
    return callJsonAsync(action, args, null);
  }

  private CompletableFuture<JsonNode> callJsonAsync(String action, Object[] args,
      String idempotencyKey) {
    StringBuilder path = new StringBuilder(client.actorPath(name, key))
        .append("/actions/").append(RivuletClient.segment(action)).append("?mode=").append(mode);
    if (input != null) path.append("&input=").append(RivuletClient.query(input.toString()));
    return client.send("POST", path.toString(), client.toArgs(args), idempotencyKey)
        .thenApply(body -> body.get("output"));
  }

  /** Opens a connection (a WebSocket) to the actor, without connection params. */
  public ActorConnection<T> connect() {
    return connect(null);
  }

  /**
   * Opens a connection with {@code params} (any JSON-serializable value, given to the actor's
   * connection hooks); returns once the actor accepted it. It reconnects with {@link
   * ConnectionOptions#defaults()}.
   *
   * @throws ActorError when the actor rejects the connection or cannot be reached
   */
  public ActorConnection<T> connect(Object params) {
    return connect(params, ConnectionOptions.defaults());
  }

  /**
   * Opens a connection with {@code params} (null for none) that reconnects as {@code options}
   * say; returns once the actor accepted it. The params are sent again with each new socket.
   *
   * @throws ActorError when the actor rejects the connection ({@code user.*}, {@code
   *     actor.not_found}, ...) or cannot be reached ({@code client.connection_open_failed})
   */
  public ActorConnection<T> connect(Object params, ConnectionOptions options) {
    return ActorConnection.open(client, name, key, api, mode, input,
        params == null ? null : Json.mapper().valueToTree(params), options);
  }

  static <R> R join(CompletableFuture<R> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
  }
}
