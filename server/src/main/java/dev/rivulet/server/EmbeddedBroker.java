package dev.rivulet.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running inside this JVM,
 * with its data in a directory of your choice. The directory is formatted on first use only, so a
 * broker started again on the same directory has every topic and record it had.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.start(Path.of("data"), 9092)) {
 *   String bootstrap = broker.bootstrapServers(); // 127.0.0.1:9092
 * }
 * }</pre>
 *
 * <p>It listens on loopback only and is tuned for one node: replication factors and min ISR of 1,
 * one partition for the offsets and transaction topics, no delay before the first group
 * rebalance, no automatic topic creation.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
  private static EmbeddedBroker shared;

  private final KafkaRaftServer server;
  private final int port;
  private final Path dataDir;
  private final boolean deleteOnClose;

  private EmbeddedBroker(KafkaRaftServer server, int port, Path dataDir, boolean deleteOnClose) {
    this.server = server;
    this.port = port;
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
  }

  /**
   * Starts a broker on {@code port} (0 for a free one) with its data under {@code dataDir}; returns
   * once it accepts clients.
   */
  public static EmbeddedBroker start(Path dataDir, int port) {
    return start(dataDir, port, false);
  }

  /**
   * The broker shared by everything in this JVM that asks for it, started on first use in a
   * temporary directory and stopped when the JVM exits. Tests use it so that one JVM starts one
   * broker, whatever the number of test classes.
   */
  public static synchronized EmbeddedBroker shared() {
    if (shared == null) {
      try {
        shared = start(Files.createTempDirectory("rivulet-broker-"), 0, true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedBroker broker = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "rivulet-broker-stop"));
    }
    return shared;
  }

  private static EmbeddedBroker start(Path dataDir, int port, boolean deleteOnClose) {
    try {
      Path logDir = dataDir.resolve("kafka").toAbsolutePath();
      Files.createDirectories(logDir);
      int clientPort = port == 0 ? freePort() : port;
      int controllerPort = freePort();
      KafkaConfig config = KafkaConfig.fromProps(properties(logDir, clientPort, controllerPort));
      if (!Files.exists(logDir.resolve("meta.properties"))) format(logDir);
      KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
      long started = System.nanoTime();
      server.startup();
      log.info("embedded Kafka broker listening on 127.0.0.1:{} (data in {}, started in {} ms)",
          clientPort, logDir, (System.nanoTime() - started) / 1_000_000);
      return new EmbeddedBroker(server, clientPort, dataDir, deleteOnClose);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded broker in " + dataDir, e);
    }
  }

  /**
   * Creates those of {@code topics} the broker does not have, with {@code partitions} partitions
   * each; returns the ones it created. For the topics of others an application reads and writes
   * (its subscribed and output topics), which Rivulet creates only on its own embedded broker.
   */
  public List<String> createMissing(Collection<String> topics, int partitions) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers()))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : new TreeSet<>(topics)) {
        if (!existing.contains(topic)) missing.add(new NewTopic(topic, partitions, (short) 1));
      }
      if (!missing.isEmpty()) admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      return missing.stream().map(NewTopic::name).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics " + topics + " on the embedded "
          + "broker: " + e.getMessage(), e);
    }
  }

  /** {@code 127.0.0.1:<port>}, for clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The directory holding the broker's data. */
  public Path dataDir() {
    return dataDir;
  }

  /** Stops the broker; its data stays unless it is the temporary {@link #shared()} one. */
  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    if (deleteOnClose && Directories.delete(dataDir) > 0) {
      log.debug("could not delete all of {}", dataDir);
    }
  }

  private static Properties properties(Path logDir, int clientPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners",
        "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("metadata.log.dir", logDir.toString());
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("message.max.bytes", String.valueOf(16 << 20));
    p.put("replica.fetch.max.bytes", String.valueOf(16 << 20));
    p.putAll(LATENCY_SETTINGS);
    return p;
  }

  /**
   * Broker settings Rivulet's latency depends on, set here and in docker-compose.yml, and
   * recommended in docs/operations.md for other brokers.
   *
   * <p>{@code add.partitions.to.txn.retry.backoff.ms}: under exactly-once, the engine's first
   * write after a commit often reaches a partition whose previous transaction's markers are still
   * being written; the broker refuses it and retries after this backoff. At Kafka's default
   * (20 ms) the action right after each commit waited ~20 ms: p99 25 ms for sequential actions,
   * 7.7 ms with 1 ms.
   */
  static final Map<String, String> LATENCY_SETTINGS =
      Map.of("add.partitions.to.txn.retry.backoff.ms", "1");

  private static void format(Path logDir) {
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName("CONTROLLER")
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the broker's data directory " + logDir, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
