package dev.rivulet.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Server-Sent Events client ({@link ContractHttp#sse}): a real streaming GET read line by line on
 * its own thread; heartbeat comments are skipped.
 */
final class SseStream implements AutoCloseable {
  record Event(String id, String name, String data) {}

  private static final Event END = new Event(null, "\u0000end", null);
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final InputStream body;
  private final Duration timeout;

  SseStream(InputStream body, Duration timeout) {
    this.body = body;
    this.timeout = timeout;
    Thread reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      Map<String, String> fields = new HashMap<>();
      for (String line; (line = in.readLine()) != null; ) {
        if (line.startsWith(":")) continue; // a heartbeat comment
        if (line.isEmpty()) {
          if (!fields.isEmpty()) {
            events.add(new Event(fields.get("id"), fields.get("event"), fields.get("data")));
          }
          fields.clear();
          continue;
        }
        int colon = line.indexOf(':');
        fields.put(line.substring(0, colon), line.substring(colon + 1).stripLeading());
      }
    } catch (IOException e) {
      // closed by close()
    } finally {
      events.add(END);
    }
  }

  /** The next event; fails at the end of the stream. */
  Event next() throws InterruptedException {
    Event e = events.poll(timeout.toSeconds(), TimeUnit.SECONDS);
    assertThat(e).as("an SSE event within " + timeout).isNotNull().isNotEqualTo(END);
    return e;
  }

  /** The next event matching {@code test}, skipping others. */
  Event next(Predicate<Event> test) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertThat(e).as("a matching SSE event within " + timeout).isNotNull().isNotEqualTo(END);
      if (test.test(e)) return e;
    }
  }

  /** Every event until the server ends the stream. */
  List<Event> untilEnd() throws InterruptedException {
    List<Event> rest = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertThat(e).as("the end of the SSE stream within " + timeout + "; got " + rest)
          .isNotNull();
      if (e == END) return rest;
      rest.add(e);
    }
  }

  /** Leaves: the server notices at its next write and ends the connection. */
  @Override
  public void close() throws IOException {
    body.close();
  }
}
