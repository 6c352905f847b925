package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.OutboxRecord;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Answers {@link InboxRecord.Query} from the task's stores: where an actor's history is (the
 * gateway then reads those journal offsets itself), the stored actor as it is now, and the
 * actors of the partition. Answering changes nothing and is not journaled.
 */
final class QueryAnswers {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_LIMIT = 1_000;

  private final KeyValueStore<String, byte[]> actors;
  private final JournalIndex index;

  QueryAnswers(KeyValueStore<String, byte[]> actors, JournalIndex index) {
    this.actors = actors;
    this.index = index;
  }

  OutboxRecord.Reply answer(InboxRecord.Query q, int partition) {
    String actor = q.actor().toString();
    int limit = Math.max(1, Math.min(MAX_LIMIT, q.limit() == null ? 100 : q.limit()));
    long from = q.from() == null ? 1 : q.from();
    long to = q.to() == null ? Long.MAX_VALUE / 2 : q.to();
    ObjectNode out = NODES.objectNode();
    out.put("partition", partition);
    switch (q.what()) {
      case HISTORY -> {
        out.set("records", entries(index.records(actor, from, to, limit)));
        progress(actor, out);
      }
      case STATE -> {
        // No snapshot yet may only mean the index trails the journal: "last" and "current" let
        // the asker tell that from an actor that never reached the step. The state is folded
        // from the last snapshot, the stored collections from the last checkpoint: the records
        // from the earlier of the two (the first page; the asker reads on by HISTORY).
        JournalIndex.Entry snapshot = index.snapshotAtOrBefore(actor, to);
        JournalIndex.Entry checkpoint = index.checkpointAtOrBefore(actor, to);
        if (snapshot != null) out.set("snapshot", entry(snapshot));
        if (checkpoint != null) out.set("checkpoint", entry(checkpoint));
        if (snapshot != null) {
          long start = checkpoint == null ? snapshot.seq()
              : Math.min(snapshot.seq(), checkpoint.seq());
          out.set("records", entries(index.records(actor, start, to, MAX_LIMIT)));
        }
        progress(actor, out);
      }
      case EVENTS -> {
        out.set("records", entries(index.eventRecords(actor, from, limit)));
        out.put("last", index.lastSeq(actor));
      }
      case LIVE -> live(actor, out);
      case LIST -> list(q, limit, out);
    }
    return new OutboxRecord.Reply(q.replyTo().requestId(), q.actor(), out, null);
  }

  /**
   * How far the index has got ({@code last}: the highest step indexed) and how far the actor has
   * got ({@code current}: its step in the store, which the index reaches about a commit later).
   */
  private void progress(String actor, ObjectNode out) {
    out.put("last", index.lastSeq(actor));
    byte[] stored = actors.get(actor);
    out.put("current", stored == null ? 0 : ActorRecord.decode(stored).seq());
  }

  private void live(String actor, ObjectNode out) {
    byte[] stored = actors.get(actor);
    out.put("exists", stored != null && !ActorRecord.decode(stored).destroyed());
    if (stored == null) return;
    ActorRecord r = ActorRecord.decode(stored);
    out.put("generation", r.generation());
    out.put("seq", r.seq());
    out.put("eventSeq", r.eventSeq());
    out.put("lastAt", r.lastAt());
    out.put("createdAt", r.createdAt());
    out.put("destroyed", r.destroyed());
    if (r.state() != null) out.set("state", r.state());
    out.set("connections", RecordsJson.tree(r.connections()));
    out.set("schedules", RecordsJson.tree(r.schedules()));
    out.set("pending", RecordsJson.tree(r.pending()));
    if (!r.collections().isEmpty()) out.set("collections", RecordsJson.tree(r.collections()));
  }

  private void list(InboxRecord.Query q, int limit, ObjectNode out) {
    String from = q.prefix() == null ? null : q.prefix() + "/";
    String to = q.prefix() == null ? null : q.prefix() + "0"; // '0' follows '/'
    ArrayNode list = out.putArray("actors");
    // The type's actor with the empty key is the bare name, which sorts before "name/": its own
    // look-up (a range from the bare name would take in types whose names extend it, "name-x").
    byte[] bare = q.prefix() == null ? null : actors.get(q.prefix());
    if (bare != null && (q.after() == null || q.prefix().compareTo(q.after()) > 0)) {
      add(list, q.prefix(), bare);
    }
    String last = list.isEmpty() ? null : q.prefix();
    try (var it = actors.range(from, to)) {
      while (it.hasNext()) {
        var kv = it.next();
        if (q.after() != null && kv.key.compareTo(q.after()) <= 0) continue;
        if (list.size() == limit) {
          out.put("next", last);
          return;
        }
        add(list, kv.key, kv.value);
        last = kv.key;
      }
    }
  }

  private static void add(ArrayNode list, String id, byte[] stored) {
    ActorRecord r = ActorRecord.decode(stored);
    ObjectNode a = list.addObject();
    a.put("id", id);
    a.put("generation", r.generation());
    a.put("createdAt", r.createdAt());
    a.put("seq", r.seq());
    a.put("destroyed", r.destroyed());
  }

  private static ObjectNode entry(JournalIndex.Entry e) {
    ObjectNode n = NODES.objectNode();
    n.put("seq", e.seq());
    n.put("offset", e.offset());
    return n;
  }

  private static JsonNode entries(List<JournalIndex.Entry> entries) {
    ArrayNode list = NODES.arrayNode();
    for (JournalIndex.Entry e : entries) {
      ObjectNode n = list.addObject();
      n.put("seq", e.seq());
      n.put("offset", e.offset());
    }
    return list;
  }
}
