package dev.rivulet.server.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A Server-Sent Events client for tests: records each event as it arrives. */
public final class SseProbe implements AutoCloseable {
  /** One event: its id (may be null), name and data. */
  public record Event(String id, String name, String data) {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final CompletableFuture<HttpResponse<Stream<String>>> response;
  private volatile Stream<String> lines;

  public SseProbe(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("accept", "text/event-stream").GET().build();
    this.response = HttpClient.newHttpClient()
        .sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    response.thenAcceptAsync(r -> {
      lines = r.body();
      String id = null;
      String name = null;
      StringBuilder data = new StringBuilder();
      for (String line : (Iterable<String>) r.body()::iterator) {
        if (line.isEmpty()) {
          if (name != null || data.length() > 0) events.add(new Event(id, name, data.toString()));
          id = null;
          name = null;
          data.setLength(0);
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
    });
  }

  /** The response's status, once the headers arrived. */
  public int status() {
    return response.join().statusCode();
  }

  /** The next event matching {@code test}, skipping others. */
  public Event await(Predicate<Event> test, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        Event e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
        if (e == null) throw new AssertionError("no matching SSE event within " + timeout);
        if (test.test(e)) return e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next event named {@code name}. */
  public Event await(String name) {
    return await(e -> name.equals(e.name()), Duration.ofSeconds(20));
  }

  @Override
  public void close() {
    Stream<String> l = lines;
    if (l != null) l.close();
    response.cancel(true);
  }
}
