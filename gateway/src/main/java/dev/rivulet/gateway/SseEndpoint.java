package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.OutboxRecord;
import io.javalin.http.Context;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/actors/{name}/{key}/events}: an actor's broadcasts as Server-Sent Events. The
 * stream is a connection like a WebSocket (connect and disconnect go through the inbox); it
 * receives every event the actor broadcasts, each with {@code id:} the actor's event sequence
 * number, {@code event:} its name and {@code data:} its arguments as a JSON array. The first message
 * is {@code rivulet.connected} with the actor and connection ids. If the actor cannot be connected
 * to, the answer is an ordinary JSON error with its status.
 */
final class SseEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SseEndpoint.class);
  private final RequestPath requests;
  private final LocalConnections connections;
  private final EventCatchUp catchUp;
  private final Access access;
  private final Limits limits;
  private final GatewayMetrics metrics;
  private final Set<SseConnection> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService writers = Executors.newCachedThreadPool(daemon("rivulet-sse"));
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(daemon("rivulet-sse-heartbeat"));

  SseEndpoint(RequestPath requests, LocalConnections connections, EventCatchUp catchUp,
      Duration heartbeat, Access access, Limits limits, GatewayMetrics metrics) {
    this.requests = requests;
    this.connections = connections;
    this.catchUp = catchUp;
    this.access = access;
    this.limits = limits;
    this.metrics = metrics;
    heartbeats.scheduleAtFixedRate(() -> open.forEach(SseConnection::heartbeat),
        heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
  }

  void handle(Context ctx) {
    String lastId = ctx.header("Last-Event-ID") != null ? ctx.header("Last-Event-ID")
        : ctx.queryParam("lastEventId");
    Long lastEventId = lastId == null || lastId.isBlank() ? null : eventId(lastId);
    ActorId actor = ActorPaths.actorId(ctx.pathParam("name"), ctx.pathParam("key"));
    InboxRecord.Mode mode = ActorPaths.mode(ctx.queryParam("mode"), InboxRecord.Mode.GET_OR_CREATE);
    JsonNode input = ActorPaths.jsonParam("input", ctx.queryParam("input"));
    JsonNode params = ActorPaths.jsonParam("params", ctx.queryParam("params"));
    InboxRecord.Identity who = access.authenticate(() -> AuthRequest.of(ctx, GatewayMetrics.SSE,
        actor.name(), actor.key(), null, params, null));
    String address = ctx.ip();
    if (!limits.connect(address)) {
      throw new ApiError(ErrorCode.TOO_MANY_CONNECTIONS, "the address " + address + " holds "
          + limits.connectionsPerAddress() + " connections to this gateway, as many as one "
          + "address may (--max-connections-per-address)");
    }
    AtomicBoolean counted = new AtomicBoolean(true);
    Runnable release = () -> {
      if (counted.compareAndSet(true, false)) limits.disconnected(address);
    };
    String connId = UUID.randomUUID().toString();
    RequestTrace trace = RequestTrace.of(ctx);
    CompletableFuture<OutboxRecord.Reply> connected = requests.ask(replyTo ->
        new InboxRecord.Connect(actor, replyTo, mode, input, connId, params, "sse", null, null,
            who), trace, GatewayMetrics.SSE);
    connected.whenComplete((reply, error) -> {
      if (error != null || !reply.ok()) release.run();
    });
    ctx.future(() -> connected.thenCompose(reply -> {
      if (!reply.ok()) throw new ApiError(reply.error());
      ctx.status(200);
      ctx.contentType("text/event-stream; charset=utf-8");
      ctx.header("Cache-Control", "no-cache");
      ctx.header("X-Accel-Buffering", "no");
      SseConnection conn;
      try {
        conn = new SseConnection(connId, actor, ctx.res().getOutputStream(), writers, trace,
            limits.budget(), () -> abort(ctx, address));
        ctx.res().flushBuffer();
      } catch (IOException e) {
        release.run();
        throw new UncheckedIOException(e);
      }
      conn.done().whenComplete((v, e) -> release.run());
      // Jetty ends the request when the client goes away or the server stops: stop writing then.
      ctx.req().getAsyncContext().addListener(new AsyncListener() {
        @Override
        public void onComplete(AsyncEvent event) {
          conn.close();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
          conn.close();
        }

        @Override
        public void onError(AsyncEvent event) {
          conn.close();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {}
      });
      return stream(conn, reply.output(), lastEventId, release);
    }));
  }

  /**
   * Streams {@code conn}'s events; when it ends, {@code release} uncounts it from its address
   * before it leaves the open connections, so a client that sees it gone may open another.
   */
  private CompletableFuture<Void> stream(SseConnection conn, JsonNode connected, Long lastEventId,
      Runnable release) {
    open.add(conn);
    boolean resume = lastEventId != null
        && lastEventId < connected.path("eventSeq").asLong();
    if (resume) conn.gate.hold(lastEventId); // live events wait for the missed ones
    connections.add(conn);
    conn.done().whenComplete((v, e) -> {
      release.run();
      open.remove(conn);
      connections.remove(conn);
      requests.disconnected(conn, "stream closed");
    });
    ObjectNode hello = JsonNodeFactory.instance.objectNode();
    hello.put("actorId", conn.actor().toString());
    hello.put("connectionId", conn.connId());
    conn.event("rivulet.connected", hello.toString());
    if (resume) {
      catchUp.missed(conn.actor(), lastEventId, connected.path("seq").asLong())
          .whenComplete((missed, error) -> {
            List<EventGate.Held> held = new ArrayList<>();
            if (missed != null) {
              for (EventCatchUp.Missed m : missed) {
                held.add(new EventGate.Held(m.eventSeq(),
                    () -> conn.send(m.name(), m.args(), m.eventSeq())));
              }
            }
            conn.gate.release(held);
          });
    }
    return conn.done();
  }

  /**
   * Drops a stream whose client stopped reading ({@code gateway.slow_consumer}): its connection is
   * closed under the writer that waits on it.
   */
  private void abort(Context ctx, String address) {
    metrics.error(GatewayMetrics.SSE, ErrorCode.SLOW_CONSUMER.error("dropped"));
    log.info("dropping the SSE stream of {}: more waited to be written than its buffer allows "
        + "(--max-outgoing-buffer-bytes)", address);
    try {
      ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData()
          .getConnection().close();
    } catch (RuntimeException e) {
      log.debug("closing a dropped SSE stream: {}", e.toString());
    }
  }

  private static long eventId(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new ApiError(ErrorCode.INVALID_REQUEST, "Last-Event-ID must be a number, got " + value);
    }
  }

  int openStreams() {
    return open.size();
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    open.forEach(SseConnection::close);
    writers.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
