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
import dev.rivulet.server.testing.TopicReader;
import dev.rivulet.server.testing.WsProbe;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine killed outright ({@code kill -9}, its own JVM) under a steady load, twice, and
 * started again on its state directory each time: every acknowledged action is applied exactly
 * once (a Jepsen-style check of the clients' history against the state and the journal, which
 * has no gap and no duplicate), the schedules due during the outage fire, once each, the
 * connections held by the gateway carry on (events after the restart, calls, their connection
 * state), and, with transactional state stores, the restarted engine restores no store from
 * scratch.
 */
class EngineCrashFaultIT {
  private static final int PARTITIONS = 4;
  private static final Duration PACE = Duration.ofMillis(20);
  private static final Duration SETTLE = Duration.ofSeconds(90);
  private static final List<Class<? extends ActorBase<?>>> ACTORS = Stream.concat(
      TestActors.ALL.stream(), ModelActors.ALL.stream()).toList();
  /**
   * What a stream thread logs (WARN) as it wipes tasks' stores to restore them from scratch. (Not
   * Kafka Streams 4.4's warning at start-up that a store "did not find checkpoint offsets": that
   * one ignores transactional stores and wipes nothing, decision 13.)
   */
  private static final String WIPED = "are corrupted. Will close the task as dirty";

  @Test
  void everyAcknowledgedActionAppliesOnceAcrossTwoKills() throws Exception {
    String bootstrap = EmbeddedBroker.shared().bootstrapServers();
    String app = "enginecrash-" + Long.toHexString(System.nanoTime());
    Path dataDir = TempDirs.create("rivulet-crash-engine-");
    JvmProcess engine = start(bootstrap, app, dataDir, "engine-1");
    Gateway gateway = Gateway.start(
        new GatewayConfig().bootstrapServers(bootstrap).application(app).port(0));
    String url = "http://127.0.0.1:" + gateway.port();
    HttpProbe http = new HttpProbe(url);
    List<String> keys = ActorKeys.spread("tally", "k", PARTITIONS, 2);
    String watched = keys.get(0);
    String params = URLEncoder.encode("{\"user\":\"ada\",\"token\":\"secret\"}",
        StandardCharsets.UTF_8).replace("+", "%20");
    List<Double> recoveries = new ArrayList<>();
    try (SteadyLoad load = SteadyLoad.start(() -> url, "tally", keys, "add", "[1]", PACE);
        WsProbe events = WsProbe.connect(url.replace("http", "ws") + "/api/actors/tally/"
            + watched + "/connect");
        WsProbe member = WsProbe.connect(url.replace("http", "ws")
            + "/api/actors/lobby/crash/connect", "rivet", "rivet_encoding.json",
            "rivet_conn_params." + params)) {
      events.awaitTag("Init");
      events.subscribe("changed");
      member.awaitTag("Init");
      awaitProgress(load, keys, System.nanoTime());

      // Reminders due while the engine is down or restarting, and later.
      Map<String, String> reminders = new HashMap<>(); // id -> note
      for (int i = 0; i < 6; i++) {
        String note = "r" + i;
        reminders.put(http.action("clock", "crash", "remindIn", "[" + (500 + 1_500 * i) + ", \""
            + note + "\"]").json().path("output").asText(), note);
      }

      for (int kill = 1; kill <= 2; kill++) {
        long countAtKill = load.answered(watched);
        engine.kill(); // SIGKILL: an open transaction, nothing flushed, no goodbye
        long killed = System.nanoTime();
        engine = start(bootstrap, app, dataDir, "engine-" + (kill + 1));
        long started = System.nanoTime();
        Await.until("every actor to answer after kill " + kill, SETTLE,
            () -> keys.stream().allMatch(k -> load.firstAnsweredAfter(k, killed) > 0));
        long lastBack = keys.stream().mapToLong(k -> load.firstAnsweredAfter(k, killed)).max()
            .orElseThrow();
        recoveries.add((lastBack - killed) / 1e9);
        System.out.printf("engine kill %d: the new engine process ran %.1f s after the kill; "
                + "every actor answered again %.1f s after it%n", kill, (started - killed) / 1e9,
            (lastBack - killed) / 1e9);
        // The connection held by the gateway gets the new engine's events.
        long after = countAtKill + 1;
        events.await(f -> f.path("body").path("tag").asText().equals("Event")
            && f.path("body").path("val").path("args").path(0).asLong() > after, SETTLE);
        // Its connection state survived: the call sees who is calling.
        member.action(kill, "whoAmI", "[]");
        int id = kill;
        JsonNode who = member.await(f -> f.path("body").path("tag").asText()
            .equals("ActionResponse") && f.at("/body/val/id/1").asText().equals(
                String.valueOf(id)), SETTLE);
        assertThat(who.at("/body/val/output").asText()).isEqualTo("ada");
        // With transactional stores, nothing on disk is uncommitted: no store is wiped.
        assertThat(engine.lines(l -> l.contains(WIPED))).as("the restarted engine's log, "
            + engine.log()).isEmpty();
        awaitProgress(load, keys, System.nanoTime());
      }

      Await.until("every reminder to fire", SETTLE, () -> http.action("clock", "crash", "fired",
          "[]").json().path("output").size() >= reminders.size());
      load.close();

      List<TopicReader.Rec> journal =
          TopicReader.readToEnd(bootstrap, app + ".journal", SETTLE);
      ExactlyOnce.Report report = ExactlyOnce.check(load, keys, "tally", "add",
          k -> http.action("tally", k, "total", "[]").json().path("output").asLong(), journal);
      System.out.printf("engine kill -9 twice under load: %s; %d retried attempts %s; "
              + "recovered in %s s%n", report, load.failures(), load.failureKinds(),
          recoveries);
      assertThat(report.ok()).as(report.toString()).isTrue();
      assertThat(report.acknowledged()).isGreaterThan(keys.size() * 10);

      // Each reminder fired once, journaled once.
      JsonNode fired = http.action("clock", "crash", "fired", "[]").json().path("output");
      assertThat(fired).hasSize(reminders.size());
      List<String> notes = new ArrayList<>();
      fired.forEach(f -> notes.add(f.path("note").asText()));
      assertThat(notes).containsExactlyInAnyOrderElementsOf(reminders.values());
      List<String> fires = journal.stream().filter(r -> r.key().equals("clock/crash"))
          .map(TopicReader.Rec::value).filter(v -> v.path("kind").asText().equals("fire"))
          .map(v -> v.path("request").path("scheduleId").asText()).toList();
      assertThat(fires).containsExactlyInAnyOrderElementsOf(reminders.keySet());
    } finally {
      gateway.close();
      engine.close();
    }
  }

  private static JvmProcess start(String bootstrap, String app, Path dataDir, String name) {
    return RivuletProcess.engine(name, bootstrap, app, dataDir, ACTORS,
        "--partitions", String.valueOf(PARTITIONS), "--transactional-stores", "true");
  }

  private static void awaitProgress(SteadyLoad load, List<String> keys, long since) {
    Await.until("every actor to answer", SETTLE,
        () -> keys.stream().allMatch(k -> load.answeredSince(k, since) >= 5));
  }
}
