package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.gateway.rivetkit.ActorIds;
import dev.rivulet.gateway.rivetkit.ActorKeys;
import dev.rivulet.gateway.rivetkit.ConnParams;
import dev.rivulet.gateway.rivetkit.Encoding;
import dev.rivulet.gateway.rivetkit.GatewayTarget;
import dev.rivulet.gateway.rivetkit.Http;
import dev.rivulet.gateway.rivetkit.HttpBodies;
import dev.rivulet.gateway.rivetkit.RivetKitProtocolException;
import dev.rivulet.gateway.rivetkit.UserValues;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.OutboxRecord;
import dev.rivulet.records.RecordCodec;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * RivetKit's client protocol over HTTP, under the client's endpoint ({@code /api/rivet}, and the
 * root): {@code GET /metadata}, the REST {@code /actors} API (JSON), and an actor's own routes
 * reached through the gateway ({@code /gateway/{id or name}/...}, or by the {@code x-rivet-target}
 * and {@code x-rivet-actor} headers): stateless actions in the request's encoding and raw HTTP for
 * {@code onRequest}. docs/rivetkit-protocol.md is the contract. Everything becomes the same inbox
 * records as Rivulet's own routes, through {@link RequestPath}.
 *
 * <p>Actor ids are {@link ActorIds}: the actor's name, key and generation, so a request by id needs
 * no look-up, and the id of a destroyed actor names nothing when its key is created again.
 */
final class RivetRoutes {
  /** Where RivetKit's client is pointed (the seeds' convention); the root serves it too. */
  static final String PREFIX = "/api/rivet";

  private final RequestPath requests;
  private final JournalHistory history;
  private final GatewayMetrics metrics;
  private final long maxBodyBytes;
  private final Supplier<JsonNode> actorNames;
  private final Access access;

  RivetRoutes(RequestPath requests, JournalHistory history, GatewayMetrics metrics,
      long maxBodyBytes, Supplier<JsonNode> actorNames, Access access) {
    this.requests = requests;
    this.history = history;
    this.metrics = metrics;
    this.maxBodyBytes = maxBodyBytes;
    this.actorNames = actorNames;
    this.access = access;
  }

  /** Who calls, by the authenticator (null: anonymous). */
  private InboxRecord.Identity caller(Context ctx, String name, List<String> key, String action,
      JsonNode params, String token) {
    return access.authenticate(() -> AuthRequest.of(ctx, GatewayMetrics.HTTP, name, key, action,
        params, token));
  }

  /**
   * Whether a {@code GET /actors} lists every actor of a name (the admin API's), rather than
   * looking one up by key or by ids (a client's get and resolve).
   */
  static boolean listsAll(Context ctx) {
    return ctx.queryParam("actor_ids") == null && ctx.queryParam("key") == null;
  }

  // ---------------------------------------------------------------- metadata

  /** {@code GET /metadata}: what the client asks first; no {@code clientEndpoint} (no redirect). */
  void metadata(Context ctx) {
    ObjectNode body = RecordCodec.mapper().createObjectNode();
    body.put("runtime", "rivulet");
    body.put("version", Version.VERSION);
    body.set("actorNames", actorNames.get());
    Responses.json(ctx, body);
  }

  // ---------------------------------------------------------------- the REST /actors API

  /** {@code PUT /actors}: get or create by name and key. */
  void getOrCreate(Context ctx) {
    JsonNode body = jsonBody(ctx);
    ActorId actor = actorOf(text(body, "name", true), text(body, "key", true));
    InboxRecord.Identity who = caller(ctx, actor.name(), actor.key(), null, null, null);
    JsonNode input = restInput(body);
    ctx.future(() -> ask(ctx, replyTo -> new InboxRecord.Create(actor, replyTo,
        InboxRecord.Mode.GET_OR_CREATE, input, who)).thenAccept(reply -> {
          JsonNode out = JournalHistory.output(reply);
          ObjectNode answer = RecordCodec.mapper().createObjectNode();
          answer.set("actor", actorObject(actor, out.path("actor")));
          answer.put("created", out.path("created").asBoolean());
          Responses.json(ctx, answer);
        }));
  }

  /** {@code POST /actors}: create; an existing key is {@code actor.duplicate_key}. */
  void create(Context ctx) {
    JsonNode body = jsonBody(ctx);
    ActorId actor = actorOf(text(body, "name", true), text(body, "key", false));
    InboxRecord.Identity who = caller(ctx, actor.name(), actor.key(), null, null, null);
    JsonNode input = restInput(body);
    ctx.future(() -> ask(ctx, replyTo -> new InboxRecord.Create(actor, replyTo,
        InboxRecord.Mode.CREATE, input, who)).thenAccept(reply -> {
          JsonNode out = JournalHistory.output(reply);
          ObjectNode answer = RecordCodec.mapper().createObjectNode();
          answer.set("actor", actorObject(actor, out.path("actor")));
          Responses.json(ctx, answer);
        }));
  }

  /**
   * {@code GET /actors}: by {@code name} and {@code key} (one or none), by {@code actor_ids} (those
   * that exist), or every actor of {@code name}.
   */
  void list(Context ctx) {
    String ids = ctx.queryParam("actor_ids");
    String name = ctx.queryParam("name");
    String key = ctx.queryParam("key");
    if (!listsAll(ctx)) caller(ctx, name, null, null, null, null); // a client's look-up
    ctx.future(() -> history.async(() -> {
      List<JsonNode> actors = new ArrayList<>();
      if (ids != null) {
        for (String id : ids.split(",")) {
          if (id.isBlank()) continue;
          ActorIds.Parts parts;
          try {
            parts = ActorIds.parse(id.trim());
          } catch (RivetKitProtocolException e) {
            continue; // an id no actor has: left out, as RivetKit does
          }
          ActorId actor = new ActorId(parts.name(), parts.key());
          JsonNode live = history.live(actor);
          if (exists(live) && live.path("generation").asLong() == parts.generation()) {
            actors.add(actorObject(actor, live));
          }
        }
      } else if (name != null && key != null) {
        ActorId actor = actorOf(name, key);
        JsonNode live = history.live(actor);
        if (exists(live)) actors.add(actorObject(actor, live));
      } else if (name != null) {
        for (JsonNode a : history.actors(name, null, 1_000)) {
          if (a.path("destroyed").asBoolean()) continue;
          actors.add(actorObject(ActorId.parse(a.path("id").asText()), a));
        }
      } else {
        throw new ApiError(ErrorCode.INVALID_REQUEST,
            "GET /actors needs name and key, actor_ids, or name");
      }
      ObjectNode answer = RecordCodec.mapper().createObjectNode();
      ArrayNode list = answer.putArray("actors");
      actors.forEach(list::add);
      Responses.json(ctx, answer);
      return null;
    }));
  }

  /** {@code DELETE /actors/{id}}: destroys that actor (that generation of it). */
  void destroy(Context ctx) {
    ActorIds.Parts parts = parseId(ctx.pathParam("id"));
    ActorId actor = new ActorId(parts.name(), parts.key());
    ctx.future(() -> ask(ctx, replyTo -> new InboxRecord.Destroy(actor, replyTo,
        parts.generation()))
        .thenAccept(reply -> {
          JournalHistory.output(reply);
          Responses.json(ctx, RecordCodec.mapper().createObjectNode());
        }));
  }

  // ---------------------------------------------------------------- an actor's own routes

  /** {@code /gateway/{id or name}/...}: the actor named by the path (and its {@code rvt-} query). */
  void gateway(Context ctx, String prefix) {
    String raw = ctx.req().getRequestURI().substring(prefix.length());
    GatewayTarget target = RivetTargets.parse(raw, ctx.queryString());
    serve(ctx, target);
  }

  /** {@code /action/...}, {@code /request/...} routed by {@code x-rivet-target: actor}. */
  void byHeader(Context ctx, String prefix) {
    String raw = ctx.req().getRequestURI().substring(prefix.length());
    GatewayTarget target = RivetTargets.fromHeaders(ctx.header("x-rivet-target"),
        ctx.header("x-rivet-actor"), ctx.header("x-rivet-token"), raw, ctx.queryString());
    serve(ctx, target);
  }

  private void serve(Context ctx, GatewayTarget target) {
    RivetTargets.Resolved actor = RivetTargets.resolve(target);
    String path = target.path();
    if (path.startsWith("/action/")) {
      if (!ctx.method().name().equals("POST")) {
        throw new ApiError(ErrorCode.METHOD_NOT_ALLOWED, "actions are called with POST");
      }
      action(ctx, actor, decode(path.substring("/action/".length())), target.token());
    } else if (path.equals("/request") || path.startsWith("/request/")) {
      request(ctx, actor, path.substring("/request".length()), target.query(), target.token());
    } else if (path.startsWith("/queue/")) {
      throw new ApiError(ErrorCode.INVALID_REQUEST, "Rivulet actors have no queues: call an "
          + "action instead (handle.send is RivetKit's queue feature)");
    } else {
      throw new ApiError(ErrorCode.ROUTE_NOT_FOUND, "no route of the actor answers " + path);
    }
  }

  /** A stateless action in the request's encoding; errors in it too. */
  private void action(Context ctx, RivetTargets.Resolved target, String name, String token) {
    Encoding encoding = encodingOf(ctx);
    JsonNode params;
    try {
      params = ConnParams.fromHeader(ctx.header(ConnParams.HEADER));
    } catch (RivetKitProtocolException e) {
      throw new ApiError(new ErrorInfo(e.group(), e.code(), e.getMessage(), null));
    }
    InboxRecord.Identity who = caller(ctx, target.actor().name(), target.actor().key(), name,
        params, token);
    JsonNode args;
    try {
      args = HttpBodies.decodeActionRequest(encoding, RequestBodies.read(ctx, maxBodyBytes))
          .args();
    } catch (RivetKitProtocolException e) {
      throw new ApiError(new ErrorInfo(e.group(), e.code(), e.getMessage(), null));
    }
    String connId = UUID.randomUUID().toString();
    ctx.future(() -> ask(ctx, replyTo -> target.action(replyTo, name, args, connId, params, who))
        .handle((reply, error) -> {
          ErrorInfo failure = error != null ? ApiError.clientError(error)
              : reply.ok() ? null : reply.error();
          if (failure != null) {
            metrics.error(GatewayMetrics.HTTP, failure);
            Responses.answered(ctx);
            ctx.status(ErrorCode.httpStatusOf(failure)).contentType(encoding.contentType())
                .result(HttpBodies.encodeResponseError(encoding, new Http.ResponseError(
                    failure.group(), failure.code(), failure.message(), failure.metadata(), null)));
          } else {
            ctx.contentType(encoding.contentType()).result(HttpBodies
                .encodeActionResponse(encoding, new Http.ActionResponse(reply.output())));
          }
          return null;
        }));
  }

  /** Raw HTTP for the actor's {@code onRequest}, answered as it answers. */
  private void request(Context ctx, RivetTargets.Resolved target, String rest, String query,
      String token) {
    JsonNode params;
    try {
      params = ConnParams.fromHeader(ctx.header(ConnParams.HEADER));
    } catch (RivetKitProtocolException e) {
      throw new ApiError(new ErrorInfo(e.group(), e.code(), e.getMessage(), null));
    }
    InboxRecord.Identity who = caller(ctx, target.actor().name(), target.actor().key(), null,
        params, token);
    byte[] body = RequestBodies.read(ctx, maxBodyBytes);
    Map<String, String> headers = access.forwardedHeaders(ctx.headerMap());
    String method = ctx.method().name();
    String path = rest.isEmpty() ? "/" : rest;
    Map<String, List<String>> queryParams = RivetTargets.queryParams(query);
    String encoded = body.length == 0 ? null : Base64.getEncoder().encodeToString(body);
    String connId = UUID.randomUUID().toString();
    ctx.future(() -> ask(ctx, replyTo -> target.rawHttp(replyTo, method, path, queryParams,
        headers, encoded, connId, params, who)).thenAccept(reply -> {
          JsonNode out = JournalHistory.output(reply);
          ctx.status(out.path("status").asInt(200));
          out.path("headers").fields()
              .forEachRemaining(h -> ctx.header(h.getKey(), h.getValue().asText()));
          ctx.result(Base64.getDecoder().decode(out.path("body").asText("")));
        }));
  }

  // ---------------------------------------------------------------- helpers

  private CompletableFuture<OutboxRecord.Reply> ask(Context ctx,
      Function<InboxRecord.ReplyTo, InboxRecord> request) {
    return requests.ask(request, RequestTrace.of(ctx), GatewayMetrics.HTTP);
  }

  /** The actor object of the REST API, from what the engine says of it ({@code generation}). */
  private static ObjectNode actorObject(ActorId actor, JsonNode known) {
    ObjectNode a = RecordCodec.mapper().createObjectNode();
    a.put("actor_id", ActorIds.of(actor.name(), actor.key(), known.path("generation").asLong(1)));
    a.put("name", actor.name());
    a.put("key", ActorKeys.serialize(actor.key()));
    a.put("namespace_id", "default");
    a.put("runner_name_selector", "default");
    a.put("create_ts", known.path("createdAt").asLong(0));
    a.putNull("start_ts");
    a.putNull("connectable_ts");
    a.putNull("sleep_ts");
    a.putNull("destroy_ts");
    a.putNull("error");
    return a;
  }

  private static boolean exists(JsonNode live) {
    return live.path("exists").asBoolean();
  }

  private static ActorId actorOf(String name, String restKey) {
    List<String> key;
    try {
      key = restKey == null ? List.of() : ActorKeys.deserialize(restKey);
    } catch (RivetKitProtocolException e) {
      throw new ApiError(new ErrorInfo(e.group(), e.code(), e.getMessage(), null));
    }
    try {
      return new ActorId(name, key);
    } catch (IllegalArgumentException e) {
      throw new ApiError(ErrorCode.INVALID_KEY, e.getMessage());
    }
  }

  private static ActorIds.Parts parseId(String id) {
    try {
      return ActorIds.parse(id);
    } catch (RivetKitProtocolException e) {
      throw new ApiError(new ErrorInfo(e.group(), e.code(), e.getMessage(), null));
    }
  }

  /** The creation input of a REST body: base64 of its CBOR (JSON compat), or null. */
  private static JsonNode restInput(JsonNode body) {
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) return null;
    try {
      return UserValues.fromCbor(Base64.getDecoder().decode(input.asText()));
    } catch (IllegalArgumentException e) {
      throw new ApiError(ErrorCode.INVALID_REQUEST, "input must be base64 of the input's CBOR");
    } catch (RivetKitProtocolException e) {
      throw new ApiError(new ErrorInfo(e.group(), e.code(), e.getMessage(), null));
    }
  }

  private JsonNode jsonBody(Context ctx) {
    byte[] bytes = RequestBodies.read(ctx, maxBodyBytes);
    try {
      JsonNode body = RecordCodec.readTree(RecordCodec.mapper(), bytes);
      if (body == null || !body.isObject()) {
        throw new ApiError(ErrorCode.INVALID_BODY, "the request body must be a JSON object");
      }
      return body;
    } catch (IOException e) {
      throw new ApiError(ErrorCode.INVALID_JSON, "the request body is not valid JSON");
    }
  }

  private static String text(JsonNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) throw new ApiError(ErrorCode.INVALID_BODY, "the body needs \"" + field + "\"");
      return null;
    }
    if (!v.isTextual()) throw new ApiError(ErrorCode.INVALID_BODY, field + " must be a string");
    return v.asText();
  }

  private static Encoding encodingOf(Context ctx) {
    try {
      return Encoding.ofHeader(ctx.header(Encoding.HEADER));
    } catch (RivetKitProtocolException e) {
      throw new ApiError(new ErrorInfo(e.group(), e.code(), e.getMessage(), null));
    }
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
