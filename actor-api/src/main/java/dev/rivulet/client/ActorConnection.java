package dev.rivulet.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.actor.internal.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A connection to one actor over a WebSocket (RivetKit's protocol, JSON encoding): actions called
 * through it and the actor's events. Handlers run on the client's I/O threads, in the order the
 * events arrive: keep them short.
 *
 * <p>When the socket closes, calls in flight fail with {@code client.connection_closed} and {@link
 * #onClose} handlers run; the connection does not reconnect by itself.
 *
 * @param <T> the interface {@link #api()} implements, or {@code Void}
 */
public final class ActorConnection<T> implements AutoCloseable {
  private final RivuletClient client;
  private final String description;
  private final Class<T> api;
  private final Map<BigInteger, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
  private final Map<String, List<Consumer<ArrayNode>>> handlers = new ConcurrentHashMap<>();
  private final List<Consumer<ActorError>> errorHandlers = new CopyOnWriteArrayList<>();
  private final List<Runnable> closeHandlers = new CopyOnWriteArrayList<>();
  private final AtomicLong nextId = new AtomicLong();
  private final CompletableFuture<Void> opened = new CompletableFuture<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
  private volatile WebSocket socket;
  private volatile String actorId;
  private volatile String connectionId;

  private ActorConnection(RivuletClient client, String description, Class<T> api) {
    this.client = client;
    this.description = description;
    this.api = api;
  }

  static <T> ActorConnection<T> open(RivuletClient client, String name, String key, Class<T> api,
      String mode, JsonNode input, JsonNode params) {
    ActorConnection<T> conn = new ActorConnection<>(client, name + "/" + key, api);
    String http = client.base().toString();
    StringBuilder url = new StringBuilder(http.startsWith("https") ? "wss" : "ws")
        .append(http.substring(http.indexOf(':'))).append(client.actorPath(name, key))
        .append("/connect?mode=").append(mode);
    if (input != null) url.append("&input=").append(RivuletClient.query(input.toString()));
    WebSocket.Builder builder = client.http().newWebSocketBuilder();
    String[] more = params == null ? new String[] {"rivet_encoding.json"}
        : new String[] {"rivet_encoding.json", "rivet_conn_params."
            + URLEncoder.encode(params.toString(), StandardCharsets.UTF_8).replace("+", "%20")};
    builder.subprotocols("rivet", more);
    try {
      conn.socket = builder.buildAsync(URI.create(url.toString()), conn.new Listener())
          .get(client.timeout().toMillis(), TimeUnit.MILLISECONDS);
      conn.opened.get(client.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      conn.abort();
      Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      if (cause instanceof ActorError error) throw error;
      throw new ActorError("client", "connection_open_failed",
          "cannot connect to " + name + "/" + key + ": " + cause, null);
    }
    return conn;
  }

  /** The actor's id, from the server's {@code Init}. */
  public String actorId() {
    return actorId;
  }

  /** This connection's id, from the server's {@code Init}. */
  public String connectionId() {
    return connectionId;
  }

  /** Whether the socket is still open. */
  public boolean isOpen() {
    return !closed.isDone();
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

  /** Calls {@code action} over the connection; the result as JSON. */
  public CompletableFuture<JsonNode> callJsonAsync(String action, Object... args) {
    BigInteger id = BigInteger.valueOf(nextId.getAndIncrement());
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    if (closed.isDone()) {
      result.completeExceptionally(closedError());
      return result;
    }
    calls.put(id, result);
    ObjectNode val = Json.mapper().createObjectNode();
    val.set("id", Json.mapper().createArrayNode().add("$BigInt").add(id.toString()));
    val.put("name", action);
    val.set("args", client.toArgs(args));
    send("ActionRequest", val);
    return result.orTimeout(client.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> calls.remove(id));
  }

  /**
   * Calls {@code handler} with the first argument of every {@code event}, converted to {@code
   * type}; subscribes to the event on the server when it is the event's first handler.
   */
  public <E> Subscription on(String event, Class<E> type, Consumer<E> handler) {
    return onArgs(event, args -> handler.accept(type.cast(ActionProxy.convert(
        args.isEmpty() ? Json.mapper().nullNode() : args.get(0), Json.mapper().constructType(type)))));
  }

  /** Calls {@code handler} with all the arguments of every {@code event}, as JSON. */
  public Subscription onArgs(String event, Consumer<ArrayNode> handler) {
    List<Consumer<ArrayNode>> list = handlers.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>());
    boolean first;
    synchronized (list) {
      first = list.isEmpty();
      list.add(handler);
    }
    if (first) subscribe(event, true);
    return () -> {
      boolean last;
      synchronized (list) {
        last = list.remove(handler) && list.isEmpty();
      }
      if (last) subscribe(event, false);
    };
  }

  /** Calls {@code handler} when the server reports an error of the connection itself. */
  public void onError(Consumer<ActorError> handler) {
    errorHandlers.add(handler);
  }

  /** Calls {@code handler} once the connection has closed, for whatever reason. */
  public void onClose(Runnable handler) {
    closeHandlers.add(handler);
    if (closed.isDone()) handler.run();
  }

  /** Closes the connection; the actor sees it disconnect. */
  @Override
  public void close() {
    WebSocket ws = socket;
    if (ws != null && !ws.isOutputClosed()) {
      synchronized (this) {
        sending = sending.handle((r, e) -> null)
            .thenCompose(v -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "Disposed"));
      }
      try {
        closed.get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        ws.abort();
      }
    }
    finish();
  }

  private void subscribe(String event, boolean on) {
    ObjectNode val = Json.mapper().createObjectNode();
    val.put("eventName", event);
    val.put("subscribe", on);
    send("SubscriptionRequest", val);
  }

  private void send(String tag, ObjectNode val) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("tag", tag);
    body.set("val", val);
    ObjectNode frame = Json.mapper().createObjectNode();
    frame.set("body", body);
    String text = frame.toString();
    synchronized (this) { // WebSocket allows one outstanding send at a time
      sending = sending.handle((r, e) -> null).thenCompose(v -> socket.sendText(text, true));
    }
  }

  private void receive(String text) {
    JsonNode body;
    try {
      body = Json.mapper().readTree(text).path("body");
    } catch (IOException e) {
      return;
    }
    JsonNode val = body.path("val");
    switch (body.path("tag").asText()) {
      case "Init" -> {
        actorId = val.path("actorId").asText();
        connectionId = val.path("connectionId").asText();
        opened.complete(null);
      }
      case "ActionResponse" -> {
        CompletableFuture<JsonNode> call = calls.get(id(val.get("id")));
        if (call != null) call.complete(val.get("output"));
      }
      case "Event" -> {
        List<Consumer<ArrayNode>> list = handlers.get(val.path("name").asText());
        if (list != null && val.get("args") instanceof ArrayNode args) {
          for (Consumer<ArrayNode> h : list) h.accept(args);
        }
      }
      case "Error" -> {
        ActorError error = new ActorError(val.path("group").asText(), val.path("code").asText(),
            val.path("message").asText(), val.get("metadata"));
        JsonNode actionId = val.get("actionId");
        CompletableFuture<JsonNode> call =
            actionId == null || actionId.isNull() ? null : calls.get(id(actionId));
        if (call != null) {
          call.completeExceptionally(error);
        } else {
          opened.completeExceptionally(error);
          errorHandlers.forEach(h -> h.accept(error));
        }
      }
      default -> { /* a newer server's message: ignore */ }
    }
  }

  private static BigInteger id(JsonNode node) {
    if (node == null) return null;
    if (node.isArray() && node.size() == 2) return new BigInteger(node.get(1).asText());
    return node.bigIntegerValue();
  }

  private ActorError closedError() {
    return new ActorError("client", "connection_closed", "the connection to " + description
        + " is closed", null);
  }

  private void abort() {
    WebSocket ws = socket;
    if (ws != null) ws.abort();
    finish();
  }

  private void finish() {
    if (!closed.complete(null)) return;
    opened.completeExceptionally(closedError());
    calls.values().forEach(c -> c.completeExceptionally(closedError()));
    closeHandlers.forEach(Runnable::run);
  }

  private final class Listener implements WebSocket.Listener {
    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        receive(text);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      if (!opened.isDone() && reason != null && reason.contains(".")) {
        int dot = reason.indexOf('.');
        opened.completeExceptionally(new ActorError(reason.substring(0, dot),
            reason.substring(dot + 1), "connection closed: " + reason, null));
      }
      finish();
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      finish();
    }
  }
}
