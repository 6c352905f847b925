package dev.rivulet.bench;

import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many actions in flight: one WebSocket per counter actor, {@code actors} of them, and a window of
 * {@code window} increments in flight over all of them, sent round-robin.
 */
final class Throughput implements AutoCloseable {
  private final Sockets sockets = new Sockets(4);
  private final Semaphore inFlight;
  private final int window;
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final List<WebSocket> connections;
  private long nextId;

  Throughput(String base, String prefix, int actors, int window) throws Exception {
    this.window = window;
    this.inFlight = new Semaphore(window);
    String ws = base.replace("http", "ws");
    connections = sockets.connect(actors,
        i -> ws + "/api/actors/counter/" + prefix + "-" + i + "/connect",
        (i, text) -> {
          if (!text.contains("\"ActionResponse\"")) failure.compareAndSet(null, text);
          inFlight.release();
        });
  }

  int actors() {
    return connections.size();
  }

  /** Sends {@code actions} increments; returns actions per second, every one answered. */
  double run(int actions) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < actions; i++) {
      inFlight.acquire();
      WebSocket ws = connections.get(i % connections.size());
      // One sender per socket at a time: the JDK's WebSocket refuses overlapping sends.
      synchronized (ws) {
        ws.sendText(Sockets.actionRequest(nextId++, "increment", "[1]"), true).join();
      }
    }
    if (!inFlight.tryAcquire(window, 120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("not every action was answered within 120 s");
    }
    double rate = actions / ((System.nanoTime() - start) / 1e9);
    inFlight.release(window);
    if (failure.get() != null) throw new IllegalStateException("an action failed: " + failure.get());
    return rate;
  }

  @Override
  public void close() {
    sockets.close();
  }
}
