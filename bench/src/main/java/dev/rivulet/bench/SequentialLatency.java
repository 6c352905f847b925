package dev.rivulet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One action at a time, each sent when the previous one answered: the round trip of a single
 * request through gateway, inbox, engine, outbox and back.
 */
final class SequentialLatency {
  private final String base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  SequentialLatency(String base) {
    this.base = base;
  }

  long[] http(String actor, String key, int requests) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create(base + "/api/actors/" + actor + "/" + key + "/actions/increment"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("[1]"))
        .build();
    long[] latencies = new long[requests];
    for (int i = 0; i < requests; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      latencies[i] = System.nanoTime() - start;
      if (response.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
      }
    }
    return latencies;
  }

  long[] webSocket(String actor, String key, int requests) throws Exception {
    AtomicReference<CompletableFuture<String>> next = new AtomicReference<>();
    CompletableFuture<String> init = new CompletableFuture<>();
    next.set(init);
    WebSocket socket = http.newWebSocketBuilder()
        .subprotocols("rivet", "rivet_encoding.json")
        .buildAsync(URI.create(base.replace("http", "ws") + "/api/actors/" + actor + "/" + key
            + "/connect"), new WebSocket.Listener() {
              private final StringBuilder partial = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                  next.get().complete(partial.toString());
                  partial.setLength(0);
                }
                ws.request(1);
                return null;
              }
            })
        .get(30, TimeUnit.SECONDS);
    try {
      String first = init.get(30, TimeUnit.SECONDS);
      if (!first.contains("\"Init\"")) throw new IllegalStateException("expected Init: " + first);
      long[] latencies = new long[requests];
      for (int i = 0; i < requests; i++) {
        CompletableFuture<String> reply = new CompletableFuture<>();
        next.set(reply);
        long start = System.nanoTime();
        socket.sendText("{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":[\"$BigInt\",\""
            + i + "\"],\"name\":\"increment\",\"args\":[1]}}}", true).join();
        String text = reply.get(30, TimeUnit.SECONDS);
        latencies[i] = System.nanoTime() - start;
        if (!text.contains("\"ActionResponse\"")) throw new IllegalStateException(text);
      }
      return latencies;
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }
  }
}
