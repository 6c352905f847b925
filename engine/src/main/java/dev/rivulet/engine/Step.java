package dev.rivulet.engine;

import dev.rivulet.records.EffectRecord;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.OutboxRecord;
import java.util.List;
import java.util.Map;

/**
 * What applying one inbox record to its actor produced: the engine's output contract. {@link
 * ActorMachine} returns it (built by {@link StepBuilder}, the only place that makes one);
 * {@link ActionProcessor} writes it out in one transaction: the replies and events to the outbox,
 * the stored actor and the index changes to the stores, the journal record, the records to other
 * actors' inboxes, the effects to run and the records published to output topics.
 *
 * @param next the actor to store; null: unchanged (nothing applied)
 * @param journal the journal record; null: none (a rejected request, or nothing to apply)
 * @param outbox replies, events and disconnects for gateways, the reply first
 * @param inbox records for actors' inboxes: calls, sends, and the reply to a calling actor
 * @param effects effects to run after the step commits
 * @param indexes what the schedule and connection indexes must learn from the step
 * @param published records for the output topics actions publish to
 * @param rejection why the request was refused before anything applied (no journal record);
 *     null when it applied, or had nothing to apply
 * @param entries what the step changed in the actor's stored collections
 */
record Step(ActorRecord next, JournalRecord journal, List<Outgoing> outbox, List<Routed> inbox,
    List<EffectRecord> effects, List<IndexChange> indexes, List<Published> published,
    ErrorInfo rejection, EntryWrites entries) {

  /** The store of due schedules, by due time. */
  static final String SCHEDULES = "schedules";

  /** The store of connections by gateway, to find those of a gateway that died. */
  static final String GATEWAY_CONNS = "gateway-conns";

  /** A record for the outbox partition of {@code gateway}. */
  record Outgoing(String gateway, OutboxRecord record) {}

  /** A record for the inbox, keyed by {@code key} (the target actor's id). */
  record Routed(String key, InboxRecord record) {}

  /** A put ({@code value} set) or delete in one of the index stores. */
  record IndexChange(String store, String key, byte[] value) {
    static IndexChange put(String store, String key, byte[] value) {
      return new IndexChange(store, key, value);
    }

    static IndexChange delete(String store, String key) {
      return new IndexChange(store, key, null);
    }
  }

  /**
   * Writes to the {@code entries} store: first every entry under each of the {@code cleared}
   * prefixes goes, then each of {@code puts} is written (a null value removes the entry).
   */
  record EntryWrites(List<String> cleared, Map<String, byte[]> puts) {
    static final EntryWrites NONE = new EntryWrites(List.of(), Map.of());

    boolean isEmpty() {
      return cleared.isEmpty() && puts.isEmpty();
    }
  }

  /** Nothing to do: a record that no longer applies (a cancelled schedule, a stale disconnect). */
  static Step none() {
    return new Step(null, null, List.of(), List.of(), List.of(), List.of(), List.of(), null,
        EntryWrites.NONE);
  }

  /**
   * The error the record ended in, null when it succeeded (or changed nothing): the journaled
   * error, or the error reply of a request that was rejected.
   */
  ErrorInfo error() {
    if (journal != null) return journal.error();
    for (int i = 0; i < outbox.size(); i++) {
      if (outbox.get(i).record() instanceof OutboxRecord.Reply r) return r.error();
    }
    for (int i = 0; i < inbox.size(); i++) {
      if (inbox.get(i).record() instanceof InboxRecord.Continue c) return c.error();
    }
    return rejection; // refused, with nobody to reply to (a send, a record of a subscribed topic)
  }
}
