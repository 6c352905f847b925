package dev.rivulet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Many RivetKit-protocol WebSockets from the bench's JVM, spread over a few HTTP clients (each
 * has one selector thread), each handing its complete text frames to a callback.
 */
final class Sockets implements AutoCloseable {
  private final List<HttpClient> clients = new ArrayList<>();
  private final List<WebSocket> open = new ArrayList<>();

  Sockets(int clients) {
    for (int i = 0; i < clients; i++) {
      this.clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }
  }

  /**
   * Connects {@code count} sockets, {@code urlOf(i)} each, at most 64 handshakes at a time; each
   * frame after Init goes to {@code onFrame(i, text)}. Returns once every socket got its Init.
   */
  List<WebSocket> connect(int count, java.util.function.IntFunction<String> urlOf,
      BiConsumer<Integer, String> onFrame) throws Exception {
    Semaphore handshakes = new Semaphore(64);
    List<CompletableFuture<WebSocket>> sockets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      handshakes.acquire();
      int index = i;
      CompletableFuture<Void> init = new CompletableFuture<>();
      CompletableFuture<WebSocket> socket = clients.get(i % clients.size()).newWebSocketBuilder()
          .subprotocols("rivet", "rivet_encoding.json")
          .buildAsync(URI.create(urlOf.apply(i)), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
              partial.append(data);
              if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (!init.isDone()) {
                  if (text.contains("\"Init\"")) init.complete(null);
                  else init.completeExceptionally(new IllegalStateException(text));
                } else {
                  onFrame.accept(index, text);
                }
              }
              ws.request(1);
              return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
              init.completeExceptionally(error);
            }
          })
          .thenCombine(init, (ws, ignored) -> ws)
          .whenComplete((ws, e) -> handshakes.release());
      sockets.add(socket);
    }
    List<WebSocket> result = new ArrayList<>(count);
    for (CompletableFuture<WebSocket> s : sockets) result.add(s.get(60, TimeUnit.SECONDS));
    open.addAll(result);
    return result;
  }

  static String actionRequest(long id, String action, String argsJson) {
    return "{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":[\"$BigInt\",\"" + id
        + "\"],\"name\":\"" + action + "\",\"args\":" + argsJson + "}}}";
  }

  static String subscribe(String event) {
    return "{\"body\":{\"tag\":\"SubscriptionRequest\",\"val\":{\"eventName\":\"" + event
        + "\",\"subscribe\":true}}}";
  }

  /** Closes every socket this opened and waits for the closes to be sent. */
  @Override
  public void close() {
    List<CompletableFuture<WebSocket>> closing = new ArrayList<>();
    for (WebSocket ws : open) {
      closing.add(ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> ws));
    }
    for (CompletableFuture<WebSocket> c : closing) {
      try {
        c.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // a socket that cannot close any more is closed
      }
    }
    open.clear();
  }
}
