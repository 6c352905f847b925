package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rivulet.server.testing.Docker;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TempDirs;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Rivulet in the shape docker-compose.yml runs, against a real Kafka broker in a container started
 * by Testcontainers: an engine-only process and a gateway-only process, then an action over HTTP.
 * The broker is the official {@code apache/kafka} image (the one the compose file names) where the
 * Docker engine has it, else the image {@code docker/setup.sh} builds from Kafka's jars, which
 * starts the same way. No image is pulled here, and Ryuk (Testcontainers' reaper, an image of its
 * own) is off (the build sets {@code TESTCONTAINERS_RYUK_DISABLED}): the container is stopped and
 * removed here. Skipped, saying why, without a Docker engine or a Kafka image.
 */
class KafkaContainerIT {
  /** The official broker image of the clients' version, the compose file's default. */
  static final String KAFKA_IMAGE = "apache/kafka:" + AppInfoParser.getVersion();

  /** Where Testcontainers' {@code KafkaContainer} puts the script that starts the broker. */
  private static final String START_SCRIPT = "/tmp/testcontainers_start.sh";

  static KafkaContainer kafka;
  static RivuletServer engine;
  static RivuletServer gateway;

  @BeforeAll
  static void start() throws IOException {
    String image = Docker.kafkaImage();
    String reason = Docker.unavailable(image);
    if (reason != null) System.out.println("KafkaContainerIT skipped: " + reason);
    assumeTrue(reason == null, () -> "KafkaContainerIT skipped: " + reason);
    kafka = new KafkaContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"))
        // As the embedded broker and the compose file: large actor records fit, no rebalance delay.
        .withEnv("KAFKA_MESSAGE_MAX_BYTES", String.valueOf(16 << 20))
        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
        .withEnv("KAFKA_ADD_PARTITIONS_TO_TXN_RETRY_BACKOFF_MS",
            EmbeddedBroker.LATENCY_SETTINGS.get("add.partitions.to.txn.retry.backoff.ms"))
        // Testcontainers' own command waits for its start script to exist, then executes it;
        // the script may still be being written then, and the container exits with 126 ("Text
        // file busy"; testcontainers-java issue 11682, seen once in CI). Wait for it to have
        // content and have sh read it rather than execute it; and try the start again if not.
        .withCommand("sh", "-c", "while [ ! -s " + START_SCRIPT + " ]; do sleep 0.1; done; "
            + "sh " + START_SCRIPT)
        .withStartupAttempts(3);
    kafka.start();
    System.out.println("KafkaContainerIT: broker " + image + " at " + kafka.getBootstrapServers());

    Path dataDir = TempDirs.create("rivulet-container-it-");
    String app = "container-" + Long.toHexString(System.nanoTime());
    engine = RivuletServer.start(new ServerConfig()
        .role(ServerConfig.Role.ENGINE)
        .bootstrapServers(kafka.getBootstrapServers())
        .application(app)
        .dataDir(dataDir)
        .healthPort(0)
        .gateway(g -> g.port(0))
        .engine(e -> e.partitions(4))
        .actors(TestActors.ALL));
    gateway = RivuletServer.start(new ServerConfig()
        .role(ServerConfig.Role.GATEWAY)
        .bootstrapServers(kafka.getBootstrapServers())
        .application(app)
        .gateway(g -> g.port(0)));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (engine != null) engine.close();
    if (kafka != null) kafka.stop(); // removes the container and its volumes
  }

  @Test
  void anActionGoesThroughTheGatewayAndTheEngineOnTheContainersBroker() {
    HttpProbe http = new HttpProbe(gateway.url());
    assertThat(http.action("tally", "boxed", "add", "[5]").text()).isEqualTo("{\"output\":5}");
    assertThat(http.action("tally", "boxed", "add", "[5]").text()).isEqualTo("{\"output\":10}");
    assertThat(http.action("tally", "boxed", "total", "[]").text()).isEqualTo("{\"output\":10}");
    assertThat(engine.embeddedBroker()).isFalse();
    assertThat(engine.gateway()).isNull();
    assertThat(gateway.engine()).isNull();

    HttpProbe health = new HttpProbe("http://127.0.0.1:" + engine.healthPort());
    assertThat(health.get("/health").status()).isEqualTo(200);
    assertThat(health.get("/health").text())
        .isEqualTo("{\"status\":\"ok\",\"role\":\"engine\",\"engine\":\"running\"}");
  }
}
