package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.records.Topics;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Rivulet gateway: the HTTP, WebSocket and SSE front of an application. Stateless: it writes
 * requests to the inbox ({@link RequestPath}) and delivers what the engine writes to its outbox
 * partition ({@link OutboxRouter}), so any number of gateways can serve one application, each with
 * its own id. Its routes are in {@link Routes}.
 *
 * <p>Every request to an actor is traced: the gateway continues the client's W3C {@code
 * traceparent} (or starts a trace), sends it to the engine with the request and answers with its
 * own {@code traceparent}; its logs carry the actor, request and trace ids.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final String id;
  private final Javalin app;
  private final Javalin admin; // or null
  private final InboxSender inbox;
  private final OutboxRouter router;
  private final SseEndpoint sse;
  private final WsEndpoint ws;
  private final LocalConnections connections;
  private final Heartbeats heartbeats;
  private final List<AutoCloseable> readers;
  private final GatewayMetrics metrics;
  private final MeterRegistry ownRegistry;

  private Gateway(String id, Javalin app, Javalin admin, InboxSender inbox, OutboxRouter router,
      SseEndpoint sse, WsEndpoint ws,
      LocalConnections connections, Heartbeats heartbeats, List<AutoCloseable> readers,
      GatewayMetrics metrics, MeterRegistry ownRegistry) {
    this.metrics = metrics;
    this.ownRegistry = ownRegistry;
    this.heartbeats = heartbeats;
    this.readers = readers;
    this.id = id;
    this.app = app;
    this.admin = admin;
    this.inbox = inbox;
    this.router = router;
    this.sse = sse;
    this.ws = ws;
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
    // A large room's broadcast is written by as many threads as there are cores (at most 4).
    LocalConnections connections =
        new LocalConnections(Math.min(4, Runtime.getRuntime().availableProcessors()));
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

    RequestPath requests = new RequestPath(id, inbox, pending, metrics);
    JournalReader journal = new JournalReader(config.clientProperties(), topics.journal());
    JournalHistory history = new JournalHistory(requests, journal);
    EventCatchUp catchUp = new EventCatchUp(history);
    Access access = new Access(config.authenticator(), config.adminToken(),
        config.adminPort() >= 0, config.adminOpen());
    Limits limits = new Limits(config.maxConnectionsPerAddress(), config.maxMessagesPerSecond(),
        config.maxOutgoingBufferBytes(), config.maxRequestsPerSecond());
    SseEndpoint sse = new SseEndpoint(requests, connections, catchUp, config.sseHeartbeat(),
        access, limits, metrics);
    Cors cors = new Cors(config.allowedOrigins());
    // The client's address: the socket's, or behind trusted proxies the one they forward (the
    // limits, the admin API's loopback rule and authenticators read it).
    ClientAddress clients = ClientAddress.trusting(config.trustedProxies());
    WsEndpoint ws = new WsEndpoint(requests, connections, metrics, catchUp,
        config.maxWsMessageBytes(), access, limits, cors, clients);
    Routes.Handlers handlers = new Routes.Handlers(
        new ActionRoutes(requests, metrics, config.maxBodyBytes(), config.localReads(), access),
        new HistoryRoutes(requests, history), ws, sse,
        new RivetRoutes(requests, history, metrics, config.maxBodyBytes(),
            () -> actorNames(registry), access),
        new RivetSockets(ws, new RawSockets(requests, connections, metrics,
            config.maxWsMessageBytes(), access, limits)), cors,
        access, limits, () -> metadata(registry, id), () -> health(id), prometheus);

    Javalin app = listener(config, handlers, metrics, clients, config.host(), config.port(),
        false);
    Javalin admin = config.adminPort() < 0 ? null : listener(config, handlers, metrics, clients,
        config.adminHost(), config.adminPort(), true);
    try {
      app.start();
      if (admin != null) admin.start();
    } catch (RuntimeException e) {
      app.stop();
      router.close();
      connections.close();
      inbox.close();
      sse.close();
      history.close();
      journal.close();
      metrics.close();
      if (ownRegistry != null) ownRegistry.close();
      throw e;
    }
    Heartbeats heartbeats = new Heartbeats(inbox, topics.gateways(), id, config.heartbeatInterval());
    log.info("gateway {} listening on http://{}:{} (outbox partition {})", id, config.host(),
        app.port(), router.partition().partition());
    String adminApi = access.describe(admin != null ? config.adminHost() : config.host(),
        app.port(), admin != null ? admin.port() : -1);
    if (access.openForDevelopment()) log.warn("{}", adminApi);
    else log.info("{}", adminApi);
    return new Gateway(id, app, admin, inbox, router, sse, ws, connections, heartbeats,
        List.of(history, journal), metrics, ownRegistry);
  }

  /** One listener of the gateway: the main one, or the admin one ({@code onAdminListener}). */
  private static Javalin listener(GatewayConfig config, Routes.Handlers handlers,
      GatewayMetrics metrics, ClientAddress clients, String host, int port,
      boolean onAdminListener) {
    return Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      cfg.http.maxRequestSize = config.maxBodyBytes();
      cfg.http.prefer405over404 = true;
      cfg.contextResolver.ip = clients::of; // ctx.ip(): the client's address
      cfg.jetty.host = host;
      cfg.jetty.port = port;
      cfg.appData(GatewayMetrics.KEY, metrics);
      // What Jetty refuses before a route runs gets an error body with a stable code too.
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors.ForServer()));
      cfg.jetty.modifyServletContextHandler(h -> h.setErrorHandler(new JettyErrors()));
      cfg.jetty.modifyWebSocketServletFactory(f -> {
        f.setMaxTextMessageSize(Math.max(4L * config.maxWsMessageBytes(), 1 << 20));
        f.setMaxBinaryMessageSize(Math.max(4L * config.maxWsMessageBytes(), 1 << 20));
        f.setIdleTimeout(Duration.ofMinutes(5));
      });
      Routes.install(cfg, handlers, onAdminListener);
      for (GatewayConfig.StaticFiles files : config.staticFiles()) {
        cfg.staticFiles.add(s -> {
          s.hostedPath = files.urlPath();
          s.directory = files.directory();
          s.location = files.onClassPath() ? Location.CLASSPATH : Location.EXTERNAL;
        });
      }
    });
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  /** The port of its admin listener, or -1 when it has none ({@link GatewayConfig#adminPort}). */
  public int adminPort() {
    return admin == null ? -1 : admin.port();
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
    ws.stopOpening(); // RivetKit's clients of sockets still opening: to open again elsewhere
    app.stop(); // closes the sockets: their disconnects go to the inbox
    if (admin != null) admin.stop();
    heartbeats.close(); // then: this gateway is gone
    for (AutoCloseable r : readers) {
      try {
        r.close();
      } catch (Exception e) {
        log.debug("closing {}: {}", r, e.toString());
      }
    }
    router.close();
    connections.close();
    inbox.close();
    metrics.close();
    if (ownRegistry != null) ownRegistry.close();
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

  /** RivetKit's {@code actorNames}: every registered actor type, with empty metadata. */
  private static ObjectNode actorNames(RegistryView registry) {
    ObjectNode names = RecordCodec.mapper().createObjectNode();
    for (String name : registry.types().keySet()) names.putObject(name).putObject("metadata");
    return names;
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
