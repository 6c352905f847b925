package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.gateway.Gateway;
import dev.rivulet.gateway.GatewayConfig;
import dev.rivulet.server.testing.ActorKeys;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.BrokerProcess;
import dev.rivulet.server.testing.ExactlyOnce;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.JvmProcess;
import dev.rivulet.server.testing.RivuletProcess;
import dev.rivulet.server.testing.SmallDisk;
import dev.rivulet.server.testing.SteadyLoad;
import dev.rivulet.server.testing.TempDirs;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A full disk, on the engine's state directory and on the broker's log directory, each a tmpfs of
 * its own filled to the last byte under a steady load, then given its space back: clients see only
 * timeouts and errors with stable codes, never a wrong answer; the process that hit the full disk
 * says so in its log ("No space left on device"); once there is room again everything answers, and
 * every acknowledged action was applied exactly once. Needs root to mount the tmpfs (CI runs as
 * root); skipped, saying why, where it cannot.
 */
class DiskFullFaultIT {
  private static final int PARTITIONS = 4;
  private static final Duration SETTLE = Duration.ofSeconds(120);
  private static final String NO_SPACE = "No space left on device";
  private static final List<Class<? extends ActorBase<?>>> ACTORS = Stream.concat(
      TestActors.ALL.stream(), FaultActors.ALL.stream()).toList();

  @BeforeAll
  static void needsMount() {
    String why = SmallDisk.unavailable();
    assumeTrue(why == null, () -> "no small disk to fill: " + why);
  }

  @Test
  void aFullStateDirectoryStallsTheEngineUntilThereIsRoomAgain() throws Exception {
    String bootstrap = EmbeddedBroker.shared().bootstrapServers();
    String app = "statefull-" + Long.toHexString(System.nanoTime());
    try (SmallDisk disk = SmallDisk.mount("rivulet-state-disk-", 128)) {
      JvmProcess engine = engine("full-state-engine", bootstrap, app, disk);
      Gateway gateway = gateway(bootstrap, app);
      String url = "http://127.0.0.1:" + gateway.port();
      HttpProbe http = new HttpProbe(url);
      List<String> keys = ActorKeys.spread("ballast", "b", PARTITIONS, 2);
      try (SteadyLoad load = SteadyLoad.start(() -> url, "ballast", keys, "add",
          "[1, 10000]", Duration.ofMillis(20))) {
        load.awaitAnswers(keys, System.nanoTime(), 5, SETTLE);
        long took = disk.fill();
        long full = System.nanoTime();
        // Full under the running engine for a while, then the engine killed and started again
        // on the full disk: opening its stores writes files, which cannot be.
        Await.until("five seconds with a full disk", SETTLE,
            () -> System.nanoTime() - full > Duration.ofSeconds(5).toNanos());
        boolean runningEngineNoticed = engine.printed(l -> l.contains(NO_SPACE));
        engine.kill();
        engine = RivuletProcess.startEngine("full-state-engine-2", bootstrap, app, disk.path(),
            ACTORS, "--partitions", String.valueOf(PARTITIONS));
        long restarted = System.nanoTime();
        String said = engine.awaitLine("the restarted engine to hit the full disk",
            l -> l.contains(NO_SPACE), SETTLE);
        double noticed = (System.nanoTime() - restarted) / 1e9;
        int answeredBefore = keys.stream().mapToInt(load::answered).sum();
        Await.until("five more seconds with a full disk", SETTLE,
            () -> System.nanoTime() - restarted > Duration.ofSeconds(5).toNanos());
        int answeredWhileFull = keys.stream().mapToInt(load::answered).sum() - answeredBefore;
        disk.release();
        long released = System.nanoTime();
        boolean exited = !engine.alive();
        if (exited) { // as its supervisor would, once there is room
          engine = RivuletProcess.engine("full-state-engine-3", bootstrap, app, disk.path(),
              ACTORS, "--partitions", String.valueOf(PARTITIONS));
        }
        double back = (load.everyAnsweringAgain(keys, released, 5, SETTLE) - released) / 1e9;
        System.out.printf("state directory full (%d MiB taken): the running engine %s; "
                + "restarted on the full disk it logged it after %.1f s (\"%s\") and %s; %d "
                + "answers in the 5 s after that; every actor answered %.1f s after the space "
                + "came back%n", took >> 20,
            runningEngineNoticed ? "logged it" : "wrote nothing to disk in 5 s", noticed,
            said.strip(), exited ? "exited (started again once there was room)"
                : "kept trying", answeredWhileFull, back);
        ExactlyOnce.verify("state directory full", load, keys, "ballast", "add", "total", http,
            bootstrap, app);
      } catch (Throwable failure) {
        engine.printTail(100, 200);
        throw failure;
      } finally {
        gateway.close();
        engine.close();
      }
    }
  }

  @Test
  void aFullBrokerLogDirectoryStopsTheBrokerWithoutLosingAnAcknowledgedAction()
      throws Exception {
    String app = "brokerfull-" + Long.toHexString(System.nanoTime());
    try (SmallDisk disk = SmallDisk.mount("rivulet-broker-disk-", 384);
        BrokerProcess broker = BrokerProcess.start(disk.path())) {
      String bootstrap = broker.bootstrapServers();
      JvmProcess engine = RivuletProcess.engine("engine-of-full-broker", bootstrap, app,
          TempDirs.create("rivulet-broker-full-engine-"), ACTORS,
          "--partitions", String.valueOf(PARTITIONS));
      Gateway gateway = gateway(bootstrap, app);
      String url = "http://127.0.0.1:" + gateway.port();
      HttpProbe http = new HttpProbe(url);
      List<String> keys = ActorKeys.spread("tally", "f", PARTITIONS, 2);
      JvmProcess firstBroker = broker.process(); // its output, once a restart replaced it
      try (SteadyLoad load = SteadyLoad.start(() -> url, "tally", keys, "add", "[1]",
          Duration.ofMillis(20))) {
        load.awaitAnswers(keys, System.nanoTime(), 5, SETTLE);
        long took = disk.fill();
        long full = System.nanoTime();
        JvmProcess brokerJvm = firstBroker;
        String said = brokerJvm.awaitLine("the broker to hit the full disk",
            l -> l.contains(NO_SPACE), SETTLE);
        double noticed = (System.nanoTime() - full) / 1e9;
        // Kafka takes a log directory that fails a write offline; with its only one gone, the
        // broker halts. Wait for that, or ten seconds.
        Await.until("the broker to halt, or ten seconds", SETTLE,
            () -> !brokerJvm.alive() || System.nanoTime() - full > Duration.ofSeconds(10).toNanos());
        boolean halted = !brokerJvm.alive();
        disk.release();
        long released = System.nanoTime();
        if (halted) broker.startAgain(); // as its supervisor would, once there is room
        double back = (load.everyAnsweringAgain(keys, released, 5, SETTLE) - released) / 1e9;
        System.out.printf("broker log directory full (%d MiB taken): the broker logged it %.1f s"
                + " later (\"%s\"), %s; every actor answered %.1f s after the space came "
                + "back%n", took >> 20, noticed, said.strip(),
            halted ? "halted and was started again" : "kept running", back);
        ExactlyOnce.verify("broker log directory full", load, keys, "tally", "add", "total", http,
            bootstrap, app);
        assertThat(engine.alive()).isTrue();
      } catch (Throwable failure) {
        engine.printTail(100, 200);
        if (firstBroker != broker.process()) firstBroker.printTail(50, 100);
        broker.process().printTail(50, 100);
        throw failure;
      } finally {
        gateway.close();
        engine.close();
      }
    }
  }

  private static JvmProcess engine(String name, String bootstrap, String app, SmallDisk disk) {
    return RivuletProcess.engine(name, bootstrap, app, disk.path(), ACTORS,
        "--partitions", String.valueOf(PARTITIONS));
  }

  private static Gateway gateway(String bootstrap, String app) {
    return Gateway.start(new GatewayConfig().bootstrapServers(bootstrap).application(app).port(0)
        .actionTimeout(Duration.ofSeconds(10)));
  }
}
