package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TempDirs;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsContext;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.junit.jupiter.api.Test;

/**
 * Kafka client settings given once ({@code --kafka-config}, {@code ServerConfig.kafkaProperty})
 * reach every Kafka client Rivulet creates: the engine's admin client and producers, Kafka Streams
 * and the clients it makes, the effects' consumer and producer, the gateway's producer and
 * consumers. The settings carry a metrics reporter of this test, which each client instantiates
 * and configures with the settings it was given; every Kafka client that appeared in this JVM
 * (Kafka registers each in JMX) must have reported with them.
 */
class KafkaClientSettingsIT {
  /** What a client told its reporter: the kind of client, its id, the settings asked about. */
  record Seen(String namespace, String clientId, Object securityProtocol, Object saslMechanism) {}

  static final Queue<Seen> SEEN = new ConcurrentLinkedQueue<>();

  /** Kafka instantiates one per client; it records the client once its metrics are set up. */
  public static final class Recorder implements MetricsReporter {
    private Map<String, ?> configs = Map.of();

    @Override
    public void configure(Map<String, ?> configs) {
      this.configs = new java.util.HashMap<>(configs); // values may be null
    }

    @Override
    public void contextChange(MetricsContext context) {
      SEEN.add(new Seen(context.contextLabels().get(MetricsContext.NAMESPACE),
          String.valueOf(configs.get("client.id")), configs.get("security.protocol"),
          configs.get("sasl.mechanism")));
    }

    @Override
    public void init(List<KafkaMetric> metrics) {}

    @Override
    public void metricChange(KafkaMetric metric) {}

    @Override
    public void metricRemoval(KafkaMetric metric) {}

    @Override
    public void close() {}
  }

  @Test
  void theLaunchersKafkaConfigReachesEveryClient() throws Exception {
    // As a user would give it: a properties file named by --kafka-config. PLAINTEXT (the
    // embedded broker's) with a SASL mechanism that PLAINTEXT ignores: settings every client
    // accepts here, whose presence says they arrived.
    Path file = TempDirs.create("rivulet-kafka-config-").resolve("kafka.properties");
    Files.writeString(file, String.join("\n",
        "security.protocol=PLAINTEXT",
        "sasl.mechanism=PLAIN",
        "metric.reporters=" + Recorder.class.getName(), ""));
    Map<String, String> values = LauncherOptions.parse(new String[] {
        "--kafka", EmbeddedBroker.shared().bootstrapServers(), "--kafka-config", file.toString(),
        "--app", "settings-" + Long.toHexString(System.nanoTime()), "--port", "0",
        "--data-dir", TempDirs.create("rivulet-settings-").toString(), "--partitions", "2"},
        Map.of());
    ServerConfig config = RivuletMain.config(values)
        .actors(TestActors.ALL)
        .effect("echo", call -> call.args()); // so the engine makes the effects' clients

    Set<String> before = kafkaClients();
    SEEN.clear();
    try (RivuletServer server = RivuletServer.start(config)) {
      assertThat(new HttpProbe(server.url()).action("tally", "settings", "add", "[1]").status())
          .isEqualTo(200);
      Set<String> created = new TreeSet<>(kafkaClients());
      created.removeAll(before);
      Set<String> reported = SEEN.stream().map(s -> s.namespace() + ":" + s.clientId())
          .collect(Collectors.toCollection(TreeSet::new));
      System.out.printf("Kafka clients created: %s%nreported with the settings: %s%n", created,
          reported);
      assertThat(reported).containsAll(created);
      assertThat(SEEN).allSatisfy(s -> {
        assertThat(s.securityProtocol()).as(s.clientId()).isEqualTo("PLAINTEXT");
        assertThat(s.saslMechanism()).as(s.clientId()).isEqualTo("PLAIN");
      });
      Map<String, Long> kinds = SEEN.stream()
          .collect(Collectors.groupingBy(Seen::namespace, Collectors.counting()));
      // Engine: setup admin, Streams' admin; registry, Streams' and effects' producers; Streams'
      // main and restore consumers, the effects' consumer; Streams itself. Gateway: the inbox
      // producer, the outbox and journal consumers.
      assertThat(kinds.get("kafka.admin.client")).isGreaterThanOrEqualTo(2);
      assertThat(kinds.get("kafka.producer")).isGreaterThanOrEqualTo(4);
      assertThat(kinds.get("kafka.consumer")).isGreaterThanOrEqualTo(5);
      assertThat(kinds.get("kafka.streams")).isGreaterThanOrEqualTo(1);
      assertThat(reported).anyMatch(c -> c.startsWith("kafka.producer:rivulet-gateway-"));
    }
  }

  /** Every Kafka producer, consumer and admin client of this JVM, as {@code namespace:id}. */
  private static Set<String> kafkaClients() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Set<String> clients = new TreeSet<>();
    for (String namespace : List.of("kafka.producer", "kafka.consumer", "kafka.admin.client")) {
      for (ObjectName name : server.queryNames(new ObjectName(namespace + ":type=app-info,*"),
          null)) {
        clients.add(namespace + ":" + name.getKeyProperty("id"));
      }
    }
    return clients;
  }
}
