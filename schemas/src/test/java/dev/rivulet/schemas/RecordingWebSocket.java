package dev.rivulet.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client speaking RivetKit's JSON encoding that records every frame both ways, for the
 * schema checks.
 */
final class RecordingWebSocket implements WebSocket.Listener, AutoCloseable {
  final CompletableFuture<String> closed = new CompletableFuture<>();
  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private final List<JsonNode> allSent;
  private final List<JsonNode> allReceived;
  private final Duration timeout;
  private WebSocket ws;

  private RecordingWebSocket(List<JsonNode> allSent, List<JsonNode> allReceived,
      Duration timeout) {
    this.allSent = allSent;
    this.allReceived = allReceived;
    this.timeout = timeout;
  }

  /** Connects to {@code path}, adding what it sends and receives to the two lists. */
  static RecordingWebSocket open(ContractHttp http, String path, List<JsonNode> sent,
      List<JsonNode> received) throws Exception {
    RecordingWebSocket client = new RecordingWebSocket(sent, received, http.timeout);
    client.ws = http.client.newWebSocketBuilder()
        .subprotocols("rivet", "rivet_encoding.json")
        .connectTimeout(http.timeout)
        .buildAsync(URI.create(http.base.replaceFirst("^http", "ws") + path), client)
        .get(http.timeout.toSeconds(), TimeUnit.SECONDS);
    return client;
  }

  String subprotocol() {
    return ws.getSubprotocol();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      JsonNode frame = ContractSchemas.parse(partial.toString());
      partial.setLength(0);
      allReceived.add(frame);
      received.add(frame);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode + " " + reason);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  void send(ObjectNode frame) throws Exception {
    allSent.add(frame);
    ws.sendText(frame.toString(), true).get(timeout.toSeconds(), TimeUnit.SECONDS);
  }

  /** The next frame, which must have {@code tag}. */
  JsonNode next(String tag) throws InterruptedException {
    JsonNode frame = received.poll(timeout.toSeconds(), TimeUnit.SECONDS);
    assertThat(frame).as("a " + tag + " frame within " + timeout).isNotNull();
    assertThat(frame.at("/body/tag").asText()).as("frame " + frame).isEqualTo(tag);
    return frame;
  }

  /** The next {@code n} frames, by tag, in whatever order they came. */
  Map<String, JsonNode> next(int n) throws InterruptedException {
    Map<String, JsonNode> frames = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      JsonNode frame = received.poll(timeout.toSeconds(), TimeUnit.SECONDS);
      assertThat(frame).as("frame " + (i + 1) + " of " + n + " within " + timeout).isNotNull();
      frames.put(frame.at("/body/tag").asText(), frame);
    }
    return frames;
  }

  /** Closes normally (if still open) and waits for the server's close. */
  @Override
  public void close() throws Exception {
    if (!ws.isOutputClosed()) ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    try {
      closed.get(timeout.toSeconds(), TimeUnit.SECONDS);
    } finally {
      ws.abort();
    }
  }
}
