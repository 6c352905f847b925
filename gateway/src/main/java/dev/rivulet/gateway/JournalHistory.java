package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.InboxRecord.Query.What;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.OutboxRecord;
import dev.rivulet.records.RecordedState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Actors' histories as the gateway reads them: the engine's journal index says where an actor's
 * records are ({@link InboxRecord.Query}, through {@link RequestPath}), and {@link JournalReader}
 * reads just those. The history routes and event catch-up both read through here, on its own
 * threads ({@link #async}), never on Jetty's.
 *
 * <p>The index trails the journal by about one commit interval: a step the actor has taken may
 * not be indexed yet. Every read that needs a step waits for the index the same way ({@link
 * #whenIndexed}): asking again every 50 ms for at most {@value #INDEX_WAIT_SECONDS} s while the
 * actor is ahead of its index; a step the actor never took is not waited for.
 */
final class JournalHistory implements AutoCloseable {
  static final int INDEX_WAIT_SECONDS = 10;
  private static final Duration INDEX_WAIT = Duration.ofSeconds(INDEX_WAIT_SECONDS);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  /** Journal records of an actor, and its last step (the index may not have it yet). */
  record Page(List<JournalRecord> records, long last) {}

  /**
   * An actor's recorded state at a step, and its stored logs and maps (as a journal record's
   * {@code collectionsSnapshot} holds them; null when it had none).
   */
  record StateAt(JsonNode state, ObjectNode collections) {}

  /** Records read per request while folding a state. */
  private static final int FOLD_PAGE = 1_000;

  private final RequestPath requests;
  private final JournalReader journal;
  private final ExecutorService io = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "rivulet-history");
    t.setDaemon(true);
    return t;
  });

  JournalHistory(RequestPath requests, JournalReader journal) {
    this.requests = requests;
    this.journal = journal;
  }

  /** Runs blocking history work on the history threads; its failure fails the future as is. */
  <T> CompletableFuture<T> async(Supplier<T> work) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return work.get();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : e;
      }
    }, io);
  }

  /** The records of {@code actor} from step {@code from}, at most {@code limit}. */
  Page history(ActorId actor, long from, int limit) {
    JsonNode answer = whenIndexed(() -> ask(actor, What.HISTORY, from, null, limit),
        a -> a.path("last").asLong() < Math.min(a.path("current").asLong(), from + limit - 1));
    // The actor's last step, not the index's: the index may trail it by a commit, and a page
    // read then must still say there is more (the next read waits for the index).
    return new Page(read(answer),
        Math.max(answer.path("last").asLong(), answer.path("current").asLong()));
  }

  /**
   * The records holding broadcasts of {@code actor} with an event sequence above {@code after}
   * (at most {@code limit}), once the index has reached step {@code upTo}; null when it did not in
   * time.
   */
  List<JournalRecord> broadcastsAfter(ActorId actor, long after, long upTo, int limit) {
    JsonNode answer = whenIndexed(() -> ask(actor, What.EVENTS, after, null, limit),
        a -> a.path("last").asLong() < upTo);
    return answer.path("last").asLong() < upTo ? null : read(answer);
  }

  /** The stored actor as it is now (state, sequence numbers, connections, schedules). */
  JsonNode live(ActorId actor) {
    return ask(actor, What.LIVE, null, null, null);
  }

  /**
   * The state of {@code actor} after step {@code seq}: its last snapshot at or before it and the
   * patches after that snapshot; and its stored collections: their last checkpoint at or before it
   * and the operations after that ({@link RecordedState}).
   */
  StateAt stateAt(ActorId actor, long seq) {
    if (seq < 1) {
      throw new ApiError(ErrorCode.INVALID_REQUEST, "steps are numbered from 1, got " + seq);
    }
    JsonNode answer = whenIndexed(() -> ask(actor, What.STATE, null, seq, null),
        a -> a.path("last").asLong() < seq && a.path("current").asLong() >= seq);
    long last = answer.path("last").asLong();
    long current = answer.path("current").asLong();
    if (last < seq) {
      throw new ApiError(ErrorCode.ACTOR_NOT_FOUND, "step " + seq + " is not in the history of "
          + actor + (current < seq ? " (its current step is " + current + ")"
              : " (its last recorded step is " + last + ")"));
    }
    if (!answer.has("snapshot")) {
      throw new ApiError(ErrorCode.ACTOR_NOT_FOUND, "no recorded state of " + actor
          + " at or before step " + seq);
    }
    RecordedState fold = new RecordedState();
    int partition = answer.path("partition").asInt();
    long folded = 0;
    JsonNode page = answer;
    while (true) {
      List<Long> offsets = new ArrayList<>();
      page.path("records").forEach(r -> offsets.add(r.path("offset").asLong()));
      for (JournalRecord r : journal.read(partition, offsets, READ_TIMEOUT)) {
        if (r.seq() > seq) break;
        fold.apply(r);
        folded = r.seq();
      }
      if (folded >= seq || offsets.isEmpty()) break;
      long from = folded + 1;
      page = ask(actor, What.HISTORY, from, seq, FOLD_PAGE);
    }
    ObjectNode collections = fold.collections();
    return new StateAt(fold.state(),
        collections == null || collections.isEmpty() ? null : collections);
  }

  /** The actors of every partition (of {@code type}, after id {@code after}), sorted by id. */
  List<JsonNode> actors(String type, String after, int limit) {
    List<CompletableFuture<OutboxRecord.Reply>> asks = new ArrayList<>();
    for (int p = 0; p < requests.inboxPartitions(); p++) {
      asks.add(requests.askOwn(replyTo -> new InboxRecord.Query(LIST, replyTo, What.LIST, null,
          null, limit, type, after), p, null));
    }
    List<JsonNode> actors = new ArrayList<>();
    for (CompletableFuture<OutboxRecord.Reply> ask : asks) {
      output(ask.join()).path("actors").forEach(actors::add);
    }
    actors.sort((a, b) -> a.path("id").asText().compareTo(b.path("id").asText()));
    return actors;
  }

  /** A reply's output; its error as an {@link ApiError}. */
  static JsonNode output(OutboxRecord.Reply reply) {
    if (!reply.ok()) throw new ApiError(reply.error());
    return reply.output();
  }

  /** The actor id list queries carry; the engine answers for its whole partition. */
  private static final ActorId LIST = ActorId.of("_rivulet", "list");

  private JsonNode ask(ActorId actor, What what, Long from, Long to, Integer limit) {
    return output(requests.askOwn(replyTo -> new InboxRecord.Query(actor, replyTo, what, from, to,
        limit, null, null), null).join());
  }

  /** The journal records an index answer points at. */
  private List<JournalRecord> read(JsonNode answer) {
    List<Long> offsets = new ArrayList<>();
    answer.path("records").forEach(r -> offsets.add(r.path("offset").asLong()));
    return journal.read(answer.path("partition").asInt(), offsets, READ_TIMEOUT);
  }

  /**
   * The answer to {@code ask} once the index is no longer {@code behind} the actor, or the last
   * answer when {@link #INDEX_WAIT} ran out: the caller tells the two apart.
   */
  private static JsonNode whenIndexed(Supplier<JsonNode> ask, Predicate<JsonNode> behind) {
    long deadline = System.nanoTime() + INDEX_WAIT.toNanos();
    JsonNode answer = ask.get();
    while (behind.test(answer) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50); // the index trails the journal by about one commit interval
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiError(ErrorCode.UNAVAILABLE, "interrupted");
      }
      answer = ask.get();
    }
    return answer;
  }

  @Override
  public void close() {
    io.shutdownNow();
  }
}
