package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.internal.ActorType;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.KafkaTuning;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.OutboxRecord;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.records.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Rivulet engine instance: runs the actors of an application on Kafka Streams. Start as many
 * instances of one application as you like (on one machine or many): Kafka spreads the inbox
 * partitions over them, and each actor is applied by exactly one of them at a time.
 *
 * <pre>{@code
 * Engine engine = Engine.start(
 *     new EngineConfig().bootstrapServers("localhost:9092").stateDir(Path.of("data/streams")),
 *     List.of(Counter.class, ChatRoom.class));
 * }</pre>
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  private final Topics topics;
  private final KafkaStreams streams;
  private final Map<String, ActorType> types;
  private final EffectRunner effects;
  private final StoreReads reads;
  private final String instanceId;
  private final EngineMetrics metrics;
  private final boolean ownRegistry;
  private MetricsServer metricsServer;
  private OrphanedTransactions orphans;
  private LivenessWitness witness;

  private Engine(Topics topics, KafkaStreams streams, Map<String, ActorType> types,
      EffectRunner effects, StoreReads reads, String instanceId, EngineMetrics metrics,
      boolean ownRegistry) {
    this.topics = topics;
    this.streams = streams;
    this.types = types;
    this.effects = effects;
    this.reads = reads;
    this.instanceId = instanceId;
    this.metrics = metrics;
    this.ownRegistry = ownRegistry;
  }

  /**
   * Resolves the actor classes, creates missing topics, publishes the actor types to the
   * registry topic and starts processing; returns once Kafka Streams is running.
   *
   * @throws IllegalArgumentException when an actor class is not a valid actor, or two share a name
   * @throws IllegalStateException when Kafka cannot be reached or the engine does not start in time
   */
  public static Engine start(
      EngineConfig config, Collection<Class<? extends ActorBase<?>>> actorClasses) {
    Map<String, ActorType> types = new LinkedHashMap<>();
    for (Class<? extends ActorBase<?>> cls : actorClasses) {
      ActorType type = ActorType.of(cls);
      ActorType previous = types.putIfAbsent(type.name(), type);
      if (previous != null && previous.actorClass() != cls) {
        throw new IllegalArgumentException("actor name \"" + type.name() + "\" is used by both "
            + previous.actorClass().getName() + " and " + cls.getName());
      }
    }
    Topics topics = new Topics(config.application());
    String instanceId = config.staticMembership()
        ? InstanceId.of(config.effectiveStateDir(), config.application()) : null;
    String witnessKey = LivenessWitness.key(
        instanceId != null ? instanceId : UUID.randomUUID().toString());
    EngineSettings settings = EngineSettings.of(config, types, witnessKey);
    Properties adminProps = config.clientProperties();
    int inboxPartitions;
    try (Admin admin = Admin.create(adminProps)) {
      inboxPartitions =
          TopicSetup.ensure(admin, topics, config.partitions(), config.replicationFactor());
      TopicSetup.requireExisting(admin, externalTopics(settings));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting up topics", e);
    }
    publishRegistry(config, topics, types);

    boolean ownRegistry = config.meterRegistry() == null;
    MeterRegistry registry = ownRegistry
        ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : config.meterRegistry();
    Set<String> subscriptionNames = new TreeSet<>();
    Set<String> subscribedTopics = new TreeSet<>();
    for (Subscribed sub : settings.subscriptions()) {
      subscriptionNames.add(sub.name());
      subscribedTopics.add(sub.topic());
    }
    EngineMetrics metrics =
        new EngineMetrics(registry, settings.env().types(), subscriptionNames);
    KafkaStreams streams = new KafkaStreams(EngineTopology.build(topics, settings, metrics),
        streamsProperties(config, instanceId), new AdaptiveBatching());
    CountDownLatch running = new CountDownLatch(1);
    OrphanedTransactions orphans = config.exactlyOnce()
        ? new OrphanedTransactions(config.clientProperties(), config.application() + "-engine")
        : null;
    streams.setStateListener((next, previous) -> {
      log.info("engine {}: {} -> {}", topics.app(), previous, next);
      if (next == KafkaStreams.State.RUNNING) running.countDown();
      if (next == KafkaStreams.State.REBALANCING && orphans != null) {
        orphans.whileRebalancing(() -> streams.state() == KafkaStreams.State.REBALANCING);
      }
      if (next == KafkaStreams.State.ERROR) log.error("engine {} stopped after an error", topics.app());
    });
    streams.setUncaughtExceptionHandler(e -> {
      log.error("stream thread of {} failed; replacing it", topics.app(), e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    EffectRunner effects = config.effects().isEmpty() ? null : new EffectRunner(
        config.clientProperties(), topics, config.effects(), config.effectThreads(),
        config.effectTimeout());
    metrics.watch(streams, topics.inbox(), subscribedTopics, config.kafkaClientMetrics());
    LivenessWitness witness = LivenessWitness.start(config.clientProperties(), topics.gateways(),
        witnessKey, settings.gatewayTimeoutMillis());
    streams.start();
    if (effects != null) effects.start();
    Engine engine = new Engine(topics, streams, types, effects,
        new StoreReads(streams, settings, inboxPartitions), instanceId, metrics, ownRegistry);
    engine.orphans = orphans;
    engine.witness = witness;
    try {
      if (config.metricsPort() >= 0) {
        engine.metricsServer =
            MetricsServer.start(registry, config.metricsHost(), config.metricsPort(),
                config.metricsToken());
        log.info("engine {} serves metrics on http://{}:{}/metrics", topics.app(),
            config.metricsHost(), engine.metricsServer.port());
      }
      if (!running.await(120, TimeUnit.SECONDS)) {
        engine.close();
        throw new IllegalStateException("engine " + topics.app() + " did not reach RUNNING in 120 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      engine.close();
      throw new IllegalStateException("interrupted while starting the engine", e);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    log.info("engine {} running actor types {}", topics.app(), types.keySet());
    for (Subscribed sub : settings.subscriptions()) {
      log.info("engine {} subscription {}", topics.app(), sub.describe());
    }
    if (!config.disabledSubscriptions().isEmpty()) {
      log.info("engine {}: subscriptions {} disabled", topics.app(),
          config.disabledSubscriptions());
    }
    return engine;
  }

  /**
   * The topics of others the engine reads or writes, each with who needs it: the subscribed
   * topics and the declared outputs.
   */
  private static Map<String, String> externalTopics(EngineSettings settings) {
    Map<String, String> needed = new LinkedHashMap<>();
    for (Subscribed sub : settings.subscriptions()) {
      needed.putIfAbsent(sub.topic(), "subscription " + sub.name() + " reads it (disable it with "
          + "--disabled-subscriptions " + sub.name() + ")");
    }
    for (String output : settings.env().outputs().keySet()) {
      needed.putIfAbsent(output, "it is declared as an output actions publish to");
    }
    return needed;
  }

  /** The application's topics. */
  public Topics topics() {
    return topics;
  }

  /**
   * Answers a read-only action from this instance's state store, without a trip through Kafka,
   * when that gives the answer the inbox would: the action is {@code @Action(readOnly = true)},
   * the actor's type keeps no vars (no instance fields, no {@code onWake}), the actor exists and
   * its partition is active on this instance. The answer is not journaled (it changes nothing) and
   * reflects every record this instance applied so far — also the ones whose transaction is not
   * committed yet, like the replies the gateway already delivered.
   *
   * @param args the arguments, a JSON array
   * @param identity who calls, as the gateway authenticated them (null: anonymous); the actor's
   *     {@code onBeforeAction} sees it
   * @return the reply, or {@code null} when the call must go through the inbox
   */
  public OutboxRecord.Reply readLocally(ActorId actor, String action, JsonNode args,
      InboxRecord.Identity identity) {
    return reads.read(actor, action, args, identity);
  }

  /** {@link #readLocally(ActorId, String, JsonNode, InboxRecord.Identity)} for anyone. */
  public OutboxRecord.Reply readLocally(ActorId actor, String action, JsonNode args) {
    return reads.read(actor, action, args, null);
  }

  /** The names of the actor types this engine runs. */
  public Collection<String> actorTypes() {
    return types.keySet();
  }

  /** Where the engine's meters are. */
  public MeterRegistry meterRegistry() {
    return metrics.registry();
  }

  /** The port serving {@code GET /metrics}, or -1 when the engine serves none. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.port();
  }

  /** Whether Kafka Streams is running (or rebalancing) and able to process. */
  public boolean isRunning() {
    return streams.state().isRunningOrRebalancing();
  }

  /**
   * Holds processing: inbox records wait in Kafka (requests time out at the gateway after their
   * timeout) until {@link #resume()}. The instance stays in its group and keeps its partitions —
   * for maintenance of something the actors depend on, or to freeze the actors while looking at
   * them.
   */
  public void pause() {
    streams.pause();
  }

  /** Processing continues where {@link #pause()} held it. */
  public void resume() {
    streams.resume();
  }

  /** Whether {@link #pause()} holds processing. */
  public boolean isPaused() {
    return streams.isPaused();
  }

  /**
   * The inbox partitions this instance applies now (its active tasks): the actors whose id hashes
   * to one of them are served here. Instances of one application split the partitions between
   * them; the set changes at each rebalance and is empty while this instance has none (or is not
   * running). A snapshot, for monitoring and tests.
   */
  public Set<Integer> assignedPartitions() {
    return inboxPartitions(ThreadMetadata::activeTasks);
  }

  /**
   * The inbox partitions whose actor state this instance keeps up to date without applying them:
   * standby replicas ({@link EngineConfig#standbyReplicas(int)}) and warm-up replicas of tasks that
   * are to move here. When the instance applying one of them stops, this one takes it over without
   * restoring its state from the changelog. A snapshot, like {@link #assignedPartitions()}.
   */
  public Set<Integer> standbyPartitions() {
    return inboxPartitions(ThreadMetadata::standbyTasks);
  }

  /**
   * This instance's static-membership id, kept in its state directory (so a restart on the same
   * directory is the same member), or null without static membership. Each stream thread joins the
   * group as {@code <instanceId>-<thread number>}, from 1.
   */
  public String instanceId() {
    return instanceId;
  }

  /**
   * Stops processing; the state stays in the state directory and in Kafka. The instance leaves
   * its consumer group, so that another instance (or this one restarted) takes over its
   * partitions at once instead of after the group's session timeout.
   */
  @Override
  public void close() {
    if (metricsServer != null) metricsServer.close();
    if (effects != null) effects.close();
    streams.close(CloseOptions.groupMembershipOperation(
            CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(30)));
    if (orphans != null) orphans.close();
    if (witness != null) witness.close();
    metrics.close();
    if (ownRegistry) metrics.registry().close();
  }

  private Set<Integer> inboxPartitions(Function<ThreadMetadata, Set<TaskMetadata>> tasks) {
    if (!isRunning()) return Set.of();
    Set<Integer> partitions = new TreeSet<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : tasks.apply(thread)) {
        for (TopicPartition tp : task.topicPartitions()) {
          if (tp.topic().equals(topics.inbox())) partitions.add(tp.partition());
        }
      }
    }
    return Collections.unmodifiableSet(partitions);
  }

  private static void publishRegistry(
      EngineConfig config, Topics topics, Map<String, ActorType> types) {
    Properties props = config.clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    // Not idempotent: the topic was often created a moment ago, and an idempotent producer whose
    // first batch met a partition without its leader yet was seen answered OUT_OF_ORDER_SEQUENCE
    // on every retry until its delivery timeout (two minutes) ran out, holding the start. Each
    // type is one keyed record of a compacted topic: a duplicate is harmless, and one request in
    // flight keeps the order.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (ActorType type : types.values()) {
        producer.send(new ProducerRecord<>(topics.registry(), type.name(),
            RecordCodec.encode(type.describe())));
      }
      producer.flush();
    }
  }

  private static Properties streamsProperties(EngineConfig config, String instanceId) {
    Properties p = config.clientProperties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.application() + "-engine");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        config.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
    p.put(StreamsConfig.POLL_MS_CONFIG, config.pollInterval().toMillis());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.effectiveStateDir().toAbsolutePath().toString());
    if (instanceId != null) {
      // Restarted (even after a crash) before the group evicted it, the instance is the same
      // member and keeps its partitions without a rebalance.
      p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
    }
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
    // How long a crashed instance's partitions wait before another instance takes them: the
    // group only notices a member that stops heartbeating after the session timeout. The other
    // members learn of a rebalance from their next heartbeat, so they beat every second.
    long session = config.sessionTimeout().toMillis();
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) session);
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
        (int) Math.max(1, Math.min(1_000, session / 3)));
    if (config.exactlyOnce()) {
      // A crashed instance's open transaction holds up the instance taking over its partitions
      // (it cannot read their committed offsets) until it ends: OrphanedTransactions aborts it
      // once the group has noticed, else the broker after this timeout.
      p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
          (int) config.transactionTimeout().toMillis());
      // Uncommitted changes stay out of RocksDB, so a crash costs no restore of every store
      // (decision 13).
      p.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, config.transactionalStores());
    }
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true); // 5.0's default
    // A request that arrives alone must not wait for batching (decision 9), and a busy thread's
    // writes should leave in few requests: AdaptiveBatching sends them at each poll (decision 10).
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
        AdaptiveBatching.LINGER_MS);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        TopicSetup.JOURNAL_MAX_BYTES);
    // A fetch waiting on the broker returns as soon as a record (or a commit marker) arrives;
    // this only bounds how often an idle consumer asks again (5 ms here cost half a core idle).
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
        KafkaTuning.FETCH_MAX_WAIT_MS);
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // A task reads the inbox and the journal it writes itself; they need no synchronised
    // timestamps. Streams' default would hold the inbox after each commit until the journal's
    // newly committed records are fetched.
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
    p.putAll(config.streamsOverrides());
    return p;
  }
}
