package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.LogContext;
import dev.rivulet.records.TraceParent;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The gateway's route table, in one place: which handler answers which method and path.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code POST /api/actors/{name}/{key}/actions/{action}}</td><td>call an action</td></tr>
 *   <tr><td>{@code PUT /api/actors/{name}/{key}}</td><td>create an actor (body: its input), or
 *       fork one ({@code ?forkOf=&at=})</td></tr>
 *   <tr><td>{@code DELETE /api/actors/{name}/{key}}</td><td>destroy an actor (admin)</td></tr>
 *   <tr><td>{@code GET /api/actors/{name}/{key}/history}, {@code /state}, {@code /diff}</td>
 *       <td>its journal, its state (at a step), the change between steps (admin)</td></tr>
 *   <tr><td>{@code GET /api/actors?type=}</td><td>the actors (admin)</td></tr>
 *   <tr><td>{@code /api/actors/{name}/{key}/request/*}</td><td>raw HTTP for the actor's
 *       {@code onRequest}</td></tr>
 *   <tr><td>{@code GET /api/actors/{name}/{key}/connect} (WebSocket)</td><td>a connection,
 *       RivetKit's protocol in JSON</td></tr>
 *   <tr><td>{@code GET /api/actors/{name}/{key}/events}</td><td>the actor's events as SSE</td></tr>
 *   <tr><td>{@code GET /api/metadata}</td><td>actor types, actions, argument types</td></tr>
 *   <tr><td>{@code GET /health}</td><td>liveness</td></tr>
 *   <tr><td>{@code GET /metrics}</td><td>Prometheus metrics (admin)</td></tr>
 *   <tr><td>{@code GET /inspector}</td><td>the inspector page (admin)</td></tr>
 *   <tr><td>{@code /api/rivet/...} and the same at the root</td><td>RivetKit's client protocol
 *       ({@link RivetRoutes}, {@link RivetSockets}): {@code GET /metadata}, {@code /actors},
 *       {@code /gateway/{id or name}/action/*}, {@code /connect}, {@code /request/*}</td></tr>
 * </table>
 *
 * <p>The admin API (history, state, diff, fork, {@code GET /api/actors}, {@code DELETE
 * /api/actors/{name}/{key}}, RivetKit's {@code GET /actors?name=} list and {@code DELETE
 * /actors/{id}}, the inspector, metrics) is {@linkplain #admin guarded} by {@link Access}; the
 * rest is the client API, whose handlers authenticate each request through it. {@code /health}
 * and the metadata routes are open to all.
 *
 * <p>Every route to an actor is {@linkplain #traced traced}; every error, whatever raised it,
 * becomes one JSON shape in {@link Responses} (RivetKit's stateless actions answer theirs in the
 * request's encoding); every answer to an allowed browser origin carries CORS headers ({@link
 * Cors}).
 */
final class Routes {
  private Routes() {}

  /** The handlers the table points at. */
  record Handlers(ActionRoutes actions, HistoryRoutes history, WsEndpoint ws, SseEndpoint sse,
      RivetRoutes rivet, RivetSockets rivetSockets, Cors cors, Access access, Limits limits,
      Supplier<JsonNode> metadata, Supplier<JsonNode> health,
      PrometheusMeterRegistry prometheus) {}

  /** Prometheus' text exposition format. */
  private static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final String ACTOR = "/api/actors/{name}/{key}";

  /**
   * Installs the routes on a listener: the main one, or the admin listener ({@code
   * onAdminListener}), which {@link Access} serves the admin API on.
   */
  static void install(JavalinConfig cfg, Handlers h, boolean onAdminListener) {
    Access access = h.access();
    cfg.routes.before(h.cors()::before);
    // Off by default: then no handler, nothing on each request's path.
    if (!onAdminListener && h.limits().requestsPerSecond() > 0) {
      cfg.routes.before(ctx -> withinRate(ctx, h.limits()));
    }
    cfg.routes.post(ACTOR + "/actions/{action}", traced(h.actions()::action));
    cfg.routes.put(ACTOR, traced(ctx -> {
      String forkOf = ctx.queryParam("forkOf");
      if (forkOf == null) {
        h.actions().create(ctx);
      } else {
        access.admin(ctx, onAdminListener);
        h.history().fork(ctx, forkOf);
      }
    }));
    cfg.routes.delete(ACTOR, traced(admin(access, onAdminListener, h.actions()::destroy)));
    cfg.routes.get("/api/actors", admin(access, onAdminListener, h.history()::list));
    cfg.routes.get(ACTOR + "/history", admin(access, onAdminListener, h.history()::history));
    cfg.routes.get(ACTOR + "/state", admin(access, onAdminListener, h.history()::state));
    cfg.routes.get(ACTOR + "/diff", admin(access, onAdminListener, h.history()::diff));
    for (String raw : new String[] {ACTOR + "/request", ACTOR + "/request/<path>"}) {
      Handler request = traced(h.actions()::request);
      cfg.routes.get(raw, request);
      cfg.routes.post(raw, request);
      cfg.routes.put(raw, request);
      cfg.routes.patch(raw, request);
      cfg.routes.delete(raw, request);
      cfg.routes.head(raw, request);
    }
    cfg.routes.ws(ACTOR + "/connect", h.ws()::configure);
    cfg.routes.get(ACTOR + "/events", traced(h.sse()::handle));
    cfg.routes.get("/api/metadata", ctx -> Responses.json(ctx, h.metadata().get()));
    cfg.routes.get("/health", ctx -> Responses.json(ctx, h.health().get()));
    if (h.prometheus() != null) {
      cfg.routes.get("/metrics", admin(access, onAdminListener,
          ctx -> ctx.contentType(METRICS_CONTENT_TYPE).result(h.prometheus().scrape())));
    }
    cfg.routes.get("/inspector", ctx -> { // with or without the trailing slash
      if (!access.servesInspector(ctx, onAdminListener)) access.admin(ctx, onAdminListener);
      Inspector.page(ctx);
    });
    rivetKit(cfg, h, RivetRoutes.PREFIX, onAdminListener);
    rivetKit(cfg, h, "", onAdminListener);
    cfg.routes.get(RivetRoutes.PREFIX + "/health", ctx -> Responses.json(ctx, h.health().get()));
    cfg.routes.exception(Exception.class, Responses::exception);
    for (int status : new int[] {400, 404, 405, 408, 413, 414, 431, 500, 503}) {
      cfg.routes.error(status, Responses::unmatched); // Javalin's and Jetty's own answers
    }
    cfg.routes.exception(CompletionException.class, Responses::exception);
  }

  /**
   * Refuses an HTTP request of an address over its requests per second ({@link Limits#request}),
   * after CORS so that a page can read the refusal. Health checks are not counted: a load
   * balancer's probes must not be refused for its clients' traffic.
   */
  private static void withinRate(Context ctx, Limits limits) {
    String path = ctx.path();
    if (path.equals("/health") || path.equals(RivetRoutes.PREFIX + "/health")) return;
    if (limits.request(ctx.ip())) return;
    ctx.header("Retry-After", "1");
    throw new ApiError(ErrorCode.RATE_LIMITED, "more than " + limits.requestsPerSecond()
        + " HTTP requests per second from " + ctx.ip() + " (--max-requests-per-second); "
        + "retry after a second");
  }

  /**
   * RivetKit's client protocol under {@code prefix} (docs/rivetkit-protocol.md): metadata, the
   * REST actors API, the gateway to each actor by id or by name and key, and the same actor routes
   * under the endpoint itself for requests routed by the {@code x-rivet-target} header.
   */
  private static void rivetKit(JavalinConfig cfg, Handlers h, String prefix,
      boolean onAdminListener) {
    RivetRoutes rivet = h.rivet();
    cfg.routes.get(prefix + "/metadata", rivet::metadata);
    cfg.routes.put(prefix + "/actors", traced(rivet::getOrCreate));
    cfg.routes.post(prefix + "/actors", traced(rivet::create));
    cfg.routes.get(prefix + "/actors", traced(ctx -> {
      // By key or by ids it is a client's look-up (get, resolve); every actor of a name is admin.
      if (RivetRoutes.listsAll(ctx)) h.access().admin(ctx, onAdminListener);
      rivet.list(ctx);
    }));
    cfg.routes.delete(prefix + "/actors/{id}",
        traced(admin(h.access(), onAdminListener, rivet::destroy)));
    Handler gateway = traced(ctx -> rivet.gateway(ctx, prefix));
    Handler byHeader = traced(ctx -> rivet.byHeader(ctx, prefix));
    for (String path : new String[] {prefix + "/gateway/<rest>"}) {
      anyMethod(cfg, path, gateway);
      cfg.routes.ws(path, ws -> h.rivetSockets().configure(ws, prefix, false));
    }
    cfg.routes.post(prefix + "/action/<name>", byHeader);
    anyMethod(cfg, prefix + "/request", byHeader);
    anyMethod(cfg, prefix + "/request/<path>", byHeader);
    for (String path : new String[] {prefix + "/connect", prefix + "/websocket",
        prefix + "/websocket/<path>"}) {
      cfg.routes.ws(path, ws -> h.rivetSockets().configure(ws, prefix, true));
    }
  }

  private static void anyMethod(JavalinConfig cfg, String path, Handler handler) {
    cfg.routes.get(path, handler);
    cfg.routes.post(path, handler);
    cfg.routes.put(path, handler);
    cfg.routes.patch(path, handler);
    cfg.routes.delete(path, handler);
    cfg.routes.head(path, handler);
  }

  /** A route of the admin API: {@link Access#admin} lets the request through first. */
  private static Handler admin(Access access, boolean onAdminListener, Handler handler) {
    return ctx -> {
      access.admin(ctx, onAdminListener);
      handler.handle(ctx);
    };
  }

  /**
   * A route to an actor, traced: the client's {@code traceparent} continued (or a trace started),
   * answered in the response's {@code traceparent}, and the actor and trace ids in the logging
   * context while the handler runs.
   */
  private static Handler traced(Handler handler) {
    return ctx -> {
      RequestTrace trace = RequestTrace.of(ctx.header(TraceParent.HEADER),
          ctx.header(TraceParent.STATE_HEADER));
      ctx.attribute(RequestTrace.ATTRIBUTE, trace);
      ctx.header(TraceParent.HEADER, trace.parent().header());
      Map<String, String> params = ctx.pathParamMap();
      String actor = params.containsKey("name") && params.containsKey("key")
          ? params.get("name") + "/" + params.get("key") : null;
      LogContext.enter(actor, null, trace.traceId());
      try {
        handler.handle(ctx);
      } finally {
        LogContext.exit();
      }
    };
  }
}
