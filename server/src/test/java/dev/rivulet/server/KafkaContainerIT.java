package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Rivulet in the shape docker-compose.yml runs, against a real Kafka broker in a container (the
 * official {@code apache/kafka} image, the one the compose file names): an engine-only process and
 * a gateway-only process, then an action over HTTP. Runs where a Docker engine is; skipped (not
 * failed) where none is, saying why on the console and in the test report.
 */
@EnabledIf(value = "dockerAvailable",
    disabledReason = "no Docker engine here: Kafka in a container is not tried")
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT {
  /** The broker image, the same as docker-compose.yml's (ComposeFileTest checks it). */
  static final String KAFKA_IMAGE = "apache/kafka:4.3.1";

  @Container
  static final KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
      // As the embedded broker and the compose file: large actor records fit, no rebalance delay.
      .withEnv("KAFKA_MESSAGE_MAX_BYTES", String.valueOf(16 << 20))
      .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
      .withEnv("KAFKA_ADD_PARTITIONS_TO_TXN_RETRY_BACKOFF_MS",
          EmbeddedBroker.LATENCY_SETTINGS.get("add.partitions.to.txn.retry.backoff.ms"));

  static RivuletServer engine;
  static RivuletServer gateway;
  static Path dataDir;

  /** Whether Testcontainers finds a Docker engine; says so on the console when it does not. */
  static boolean dockerAvailable() {
    if (DockerClientFactory.instance().isDockerAvailable()) return true;
    String host = System.getenv("DOCKER_HOST");
    System.out.printf("KafkaContainerIT skipped: no Docker engine (DOCKER_HOST %s, %s %s)%n",
        host == null ? "unset" : "=" + host, "/var/run/docker.sock",
        Files.exists(Path.of("/var/run/docker.sock")) ? "present but not answering" : "absent");
    return false;
  }

  @BeforeAll
  static void start() throws IOException {
    dataDir = TempDirs.create("rivulet-container-it-");
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
