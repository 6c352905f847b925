package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.JsonPatch;
import dev.rivulet.records.OutboxRecord;
import dev.rivulet.records.RecordCodec;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An actor's history, from its journal: the records in order ({@code /history}), its state at any
 * step ({@code /state?at=}), the change between two steps ({@code /diff}), a new actor forked from
 * a past step, and the actors of a type. The engine's journal index says where the records are;
 * this reads only those.
 */
final class HistoryRoutes implements AutoCloseable {
  private static final Duration INDEX_WAIT = Duration.ofSeconds(5);

  private final GatewayCore core;
  private final JournalReader journal;
  private final ExecutorService io = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "rivulet-history");
    t.setDaemon(true);
    return t;
  });

  HistoryRoutes(GatewayCore core, JournalReader journal) {
    this.core = core;
    this.journal = journal;
  }

  ExecutorService executor() {
    return io;
  }

  /** {@code GET /api/actors/{name}/{key}/history?from=1&limit=100}. */
  void history(Context ctx) {
    ActorId actor = ActorPaths.actorId(ctx.pathParam("name"), ctx.pathParam("key"));
    long from = longParam(ctx, "from", 1);
    int limit = (int) Math.min(1_000, Math.max(1, longParam(ctx, "limit", 100)));
    ctx.future(() -> async(() -> {
      // The index trails the journal by about a commit: wait for the steps the actor has taken.
      long deadline = System.nanoTime() + INDEX_WAIT.toNanos();
      JsonNode answer = output(core.query(actor, "history", from, null, limit).join());
      while (answer.path("last").asLong() < Math.min(answer.path("current").asLong(), from + limit - 1)
          && System.nanoTime() < deadline) {
        pause();
        answer = output(core.query(actor, "history", from, null, limit).join());
      }
      List<JournalRecord> records = read(answer);
      ObjectNode body = RecordCodec.mapper().createObjectNode();
      body.put("actor", actor.toString());
      ArrayNode list = body.putArray("records");
      for (JournalRecord r : records) list.add(view(r));
      long last = answer.path("last").asLong();
      long lastRead = records.isEmpty() ? from - 1 : records.get(records.size() - 1).seq();
      body.put("last", last);
      if (lastRead < last) body.put("next", lastRead + 1);
      else body.putNull("next");
      Responses.json(ctx, body);
    }));
  }

  /** {@code GET /api/actors/{name}/{key}/state[?at=seq]}: the live actor, or its state at a step. */
  void state(Context ctx) {
    ActorId actor = ActorPaths.actorId(ctx.pathParam("name"), ctx.pathParam("key"));
    String at = ctx.queryParam("at");
    ctx.future(() -> async(() -> {
      ObjectNode body = RecordCodec.mapper().createObjectNode();
      body.put("actor", actor.toString());
      if (at == null) {
        JsonNode live = output(core.query(actor, "live", null, null, null).join());
        if (!live.path("exists").asBoolean()) {
          throw new ApiError(ErrorCode.ACTOR_NOT_FOUND, "Actor " + actor + " does not exist");
        }
        body.setAll((ObjectNode) live);
        body.remove("exists");
      } else {
        long seq = parse("at", at);
        body.put("seq", seq);
        body.set("state", stateAt(actor, seq));
      }
      Responses.json(ctx, body);
    }));
  }

  /** {@code GET /api/actors/{name}/{key}/diff?from=a&to=b}: the JSON Patch from step a to b. */
  void diff(Context ctx) {
    ActorId actor = ActorPaths.actorId(ctx.pathParam("name"), ctx.pathParam("key"));
    long from = longParam(ctx, "from", 0);
    long to = longParam(ctx, "to", -1);
    if (to < 0) throw new ApiError(ErrorCode.INVALID_REQUEST, "diff needs ?from= and ?to= steps");
    ctx.future(() -> async(() -> {
      JsonNode before = from == 0 ? NullNode.getInstance() : stateAt(actor, from);
      JsonNode after = stateAt(actor, to);
      ObjectNode body = RecordCodec.mapper().createObjectNode();
      body.put("actor", actor.toString());
      body.put("from", from);
      body.put("to", to);
      body.set("patch", JsonPatch.diff(before, after));
      Responses.json(ctx, body);
    }));
  }

  /** {@code PUT /api/actors/{name}/{key}?forkOf=otherKey&at=seq}: a new actor from a past state. */
  void fork(Context ctx, String forkOf) {
    ActorId actor = ActorPaths.actorId(ctx.pathParam("name"), ctx.pathParam("key"));
    ActorId source = ActorPaths.actorId(ctx.pathParam("name"), forkOf);
    long at = longParam(ctx, "at", -1);
    if (at < 1) throw new ApiError(ErrorCode.INVALID_REQUEST, "a fork needs ?at=<step>");
    RequestTrace trace = RequestTrace.of(ctx);
    ctx.future(() -> async(() -> {
      JsonNode state = stateAt(source, at);
      if (state == null || state.isNull()) {
        throw new ApiError(ErrorCode.ACTOR_NOT_FOUND, "Actor " + source + " had no state at step " + at);
      }
      String requestId = UUID.randomUUID().toString();
      CompletableFuture<OutboxRecord.Reply> reply = core.pending().expect(requestId);
      core.send(requestId, new InboxRecord.Create(actor, core.replyTo(requestId),
          InboxRecord.Mode.CREATE, null, state, new InboxRecord.Fork(source, at)), trace);
      JsonNode out = output(reply.join());
      ctx.status(201);
      Responses.json(ctx, out);
    }));
  }

  /** {@code GET /api/actors?type=&after=&limit=}: the actors, across every partition. */
  void list(Context ctx) {
    String type = ctx.queryParam("type");
    String after = ctx.queryParam("after");
    int limit = (int) Math.min(1_000, Math.max(1, longParam(ctx, "limit", 100)));
    ctx.future(() -> async(() -> {
      List<CompletableFuture<OutboxRecord.Reply>> asks = new ArrayList<>();
      for (int p = 0; p < core.inboxPartitions(); p++) asks.add(core.list(p, type, after, limit));
      List<JsonNode> actors = new ArrayList<>();
      for (CompletableFuture<OutboxRecord.Reply> ask : asks) {
        output(ask.join()).path("actors").forEach(actors::add);
      }
      actors.sort((a, b) -> a.path("id").asText().compareTo(b.path("id").asText()));
      ObjectNode body = RecordCodec.mapper().createObjectNode();
      ArrayNode list = body.putArray("actors");
      actors.stream().limit(limit).forEach(list::add);
      if (actors.size() > limit) body.put("next", actors.get(limit - 1).path("id").asText());
      else body.putNull("next");
      Responses.json(ctx, body);
    }));
  }

  /**
   * The state of {@code actor} after step {@code seq}: its last snapshot at or before it, and the
   * patches after that snapshot. Waits a little for a step the actor has taken but the journal
   * index has not reached yet; a step the actor never reached is not found at once.
   */
  JsonNode stateAt(ActorId actor, long seq) {
    if (seq < 1) {
      throw new ApiError(ErrorCode.INVALID_REQUEST, "steps are numbered from 1, got " + seq);
    }
    long deadline = System.nanoTime() + INDEX_WAIT.toNanos();
    while (true) {
      JsonNode answer = output(core.query(actor, "state", null, seq, null).join());
      long last = answer.path("last").asLong();
      long current = answer.path("current").asLong();
      if (current < seq && last < seq) {
        throw new ApiError(ErrorCode.ACTOR_NOT_FOUND, "step " + seq + " is not in the history of "
            + actor + " (its current step is " + current + ")");
      }
      if (last >= seq) {
        if (!answer.has("snapshot")) {
          throw new ApiError(ErrorCode.ACTOR_NOT_FOUND, "no recorded state of " + actor
              + " at or before step " + seq);
        }
        List<Long> offsets = new ArrayList<>();
        offsets.add(answer.path("snapshot").path("offset").asLong());
        answer.path("records").forEach(r -> offsets.add(r.path("offset").asLong()));
        JsonNode state = NullNode.getInstance();
        for (JournalRecord r : journal.read(answer.path("partition").asInt(), offsets,
            Duration.ofSeconds(30))) {
          if (r.seq() > seq) break;
          state = replayStep(state, r);
        }
        return state;
      }
      if (System.nanoTime() > deadline) {
        throw new ApiError(ErrorCode.ACTOR_NOT_FOUND, "step " + seq + " is not in the history of "
            + actor + " (its last recorded step is " + last + ")");
      }
      pause();
    }
  }

  /** The state after one more record. */
  static JsonNode replayStep(JsonNode state, JournalRecord r) {
    if (Boolean.TRUE.equals(r.destroyed())) return NullNode.getInstance();
    if (r.snapshot() != null) return r.snapshot();
    return r.patch() == null ? state : JsonPatch.apply(state, r.patch());
  }

  /** The journal records a history answer points at. */
  List<JournalRecord> read(JsonNode answer) {
    List<Long> offsets = new ArrayList<>();
    answer.path("records").forEach(r -> offsets.add(r.path("offset").asLong()));
    return journal.read(answer.path("partition").asInt(), offsets, Duration.ofSeconds(30));
  }

  /** A journal record as the history API shows it: as stored, with its time in ISO 8601. */
  static ObjectNode view(JournalRecord r) {
    ObjectNode node = RecordCodec.mapper().valueToTree(r);
    ObjectNode out = RecordCodec.mapper().createObjectNode();
    out.put("seq", r.seq());
    out.put("time", Instant.ofEpochMilli(r.at()).toString());
    out.setAll(node);
    return out;
  }

  static JsonNode output(OutboxRecord.Reply reply) {
    if (!reply.ok()) throw new ApiError(reply.error());
    return reply.output();
  }

  private CompletableFuture<Void> async(Runnable work) {
    return CompletableFuture.runAsync(() -> {
      try {
        work.run();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : e;
      }
    }, io);
  }

  private static long longParam(Context ctx, String name, long fallback) {
    String v = ctx.queryParam(name);
    return v == null || v.isEmpty() ? fallback : parse(name, v);
  }

  private static long parse(String name, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ApiError(ErrorCode.INVALID_REQUEST, name + " must be a number, got \"" + v + "\"");
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50); // the journal index trails the journal by about one commit interval
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(ErrorCode.UNAVAILABLE, "interrupted");
    }
  }

  @Override
  public void close() {
    io.shutdownNow();
  }
}
