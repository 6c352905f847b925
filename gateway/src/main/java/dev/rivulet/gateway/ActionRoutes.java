package dev.rivulet.gateway;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.OutboxRecord;
import dev.rivulet.records.RecordCodec;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;

/**
 * The stateless HTTP calls: {@code POST /api/actors/{name}/{key}/actions/{action}} with a JSON
 * array of arguments answers {@code {"output": ...}}; {@code PUT /api/actors/{name}/{key}} with the
 * creation input as body creates the actor. Each request becomes one inbox record and waits for
 * its reply in the outbox — except a read-only action that an engine in this JVM can answer from
 * its state store ({@link LocalReads}).
 */
final class ActionRoutes {
  private final RequestPath requests;
  private final GatewayMetrics metrics;
  private final long maxBodyBytes;
  private final LocalReads localReads; // or null
  private final Access access;

  ActionRoutes(RequestPath requests, GatewayMetrics metrics, long maxBodyBytes,
      LocalReads localReads, Access access) {
    this.requests = requests;
    this.metrics = metrics;
    this.maxBodyBytes = maxBodyBytes;
    this.localReads = localReads;
    this.access = access;
  }

  /** Who calls: the authenticator's answer for this request (null: anonymous). */
  private InboxRecord.Identity caller(Context ctx, ActorId actor, String action) {
    return access.authenticate(() -> AuthRequest.of(ctx, GatewayMetrics.HTTP, actor.name(),
        actor.key(), action, null, null));
  }

  void action(Context ctx) {
    ActorId actor = ActorPaths.actorId(ctx.pathParam("name"), ctx.pathParam("key"));
    InboxRecord.Identity who = caller(ctx, actor, ctx.pathParam("action"));
    InboxRecord.Mode mode = ActorPaths.mode(ctx.queryParam("mode"), InboxRecord.Mode.GET_OR_CREATE);
    if (mode == InboxRecord.Mode.CREATE) {
      throw new ApiError(ErrorCode.INVALID_REQUEST,
          "an action call takes mode get or getOrCreate; create the actor with PUT first");
    }
    JsonNode input = ActorPaths.jsonParam("input", ctx.queryParam("input"));
    JsonNode args = args(body(ctx));
    String key = ctx.header("Idempotency-Key");
    if (key != null && (key.isBlank() || key.length() > 255)) {
      throw new ApiError(ErrorCode.INVALID_REQUEST, "Idempotency-Key must be 1 to 255 characters");
    }
    if (localReads != null && key == null) {
      RequestTrace trace = RequestTrace.of(ctx);
      long start = trace == null ? System.nanoTime() : trace.startNanos();
      OutboxRecord.Reply local = localReads.read(actor, ctx.pathParam("action"), args, who);
      if (local != null) {
        metrics.replied(actor.name(), "action", ctx.pathParam("action"),
            GatewayMetrics.HTTP, local, null, System.nanoTime() - start);
        respond(ctx, local, Reply.OUTPUT);
        return;
      }
    }
    String action = ctx.pathParam("action");
    call(ctx, replyTo -> new InboxRecord.Action(actor, replyTo, mode, input, action, args, key,
        null, null, who), Reply.OUTPUT);
  }

  /** {@code DELETE /api/actors/{name}/{key}}: destroys the actor. */
  void destroy(Context ctx) {
    ActorId actor = ActorPaths.actorId(ctx.pathParam("name"), ctx.pathParam("key"));
    call(ctx, replyTo -> new InboxRecord.Destroy(actor, replyTo), Reply.AS_IS);
  }

  /** {@code /api/actors/{name}/{key}/request/*}: a raw HTTP request for the actor's onRequest. */
  void request(Context ctx) {
    ActorId actor = ActorPaths.actorId(ctx.pathParam("name"), ctx.pathParam("key"));
    InboxRecord.Identity who = caller(ctx, actor, null);
    InboxRecord.Mode mode = ActorPaths.mode(ctx.header("x-rivulet-mode"),
        InboxRecord.Mode.GET_OR_CREATE);
    byte[] body = bodyBytes(ctx);
    Map<String, String> headers = access.forwardedHeaders(ctx.headerMap());
    String rest = ctx.pathParamMap().containsKey("path") ? "/" + ctx.pathParam("path") : "/";
    String method = ctx.method().name();
    Map<String, List<String>> query = ctx.queryParamMap();
    String encoded = body.length == 0 ? null : Base64.getEncoder().encodeToString(body);
    call(ctx, replyTo -> new InboxRecord.RawHttp(actor, replyTo, mode, null, method, rest, query,
        headers, encoded, null, null, who), Reply.RAW);
  }

  void create(Context ctx) {
    ActorId actor = ActorPaths.actorId(ctx.pathParam("name"), ctx.pathParam("key"));
    InboxRecord.Identity who = caller(ctx, actor, null);
    InboxRecord.Mode mode = ActorPaths.mode(ctx.queryParam("mode"), InboxRecord.Mode.CREATE);
    if (mode == InboxRecord.Mode.GET) {
      throw new ApiError(ErrorCode.INVALID_REQUEST, "PUT takes mode create or getOrCreate");
    }
    JsonNode input = body(ctx);
    call(ctx, replyTo -> new InboxRecord.Create(actor, replyTo, mode, input, who),
        Reply.CREATED);
  }

  /** How a reply becomes the HTTP response. */
  private enum Reply { OUTPUT, CREATED, AS_IS, RAW }

  private void call(Context ctx, Function<InboxRecord.ReplyTo, InboxRecord> request,
      Reply shape) {
    // Sent now, answered when the reply comes: Javalin calls the future's supplier only after
    // this handler returns.
    CompletableFuture<OutboxRecord.Reply> reply =
        requests.ask(request, RequestTrace.of(ctx), GatewayMetrics.HTTP);
    ctx.future(() -> reply.thenAccept(r -> respond(ctx, r, shape)));
  }

  private static void respond(Context ctx, OutboxRecord.Reply reply, Reply shape) {
    if (!reply.ok()) throw new ApiError(reply.error());
    switch (shape) {
      case CREATED -> {
        ctx.status(reply.output().path("created").asBoolean() ? 201 : 200);
        Responses.json(ctx, reply.output());
      }
      case AS_IS -> Responses.json(ctx, reply.output());
      case RAW -> {
        JsonNode out = reply.output();
        ctx.status(out.path("status").asInt(200));
        out.path("headers").fields().forEachRemaining(h -> ctx.header(h.getKey(), h.getValue().asText()));
        ctx.result(Base64.getDecoder().decode(out.path("body").asText("")));
      }
      case OUTPUT -> {
        ObjectNode body = RecordCodec.mapper().createObjectNode();
        body.set("output", reply.output());
        Responses.json(ctx, body);
      }
    }
  }

  private byte[] bodyBytes(Context ctx) {
    return RequestBodies.read(ctx, maxBodyBytes);
  }

  /** The body as JSON; null when empty. */
  private JsonNode body(Context ctx) {
    byte[] bytes = bodyBytes(ctx);
    if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      return null;
    }
    try {
      return RecordCodec.readTree(RecordCodec.mapper(), bytes);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String reason = e.getOriginalMessage();
      int cut = reason.indexOf(" (start marker");
      if (cut > 0) reason = reason.substring(0, cut);
      throw new ApiError(ErrorCode.INVALID_JSON, "request body is not valid JSON: " + reason
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    } catch (IOException e) {
      throw new ApiError(ErrorCode.INVALID_JSON, "request body could not be read");
    }
  }

  /** Arguments: a JSON array, or RivetKit's {@code {"args": [...]}}; no body means none. */
  private static JsonNode args(JsonNode body) {
    if (body == null) return RecordCodec.mapper().createArrayNode();
    if (body.isArray()) return body;
    if (body.isObject() && body.size() == 1 && body.path("args").isArray()) return body.get("args");
    throw new ApiError(ErrorCode.INVALID_BODY,
        "request body must be a JSON array of arguments, for example [5]");
  }

}
