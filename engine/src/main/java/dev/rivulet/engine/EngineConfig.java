package dev.rivulet.engine;

import dev.rivulet.actor.Effect;
import dev.rivulet.actor.TopicOutput;
import dev.rivulet.actor.TopicSubscription;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine's settings, with defaults fit for one machine. Mutable; the engine copies what it
 * needs when it starts.
 */
public final class EngineConfig {
  private String bootstrapServers;
  private String application = "rivulet";
  private int partitions = 8;
  private short replicationFactor = 1;
  private Path stateDir;
  private boolean exactlyOnce = true;
  private boolean transactionalStores = true;
  private Duration commitInterval = Duration.ofMillis(100);
  private Duration pollInterval = Duration.ofMillis(1);
  private int streamThreads = 1;
  private int snapshotEvery = 100;
  private int maxStateBytes = 1 << 20;
  private int maxMessageBytes = 1 << 20;
  private int maxCollectionBytes = (int) ActorMachine.DEFAULT_MAX_COLLECTION_BYTES;
  private int liveActorsPerTask = 10_000;
  private boolean staticMembership = true;
  private int standbyReplicas = 0;
  private Duration sessionTimeout = Duration.ofSeconds(10);
  private Duration transactionTimeout = Duration.ofSeconds(10);
  private Duration sleepAfter = Duration.ofSeconds(30);
  private Duration gatewayTimeout = Duration.ofSeconds(15);
  private Duration idempotencyTtl = Duration.ofHours(24);
  private final Map<String, Effect> effects = new LinkedHashMap<>();
  private int effectThreads = 8;
  private Duration effectTimeout = Duration.ofSeconds(60);
  private final List<TopicSubscription> subscriptions = new ArrayList<>();
  private final List<TopicOutput> outputs = new ArrayList<>();
  private final Set<String> disabledSubscriptions = new TreeSet<>();
  private final Map<String, Object> streamsOverrides = new LinkedHashMap<>();
  private final Map<String, Object> kafkaProperties = new LinkedHashMap<>();
  private MeterRegistry meterRegistry;
  private int metricsPort = -1;
  private String metricsHost = "127.0.0.1";
  private String metricsToken;
  private boolean kafkaClientMetrics;

  /** Kafka's bootstrap servers, {@code host:port[,host:port]}. Required. */
  public EngineConfig bootstrapServers(String servers) {
    this.bootstrapServers = Objects.requireNonNull(servers);
    return this;
  }

  /**
   * The application's name (default {@code rivulet}): the prefix of its topics and of its Kafka
   * Streams application id. Engines and gateways of one application use the same name.
   */
  public EngineConfig application(String name) {
    this.application = Objects.requireNonNull(name);
    return this;
  }

  /**
   * Partitions of the inbox and journal topics when the engine creates them (default 8): the most
   * engine threads that can share the work. Existing topics keep their count.
   */
  public EngineConfig partitions(int partitions) {
    if (partitions < 1) throw new IllegalArgumentException("partitions must be at least 1");
    this.partitions = partitions;
    return this;
  }

  /** Replication factor of the topics the engine creates (default 1, for one broker). */
  public EngineConfig replicationFactor(int factor) {
    if (factor < 1) throw new IllegalArgumentException("replication factor must be at least 1");
    this.replicationFactor = (short) factor;
    return this;
  }

  /**
   * Where the RocksDB state stores live. Unset, the engine uses {@code $TMPDIR/rivulet-streams}
   * (and {@code RivuletServer} uses {@code <dataDir>/streams}).
   */
  public EngineConfig stateDir(Path dir) {
    this.stateDir = Objects.requireNonNull(dir);
    return this;
  }

  /**
   * Exactly-once processing (default {@code true}): the state change, the journal record and the
   * outbox records of an inbox record commit atomically. {@code false} gives at-least-once.
   */
  public EngineConfig exactlyOnce(boolean exactlyOnce) {
    this.exactlyOnce = exactlyOnce;
    return this;
  }

  /**
   * Transactional state stores (default {@code true}, see decision 13; Kafka Streams' {@code
   * enable.transactional.statestores}, KIP-892, Kafka 4.4), under exactly-once only: an actor's
   * changes stay in a buffer in memory until the transaction that journals them commits, and only
   * then reach RocksDB. An engine killed mid-transaction then leaves nothing uncommitted on disk,
   * and starts again from its stores as they are, replaying only what its changelogs hold beyond
   * them. Without them, Kafka Streams cannot tell committed from uncommitted writes after a crash:
   * it deletes every store of the crashed instance and restores it from its changelog, which
   * takes time in proportion to all the state (decision 13 has the figures). {@code false} gives
   * that behaviour back; at-least-once ignores this setting.
   */
  public EngineConfig transactionalStores(boolean transactional) {
    this.transactionalStores = transactional;
    return this;
  }

  /** How often Kafka Streams commits (default 100 ms). */
  public EngineConfig commitInterval(Duration interval) {
    this.commitInterval = Objects.requireNonNull(interval);
    return this;
  }

  /** How long a stream thread blocks waiting for input (default 1 ms, for low latency). */
  public EngineConfig pollInterval(Duration interval) {
    this.pollInterval = Objects.requireNonNull(interval);
    return this;
  }

  /** Stream threads of this engine instance (default 1). */
  public EngineConfig streamThreads(int threads) {
    if (threads < 1) throw new IllegalArgumentException("stream threads must be at least 1");
    this.streamThreads = threads;
    return this;
  }

  /** Every how many journal records of an actor a full state snapshot is written (default 100). */
  public EngineConfig snapshotEvery(int records) {
    if (records < 1) throw new IllegalArgumentException("snapshotEvery must be at least 1");
    this.snapshotEvery = records;
    return this;
  }

  /** The largest actor state, as JSON bytes (default 1 MiB); an action exceeding it fails. */
  public EngineConfig maxStateBytes(int bytes) {
    this.maxStateBytes = bytes;
    return this;
  }

  /**
   * The most bytes an actor's stored logs and maps may hold together, as JSON (default 8 MiB, the
   * most it may be: a checkpoint of them all has to fit in one journal record beside the rest of
   * its step); an action exceeding it fails with {@code actor.state_too_large}.
   */
  public EngineConfig maxCollectionBytes(int bytes) {
    if (bytes < 0 || bytes > ActorMachine.DEFAULT_MAX_COLLECTION_BYTES) {
      throw new IllegalArgumentException("maxCollectionBytes must be from 0 to "
          + ActorMachine.DEFAULT_MAX_COLLECTION_BYTES + ", got " + bytes);
    }
    this.maxCollectionBytes = bytes;
    return this;
  }

  /**
   * The largest action result or event, as JSON bytes (default 1 MiB); an action exceeding it
   * fails with {@code message.outgoing_too_long}.
   */
  public EngineConfig maxMessageBytes(int bytes) {
    this.maxMessageBytes = bytes;
    return this;
  }

  /** How many actor instances each stream task keeps in memory (default 10,000). */
  public EngineConfig liveActorsPerTask(int count) {
    this.liveActorsPerTask = count;
    return this;
  }

  /**
   * Whether the engine joins its consumer group as a static member (default {@code true}), under
   * an id kept in its state directory: restarted after a crash before the group evicted it (the
   * {@link #sessionTimeout(Duration) session timeout}), it is the same member and gets its
   * partitions back at once, without a rebalance. It does not make a crash noticed sooner: until
   * the session timeout, the group waits for the crashed member. Every instance needs its own
   * state directory (it always did).
   */
  public EngineConfig staticMembership(boolean staticMembership) {
    this.staticMembership = staticMembership;
    return this;
  }

  /**
   * How many other engine instances keep a warm copy of each partition's actor state (default 0;
   * Kafka Streams' {@code num.standby.replicas}). When an instance stops or crashes, the
   * instance holding a standby copy of its partitions takes them over without first restoring
   * the state from the changelog topics, which for large states is most of the failover time.
   * Each copy costs its instance the disk and the changelog reads of the partition. Set 1 when you
   * run two or more instances; with one instance there is nowhere to put a copy (Kafka Streams
   * logs a warning for every partition at each rebalance). Every instance of an application should
   * use the same value.
   *
   * <p>Kafka Streams' related knobs can be set with {@link #streamsProperty(String, Object)}:
   * {@code acceptable.recovery.lag} (default 10,000 records: an instance further behind than
   * this on a partition does not get it at once; it warms up first) and {@code
   * probing.rebalance.interval.ms} (default 10 min, at least 1 min: how often the group checks
   * whether warm-ups caught up and can take their partitions).
   */
  public EngineConfig standbyReplicas(int replicas) {
    if (replicas < 0) throw new IllegalArgumentException("standby replicas must be at least 0");
    this.standbyReplicas = replicas;
    return this;
  }

  /**
   * How long a silent engine instance keeps its partitions before the others take them (default
   * 10 s). This is how long the actors of a crashed (killed, frozen, cut off) instance stay
   * unanswered while other instances run: a crash sends no goodbye, and static membership does
   * not change that. A graceful {@link Engine#close()} leaves the group and hands the partitions
   * over at once.
   *
   * <p>It is the consumer's {@code session.timeout.ms} (Kafka's default is 45 s), after which the
   * group evicts the silent member. Under exactly-once the crashed instance also left a
   * transaction open, which keeps the instance taking over from reading the partitions' committed
   * offsets until it ends: the engines abort it as soon as the group has evicted its instance
   * (they fence the transactions of instances that are no members), and the broker would after
   * the {@link #transactionTimeout(Duration) transaction timeout}. The instance heartbeats every
   * second (every third of the timeout when that is shorter): other instances learn of a
   * rebalance at their next heartbeat.
   *
   * <p>Shorter fails over faster but evicts an instance that pauses longer (a long GC pause, a
   * network hiccup), which costs a rebalance. Brokers accept session timeouts from {@code
   * group.min.session.timeout.ms} (6 s by default) to {@code group.max.session.timeout.ms}.
   */
  public EngineConfig sessionTimeout(Duration timeout) {
    if (timeout.toMillis() < 1) throw new IllegalArgumentException("session timeout too short");
    this.sessionTimeout = timeout;
    return this;
  }

  /**
   * How long a transaction of the engine may stay open before the broker aborts it (default 10 s;
   * the producer's {@code transaction.timeout.ms}, under exactly-once). A transaction normally
   * lives one commit interval; one still open after this is aborted and its instance fenced,
   * which costs a rebalance. Keep it above what a broker failure stalls writes for (a dead
   * broker holds up {@code acks=all} writes until the controller fences it, {@code
   * broker.session.timeout.ms}, 9 s by default). A crashed instance's open transaction is
   * aborted by the other engines as soon as the group evicted it (see {@link
   * #sessionTimeout(Duration)}); only where they may not (no {@code Write} permission on its
   * transactional id) does this timeout, plus up to the broker's {@code
   * transaction.abort.timed.out.transaction.cleanup.interval.ms} (10 s by default), bound the
   * failover.
   */
  public EngineConfig transactionTimeout(Duration timeout) {
    if (timeout.toMillis() < 1) throw new IllegalArgumentException("transaction timeout too short");
    this.transactionTimeout = timeout;
    return this;
  }

  /**
   * How long an actor stays in memory without a record before it sleeps (default 30 s; an actor
   * class may set its own with {@code @Actor(sleepAfterMillis = ...)}).
   */
  public EngineConfig sleepAfter(Duration idle) {
    this.sleepAfter = Objects.requireNonNull(idle);
    return this;
  }

  /**
   * How long a gateway may stay silent before the engine ends its connections, running their
   * {@code onDisconnect} (default 15 s; gateways send a heartbeat every 2 s, and the engine checks
   * every 2 s).
   */
  public EngineConfig gatewayTimeout(Duration timeout) {
    this.gatewayTimeout = Objects.requireNonNull(timeout);
    return this;
  }

  /** How long an idempotency key's result is kept (default 24 h). */
  public EngineConfig idempotencyTtl(Duration ttl) {
    this.idempotencyTtl = Objects.requireNonNull(ttl);
    return this;
  }

  /** Registers the effect actions ask for as {@code name}. */
  public EngineConfig effect(String name, Effect handler) {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("effect name is empty");
    effects.put(name, Objects.requireNonNull(handler));
    return this;
  }

  /** Threads running effects at once in this engine instance (default 8). */
  public EngineConfig effectThreads(int threads) {
    if (threads < 1) throw new IllegalArgumentException("effect threads must be at least 1");
    this.effectThreads = threads;
    return this;
  }

  /** How long an effect may run before it fails with {@code effect.timed_out} (default 60 s). */
  public EngineConfig effectTimeout(Duration timeout) {
    this.effectTimeout = Objects.requireNonNull(timeout);
    return this;
  }

  /**
   * Adds a subscription: records of a Kafka topic of yours become actions of an actor type (see
   * {@link TopicSubscription}). The topic must exist when the engine starts.
   */
  public EngineConfig subscribe(TopicSubscription subscription) {
    subscriptions.add(Objects.requireNonNull(subscription));
    return this;
  }

  /**
   * Declares a topic actions publish to with {@code context().publish} (see {@link TopicOutput}).
   * It must exist when the engine starts.
   */
  public EngineConfig output(TopicOutput output) {
    outputs.add(Objects.requireNonNull(output));
    return this;
  }

  /**
   * Leaves these subscriptions (by name) out of this engine: their topics are not read, and
   * their committed offsets wait in Kafka for them to come back (see {@code docs/operations.md},
   * "Pausing a subscription"). Every engine of the application needs the same list. A name that
   * is no subscription's stops the engine from starting.
   */
  public EngineConfig disableSubscriptions(Collection<String> names) {
    for (String name : names) {
      if (name != null && !name.isBlank()) disabledSubscriptions.add(name.trim());
    }
    return this;
  }

  /**
   * A Kafka client setting given to every client the engine creates: its admin client, its
   * producers and consumers, and Kafka Streams (which passes it on to its own clients). For what
   * a cluster asks of its clients: TLS ({@code security.protocol=SSL}, {@code ssl.truststore.*},
   * {@code ssl.keystore.*}), SASL ({@code security.protocol=SASL_SSL}, {@code sasl.mechanism},
   * {@code sasl.jaas.config}), {@code client.dns.lookup}, and so on. Rivulet's own choices for a
   * client (acks, isolation level, timeouts, serializers) are set over these, and {@link
   * #bootstrapServers(String)} over {@code bootstrap.servers}; {@link #streamsProperty(String,
   * Object)} overrides anything of Kafka Streams'.
   */
  public EngineConfig kafkaProperty(String key, Object value) {
    kafkaProperties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
    return this;
  }

  /** Every entry of {@code properties} as a {@link #kafkaProperty(String, Object)}. */
  public EngineConfig kafkaProperties(Map<String, ?> properties) {
    properties.forEach(this::kafkaProperty);
    return this;
  }

  /** The {@link #kafkaProperty(String, Object) client settings} given so far, read-only. */
  public Map<String, Object> kafkaProperties() {
    return java.util.Collections.unmodifiableMap(kafkaProperties);
  }

  /** A Kafka Streams property set last, over Rivulet's choices. */
  public EngineConfig streamsProperty(String key, Object value) {
    streamsOverrides.put(key, value);
    return this;
  }

  /**
   * Where the engine's meters go (default: a Prometheus registry of its own). Give the gateway
   * of the same process the same registry and its {@code /metrics} shows both.
   */
  public EngineConfig meterRegistry(MeterRegistry registry) {
    this.meterRegistry = Objects.requireNonNull(registry);
    return this;
  }

  /**
   * Serves {@code GET /metrics} (Prometheus' text format) on this port (default -1: not at all;
   * 0: any free port, see {@link Engine#metricsPort()}). For an engine running without a gateway
   * in its process; needs a Prometheus registry in {@link #meterRegistry}.
   */
  public EngineConfig metricsPort(int port) {
    this.metricsPort = port;
    return this;
  }

  /** The interface the metrics port listens on (default {@code 127.0.0.1}). */
  public EngineConfig metricsHost(String host) {
    this.metricsHost = Objects.requireNonNull(host);
    return this;
  }

  /**
   * A bearer token the metrics port asks for ({@code Authorization: Bearer <token>}; without it,
   * or with another, the answer is 401 {@code auth.unauthenticated}); default none: the port
   * answers anyone who reaches it, so keep it on a private interface. The launcher sets the
   * gateway's {@code --admin-token} here.
   */
  public EngineConfig metricsToken(String token) {
    this.metricsToken = token == null || token.isEmpty() ? null : token;
    return this;
  }

  /** The metrics port's bearer token, or null: {@link #metricsToken(String)}. */
  public String metricsToken() {
    return metricsToken;
  }

  /**
   * Whether Kafka Streams' own client metrics (hundreds of series: threads, tasks, stores, the
   * embedded consumers and producers) are bound to the registry too (default {@code false}).
   */
  public EngineConfig kafkaClientMetrics(boolean bind) {
    this.kafkaClientMetrics = bind;
    return this;
  }

  /** The configured meter registry, or null when unset. */
  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  int metricsPort() {
    return metricsPort;
  }

  String metricsHost() {
    return metricsHost;
  }

  boolean kafkaClientMetrics() {
    return kafkaClientMetrics;
  }

  String bootstrapServers() {
    if (bootstrapServers == null) throw new IllegalStateException("bootstrapServers is required");
    return bootstrapServers;
  }

  /** What every Kafka client of the engine starts from: the client settings and the servers. */
  Properties clientProperties() {
    Properties p = new Properties();
    p.putAll(kafkaProperties);
    p.put("bootstrap.servers", bootstrapServers());
    return p;
  }

  /** The application's name, the prefix of its topics. */
  public String application() {
    return application;
  }

  /** Partitions of the topics the engine creates. */
  public int partitions() {
    return partitions;
  }

  /** Replication factor of the topics the engine creates. */
  public short replicationFactor() {
    return replicationFactor;
  }

  /** The configured state directory, or null when unset. */
  public Path stateDir() {
    return stateDir;
  }

  Path effectiveStateDir() {
    return stateDir != null ? stateDir
        : Path.of(System.getProperty("java.io.tmpdir"), "rivulet-streams");
  }

  /** Whether the engine processes exactly once. */
  public boolean exactlyOnce() {
    return exactlyOnce;
  }

  /** Whether the stores are transactional: {@link #transactionalStores(boolean)} under exactly-once. */
  public boolean transactionalStores() {
    return exactlyOnce && transactionalStores;
  }

  /** How often the engine commits. */
  public Duration commitInterval() {
    return commitInterval;
  }

  /** How long a stream thread blocks waiting for input. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** Stream threads of this instance. */
  public int streamThreads() {
    return streamThreads;
  }


  /** Journal records of an actor between two full snapshots. */
  public int snapshotEvery() {
    return snapshotEvery;
  }

  /** The largest actor state, as JSON bytes. */
  public int maxStateBytes() {
    return maxStateBytes;
  }

  /** The most bytes an actor's stored logs and maps may hold together, as JSON. */
  public int maxCollectionBytes() {
    return maxCollectionBytes;
  }

  /** The largest action result or event, as JSON bytes. */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /** Actor instances each stream task keeps in memory. */
  public int liveActorsPerTask() {
    return liveActorsPerTask;
  }

  /** How long an idle actor stays in memory. */
  public Duration sleepAfter() {
    return sleepAfter;
  }

  /** Silence after which a gateway's connections are ended. */
  public Duration gatewayTimeout() {
    return gatewayTimeout;
  }

  /** How long an idempotency key's result is kept. */
  public Duration idempotencyTtl() {
    return idempotencyTtl;
  }

  Map<String, Effect> effects() {
    return effects;
  }

  /** Effects running at once in this instance. */
  public int effectThreads() {
    return effectThreads;
  }

  /** How long an effect may run. */
  public Duration effectTimeout() {
    return effectTimeout;
  }

  /** Whether the instance joins its group as a static member. */
  public boolean staticMembership() {
    return staticMembership;
  }

  /** Warm copies of each state store on other instances. */
  public int standbyReplicas() {
    return standbyReplicas;
  }

  /** How long a crashed instance keeps its partitions. */
  public Duration sessionTimeout() {
    return sessionTimeout;
  }

  /** The subscriptions added, disabled ones included. */
  public List<TopicSubscription> subscriptions() {
    return Collections.unmodifiableList(subscriptions);
  }

  /** The output topics declared. */
  public List<TopicOutput> outputs() {
    return Collections.unmodifiableList(outputs);
  }

  /** The names of the disabled subscriptions. */
  public Set<String> disabledSubscriptions() {
    return Collections.unmodifiableSet(disabledSubscriptions);
  }

  /** How long an engine transaction may stay open before the broker aborts it. */
  public Duration transactionTimeout() {
    return transactionTimeout;
  }

  Map<String, Object> streamsOverrides() {
    return streamsOverrides;
  }
}
