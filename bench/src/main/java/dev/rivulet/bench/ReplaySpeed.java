package dev.rivulet.bench;

import dev.rivulet.engine.HistoryClient;
import dev.rivulet.engine.Replayer;
import dev.rivulet.examples.Counter;
import dev.rivulet.records.JournalRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

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
    CompletableFuture<Void> init = new CompletableFuture<>();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .subprotocols("rivet", "rivet_encoding.json")
        .buildAsync(URI.create(base.replace("http", "ws") + "/api/actors/counter/" + key
            + "/connect"), new WebSocket.Listener() {
              private final StringBuilder partial = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                  String text = partial.toString();
                  partial.setLength(0);
                  if (text.contains("\"Init\"")) init.complete(null);
                  else if (text.contains("\"ActionResponse\"")) window.release();
                  else if (text.contains("\"Error\"")) throw new IllegalStateException(text);
                }
                w.request(1);
                return null;
              }
            }).get(30, TimeUnit.SECONDS);
    init.get(30, TimeUnit.SECONDS);
    for (int i = 0; i < records; i++) {
      window.acquire();
      ws.sendText("{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":[\"$BigInt\",\"" + i
          + "\"],\"name\":\"increment\",\"args\":[1]}}}", true).join();
    }
    window.acquire(256);
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
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
