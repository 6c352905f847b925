package dev.rivulet.engine;

import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's meters (Prometheus names):
 *
 * <ul>
 *   <li>{@code rivulet_action_duration_seconds{actor_type,kind,action,outcome}}: a histogram of the
 *       time the processor took to apply an inbox record, from reading it to forwarding what it
 *       produced; {@code outcome} is {@code ok}, {@code user_error} or {@code error};
 *   <li>{@code rivulet_errors_total{actor_type,code}}: records that ended in an error, by {@code
 *       group.code} (user errors and Rivulet's own);
 *   <li>{@code rivulet_deadletters_total}: inbox records the engine could not read;
 *   <li>{@code rivulet_inbox_lag_records{partition}}: how far the engine is behind on each inbox
 *       partition it owns (Kafka's {@code records-lag} of its consumer);
 *   <li>{@code rivulet_inbox_wait_seconds}: a histogram of how long clients' requests (those a
 *       gateway waits on) waited between the gateway's send and the engine taking them up, from
 *       the inbox record's timestamp: the inbox hop and any queue in front of the stream thread,
 *       in milliseconds (Kafka's timestamp resolution), as exact as the two machines' clocks agree;
 *   <li>{@code rivulet_schedules_pending}, {@code rivulet_schedules_overdue}: schedules in the
 *       engine's stores, and those already due but not yet sent to the inbox;
 *   <li>{@code rivulet_actors_live}: actor instances held in memory;
 *   <li>{@code rivulet_subscription_records_total{subscription}}: records of subscribed topics
 *       turned into inbox actions;
 *   <li>{@code rivulet_subscription_deadletters_total{subscription,reason}}: records of subscribed
 *       topics sent to the dead-letter topic, {@code reason} {@code undecodable}, {@code bad_key},
 *       {@code rejected} or {@code failed};
 *   <li>{@code rivulet_subscription_lag_records{topic,partition}}: how far the engine is behind on
 *       each partition of a subscribed topic it reads (Kafka's {@code records-lag}).
 * </ul>
 *
 * Labels come only from registered actor types and their actions ({@value #UNKNOWN} otherwise), so
 * clients cannot make up new series. Each stream task records through its own {@link Recorder},
 * which caches its meters: no lookup in the registry and no allocation per record.
 */
final class EngineMetrics implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EngineMetrics.class);

  /** The label of an actor type or action that is not registered. */
  static final String UNKNOWN = "_unknown";

  static final String DURATION = "rivulet.action.duration";
  static final String ERRORS = "rivulet.errors";
  static final String INBOX_WAIT = "rivulet.inbox.wait";

  private static final String[] OUTCOMES = {"ok", "user_error", "error"};
  private static final Duration LAG_REFRESH = Duration.ofSeconds(2);

  private final MeterRegistry registry;
  private final Map<String, ActorType> types;
  private final Set<String> subscriptions;
  private final Set<Recorder> recorders = ConcurrentHashMap.newKeySet();
  private final Counter deadLetters;
  private final MultiGauge inboxLag;
  private final Timer inboxWait;
  private final Lag inboxLagSources;
  private final MultiGauge subscriptionLag;
  private final Lag subscriptionLagSources;
  private final Map<String, Counter> subscriptionRecords = new ConcurrentHashMap<>();
  private final Map<String, Counter> subscriptionDeadLetters = new ConcurrentHashMap<>();
  /** Meters that read this engine's objects: removed when it closes. */
  private final List<Meter> bound = new ArrayList<>();
  private ScheduledExecutorService refresher;
  private KafkaStreamsMetrics kafkaMetrics;

  EngineMetrics(MeterRegistry registry, Map<String, ActorType> types) {
    this(registry, types, Set.of());
  }

  /** @param subscriptions the names of the subscriptions the engine runs: the only labels used */
  EngineMetrics(MeterRegistry registry, Map<String, ActorType> types, Set<String> subscriptions) {
    this.registry = registry;
    this.types = types;
    this.subscriptions = subscriptions;
    this.deadLetters = Counter.builder("rivulet.deadletters")
        .description("Inbox records the engine could not read, sent to the dead-letter topic")
        .register(registry);
    gauge("rivulet.schedules.pending", "Schedules waiting in the engine's stores",
        r -> r.pendingSchedules);
    gauge("rivulet.schedules.overdue",
        "Schedules already due but not yet sent to the inbox (the engine is behind)",
        r -> r.overdueSchedules);
    gauge("rivulet.actors.live", "Actor instances held in memory", r -> r.liveActors);
    this.inboxLag = MultiGauge.builder("rivulet.inbox.lag").baseUnit("records")
        .description("Records of an inbox partition this engine owns that it has not read yet")
        .register(registry);
    this.inboxLagSources = new Lag(inboxLag);
    this.subscriptionLag = MultiGauge.builder("rivulet.subscription.lag").baseUnit("records")
        .description("Records of a subscribed topic's partition this engine reads that it has "
            + "not read yet")
        .register(registry);
    this.subscriptionLagSources = new Lag(subscriptionLag);
    this.inboxWait = Timer.builder(INBOX_WAIT)
        .description("Time clients' requests waited from the gateway's send to the engine "
            + "taking them up (from the inbox record's timestamp, in milliseconds)")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
  }

  MeterRegistry registry() {
    return registry;
  }

  /** A recorder for one stream task; {@link Recorder#close()} when the task goes. */
  Recorder recorder() {
    Recorder r = new Recorder();
    recorders.add(r);
    return r;
  }

  /**
   * Starts following {@code streams}: the lag of the inbox partitions it owns and of the
   * partitions of {@code subscribedTopics} it reads, refreshed every {@code LAG_REFRESH}, and
   * Kafka Streams' own client metrics when {@code clientMetrics}.
   */
  void watch(KafkaStreams streams, String inboxTopic, Set<String> subscribedTopics,
      boolean clientMetrics) {
    if (clientMetrics) {
      kafkaMetrics = new KafkaStreamsMetrics(streams);
      kafkaMetrics.bindTo(registry);
    }
    refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rivulet-metrics-" + inboxTopic);
      t.setDaemon(true);
      return t;
    });
    refresher.scheduleWithFixedDelay(() -> refreshLag(streams, inboxTopic, subscribedTopics), 0,
        LAG_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Finds the consumer's {@code records-lag} of each inbox partition and of each partition of a
   * subscribed topic, and registers them when they changed.
   */
  private void refreshLag(KafkaStreams streams, String inboxTopic, Set<String> subscribedTopics) {
    try {
      // Kafka's fetch metrics write dots in topic names as underscores.
      Map<String, String> topicOfTag = new HashMap<>();
      for (String topic : subscribedTopics) {
        topicOfTag.put(topic, topic);
        topicOfTag.put(topic.replace('.', '_'), topic);
      }
      String tagged = inboxTopic.replace('.', '_');
      Map<Tags, Metric> inbox = new LinkedHashMap<>();
      Map<Tags, Metric> subscribed = new LinkedHashMap<>();
      for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
        MetricName name = e.getKey();
        if (!name.name().equals("records-lag")
            || !name.group().equals("consumer-fetch-manager-metrics")) continue;
        String topic = name.tags().get("topic");
        String partition = name.tags().get("partition");
        if (partition == null || topic == null) continue;
        if (inboxTopic.equals(topic) || tagged.equals(topic)) {
          inbox.put(Tags.of("partition", partition), e.getValue());
        } else if (topicOfTag.containsKey(topic)) {
          subscribed.put(Tags.of("topic", topicOfTag.get(topic), "partition", partition),
              e.getValue());
        }
      }
      inboxLagSources.update(inbox);
      subscriptionLagSources.update(subscribed);
    } catch (RuntimeException e) {
      log.debug("cannot read the inbox lag: {}", e.toString());
    }
  }

  /** A lag gauge's rows, and the Kafka metrics they read: registered again when those change. */
  private static final class Lag {
    private final MultiGauge gauge;
    private final Map<Tags, Metric> sources = new HashMap<>();

    Lag(MultiGauge gauge) {
      this.gauge = gauge;
    }

    void update(Map<Tags, Metric> found) {
      if (same(found)) return;
      sources.clear();
      sources.putAll(found);
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      found.forEach((tags, metric) -> rows.add(MultiGauge.Row.of(tags, metric,
          EngineMetrics::valueOf)));
      gauge.register(rows, true);
    }

    private boolean same(Map<Tags, Metric> found) {
      if (found.size() != sources.size()) return false;
      Map<Metric, Boolean> known = new IdentityHashMap<>();
      sources.values().forEach(m -> known.put(m, true));
      return found.values().stream().allMatch(known::containsKey);
    }
  }

  private static double valueOf(Metric metric) {
    Object v = metric.metricValue();
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  void deadLettered() {
    deadLetters.increment();
  }

  /** A record of subscription {@code name}'s topic became an inbox action. */
  void subscriptionRead(String name) {
    subscriptionRecords.computeIfAbsent(label(name), n -> Counter.builder("rivulet.subscription.records")
        .description("Records of subscribed topics turned into inbox actions")
        .tag("subscription", n).register(registry)).increment();
  }

  /** A record of subscription {@code name}'s topic went to the dead-letter topic. */
  void subscriptionDeadLettered(String name, Subscribed.Reason reason) {
    String label = label(name);
    subscriptionDeadLetters.computeIfAbsent(label + "\n" + reason.label,
        k -> Counter.builder("rivulet.subscription.deadletters")
            .description("Records of subscribed topics sent to the dead-letter topic, by reason")
            .tags("subscription", label, "reason", reason.label).register(registry)).increment();
  }

  /** A subscription's label: its name when the engine runs it (an inbox record names any). */
  private String label(String subscription) {
    return subscriptions.contains(subscription) ? subscription : UNKNOWN;
  }

  private void gauge(String name, String description, ToLongFunction<Recorder> value) {
    bound.add(Gauge.builder(name, recorders, rs -> {
      long sum = 0;
      for (Recorder r : rs) sum += value.applyAsLong(r);
      return sum;
    }).description(description).strongReference(true).register(registry));
  }

  /**
   * Stops refreshing and removes the gauges that read this engine, so that an engine started
   * again on the same registry gets its own; counters and timers stay and go on counting.
   */
  @Override
  public void close() {
    if (refresher != null) refresher.shutdownNow();
    if (kafkaMetrics != null) kafkaMetrics.close();
    inboxLag.register(List.of(), true);
    subscriptionLag.register(List.of(), true);
    bound.forEach(registry::remove);
  }

  /**
   * What one stream task records. Used by its stream thread only; the gauges read its volatile
   * counts from the scraping thread.
   */
  final class Recorder implements AutoCloseable {
    /** actor type → kind → action → timer per outcome. */
    private final Map<String, Map<String, Map<String, Timer[]>>> timers = new HashMap<>();
    /** actor type → group → code. */
    private final Map<String, Map<String, Map<String, Counter>>> errors = new HashMap<>();
    volatile long pendingSchedules;
    volatile long overdueSchedules;
    volatile long liveActors;

    /** An inbox record was applied in {@code nanos}, ending in {@code error} (null: it did not). */
    void applied(InboxRecord request, ErrorInfo error, long nanos) {
      String typeName = request.actor().name();
      ActorType type = types.get(typeName);
      String typeLabel = type == null ? UNKNOWN : typeName;
      String action = request.actionName();
      String actionLabel = action == null ? "" : type != null && type.action(action) != null
          ? action : UNKNOWN;
      String kind = request.kind().wireName();
      int outcome = error == null ? 0 : "user".equals(error.group()) ? 1 : 2;
      Timer[] slots = timers.computeIfAbsent(typeLabel, t -> new HashMap<>())
          .computeIfAbsent(kind, k -> new HashMap<>())
          .computeIfAbsent(actionLabel, a -> new Timer[OUTCOMES.length]);
      Timer timer = slots[outcome];
      if (timer == null) {
        timer = Timer.builder(DURATION)
            .description("Time the engine took to apply an inbox record, from reading it to "
                + "forwarding its journal record, reply and events")
            .tags("actor_type", typeLabel, "kind", kind, "action", actionLabel,
                "outcome", OUTCOMES[outcome])
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
        slots[outcome] = timer;
      }
      timer.record(nanos, TimeUnit.NANOSECONDS);
      if (error != null) failed(typeLabel, error);
    }

    /**
     * A client's request sent at {@code sentMillis} (its record's timestamp) was taken up at
     * {@code nowMillis}. A clock behind the sender's counts as no wait.
     */
    void waited(long sentMillis, long nowMillis) {
      inboxWait.record(Math.max(0, nowMillis - sentMillis), TimeUnit.MILLISECONDS);
    }

    /** A record of {@code actorType} ended in {@code error}. */
    void failed(String actorType, ErrorInfo error) {
      String typeLabel = types.containsKey(actorType) ? actorType : UNKNOWN;
      Map<String, Counter> byCode = errors.computeIfAbsent(typeLabel, t -> new HashMap<>())
          .computeIfAbsent(error.group(), g -> new HashMap<>());
      Counter counter = byCode.get(error.code());
      if (counter == null) {
        counter = Counter.builder(ERRORS)
            .description("Inbox records that ended in an error, by group.code")
            .tags("actor_type", typeLabel, "code", error.qualifiedCode())
            .register(registry);
        byCode.put(error.code(), counter);
      }
      counter.increment();
    }

    @Override
    public void close() {
      recorders.remove(this);
    }
  }

}
