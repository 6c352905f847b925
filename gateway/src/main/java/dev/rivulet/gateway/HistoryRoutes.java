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
import dev.rivulet.records.RecordCodec;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * The history routes: an actor's journal records in order ({@code /history}), its state at any
 * step ({@code /state?at=}), the change between two steps ({@code /diff}), a new actor forked from
 * a past step, and the actors of a type. HTTP only: the reading is {@link JournalHistory}'s, on
 * its threads.
 */
final class HistoryRoutes {
  private final RequestPath requests;
  private final JournalHistory history;

  HistoryRoutes(RequestPath requests, JournalHistory history) {
    this.requests = requests;
    this.history = history;
  }

  /** {@code GET /api/actors/{name}/{key}/history?from=1&limit=100}. */
  void history(Context ctx) {
    ActorId actor = ActorPaths.actorId(ctx.pathParam("name"), ctx.pathParam("key"));
    long from = longParam(ctx, "from", 1);
    int limit = (int) Math.min(1_000, Math.max(1, longParam(ctx, "limit", 100)));
    ctx.future(() -> history.async(() -> {
      JournalHistory.Page page = history.history(actor, from, limit);
      ObjectNode body = RecordCodec.mapper().createObjectNode();
      body.put("actor", actor.toString());
      ArrayNode list = body.putArray("records");
      for (JournalRecord r : page.records()) list.add(view(r));
      List<JournalRecord> records = page.records();
      long lastRead = records.isEmpty() ? from - 1 : records.get(records.size() - 1).seq();
      body.put("last", page.last());
      if (lastRead < page.last()) body.put("next", lastRead + 1);
      else body.putNull("next");
      Responses.json(ctx, body);
      return null;
    }));
  }

  /** {@code GET /api/actors/{name}/{key}/state[?at=seq]}: the live actor, or its state at a step. */
  void state(Context ctx) {
    ActorId actor = ActorPaths.actorId(ctx.pathParam("name"), ctx.pathParam("key"));
    String at = ctx.queryParam("at");
    ctx.future(() -> history.async(() -> {
      ObjectNode body = RecordCodec.mapper().createObjectNode();
      body.put("actor", actor.toString());
      if (at == null) {
        JsonNode live = history.live(actor);
        if (!live.path("exists").asBoolean()) {
          throw new ApiError(ErrorCode.ACTOR_NOT_FOUND, "Actor " + actor + " does not exist");
        }
        body.setAll((ObjectNode) live);
        body.remove("exists");
      } else {
        long seq = parse("at", at);
        body.put("seq", seq);
        JournalHistory.StateAt state = history.stateAt(actor, seq);
        body.set("state", state.state());
        if (state.collections() != null) body.set("collections", state.collections());
      }
      Responses.json(ctx, body);
      return null;
    }));
  }

  /** {@code GET /api/actors/{name}/{key}/diff?from=a&to=b}: the JSON Patch from step a to b. */
  void diff(Context ctx) {
    ActorId actor = ActorPaths.actorId(ctx.pathParam("name"), ctx.pathParam("key"));
    long from = longParam(ctx, "from", 0);
    long to = longParam(ctx, "to", -1);
    if (to < 0) throw new ApiError(ErrorCode.INVALID_REQUEST, "diff needs ?from= and ?to= steps");
    ctx.future(() -> history.async(() -> {
      JsonNode before = from == 0 ? NullNode.getInstance() : history.stateAt(actor, from).state();
      JsonNode after = history.stateAt(actor, to).state();
      ObjectNode body = RecordCodec.mapper().createObjectNode();
      body.put("actor", actor.toString());
      body.put("from", from);
      body.put("to", to);
      body.set("patch", JsonPatch.diff(before, after));
      Responses.json(ctx, body);
      return null;
    }));
  }

  /** {@code PUT /api/actors/{name}/{key}?forkOf=otherKey&at=seq}: a new actor from a past state. */
  void fork(Context ctx, String forkOf) {
    ActorId actor = ActorPaths.actorId(ctx.pathParam("name"), ctx.pathParam("key"));
    ActorId source = ActorPaths.actorId(ctx.pathParam("name"), forkOf);
    long at = longParam(ctx, "at", -1);
    if (at < 1) throw new ApiError(ErrorCode.INVALID_REQUEST, "a fork needs ?at=<step>");
    RequestTrace trace = RequestTrace.of(ctx);
    ctx.future(() -> history.async(() -> {
      JournalHistory.StateAt past = history.stateAt(source, at);
      JsonNode state = past.state();
      if (state == null || state.isNull()) {
        throw new ApiError(ErrorCode.ACTOR_NOT_FOUND, "Actor " + source + " had no state at step " + at);
      }
      JsonNode out = JournalHistory.output(requests.askOwn(replyTo -> new InboxRecord.Create(
          actor, replyTo, InboxRecord.Mode.CREATE, null, state, new InboxRecord.Fork(source, at),
          past.collections()), trace).join());
      ctx.status(201);
      Responses.json(ctx, out);
      return null;
    }));
  }

  /** {@code GET /api/actors?type=&after=&limit=}: the actors, across every partition. */
  void list(Context ctx) {
    String type = ctx.queryParam("type");
    String after = ctx.queryParam("after");
    int limit = (int) Math.min(1_000, Math.max(1, longParam(ctx, "limit", 100)));
    ctx.future(() -> history.async(() -> {
      List<JsonNode> actors = history.actors(type, after, limit);
      ObjectNode body = RecordCodec.mapper().createObjectNode();
      ArrayNode list = body.putArray("actors");
      actors.stream().limit(limit).forEach(list::add);
      if (actors.size() > limit) body.put("next", actors.get(limit - 1).path("id").asText());
      else body.putNull("next");
      Responses.json(ctx, body);
      return null;
    }));
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
}
