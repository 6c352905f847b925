package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.LogContext;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.records.Topics;
import dev.rivulet.records.TraceParent;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Rivulet gateway: the HTTP, WebSocket and SSE front of an application. Stateless: it writes
 * requests to the inbox and delivers what the engine writes to its outbox partition, so any number
 * of gateways can serve one application, each with its own id.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code POST /api/actors/{name}/{key}/actions/{action}}</td><td>call an action</td></tr>
 *   <tr><td>{@code PUT /api/actors/{name}/{key}}</td><td>create an actor (body: its input)</td></tr>
 *   <tr><td>{@code DELETE /api/actors/{name}/{key}}</td><td>destroy an actor</td></tr>
 *   <tr><td>{@code GET /api/actors/{name}/{key}/history}, {@code /state}, {@code /diff}</td>
 *       <td>its journal, its state (at a step), the change between steps</td></tr>
 *   <tr><td>{@code GET /api/actors?type=}</td><td>the actors</td></tr>
 *   <tr><td>{@code /api/actors/{name}/{key}/request/*}</td><td>raw HTTP for the actor's
 *       {@code onRequest}</td></tr>
 *   <tr><td>{@code GET /api/actors/{name}/{key}/connect} (WebSocket)</td><td>a connection,
 *       RivetKit's protocol in JSON</td></tr>
 *   <tr><td>{@code GET /api/actors/{name}/{key}/events}</td><td>the actor's events as SSE</td></tr>
 *   <tr><td>{@code GET /api/metadata}</td><td>actor types, actions, argument types</td></tr>
 *   <tr><td>{@code GET /health}</td><td>liveness</td></tr>
 *   <tr><td>{@code GET /metrics}</td><td>Prometheus metrics ({@link GatewayMetrics}, and the
 *       engine's when they share a registry)</td></tr>
 * </table>
 *
 * <p>Every request to an actor is traced: the gateway continues the client's W3C {@code
 * traceparent} (or starts a trace), sends it to the engine with the request and answers with its
 * own {@code traceparent}; its logs carry the actor, request and trace ids.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final String id;
  private final Javalin app;
  private final InboxSender inbox;
  private final OutboxRouter router;
  private final SseEndpoint sse;
  private final LocalConnections connections;
  private final Heartbeats heartbeats;
  private final List<AutoCloseable> readers;
  private final GatewayMetrics metrics;
  private final MeterRegistry ownRegistry;

  private Gateway(String id, Javalin app, InboxSender inbox, OutboxRouter router, SseEndpoint sse,
      LocalConnections connections, Heartbeats heartbeats, List<AutoCloseable> readers,
      GatewayMetrics metrics, MeterRegistry ownRegistry) {
    this.metrics = metrics;
    this.ownRegistry = ownRegistry;
    this.heartbeats = heartbeats;
    this.readers = readers;
    this.id = id;
    this.app = app;
    this.inbox = inbox;
    this.router = router;
    this.sse = sse;
    this.connections = connections;
  }

  /**
   * Connects to Kafka and starts listening. The application's topics must exist (the engine
   * creates them).
   */
  public static Gateway start(GatewayConfig config) {
    Topics topics = new Topics(config.application());
    String id = config.gatewayId();
    RegistryView registry = new RegistryView();
    InboxSender inbox = new InboxSender(config.clientProperties(), topics.inbox(),
        "rivulet-gateway-" + id + "-inbox");
    MeterRegistry meters = config.meterRegistry() != null ? config.meterRegistry()
        : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MeterRegistry ownRegistry = config.meterRegistry() == null ? meters : null;
    GatewayMetrics metrics = new GatewayMetrics(meters, registry);
    PendingReplies pending = new PendingReplies(config.actionTimeout(), metrics.replyWait());
    LocalConnections connections = new LocalConnections();
    OutboxRouter router;
    try {
      router = new OutboxRouter(config.clientProperties(), topics, id, config.readUncommitted(),
          pending, connections, registry);
    } catch (RuntimeException e) {
      inbox.close();
      if (ownRegistry != null) ownRegistry.close();
      throw new IllegalStateException("gateway " + id + " cannot read " + topics.outbox()
          + " (is the engine of application " + topics.app() + " running?): " + e.getMessage(), e);
    }
    router.start();

    metrics.watch(connections, pending, router);
    PrometheusMeterRegistry prometheus = prometheus(meters);

    GatewayCore core = new GatewayCore(id, inbox, pending, connections, metrics);
    ActionRoutes actions = new ActionRoutes(core, config.maxBodyBytes(), config.localReads());
    WsEndpoint ws = new WsEndpoint(core, config.maxWsMessageBytes());
    SseEndpoint sse = new SseEndpoint(core, config.sseHeartbeat());
    JournalReader journal = new JournalReader(config.clientProperties(), topics.journal());
    HistoryRoutes history = new HistoryRoutes(core, journal);
    EventCatchUp catchUp = new EventCatchUp(core, history, history.executor());
    ws.catchUp(catchUp);
    sse.catchUp(catchUp);

    Javalin app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      cfg.http.maxRequestSize = config.maxBodyBytes();
      cfg.http.prefer405over404 = true;
      cfg.jetty.host = config.host();
      cfg.jetty.port = config.port();
      cfg.appData(GatewayMetrics.KEY, metrics);
      cfg.jetty.modifyWebSocketServletFactory(f -> {
        f.setMaxTextMessageSize(Math.max(4L * config.maxWsMessageBytes(), 1 << 20));
        f.setIdleTimeout(Duration.ofMinutes(5));
      });
      cfg.routes.post("/api/actors/{name}/{key}/actions/{action}", traced(actions::action));
      cfg.routes.put("/api/actors/{name}/{key}", traced(ctx -> {
        String forkOf = ctx.queryParam("forkOf");
        if (forkOf == null) actions.create(ctx);
        else history.fork(ctx, forkOf);
      }));
      cfg.routes.get("/api/actors", history::list);
      cfg.routes.get("/api/actors/{name}/{key}/history", history::history);
      cfg.routes.get("/api/actors/{name}/{key}/state", history::state);
      cfg.routes.get("/api/actors/{name}/{key}/diff", history::diff);
      cfg.routes.delete("/api/actors/{name}/{key}", traced(actions::destroy));
      for (String raw : new String[] {"/api/actors/{name}/{key}/request",
          "/api/actors/{name}/{key}/request/<path>"}) {
        Handler request = traced(actions::request);
        cfg.routes.get(raw, request);
        cfg.routes.post(raw, request);
        cfg.routes.put(raw, request);
        cfg.routes.patch(raw, request);
        cfg.routes.delete(raw, request);
        cfg.routes.head(raw, request);
      }
      cfg.routes.ws("/api/actors/{name}/{key}/connect", ws::configure);
      cfg.routes.get("/api/actors/{name}/{key}/events", traced(sse::handle));
      cfg.routes.get("/api/metadata", ctx -> Responses.json(ctx, metadata(registry, id)));
      cfg.routes.get("/health", ctx -> Responses.json(ctx, health(id)));
      if (prometheus != null) {
        cfg.routes.get("/metrics", ctx -> ctx.contentType(METRICS_CONTENT_TYPE)
            .result(prometheus.scrape()));
      }
      cfg.routes.get("/inspector", Inspector::page); // with or without the trailing slash
      cfg.routes.exception(Exception.class, Responses::exception);
      for (int status : new int[] {400, 404, 405, 408, 413, 414, 431, 500, 503}) {
        cfg.routes.error(status, Responses::unmatched); // Javalin's and Jetty's own answers
      }
      cfg.routes.exception(CompletionException.class, Responses::exception);
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      router.close();
      inbox.close();
      sse.close();
      metrics.close();
      if (ownRegistry != null) ownRegistry.close();
      throw e;
    }
    Heartbeats heartbeats = new Heartbeats(inbox, topics.gateways(), id, config.heartbeatInterval());
    log.info("gateway {} listening on http://{}:{} (outbox partition {})", id, config.host(),
        app.port(), router.partition().partition());
    return new Gateway(id, app, inbox, router, sse, connections, heartbeats,
        List.of(history, journal), metrics, ownRegistry);
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  /** Its id, the key of its outbox records. */
  public String id() {
    return id;
  }

  /**
   * The outbox partition this gateway reads ({@link dev.rivulet.records.OutboxPartitioning} of its
   * id). Gateways whose ids map to the same partition each read the other's records too, and skip
   * them.
   */
  public int outboxPartition() {
    return router.partition().partition();
  }

  /**
   * Outbox records this gateway has read since it started: those addressed to it ({@link
   * #outboxRecordsRouted()}) and those of other gateways sharing its partition ({@link
   * #outboxRecordsSkipped()}). It never reads other partitions.
   */
  public long outboxRecordsRead() {
    return router.routed() + router.skipped();
  }

  /** Outbox records addressed to this gateway that it has routed, since it started. */
  public long outboxRecordsRouted() {
    return router.routed();
  }

  /** Outbox records in its partition that were for other gateways, since it started. */
  public long outboxRecordsSkipped() {
    return router.skipped();
  }

  /** Where the gateway's meters are. */
  public MeterRegistry meterRegistry() {
    return metrics.registry();
  }

  /** Open WebSocket and SSE connections. */
  public int openConnections() {
    return connections.count();
  }

  /** Open connections to the actor with id {@code actorId} ({@code name/key}). */
  public int openConnections(String actorId) {
    return connections.count(ActorId.parse(actorId));
  }

  /** Stops listening; open connections are closed and the engine is told they ended. */
  @Override
  public void close() {
    sse.close(); // ends the streams while Jetty still owns their requests
    app.stop(); // closes the sockets: their disconnects go to the inbox
    heartbeats.close(); // then: this gateway is gone
    for (AutoCloseable r : readers) {
      try {
        r.close();
      } catch (Exception e) {
        log.debug("closing {}: {}", r, e.toString());
      }
    }
    router.close();
    inbox.close();
    metrics.close();
    if (ownRegistry != null) ownRegistry.close();
  }

  /** Prometheus' text exposition format. */
  private static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

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
      LogContext.enter(ctx.pathParam("name") + "/" + ctx.pathParam("key"), null, trace.traceId());
      try {
        handler.handle(ctx);
      } finally {
        LogContext.exit();
      }
    };
  }

  /** The Prometheus registry in {@code registry}: itself, or the first one of a composite. */
  private static PrometheusMeterRegistry prometheus(MeterRegistry registry) {
    if (registry instanceof PrometheusMeterRegistry p) return p;
    if (registry instanceof CompositeMeterRegistry c) {
      for (MeterRegistry r : c.getRegistries()) {
        PrometheusMeterRegistry p = prometheus(r);
        if (p != null) return p;
      }
    }
    return null;
  }

  private static ObjectNode metadata(RegistryView registry, String gatewayId) {
    ObjectNode body = RecordCodec.mapper().createObjectNode();
    body.put("runtime", "rivulet");
    body.put("version", Version.VERSION);
    body.put("gateway", gatewayId);
    ArrayNode actors = body.putArray("actors");
    registry.types().values().forEach(actors::add);
    return body;
  }

  private static ObjectNode health(String gatewayId) {
    ObjectNode body = RecordCodec.mapper().createObjectNode();
    body.put("status", "ok");
    body.put("runtime", "rivulet");
    body.put("version", Version.VERSION);
    body.put("gateway", gatewayId);
    return body;
  }
}
