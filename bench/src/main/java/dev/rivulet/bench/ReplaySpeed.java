package dev.rivulet.bench;

import dev.rivulet.engine.HistoryClient;
import dev.rivulet.engine.Replayer;
import dev.rivulet.examples.Counter;
import dev.rivulet.records.JournalRecord;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Replay speed: one actor with a long history (built through the real stack, many increments in
 * flight over one WebSocket), fetched from the history API and replayed through the current code.
 */
final class ReplaySpeed {
  private final String base;

  ReplaySpeed(String base) {
    this.base = base;
  }

  /** Sends {@code records} increments to {@code counter/key}, at most 256 in flight. */
  void record(String key, int records) throws Exception {
    Semaphore window = new Semaphore(256);
    AtomicReference<String> failure = new AtomicReference<>();
    try (Sockets sockets = new Sockets(1)) {
      WebSocket ws = sockets.connect(1,
          i -> base.replace("http", "ws") + "/api/actors/counter/" + key + "/connect",
          (i, text) -> {
            if (!text.contains("\"ActionResponse\"")) failure.compareAndSet(null, text);
            window.release();
          }).get(0);
      for (int i = 0; i < records; i++) {
        window.acquire();
        ws.sendText(Sockets.actionRequest(i, "increment", "[1]"), true).join();
      }
      window.acquire(256);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("an increment failed: " + failure.get());
    }
  }

  List<JournalRecord> fetch(String key) {
    return HistoryClient.fetch(base, "counter/" + key);
  }

  /** Records per second of one replay. */
  static double replay(List<JournalRecord> history) {
    long start = System.nanoTime();
    Replayer.Result result = new Replayer(List.of(Counter.class)).replay(history);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (result.divergence() != null) {
      throw new IllegalStateException("the replay diverged: " + result.divergence().describe());
    }
    return result.replayed() / seconds;
  }
}
