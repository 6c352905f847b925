package dev.rivulet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The large-state figure: the chat room's {@code sendMessage} on rooms that keep many messages.
 * Each room is created keeping {@code keep} messages (its creation input) and filled to that many
 * over a WebSocket, many sends in flight; then sends one at a time over HTTP ({@link LeanHttp})
 * measure the round trip. Every send adds a message and the room drops its oldest, so the room
 * stays at {@code keep} messages. Around the sends the broker's own counters say how many bytes
 * each topic took in per send, to set against the size of the message itself (its JSON, as the
 * action returns it).
 *
 * <p>Texts are words of random lowercase letters from a seeded generator: they compress about as
 * little as any text would under the producers' settings, so that what is measured is what the
 * engine writes, not how well a repeated string compresses.
 */
final class LargeState {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FILL_WINDOW = 64;

  /** One run on one room: each send's round trip, the broker's bytes in by topic, the messages. */
  record Run(long[] latencies, Map<String, Long> bytesByTopic, Map<String, Long> storedByTopic,
      long messageBytes) {
    /** Bytes taken in by the broker per send, all topics. */
    double bytesPerAction() {
      return bytesByTopic.values().stream().mapToLong(Long::longValue).sum()
          / (double) latencies.length;
    }

    /** The mean size of the messages sent, as JSON bytes. */
    double messageSize() {
      return messageBytes / (double) latencies.length;
    }
  }

  private final URI base;
  private final int chars;
  private final SplittableRandom random = new SplittableRandom(42);

  /** Rooms on the gateway at {@code base}, messages of {@code chars} characters. */
  LargeState(String base, int chars) {
    this.base = URI.create(base);
    this.chars = chars;
  }

  /** The key of the room that keeps {@code keep} messages. */
  static String room(int keep) {
    return "large-" + keep;
  }

  /** Creates the room keeping {@code keep} messages and fills it with that many. */
  void prepare(int keep) throws Exception {
    String input = URLEncoder.encode("{\"keep\":" + keep + "}", StandardCharsets.UTF_8);
    try (LeanHttp http = new LeanHttp(base)) {
      LeanHttp.Response created = http.post("/api/actors/chatRoom/" + room(keep)
          + "/actions/sendMessage?input=" + input, args());
      if (created.status() != 200) {
        throw new IllegalStateException("cannot create room " + room(keep) + ": HTTP "
            + created.status() + " " + created.body());
      }
    }
    URI uri = URI.create(base.toString().replace("http", "ws") + "/api/actors/chatRoom/"
        + room(keep) + "/connect");
    try (LeanWebSocket socket = new LeanWebSocket(uri, "rivet", "rivet_encoding.json")) {
      String first = socket.receive();
      if (!first.contains("\"Init\"")) throw new IllegalStateException("expected Init: " + first);
      int toSend = keep - 1;
      int sent = 0;
      int answered = 0;
      while (answered < toSend) {
        while (sent < toSend && sent - answered < FILL_WINDOW) {
          socket.send(Sockets.actionRequest(sent, "sendMessage", args()));
          sent++;
        }
        String text = socket.receive();
        if (!text.contains("\"ActionResponse\"")) {
          throw new IllegalStateException("filling " + room(keep) + ": " + text);
        }
        answered++;
      }
    }
  }

  /** {@code requests} sends to the room keeping {@code keep}, one at a time, over HTTP. */
  Run measure(int keep, int requests) throws Exception {
    String path = "/api/actors/chatRoom/" + room(keep) + "/actions/sendMessage?mode=get";
    long[] latencies = new long[requests];
    long messageBytes = 0;
    String[] bodies = new String[requests];
    for (int i = 0; i < requests; i++) bodies[i] = args();
    try (LeanHttp http = new LeanHttp(base)) {
      Map<String, Long> before = BrokerTraffic.bytesInByTopic();
      Map<String, Long> storedBefore = BrokerTraffic.bytesStoredByTopic();
      for (int i = 0; i < requests; i++) {
        long start = System.nanoTime();
        LeanHttp.Response response = http.post(path, bodies[i]);
        latencies[i] = System.nanoTime() - start;
        if (response.status() != 200) {
          throw new IllegalStateException("HTTP " + response.status() + ": " + response.body());
        }
        messageBytes += outputBytes(response.body());
      }
      // The last sends' records reach the broker before their replies; a commit's markers and
      // offsets follow within the commit interval and are not what a send costs.
      Map<String, Long> after = BrokerTraffic.bytesInByTopic();
      Map<String, Long> stored = BrokerTraffic.bytesSince(storedBefore,
          BrokerTraffic.bytesStoredByTopic());
      return new Run(latencies, BrokerTraffic.bytesSince(before, after), stored, messageBytes);
    }
  }

  /** A sendMessage's arguments: a user and a text of {@link #chars} characters. */
  private String args() {
    StringBuilder text = new StringBuilder(chars);
    while (text.length() < chars) {
      if (!text.isEmpty()) text.append(' ');
      int word = 2 + random.nextInt(8);
      for (int i = 0; i < word && text.length() < chars; i++) {
        text.append((char) ('a' + random.nextInt(26)));
      }
    }
    return "[\"bench\",\"" + text + "\"]";
  }

  private static int outputBytes(String body) throws IOException {
    JsonNode output = JSON.readTree(body).path("output");
    return JSON.writeValueAsBytes(output).length;
  }
}
