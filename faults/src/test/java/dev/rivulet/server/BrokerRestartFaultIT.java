package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.gateway.Gateway;
import dev.rivulet.gateway.GatewayConfig;
import dev.rivulet.server.testing.ActorKeys;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.BrokerProcess;
import dev.rivulet.server.testing.ExactlyOnce;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.JvmProcess;
import dev.rivulet.server.testing.RivuletProcess;
import dev.rivulet.server.testing.SteadyLoad;
import dev.rivulet.server.testing.TempDirs;
import dev.rivulet.server.testing.WsProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The broker (its own JVM, on its own data directory) killed outright ({@code kill -9}) under a
 * steady load and started again, then stopped cleanly and started again: clients see delays and
 * errors with stable codes while it is away, never a wrong answer; the engine (its own JVM) and
 * the gateway carry on by themselves once it is back, the gateway's WebSocket keeps delivering
 * events (the engine did not take the broker's absence for the gateway's: {@code
 * LivenessWitness}), and every acknowledged action was applied exactly once.
 */
class BrokerRestartFaultIT {
  private static final int PARTITIONS = 4;
  private static final Duration SETTLE = Duration.ofSeconds(120);
  private static final Duration DOWN = Duration.ofSeconds(3);

  @Test
  void theBrokerRestartedUnderLoadCostsDelaysNeverAWrongResult() throws Exception {
    String app = "brokerrestart-" + Long.toHexString(System.nanoTime());
    try (BrokerProcess broker = BrokerProcess.start(TempDirs.create("rivulet-restarted-broker-"))) {
      String bootstrap = broker.bootstrapServers();
      JvmProcess engine = RivuletProcess.engine("engine-of-restarted-broker", bootstrap, app,
          TempDirs.create("rivulet-broker-restart-engine-"), TestActors.ALL,
          "--partitions", String.valueOf(PARTITIONS));
      Gateway gateway = Gateway.start(new GatewayConfig().bootstrapServers(bootstrap)
          .application(app).port(0).actionTimeout(Duration.ofSeconds(10)));
      String url = "http://127.0.0.1:" + gateway.port();
      HttpProbe http = new HttpProbe(url);
      List<String> keys = ActorKeys.spread("tally", "r", PARTITIONS, 2);
      String watched = keys.get(0);
      List<String> outages = new ArrayList<>();
      try (SteadyLoad load = SteadyLoad.start(() -> url, "tally", keys, "add", "[1]",
              Duration.ofMillis(20));
          WsProbe events = WsProbe.connect(url.replace("http", "ws") + "/api/actors/tally/"
              + watched + "/connect")) {
        events.awaitTag("Init");
        events.subscribe("changed");
        load.awaitAnswers(keys, System.nanoTime(), 5, SETTLE);
        for (boolean kill : new boolean[] {true, false}) {
          long countBefore = load.answered(watched);
          long stopped = System.nanoTime();
          if (kill) broker.kill();
          else broker.process().stop();
          Await.until("the broker to stay away a while", SETTLE,
              () -> System.nanoTime() - stopped > DOWN.toNanos());
          broker.startAgain();
          long back = System.nanoTime();
          long answering = load.everyAnsweringAgain(keys, back, 5, SETTLE);
          String outage = String.format("%s: away %.1f s (start included), every actor "
                  + "answered %.1f s after it served again, the longest wait for an answer %.1f s",
              kill ? "kill -9" : "clean stop", (back - stopped) / 1e9, (answering - back) / 1e9,
              load.longestWaitMillis(keys, stopped, answering) / 1e3);
          outages.add(outage);
          System.out.println("broker restart, " + outage);
          long after = countBefore + 1;
          events.await(f -> f.path("body").path("tag").asText().equals("Event")
              && f.path("body").path("val").path("args").path(0).asLong() > after, SETTLE);
        }
        ExactlyOnce.verify("broker restarts under load", load, keys, "tally", "add", "total",
            http, bootstrap, app);
        assertThat(engine.alive()).isTrue();
      } catch (Throwable failure) {
        engine.printTail(100, 200); // its log file does not outlive a CI run
        throw failure;
      } finally {
        gateway.close();
        engine.close();
      }
    }
  }
}
