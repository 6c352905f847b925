package dev.rivulet.bench;

import java.net.URI;

/**
 * One action at a time, each sent when the previous one answered: the round trip of a single
 * request through gateway, inbox, engine, outbox and back. The clients are {@link LeanHttp} and
 * {@link LeanWebSocket}: blocking, on the calling thread, so that the figure is the gateway's.
 */
final class SequentialLatency {
  private final URI base;

  SequentialLatency(String base) {
    this.base = URI.create(base);
  }

  /**
   * {@code requests} increments of {@code actor/key} over HTTP, one connection; returns each one's
   * round trip. {@code split}, when not null, reads the stack's metrics around the requests.
   */
  long[] http(String actor, String key, int requests, TimeSplit split) throws Exception {
    String path = "/api/actors/" + actor + "/" + key + "/actions/increment";
    long[] latencies = new long[requests];
    try (LeanHttp http = new LeanHttp(base)) {
      if (split != null) split.start();
      for (int i = 0; i < requests; i++) {
        long start = System.nanoTime();
        LeanHttp.Response response = http.post(path, "[1]");
        latencies[i] = System.nanoTime() - start;
        if (response.status() != 200) {
          throw new IllegalStateException("HTTP " + response.status() + ": " + response.body());
        }
      }
      if (split != null) split.stop();
    }
    return latencies;
  }

  /**
   * The same over a WebSocket; {@code split} reads the metrics once the socket is open (its
   * connect is not one of the requests) and after the last answer.
   */
  long[] webSocket(String actor, String key, int requests, TimeSplit split) throws Exception {
    URI uri = URI.create(base.toString().replace("http", "ws") + "/api/actors/" + actor + "/"
        + key + "/connect");
    try (LeanWebSocket socket = new LeanWebSocket(uri, "rivet", "rivet_encoding.json")) {
      String first = socket.receive();
      if (!first.contains("\"Init\"")) throw new IllegalStateException("expected Init: " + first);
      long[] latencies = new long[requests];
      if (split != null) split.start();
      for (int i = 0; i < requests; i++) {
        long start = System.nanoTime();
        socket.send(Sockets.actionRequest(i, "increment", "[1]"));
        String text = socket.receive();
        latencies[i] = System.nanoTime() - start;
        if (!text.contains("\"ActionResponse\"")) throw new IllegalStateException(text);
      }
      if (split != null) split.stop();
      return latencies;
    }
  }
}
