package dev.rivulet.gateway;

import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.OutboxRecord;
import io.javalin.config.Key;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The gateway's meters (Prometheus names):
 *
 * <ul>
 *   <li>{@code rivulet_request_duration_seconds{actor_type,kind,action,transport,outcome}}: a
 *       histogram of the time from a request's arrival to its reply, as the client sees it
 *       (without the network): {@code kind} is {@code action}, {@code create}, {@code destroy},
 *       {@code request} (raw HTTP) or {@code connect}; {@code transport} {@code http}, {@code
 *       websocket} or {@code sse}; {@code outcome} {@code ok}, {@code user_error} or {@code error};
 *   <li>{@code rivulet_gateway_errors_total{transport,code}}: errors returned to clients, by {@code
 *       group.code}: HTTP error responses and WebSocket {@code Error} frames;
 *   <li>{@code rivulet_connections_active{kind}}: open WebSocket and SSE connections;
 *   <li>{@code rivulet_pending_replies}: requests waiting for the engine's reply;
 *   <li>{@code rivulet_reply_wait_seconds}: a histogram of the time from a request's send to the
 *       inbox to its reply's arrival from the outbox: the Kafka round trip through the engine;
 *   <li>{@code rivulet_outbox_records_total{result}}: outbox records read, {@code routed} here or
 *       {@code skipped} (for another gateway sharing the partition);
 *   <li>{@code rivulet_gateway_limited_total{limit}}: requests, messages and connections refused
 *       or dropped by a {@link Limits limit}: {@code connections_per_address}, {@code
 *       messages_per_second}, {@code outgoing_buffer} (a client that did not read, dropped), {@code
 *       request_bytes} (an HTTP body), {@code message_bytes} (a WebSocket message).
 * </ul>
 *
 * Actor types and actions are labelled only when registered ({@value #UNKNOWN} otherwise), so
 * clients cannot make up new series. Meters are cached per label set.
 */
final class GatewayMetrics {
  /** Where Javalin handlers find it. */
  static final Key<GatewayMetrics> KEY = new Key<>("rivulet.metrics");

  static final String UNKNOWN = "_unknown";
  static final String DURATION = "rivulet.request.duration";
  static final String ERRORS = "rivulet.gateway.errors";
  static final String LIMITED = "rivulet.gateway.limited";

  static final String HTTP = "http";
  static final String WEBSOCKET = "websocket";
  static final String SSE = "sse";

  private static final String[] TRANSPORTS = {HTTP, WEBSOCKET, SSE};
  private static final String[] OUTCOMES = {"ok", "user_error", "error"};

  private final MeterRegistry registry;
  private final RegistryView types;
  /** actor type → kind → action → timer per transport and outcome. */
  private final Map<String, Map<String, Map<String, AtomicReferenceArray<Timer>>>> timers =
      new ConcurrentHashMap<>();
  /** transport → group → code. */
  private final Map<String, Map<String, Map<String, Counter>>> errors = new ConcurrentHashMap<>();
  /** Meters that read this gateway's objects: removed when it closes. */
  private final List<Meter> bound = new ArrayList<>();

  GatewayMetrics(MeterRegistry registry, RegistryView types) {
    this.registry = registry;
    this.types = types;
  }

  MeterRegistry registry() {
    return registry;
  }

  /** The timer of Kafka round trips: inbox send to the reply's arrival. */
  Timer replyWait() {
    return Timer.builder("rivulet.reply.wait")
        .description("Time from a request's send to the inbox to its reply's arrival from the "
            + "outbox: the Kafka round trip through the engine")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(250_000))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
  }

  /** Binds the gauges of what the gateway holds. */
  void watch(LocalConnections connections, PendingReplies pending, OutboxRouter router) {
    for (String kind : new String[] {WEBSOCKET, SSE}) {
      bound.add(Gauge.builder("rivulet.connections.active", connections, c -> c.active(kind))
          .description("Open client connections").tag("kind", kind)
          .strongReference(true).register(registry));
    }
    bound.add(Gauge.builder("rivulet.pending.replies", pending, PendingReplies::size)
        .description("Requests waiting for the engine's reply").strongReference(true)
        .register(registry));
    bound.add(FunctionCounter.builder("rivulet.outbox.records", router, OutboxRouter::routed)
        .description("Outbox records read: routed to this gateway's clients, or skipped")
        .tag("result", "routed").register(registry));
    bound.add(FunctionCounter.builder("rivulet.outbox.records", router, OutboxRouter::skipped)
        .description("Outbox records read: routed to this gateway's clients, or skipped")
        .tag("result", "skipped").register(registry));
  }

  /** Removes the meters that read this gateway's objects; counters and timers stay. */
  void close() {
    bound.forEach(registry::remove);
  }

  /**
   * A request of {@code kind} to an actor of type {@code actorType} (running {@code action}, or
   * null) over {@code transport} got its reply (or failed with {@code failure}) {@code nanos} after
   * it arrived.
   */
  void replied(String actorType, String kind, String action, String transport,
      OutboxRecord.Reply reply, Throwable failure, long nanos) {
    String typeLabel = types.hasType(actorType) ? actorType : UNKNOWN;
    String actionLabel = action == null ? ""
        : types.hasAction(actorType, action) ? action : UNKNOWN;
    ErrorInfo error = reply != null ? reply.error() : failure == null ? null : ApiError.clientErrorQuietly(failure);
    int outcome = error == null ? 0 : "user".equals(error.group()) ? 1 : 2;
    int t = transport.equals(HTTP) ? 0 : transport.equals(WEBSOCKET) ? 1 : 2;
    AtomicReferenceArray<Timer> slots = timers
        .computeIfAbsent(typeLabel, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(actionLabel,
            k -> new AtomicReferenceArray<>(TRANSPORTS.length * OUTCOMES.length));
    int slot = t * OUTCOMES.length + outcome;
    Timer timer = slots.get(slot);
    if (timer == null) {
      timer = Timer.builder(DURATION)
          .description("Time from a request's arrival at the gateway to its reply")
          .tags("actor_type", typeLabel, "kind", kind, "action", actionLabel,
              "transport", transport, "outcome", OUTCOMES[outcome])
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofNanos(250_000))
          .maximumExpectedValue(Duration.ofSeconds(60))
          .register(registry);
      slots.set(slot, timer);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** limit → its counter. */
  private final Map<String, Counter> limited = new ConcurrentHashMap<>();

  /** A limit refused or dropped something ({@code connections_per_address}, ...). */
  void limited(String limit) {
    limited.computeIfAbsent(limit, l -> Counter.builder(LIMITED)
        .description("Requests, messages and connections refused or dropped by a limit")
        .tag("limit", l).register(registry)).increment();
  }

  /** The limit an error is the refusal of, or null. */
  static String limitOf(String transport, ErrorInfo error) {
    if (!"gateway".equals(error.group()) && !"message".equals(error.group())) return null;
    return switch (error.qualifiedCode()) {
      case "gateway.too_many_connections" -> "connections_per_address";
      case "gateway.rate_limited" -> HTTP.equals(transport) ? "requests_per_second"
          : "messages_per_second";
      case "gateway.slow_consumer" -> "outgoing_buffer";
      case "message.incoming_too_long" -> HTTP.equals(transport) ? "request_bytes"
          : "message_bytes";
      default -> null;
    };
  }

  /** An error was returned to a client over {@code transport}. */
  void error(String transport, ErrorInfo error) {
    String limit = limitOf(transport, error);
    if (limit != null) limited(limit);
    Map<String, Counter> byCode = errors.computeIfAbsent(transport, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(error.group(), k -> new ConcurrentHashMap<>());
    Counter counter = byCode.get(error.code());
    if (counter == null) {
      counter = Counter.builder(ERRORS)
          .description("Errors returned to clients, by group.code")
          .tags("transport", transport, "code", error.qualifiedCode())
          .register(registry);
      byCode.put(error.code(), counter);
    }
    counter.increment();
  }

}
