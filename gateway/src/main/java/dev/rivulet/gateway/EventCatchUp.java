package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.JournalRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a reconnecting client missed: the actor's broadcasts after the last one it saw, read from
 * the journal ({@link JournalHistory}), up to where the actor was when it connected again.
 */
final class EventCatchUp {
  /** A missed broadcast. */
  record Missed(long eventSeq, String name, JsonNode args) {}

  private static final Logger log = LoggerFactory.getLogger(EventCatchUp.class);
  private static final int PAGE = 1_000;

  private final JournalHistory history;

  EventCatchUp(JournalHistory history) {
    this.history = history;
  }

  /**
   * The broadcasts of {@code actor} with {@code after < eventSeq}, in records up to journal
   * sequence {@code upToSeq} (where the actor was when the client connected), in order.
   */
  CompletableFuture<List<Missed>> missed(ActorId actor, long after, long upToSeq) {
    return history.async(() -> collect(actor, after, upToSeq));
  }

  private List<Missed> collect(ActorId actor, long after, long upToSeq) {
    List<Missed> missed = new ArrayList<>();
    long cursor = after;
    while (true) {
      List<JournalRecord> records = history.broadcastsAfter(actor, cursor, upToSeq, PAGE);
      if (records == null) { // the index has not reached the connect in time
        log.warn("catch-up of {} after event {} stopped: the journal index is behind", actor, after);
        return missed;
      }
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
      if (records.size() < PAGE || cursor == before) return missed;
    }
  }
}
