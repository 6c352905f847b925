package dev.rivulet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Broadcast fan-out: {@code subscribers} WebSockets on one counter, each subscribed to {@code
 * newCount}; an HTTP increment broadcasts, and each subscriber's delivery latency is the time from
 * sending the increment to that subscriber receiving the event. One broadcast at a time. The
 * subscribers are {@link Subscribers}: one selector thread for all of them, so that the figure is
 * the gateway's delivery more than the bench's own reading.
 */
final class FanOut implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Subscribers sockets;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final HttpRequest increment;
  private final int subscribers;
  private volatile long expected = -1;
  private volatile long sentAt;
  private long count;
  private final AtomicReference<long[]> latencies = new AtomicReference<>();
  private final AtomicInteger received = new AtomicInteger();
  private volatile CountDownLatch delivered;

  FanOut(String base, String key, int subscribers) throws Exception {
    this.subscribers = subscribers;
    this.increment = HttpRequest.newBuilder(
            URI.create(base + "/api/actors/counter/" + key + "/actions/increment"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("[1]"))
        .build();
    URI ws = URI.create(base.replace("http", "ws") + "/api/actors/counter/" + key + "/connect");
    sockets = new Subscribers(ws, subscribers, this::onFrame);
    sockets.sendToAll(Sockets.subscribe("newCount"));
    count = post();
    // Subscriptions take effect when the gateway reads them: broadcast until all have one.
    for (int attempt = 0; ; attempt++) {
      if (broadcast(new long[subscribers], 0, 10)) break;
      if (attempt == 50) throw new IllegalStateException("subscribers never all subscribed");
    }
  }

  private void onFrame(String text) {
    long now = System.nanoTime();
    // 1,000 subscribers are 1,000 machines in real life, each parsing its own frame; here they
    // share one selector thread and the machine with the gateway, so a frame is only matched,
    // not parsed, lest the bench's own parsing delay the frames queued behind it.
    long[] sink = latencies.get();
    if (sink == null || !text.contains("\"Event\"")
        || !text.contains("\"args\":[" + expected + "]")) {
      return;
    }
    int slot = received.getAndIncrement();
    if (slot < sink.length) sink[slot] = now - sentAt;
    delivered.countDown();
  }

  /** One broadcast; its latencies go to {@code sink} from {@code offset}. */
  private boolean broadcast(long[] sink, int offset, int timeoutSeconds) throws Exception {
    received.set(offset);
    latencies.set(sink);
    delivered = new CountDownLatch(subscribers);
    // Only this bench increments the counter, so the event will carry count + 1; it may even
    // arrive before the reply.
    sentAt = System.nanoTime();
    expected = count + 1;
    count = post();
    if (count != expected) throw new IllegalStateException("someone else increments the counter");
    boolean all = delivered.await(timeoutSeconds, TimeUnit.SECONDS);
    latencies.set(null);
    if (sockets.failure() != null) {
      throw new IllegalStateException("a subscriber failed: " + sockets.failure(), sockets.failure());
    }
    return all;
  }

  private long post() throws Exception {
    HttpResponse<String> response = http.send(increment, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) throw new IllegalStateException(response.body());
    return JSON.readTree(response.body()).path("output").asLong();
  }

  /** {@code broadcasts} broadcasts: every delivery's latency, in nanoseconds. */
  long[] run(int broadcasts) throws Exception {
    long[] sink = new long[broadcasts * subscribers];
    for (int b = 0; b < broadcasts; b++) {
      if (!broadcast(sink, b * subscribers, 30)) {
        throw new IllegalStateException("a broadcast did not reach every subscriber in 30 s");
      }
    }
    return sink;
  }

  @Override
  public void close() {
    sockets.close();
  }
}
