package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.gateway.Gateway;
import dev.rivulet.gateway.GatewayConfig;
import dev.rivulet.server.testing.ActorKeys;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.ExactlyOnce;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.JvmProcess;
import dev.rivulet.server.testing.RivuletProcess;
import dev.rivulet.server.testing.SteadyLoad;
import dev.rivulet.server.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An engine's state directory deleted under it (a lost disk, an operator's mistake), the engine
 * then killed and started again on the empty directory: it rebuilds every store from Kafka, every
 * actor has the state it had (read through its actions, which run on the stores), and every
 * acknowledged action of the steady load around it was applied exactly once.
 */
class StateDirDeletedFaultIT {
  private static final int PARTITIONS = 4;
  private static final Duration SETTLE = Duration.ofSeconds(120);
  private static final List<Class<? extends ActorBase<?>>> ACTORS = Stream.concat(
      TestActors.ALL.stream(), ModelActors.ALL.stream()).toList();

  @Test
  void aDeletedStateDirectoryIsRebuiltWithTheSameState() throws Exception {
    String bootstrap = EmbeddedBroker.shared().bootstrapServers();
    String app = "statedeleted-" + Long.toHexString(System.nanoTime());
    Path dataDir = TempDirs.create("rivulet-deleted-state-");
    JvmProcess engine = engine(bootstrap, app, dataDir, "engine-before");
    Gateway gateway = Gateway.start(new GatewayConfig().bootstrapServers(bootstrap)
        .application(app).port(0).actionTimeout(Duration.ofSeconds(10)));
    String url = "http://127.0.0.1:" + gateway.port();
    HttpProbe http = new HttpProbe(url);
    List<String> keys = ActorKeys.spread("tally", "s", PARTITIONS, 2);
    try (SteadyLoad load = SteadyLoad.start(() -> url, "tally", keys, "add", "[1]",
        Duration.ofMillis(20))) {
      // Actors the load does not touch, with states of some shape: compared before and after.
      for (int i = 0; i < 12; i++) {
        http.action("clock", "c" + (i % 4), "remindIn", "[" + (100 + i) + ", \"n" + i + "\"]");
        http.action("tally", "still" + i, "add", "[" + (i * 7 + 1) + "]");
      }
      Await.until("the reminders to fire", SETTLE, () -> states(http).values().stream()
          .filter(JsonNode::isArray).mapToInt(JsonNode::size).sum() == 12);
      Map<String, JsonNode> before = states(http);
      load.awaitAnswers(keys, System.nanoTime(), 5, SETTLE);

      Path stateDir = dataDir.resolve("streams");
      long files = countFiles(stateDir);
      Directories.delete(stateDir); // the running engine may write new files meanwhile
      long deleted = System.nanoTime();
      // Whatever the engine makes of it meanwhile, it dies with it.
      Await.until("a few seconds without a state directory", SETTLE,
          () -> System.nanoTime() - deleted > Duration.ofSeconds(3).toNanos());
      engine.kill();
      long killed = System.nanoTime();
      // What it wrote after the deletion goes too: the engine starts on nothing.
      assertThat(Directories.delete(stateDir)).isZero();
      engine = engine(bootstrap, app, dataDir, "engine-after");
      double back = (load.everyAnsweringAgain(keys, killed, 5, SETTLE) - killed) / 1e9;

      assertThat(states(http)).isEqualTo(before);
      System.out.printf("state directory deleted (%d files) under the engine, the engine killed "
              + "and started again: every actor answered %.1f s after the kill, %d untouched "
              + "actors have the state they had%n", files, back, before.size());
      ExactlyOnce.verify("state directory deleted", load, keys, "tally", "add", "total", http,
          bootstrap, app);
      assertThat(countFiles(stateDir)).isPositive();
    } finally {
      gateway.close();
      engine.close();
    }
  }

  /** The untouched actors' states, read through their actions. */
  private static Map<String, JsonNode> states(HttpProbe http) {
    Map<String, JsonNode> states = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      states.put("clock/c" + i, http.action("clock", "c" + i, "fired", "[]").json()
          .path("output"));
    }
    for (int i = 0; i < 12; i++) {
      states.put("tally/still" + i, http.action("tally", "still" + i, "total", "[]").json()
          .path("output"));
    }
    return states;
  }

  private static long countFiles(Path dir) throws Exception {
    if (!Files.exists(dir)) return 0;
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).count();
    }
  }

  private static JvmProcess engine(String bootstrap, String app, Path dataDir, String name) {
    return RivuletProcess.engine(name, bootstrap, app, dataDir, ACTORS,
        "--partitions", String.valueOf(PARTITIONS));
  }
}
