package dev.rivulet.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw WebSocket client for tests: sends text frames as given and records every frame received,
 * and the close, so tests can assert on the wire protocol itself.
 */
public final class WsProbe implements AutoCloseable {
  /** How the server closed the socket. */
  public record Closed(int status, String reason) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final List<String> raw = new ArrayList<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final WebSocket socket;

  private WsProbe(String url, String... subprotocols) {
    this(url, java.util.Map.of(), subprotocols);
  }

  private WsProbe(String url, java.util.Map<String, String> headers, String... subprotocols) {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    headers.forEach(builder::header);
    if (subprotocols.length > 0) {
      String[] rest = new String[subprotocols.length - 1];
      System.arraycopy(subprotocols, 1, rest, 0, rest.length);
      builder.subprotocols(subprotocols[0], rest);
    }
    this.socket = builder.buildAsync(URI.create(url), new Listener()).join();
  }

  /** Connects to {@code ws://...} with RivetKit's subprotocols ({@code rivet}, JSON encoding). */
  public static WsProbe connect(String url) {
    return new WsProbe(url, "rivet", "rivet_encoding.json");
  }

  /** Connects with RivetKit's subprotocols and these headers on the upgrade request. */
  public static WsProbe connect(String url, java.util.Map<String, String> headers) {
    return new WsProbe(url, headers, "rivet", "rivet_encoding.json");
  }

  /** Connects with exactly these subprotocols. */
  public static WsProbe connect(String url, String... subprotocols) {
    return new WsProbe(url, subprotocols);
  }

  /** The subprotocol the server selected. */
  public String subprotocol() {
    return socket.getSubprotocol();
  }

  public void send(String text) {
    socket.sendText(text, true).join();
  }

  /** Sends {@code ActionRequest{id, name, args}} with the id as {@code ["$BigInt","id"]}. */
  public void action(long id, String name, String argsJson) {
    send("{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":[\"$BigInt\",\"" + id
        + "\"],\"name\":\"" + name + "\",\"args\":" + argsJson + "}}}");
  }

  /** Sends {@code SubscriptionRequest{eventName, subscribe: true}}. */
  public void subscribe(String event) {
    send("{\"body\":{\"tag\":\"SubscriptionRequest\",\"val\":{\"eventName\":\"" + event
        + "\",\"subscribe\":true}}}");
  }

  /** The next frame matching {@code test}, skipping others; fails after {@code timeout}. */
  public JsonNode await(Predicate<JsonNode> test, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonNode frame = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
        if (frame == null) {
          throw new AssertionError("no matching frame within " + timeout + "; received " + raw
              + "; the socket " + (closed.isDone() ? "was closed: " + closed.join()
                  : "is still open"));
        }
        if (test.test(frame)) return frame;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next frame with body tag {@code tag}. */
  public JsonNode awaitTag(String tag) {
    return await(f -> tag.equals(f.path("body").path("tag").asText()), Duration.ofSeconds(20));
  }

  /** Waits for the server to close the socket. */
  public Closed awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket not closed within " + timeout, e);
    }
  }

  /** Every text frame received so far. */
  public synchronized List<String> received() {
    return List.copyOf(raw);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null).join();
    }
    socket.abort();
  }

  /** Drops the TCP connection without a close handshake, as a crashed client would. */
  public void abort() {
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        synchronized (WsProbe.this) {
          raw.add(text);
        }
        try {
          frames.add(JSON.readTree(text));
        } catch (IOException e) {
          frames.add(JSON.getNodeFactory().textNode(text));
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      closed.complete(new Closed(status, reason));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete(new Closed(-1, String.valueOf(error)));
    }
  }
}
