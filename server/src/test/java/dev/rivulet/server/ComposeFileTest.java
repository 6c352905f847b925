package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository's docker-compose.yml against the launcher: every RIVULET_* variable it sets is
 * one the launcher reads, with a value the launcher takes, and the services fit together (one
 * application, the broker's in-network listener, engines with their own volumes and health port,
 * gateways on 8080 and 8081). {@code docker-compose config} checks the file's syntax in CI.
 */
class ComposeFileTest {
  private static final Path FILE = Path.of("..", "docker-compose.yml");
  private static final Pattern PUBLISHED =
      Pattern.compile("127\\.0\\.0\\.1:\\$\\{([A-Z0-9_]+):-(\\d+)}:(\\d+)");
  private static Map<String, Object> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void read() throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(FILE));
    services = (Map<String, Object>) compose.get("services");
  }

  @Test
  void everyRivuletVariableIsOneTheLauncherReadsWithAValueItTakes() {
    Set<String> known = LauncherOptions.OPTIONS.stream().map(LauncherOptions.Option::env)
        .collect(Collectors.toSet());
    for (String name : rivuletServices()) {
      Map<String, String> env = environment(name);
      assertThat(env.keySet()).as(name).isNotEmpty();
      for (String var : env.keySet()) {
        assertThat(known).as(name + " sets " + var).contains(var);
      }
      ServerConfig config = RivuletMain.config(LauncherOptions.parse(new String[0], env));
      assertThat(config.bootstrapServers()).as(name + " uses the compose broker").isNotNull();
    }
  }

  @Test
  void enginesAndGatewaysFormOneApplicationOnTheBrokersInternalListener() {
    String advertised = environment("kafka").get("KAFKA_ADVERTISED_LISTENERS");
    Map<String, String> roles = new HashMap<>();
    Set<String> apps = new HashSet<>();
    for (String name : rivuletServices()) {
      Map<String, String> env = environment(name);
      roles.put(name, env.get("RIVULET_ROLE"));
      apps.add(env.getOrDefault("RIVULET_APP", "rivulet"));
      assertThat(advertised).as(name + "'s RIVULET_KAFKA is an advertised listener")
          .contains("PLAINTEXT://" + env.get("RIVULET_KAFKA"));
      assertThat(dependsOn(name)).as(name).contains("kafka");
    }
    assertThat(apps).hasSize(1);
    assertThat(roles.values().stream().filter("engine"::equals).count()).isEqualTo(2);
    assertThat(roles.values().stream().filter("gateway"::equals).count()).isEqualTo(2);
  }

  @Test
  void theBrokerHasTheEmbeddedBrokersLatencySettings() {
    Map<String, String> kafka = environment("kafka");
    EmbeddedBroker.LATENCY_SETTINGS.forEach((setting, value) ->
        assertThat(kafka.get("KAFKA_" + setting.toUpperCase(java.util.Locale.ROOT)
            .replace('.', '_'))).as(setting).isEqualTo(value));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theBrokerIsTheImageKafkaContainerItTestsAgainst() {
    // ${KAFKA_IMAGE:-apache/kafka:<version>}: the official image unless KAFKA_IMAGE says otherwise.
    assertThat(((Map<String, Object>) services.get("kafka")).get("image"))
        .isEqualTo("${KAFKA_IMAGE:-" + KafkaContainerIT.KAFKA_IMAGE + "}");
    // The one-shot service that creates the examples' topics runs Kafka's tools from the same
    // image (where no registry is reachable, the local one KAFKA_IMAGE names).
    assertThat(((Map<String, Object>) services.get("topics")).get("image"))
        .isEqualTo(((Map<String, Object>) services.get("kafka")).get("image"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void enginesKeepTheirStateInTheirOwnVolumeAndAnswerTheirHealthCheck() {
    Set<String> volumes = new HashSet<>();
    for (String name : servicesWithRole("engine")) {
      Map<String, Object> service = (Map<String, Object>) services.get(name);
      List<String> mounts = (List<String>) service.get("volumes");
      assertThat(mounts).as(name).hasSize(1);
      assertThat(mounts.get(0)).as(name).endsWith(":/var/lib/rivulet");
      assertThat(volumes.add(mounts.get(0))).as(name + " has its own volume").isTrue();
      String port = environment(name).get("RIVULET_HEALTH_PORT");
      assertThat(port).as(name).isNotNull();
      assertThat(healthCheck(name)).contains("/dev/tcp/127.0.0.1/" + port + " ");
      // The topics of others the examples read and write exist before an engine starts.
      assertThat(dependsOn(name)).as(name).contains("topics");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void gatewaysStartAfterTheEnginesAndServe8080And8081() {
    Set<String> hostPorts = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (String name : servicesWithRole("gateway")) {
      Map<String, String> env = environment(name);
      String port = env.getOrDefault("RIVULET_PORT", "8080");
      List<String> ports = (List<String>) ((Map<String, Object>) services.get(name)).get("ports");
      assertThat(ports).as(name).hasSize(1);
      // 127.0.0.1:${GATEWAY_n_PORT:-<default>}:<port>: on the loopback interface, overridable.
      Matcher m = PUBLISHED.matcher(ports.get(0));
      assertThat(m.matches()).as(name + " publishes " + ports.get(0)).isTrue();
      assertThat(m.group(3)).as(name).isEqualTo(port);
      hostPorts.add(m.group(2));
      assertThat(healthCheck(name)).contains("/dev/tcp/127.0.0.1/" + port + " ");
      assertThat(dependsOn(name)).as(name).containsAll(servicesWithRole("engine"));
      if (env.containsKey("RIVULET_GATEWAY_ID")) {
        assertThat(ids.add(env.get("RIVULET_GATEWAY_ID"))).as(name + "'s id is its own").isTrue();
      }
    }
    assertThat(hostPorts).containsExactlyInAnyOrder("8080", "8081");
  }

  @Test
  @SuppressWarnings("unchecked")
  void gatewaysServeTheAdminApiOnAPortNoServicePublishes() {
    for (String name : servicesWithRole("gateway")) {
      Map<String, String> env = environment(name);
      String admin = env.get("RIVULET_ADMIN_PORT");
      assertThat(admin).as(name + " has an admin port").isNotNull()
          .isNotEqualTo(env.getOrDefault("RIVULET_PORT", "8080"));
      assertThat(env.get("RIVULET_ADMIN_HOST")).as(name).isEqualTo("0.0.0.0");
      assertThat(env).as(name + " is no development gateway").doesNotContainKey("RIVULET_ADMIN_OPEN");
      for (Object service : services.values()) {
        List<String> ports = (List<String>) ((Map<String, Object>) service).get("ports");
        if (ports == null) continue;
        for (String port : ports) assertThat(port).as(name).doesNotEndWith(":" + admin);
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theClusterFileMakesThreeBrokersWithThreeCopiesAndTwoInSync() throws IOException {
    Map<String, Object> cluster = (Map<String, Object>) ((Map<String, Object>) new Yaml()
        .load(Files.readString(Path.of("..", "docker-compose.cluster.yml")))).get("services");
    List<String> brokers = List.of("kafka", "kafka-2", "kafka-3");
    Set<String> nodeIds = new HashSet<>();
    for (String broker : brokers) {
      Map<String, String> env = new LinkedHashMap<>();
      ((Map<String, Object>) ((Map<String, Object>) cluster.get(broker)).get("environment"))
          .forEach((k, v) -> env.put(k, String.valueOf(v)));
      nodeIds.add(env.get("KAFKA_NODE_ID"));
      assertThat(env).as(broker)
          .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093")
          .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
          .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
          .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
          .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
          .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
          .containsEntry("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false");
      // Every setting of the single broker is the cluster's too, unless the cluster changes it.
      environment("kafka").keySet().forEach(k -> assertThat(env).as(broker).containsKey(k));
    }
    assertThat(nodeIds).containsExactlyInAnyOrder("1", "2", "3");
    for (String name : rivuletServices()) {
      Map<String, Object> env =
          (Map<String, Object>) ((Map<String, Object>) cluster.get(name)).get("environment");
      assertThat(env).as(name).containsEntry("RIVULET_KAFKA",
          "kafka:9092,kafka-2:9092,kafka-3:9092").containsEntry("RIVULET_REPLICATION", "3");
      Object deps = ((Map<String, Object>) cluster.get(name)).get("depends_on");
      assertThat(((Map<String, Object>) deps).keySet()).as(name).containsAll(brokers);
    }
  }

  /** The services running the Rivulet image. */
  @SuppressWarnings("unchecked")
  private static List<String> rivuletServices() {
    List<String> names = services.entrySet().stream()
        .filter(e -> String.valueOf(((Map<String, Object>) e.getValue()).get("image"))
            .contains("rivulet"))
        .map(Map.Entry::getKey).toList();
    assertThat(names).hasSize(4);
    return names;
  }

  private static List<String> servicesWithRole(String role) {
    return rivuletServices().stream()
        .filter(n -> role.equals(environment(n).get("RIVULET_ROLE"))).toList();
  }

  /** A service's environment, its YAML merge keys applied, every value as a string. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> environment(String service) {
    Map<String, Object> env =
        (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("environment");
    Map<String, String> strings = new LinkedHashMap<>();
    env.forEach((k, v) -> strings.put(k, String.valueOf(v)));
    return strings;
  }

  @SuppressWarnings("unchecked")
  private static Set<String> dependsOn(String service) {
    Object deps = ((Map<String, Object>) services.get(service)).get("depends_on");
    return deps instanceof Map<?, ?> m ? (Set<String>) m.keySet() : Set.copyOf((List<String>) deps);
  }

  @SuppressWarnings("unchecked")
  private static String healthCheck(String service) {
    Map<String, Object> check =
        (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("healthcheck");
    return String.join(" ", (List<String>) check.get("test"));
  }
}
