package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.client.ActorConnection;
import dev.rivulet.client.ConnectionOptions;
import dev.rivulet.client.ConnectionStatus;
import dev.rivulet.client.RivuletClient;
import dev.rivulet.engine.Engine;
import dev.rivulet.engine.EngineConfig;
import dev.rivulet.server.testing.ActorKeys;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.ExactlyOnce;
import dev.rivulet.server.testing.FailoverProxy;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.RivuletProcess;
import dev.rivulet.server.testing.SteadyLoad;
import dev.rivulet.server.testing.TempDirs;
import dev.rivulet.server.testing.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A gateway killed outright ({@code kill -9}, its own JVM) while clients use it through a load
 * balancer in front of two gateways: the Java client's connections reconnect through the other
 * gateway by themselves, with their params, and miss no event (each broadcast once, in order, as
 * the journal has them); the engine ends the dead gateway's connections ({@code onDisconnect})
 * after the gateway timeout, so each member is present once; the HTTP clients' acknowledged
 * actions were applied exactly once.
 */
class GatewayCrashFaultIT {
  private static final int PARTITIONS = 4;
  private static final Duration SETTLE = Duration.ofSeconds(90);
  private static final Duration GATEWAY_TIMEOUT = Duration.ofSeconds(4);
  private static final ConnectionOptions QUICK = ConnectionOptions.defaults()
      .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
  private static final List<Class<? extends ActorBase<?>>> ACTORS = Stream.concat(
      TestActors.ALL.stream(), ModelActors.ALL.stream()).toList();
  private static final List<String> USERS = List.of("ada", "bob", "cy");

  @Test
  void clientsReconnectElsewhereAndTheEngineEndsTheDeadGatewaysConnections() throws Exception {
    String bootstrap = EmbeddedBroker.shared().bootstrapServers();
    String app = "gatewaycrash-" + Long.toHexString(System.nanoTime());
    Engine engine = Engine.start(new EngineConfig().bootstrapServers(bootstrap).application(app)
        .partitions(PARTITIONS).stateDir(TempDirs.create("rivulet-gateway-crash-"))
        .gatewayTimeout(GATEWAY_TIMEOUT), ACTORS);
    RivuletProcess.Gateway doomed = RivuletProcess.gateway("gw-doomed", bootstrap, app);
    RivuletProcess.Gateway survivor = RivuletProcess.gateway("gw-survivor", bootstrap, app);
    List<ActorConnection<Void>> members = new ArrayList<>();
    try (FailoverProxy balancer = FailoverProxy.start(doomed.port(), survivor.port())) {
      String url = balancer.url();
      HttpProbe http = new HttpProbe(survivor.url());
      RivuletClient client = RivuletClient.create(url);
      for (String user : USERS) {
        members.add(client.actor("lobby").getOrCreate("hall")
            .connect(Map.of("user", user, "token", "secret"), QUICK));
      }
      List<String> keys = ActorKeys.spread("tally", "g", PARTITIONS, 1);
      String watched = keys.get(0);
      List<Long> seen = new CopyOnWriteArrayList<>();
      ActorConnection<Void> events = client.actor("tally").getOrCreate(watched)
          .connect(null, QUICK);
      members.add(events);
      events.on("changed", Long.class, seen::add);
      Await.until("the subscription to take", SETTLE, () -> events.lastEventId().isPresent());
      try (SteadyLoad load = SteadyLoad.start(() -> url, "tally", keys, "add", "[1]",
          Duration.ofMillis(20))) {
        assertThat(present(http)).containsExactlyInAnyOrderElementsOf(USERS);
        load.awaitAnswers(keys, System.nanoTime(), 5, SETTLE);
        List<String> before = new ArrayList<>();
        members.forEach(m -> before.add(m.connectionId()));
        List<ActorConnection<Void>> all = List.copyOf(members);

        doomed.process().kill(); // no close frames, no disconnects, no last heartbeat
        long killed = System.nanoTime();
        Await.until("every client to reconnect", SETTLE, () -> all.stream().allMatch(m ->
            m.status() == ConnectionStatus.CONNECTED && !before.contains(m.connectionId())));
        double reconnected = (System.nanoTime() - killed) / 1e9;
        Await.until("the engine to end the dead gateway's connections", SETTLE,
            () -> left(http).size() == USERS.size());
        double cleaned = (System.nanoTime() - killed) / 1e9;
        assertThat(left(http)).containsExactlyInAnyOrderElementsOf(USERS);
        assertThat(present(http)).containsExactlyInAnyOrderElementsOf(USERS);
        // The new connections work: a call over each, seen as its own member.
        for (int i = 0; i < USERS.size(); i++) {
          assertThat(members.get(i).call("whoAmI", String.class)).isEqualTo(USERS.get(i));
        }
        load.awaitAnswers(keys, System.nanoTime(), 5, SETTLE);
        load.close();

        long last = http.action("tally", watched, "total", "[]").json().path("output").asLong();
        Await.until("the last event", SETTLE, () -> seen.contains(last));
        List<Long> broadcasts = broadcasts(bootstrap, app, "tally/" + watched);
        assertThat(seen).as("every broadcast, once, in order").containsExactlyElementsOf(
            broadcasts);
        System.out.printf("gateway kill -9: the clients reconnected through the other gateway "
                + "%.1f s after the kill; the engine ended the dead gateway's %d connections "
                + "%.1f s after it (gateway timeout %d s); %d events received once each%n",
            reconnected, USERS.size() + 1, cleaned, GATEWAY_TIMEOUT.toSeconds(), seen.size());
        ExactlyOnce.verify("gateway kill -9", load, keys, "tally", "add", "total", http,
            bootstrap, app);
      }
    } finally {
      members.forEach(ActorConnection::close);
      doomed.close();
      survivor.close();
      engine.close();
    }
  }

  private static List<String> present(HttpProbe http) {
    return names(http, "present");
  }

  private static List<String> left(HttpProbe http) {
    return names(http, "left");
  }

  private static List<String> names(HttpProbe http, String field) {
    List<String> names = new ArrayList<>();
    http.action("lobby", "hall", "roster", "[]").json().path("output").path(field)
        .forEach(n -> names.add(n.asText()));
    return names;
  }

  /** The values of the actor's {@code changed} broadcasts, in its journal's order. */
  private static List<Long> broadcasts(String bootstrap, String app, String actor) {
    List<Long> values = new ArrayList<>();
    for (TopicReader.Rec r : TopicReader.readToEnd(bootstrap, app + ".journal", SETTLE)) {
      if (!actor.equals(r.key())) continue;
      for (JsonNode b : r.value().path("broadcasts")) {
        if (b.path("name").asText().equals("changed") && !b.hasNonNull("connIds")) {
          values.add(b.path("args").get(0).asLong());
        }
      }
    }
    return values;
  }
}
