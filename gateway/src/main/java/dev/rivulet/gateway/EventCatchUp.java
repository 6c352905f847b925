package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.JournalRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a reconnecting client missed: the actor's broadcasts after the last one it saw, read from
 * the journal (through the engine's index), up to where the actor was when it connected again.
 */
final class EventCatchUp {
  /** A missed broadcast. */
  record Missed(long eventSeq, String name, JsonNode args) {}

  private static final Logger log = LoggerFactory.getLogger(EventCatchUp.class);
  private static final Duration INDEX_WAIT = Duration.ofSeconds(10);

  private final GatewayCore core;
  private final HistoryRoutes history;
  private final Executor io;

  EventCatchUp(GatewayCore core, HistoryRoutes history, Executor io) {
    this.core = core;
    this.history = history;
    this.io = io;
  }

  /**
   * The broadcasts of {@code actor} with {@code after < eventSeq}, in records up to journal
   * sequence {@code upToSeq} (where the actor was when the client connected), in order.
   */
  CompletableFuture<List<Missed>> missed(ActorId actor, long after, long upToSeq) {
    return CompletableFuture.supplyAsync(() -> collect(actor, after, upToSeq), io);
  }

  private List<Missed> collect(ActorId actor, long after, long upToSeq) {
    List<Missed> missed = new ArrayList<>();
    long cursor = after;
    long deadline = System.nanoTime() + INDEX_WAIT.toNanos();
    while (true) {
      JsonNode answer = HistoryRoutes.output(core.query(actor, "events", cursor, null, 1_000).join());
      if (answer.path("last").asLong() < upToSeq) { // the index has not reached the connect yet
        if (System.nanoTime() > deadline) {
          log.warn("catch-up of {} after event {} stopped: the journal index is behind", actor, after);
          return missed;
        }
        pause();
        continue;
      }
      List<JournalRecord> records = history.read(answer);
      long before = cursor;
      for (JournalRecord r : records) {
        if (r.seq() > upToSeq || r.broadcasts() == null) continue;
        for (JournalRecord.Broadcast b : r.broadcasts()) {
          if (b.connIds() == null && b.eventSeq() > cursor) {
            missed.add(new Missed(b.eventSeq(), b.name(), b.args()));
            cursor = b.eventSeq();
          }
        }
      }
      if (records.size() < 1_000 || cursor == before) return missed;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50); // the index trails the journal by about one commit interval
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
