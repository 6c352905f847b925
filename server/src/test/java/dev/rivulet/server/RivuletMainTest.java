package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RivuletMainTest {
  @Test
  void everyOptionHasOneFlagAndTheEnvironmentVariableNamedAfterIt() {
    Set<String> flags = new HashSet<>();
    Set<String> envs = new HashSet<>();
    for (LauncherOptions.Option o : LauncherOptions.OPTIONS) {
      assertThat(flags.add(o.flag())).as(o.flag()).isTrue();
      assertThat(envs.add(o.env())).as(o.env()).isTrue();
      assertThat(o.env()).isEqualTo(
          "RIVULET_" + o.flag().substring(2).replace('-', '_').toUpperCase(Locale.ROOT));
      assertThat(LauncherOptions.usage()).contains(o.flag() + " VALUE").contains("env " + o.env());
    }
  }

  @Test
  void theDefaultsMakeAValidConfiguration() {
    Map<String, String> values = LauncherOptions.parse(new String[0], Map.of());
    ServerConfig config = RivuletMain.config(values);
    assertThat(config.role()).isEqualTo(ServerConfig.Role.ALL);
    assertThat(config.bootstrapServers()).isNull();
    assertThat(config.healthPort()).isEqualTo(-1);
    assertThat(config.engineConfig().stateDir()).isNull(); // RivuletServer puts it in the data dir
  }

  @Test
  void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheDefault() {
    Map<String, String> env = Map.of("RIVULET_ROLE", "engine", "RIVULET_PORT", "9000",
        "RIVULET_KAFKA", "kafka:9092", "RIVULET_HEALTH_PORT", "8090", "RIVULET_PARTITIONS", " ");
    Map<String, String> values = LauncherOptions.parse(new String[] {"--port", "9001",
        "--stream-threads=2"}, env);
    assertThat(values).containsEntry("--role", "engine").containsEntry("--port", "9001")
        .containsEntry("--stream-threads", "2").containsEntry("--partitions", "8")
        .containsEntry("--kafka", "kafka:9092");
    ServerConfig config = RivuletMain.config(values);
    assertThat(config.role()).isEqualTo(ServerConfig.Role.ENGINE);
    assertThat(config.bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(config.healthPort()).isEqualTo(8090);
  }

  @Test
  void theWarmUpIsOffByDefaultAndTakesACountOfCalls() {
    assertThat(RivuletMain.config(LauncherOptions.parse(new String[0], Map.of())).warmUpCalls())
        .isZero();
    assertThat(RivuletMain.config(LauncherOptions.parse(new String[] {"--warm-up", "10000"},
        Map.of())).warmUpCalls()).isEqualTo(10_000);
    assertThat(RivuletMain.config(LauncherOptions.parse(new String[0],
        Map.of("RIVULET_WARM_UP", "500"))).warmUpCalls()).isEqualTo(500);
    assertThatThrownBy(() -> RivuletMain.config(LauncherOptions.parse(
        new String[] {"--warm-up", "-1"}, Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 or more");
    assertThatThrownBy(() -> RivuletMain.config(LauncherOptions.parse(
        new String[] {"--warm-up", "many"}, Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--warm-up");
    assertThat(RivuletMain.config(LauncherOptions.parse(new String[0], Map.of())).warmUpLimit())
        .isEqualTo(ServerConfig.WARM_UP_LIMIT).isEqualTo(Duration.ofSeconds(60));
    assertThat(RivuletMain.config(LauncherOptions.parse(new String[] {"--warm-up-limit", "3m"},
        Map.of())).warmUpLimit()).isEqualTo(Duration.ofMinutes(3));
    assertThat(RivuletMain.config(LauncherOptions.parse(new String[0],
        Map.of("RIVULET_WARM_UP_LIMIT", "90s"))).warmUpLimit()).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> RivuletMain.config(LauncherOptions.parse(
        new String[] {"--warm-up-limit", "0s"}, Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> RivuletMain.config(LauncherOptions.parse(
        new String[] {"--warm-up-limit", "2h"}, Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1h");
    assertThatThrownBy(() -> RivuletMain.config(LauncherOptions.parse(
        new String[] {"--warm-up-limit", "soon"}, Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--warm-up-limit");
    ServerConfig named = RivuletMain.config(LauncherOptions.parse(new String[] {
        "--warm-up-calls", "counter.increment [1]; calculator.calculator.add [2, \"x\"];tally.total"},
        Map.of()));
    assertThat(named.warmUpCallList()).extracting(Object::toString).containsExactly(
        "counter.increment [1]", "calculator.calculator.add [2,\"x\"]", "tally.total []");
    assertThatThrownBy(() -> RivuletMain.config(LauncherOptions.parse(
        new String[] {"--warm-up-calls", "counter"}, Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TYPE.ACTION");
    assertThatThrownBy(() -> RivuletMain.config(LauncherOptions.parse(
        new String[] {"--warm-up-calls", "counter.increment {\"a\":1}"}, Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON array");
    // Read as the gateway reads a client's arguments: a number no decimal holds is refused here
    // as it would be there, not taken as Infinity.
    assertThatThrownBy(() -> RivuletMain.config(LauncherOptions.parse(
        new String[] {"--warm-up-calls", "counter.increment [1e99999999999]"}, Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON array")
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> RivuletMain.config(LauncherOptions.parse(
        new String[] {"--warm-up-calls", "counter.increment [1] [2]"}, Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON array");
  }

  @Test
  void theKafkaConfigFileGoesToTheEngineAndTheGateway() throws java.io.IOException {
    java.nio.file.Path file = dev.rivulet.server.testing.TempDirs.create("rivulet-kafka-config-")
        .resolve("kafka.properties");
    java.nio.file.Files.writeString(file, "security.protocol=SASL_SSL\n"
        + "sasl.mechanism=SCRAM-SHA-512\n# a comment\nssl.truststore.type=PEM\n");
    ServerConfig config = RivuletMain.config(LauncherOptions.parse(new String[0],
        Map.of("RIVULET_KAFKA", "broker:9093", "RIVULET_KAFKA_CONFIG", file.toString())));
    Map<String, Object> expected = Map.of("security.protocol", "SASL_SSL",
        "sasl.mechanism", "SCRAM-SHA-512", "ssl.truststore.type", "PEM");
    assertThat(config.engineConfig().kafkaProperties()).isEqualTo(expected);
    assertThat(config.gatewayConfig().kafkaProperties()).isEqualTo(expected);

    assertThatThrownBy(() -> RivuletMain.config(LauncherOptions.parse(
        new String[] {"--kafka-config", file.resolveSibling("missing.properties").toString()},
        Map.of()))).hasMessageStartingWith("--kafka-config: cannot read ")
        .hasMessageContaining("missing.properties");
  }

  @Test
  void durationsTakeUnitsOrIso8601() {
    assertThat(LauncherOptions.duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(LauncherOptions.duration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(LauncherOptions.duration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(LauncherOptions.duration("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(LauncherOptions.duration("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(LauncherOptions.duration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> LauncherOptions.duration("30")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badValuesNameTheOptionAndWhatItWants() {
    assertThatThrownBy(() -> RivuletMain.config(
        LauncherOptions.parse(new String[] {"--sleep-after", "soon"}, Map.of())))
        .hasMessage("--sleep-after must be a duration such as 500ms, 30s, 5m, 24h, 7d or PT30S, "
            + "got soon");
    assertThatThrownBy(() -> RivuletMain.config(
        LauncherOptions.parse(new String[0], Map.of("RIVULET_EXACTLY_ONCE", "yes"))))
        .hasMessage("--exactly-once must be true or false, got yes");
    assertThatThrownBy(() -> RivuletMain.config(
        LauncherOptions.parse(new String[] {"--standby-replicas", "-1"}, Map.of())))
        .hasMessage("standby replicas must be at least 0");
    assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--nope", "1"}, Map.of()))
        .hasMessage("unknown option --nope");
  }

  @Test
  void theAccessOptionsConfigureTheGatewayAndRefuseWhatCannotWork() {
    ServerConfig c = RivuletMain.config(LauncherOptions.parse(new String[] {"--admin-token", "t0k",
        "--admin-port", "9999", "--auth-jwt-secret", "0123456789abcdef0123456789abcdef",
        "--auth-jwt-issuer", "https://issuer.example", "--max-connections-per-address", "7",
        "--max-outgoing-buffer-bytes", "8589934592"}, Map.of()));
    assertThat(c.gatewayConfig().adminToken()).isEqualTo("t0k");
    assertThat(c.engineConfig().metricsToken()).as("the engine's metrics port").isEqualTo("t0k");
    assertThat(c.gatewayConfig().adminPort()).isEqualTo(9999);
    assertThat(c.gatewayConfig().adminOpen()).isFalse();
    assertThat(c.gatewayConfig().authenticator()).isNotNull();
    assertThat(c.gatewayConfig().maxConnectionsPerAddress()).isEqualTo(7);
    assertThat(c.gatewayConfig().maxOutgoingBufferBytes()).isEqualTo(8L << 30);
    assertThat(RivuletMain.config(LauncherOptions.parse(new String[0], Map.of())).gatewayConfig()
        .authenticator()).as("no authenticator by default").isNull();
    assertThatThrownBy(() -> RivuletMain.config(
        LauncherOptions.parse(new String[] {"--auth-jwt-issuer", "x"}, Map.of())))
        .hasMessageContaining("need --auth-jwt-secret or --auth-jwks-url");
    assertThatThrownBy(() -> RivuletMain.config(
        LauncherOptions.parse(new String[] {"--auth-jwt-secret", "short"}, Map.of())))
        .hasMessageContaining("at least 32 bytes");
  }

  @Test
  void trustedProxiesAreNoneByDefaultAndRangesOtherwise() {
    assertThat(RivuletMain.config(LauncherOptions.parse(new String[0], Map.of())).gatewayConfig()
        .trustedProxies()).isEmpty();
    assertThat(RivuletMain.config(LauncherOptions.parse(new String[0],
        Map.of("RIVULET_TRUSTED_PROXIES", "10.0.0.0/8, ::1"))).gatewayConfig().trustedProxies())
        .containsExactly("10.0.0.0/8", "::1");
    assertThatThrownBy(() -> RivuletMain.config(LauncherOptions.parse(
        new String[] {"--trusted-proxies", "10.0.0.0/8,lb.internal"}, Map.of())))
        .hasMessageContaining("--trusted-proxies: lb.internal is not an IP address");
  }
}
