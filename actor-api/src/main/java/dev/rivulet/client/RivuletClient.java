package dev.rivulet.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.rivulet.actor.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A typed Java client for a Rivulet gateway, over plain HTTP and WebSocket ({@link
 * java.net.http}).
 *
 * <pre>{@code
 * RivuletClient client = RivuletClient.create("http://localhost:8080");
 *
 * // stateless calls through an interface declaring the actor's actions
 * CounterApi counter = client.actor("counter", CounterApi.class).getOrCreate("my-counter").api();
 * long n = counter.increment(5);
 *
 * // a connection: actions over a WebSocket, and events; it reconnects by itself
 * try (ActorConnection<CounterApi> conn =
 *     client.actor("counter", CounterApi.class).getOrCreate("my-counter").connect()) {
 *   conn.on("newCount", Long.class, count -> System.out.println("count is now " + count));
 *   conn.onStatusChange(status -> System.out.println("connection " + status));
 *   conn.api().increment(1);
 * }
 * }</pre>
 *
 * Thread-safe; share one client per gateway. Its I/O runs on daemon threads of its own, which
 * end when idle.
 */
public final class RivuletClient {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final URI base;
  private final ExecutorService executor;
  private final HttpClient http;
  private final Duration timeout;
  private final String token; // or null

  private RivuletClient(URI base, Duration timeout, String token) {
    this.base = base;
    this.timeout = timeout;
    this.token = token;
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "rivulet-client-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .executor(executor).build();
  }

  /** A client of the gateway at {@code baseUrl}, for example {@code http://localhost:8080}. */
  public static RivuletClient create(String baseUrl) {
    return create(baseUrl, Duration.ofSeconds(70));
  }

  /**
   * A client whose calls give up after {@code timeout} (default 70 s, past the server's 60 s); a
   * connection's attempt to open gives up after it too.
   */
  public static RivuletClient create(String baseUrl, Duration timeout) {
    String url = Objects.requireNonNull(baseUrl, "baseUrl");
    if (url.endsWith("/")) url = url.substring(0, url.length() - 1);
    return new RivuletClient(URI.create(url), Objects.requireNonNull(timeout, "timeout"), null);
  }

  /**
   * A client of the same gateway that sends {@code token} with every request and connection
   * ({@code Authorization: Bearer}): what the gateway's authenticator checks, or its admin token
   * for the admin API ({@link ActorHandle#destroy()}).
   */
  public RivuletClient withToken(String token) {
    return new RivuletClient(base, timeout, Objects.requireNonNull(token, "token"));
  }

  /**
   * The actors named {@code name}, called through {@code api}: an interface whose methods mirror
   * the actor's actions (often the interface the actor class implements).
   */
  public <T> ActorKind<T> actor(String name, Class<T> api) {
    return new ActorKind<>(this, name, Objects.requireNonNull(api, "api"));
  }

  /** The actors named {@code name}, called by action name ({@link ActorHandle#call}). */
  public ActorKind<Void> actor(String name) {
    return new ActorKind<>(this, name, null);
  }

  URI base() {
    return base;
  }

  HttpClient http() {
    return http;
  }

  /** The client's threads: its I/O, and connections' reconnects and timeouts. */
  ExecutorService executor() {
    return executor;
  }

  Duration timeout() {
    return timeout;
  }

  /** The {@code Authorization} header's value, or null without a token. */
  String authorization() {
    return token == null ? null : "Bearer " + token;
  }

  /** {@code /api/actors/{name}/{key}}, each segment encoded. */
  String actorPath(String name, String key) {
    return "/api/actors/" + segment(name) + "/" + segment(key);
  }

  CompletableFuture<JsonNode> send(String method, String pathAndQuery, JsonNode body) {
    return send(method, pathAndQuery, body, null);
  }

  CompletableFuture<JsonNode> send(String method, String pathAndQuery, JsonNode body,
      String idempotencyKey) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(timeout)
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (idempotencyKey != null) builder.header("Idempotency-Key", idempotencyKey);
    if (token != null) builder.header("Authorization", authorization());
    HttpRequest request = builder.build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(RivuletClient::parse);
  }

  ArrayNode toArgs(Object[] args) {
    ArrayNode array = Json.mapper().createArrayNode();
    if (args != null) for (Object arg : args) array.add(Json.mapper().<JsonNode>valueToTree(arg));
    return array;
  }

  private static JsonNode parse(HttpResponse<byte[]> response) {
    JsonNode body;
    try {
      body = response.body().length == 0 ? null : Json.mapper().readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    if (response.statusCode() / 100 == 2 && body != null) return body;
    if (body != null && body.hasNonNull("group") && body.hasNonNull("code")) {
      throw new ActorError(body.get("group").asText(), body.get("code").asText(),
          body.path("message").asText(""), body.get("metadata"));
    }
    throw new ActorError("client", "http_error", "HTTP " + response.statusCode() + " from "
        + response.uri() + ": " + new String(response.body(), StandardCharsets.UTF_8), null);
  }

  static String segment(String s) {
    if (s == null || s.isEmpty()) throw new IllegalArgumentException("actor name and key must not be empty");
    if (s.indexOf('/') >= 0) {
      throw new IllegalArgumentException("actor keys used over HTTP cannot contain '/': " + s);
    }
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
