package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Conn;
import dev.rivulet.client.ActorConnection;
import dev.rivulet.client.ActorError;
import dev.rivulet.client.ConnectionOptions;
import dev.rivulet.client.ConnectionStatus;
import dev.rivulet.client.RivuletClient;
import dev.rivulet.gateway.Gateway;
import dev.rivulet.gateway.GatewayConfig;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java client's connections against the real stack when the server drops them: a gateway
 * restarted on the same port (with a call in flight), a server-side disconnect, an actor
 * destroyed under a {@code get} connection. The client comes back by itself, with its
 * subscriptions, and receives every broadcast exactly once: what it got is compared with the
 * actor's journal.
 */
class ClientReconnectIT {
  private static final String APP = "reconnect-" + Long.toHexString(System.nanoTime());
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ConnectionOptions QUICK = ConnectionOptions.defaults()
      .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));

  static RivuletServer server;
  static HttpProbe http;

  /** The tally's actions, without blocking. */
  public interface AsyncTally {
    CompletableFuture<Long> add(long amount);
  }

  /** A room whose members can be sent away. */
  @Actor("lobby")
  public static class Lobby extends ActorBase<Lobby.State> {
    public record State(long posts) {}

    @Override
    protected State initialState() {
      return new State(0);
    }

    @Action
    public long post(String text) {
      setState(new State(state().posts() + 1));
      broadcast("posted", text);
      return state().posts();
    }

    /** Disconnects every connection from the server's side. */
    @Action
    public int kickAll() {
      List<Conn> conns = context().conns();
      for (Conn c : conns) c.disconnect("kicked");
      return conns.size();
    }
  }

  @BeforeAll
  static void start() {
    List<Class<? extends ActorBase<?>>> actors = new ArrayList<>(TestActors.ALL);
    actors.add(Lobby.class);
    server = TestStack.start(actors, c -> c.application(APP));
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aGatewayRestartFailsTheCallInFlightAndTheClientComesBackMissingNoBroadcast()
      throws Exception {
    Gateway gateway = gateway(0);
    int port = gateway.port();
    RivuletClient client = RivuletClient.create("http://127.0.0.1:" + port);
    BlockingQueue<ConnectionStatus> statuses = new LinkedBlockingQueue<>();
    List<Long> seen = new CopyOnWriteArrayList<>();
    try (ActorConnection<AsyncTally> conn = client.actor("tally", AsyncTally.class)
        .getOrCreate("rc1").connect(null, QUICK)) {
      conn.onStatusChange(statuses::add);
      conn.on("changed", Long.class, seen::add);
      assertThat(conn.api().add(1).get(30, TimeUnit.SECONDS)).isEqualTo(1);
      Await.until("the first event", WAIT, () -> seen.contains(1L));
      String firstConnection = conn.connectionId();

      // A call the engine holds, in flight when the gateway goes away.
      server.engine().pause();
      CompletableFuture<Long> inFlight = conn.api().add(100);
      gateway.close();
      ActorError lost = failure(inFlight);
      assertThat(lost.qualifiedCode()).isEqualTo("client.connection_lost");
      assertThat(lost.getMessage()).startsWith("the connection to tally/rc1 was lost (")
          .endsWith(") before add was answered; the action may or may not have been applied");
      assertThat(statuses.poll(30, TimeUnit.SECONDS)).isEqualTo(ConnectionStatus.DISCONNECTED);
      server.engine().resume();

      // While it is away: broadcasts through another gateway, and a call of its own that waits.
      for (int i = 0; i < 5; i++) http.action("tally", "rc1", "add", "[1]");
      CompletableFuture<Long> waiting = conn.api().add(1000);
      assertThat(conn.status()).isNotEqualTo(ConnectionStatus.CONNECTED);

      gateway = restart(port);
      Await.until("the client to be back", WAIT, () -> conn.status() == ConnectionStatus.CONNECTED);
      assertThat(conn.connectionId()).isNotEqualTo(firstConnection);
      long afterQueued = waiting.get(30, TimeUnit.SECONDS);
      long last = http.action("tally", "rc1", "add", "[1]").json().path("output").asLong();
      assertThat(last).isEqualTo(afterQueued + 1);

      Await.until("the last broadcast", WAIT, () -> seen.contains(last));
      List<Long> journal = awaitBroadcasts("tally", "rc1", "changed", last);
      assertThat(seen).as("every broadcast, once, in order").containsExactlyElementsOf(journal);
      assertThat(journal).contains(1L, afterQueued, last).hasSizeGreaterThanOrEqualTo(8);
      List<ConnectionStatus> changes = new ArrayList<>();
      statuses.drainTo(changes);
      assertThat(changes).doesNotContain(ConnectionStatus.IDLE).endsWith(ConnectionStatus.CONNECTED);
      assertThat(conn.isOpen()).isTrue();
    } finally {
      gateway.close();
    }
  }

  @Test
  void aConnectionThatSawNoEventYetResumesFromTheEventCountReadWhenItSubscribed()
      throws Exception {
    for (int i = 0; i < 3; i++) http.action("tally", "rc2", "add", "[1]"); // before it subscribes
    Gateway gateway = gateway(0);
    int port = gateway.port();
    RivuletClient client = RivuletClient.create("http://127.0.0.1:" + port);
    List<Long> seen = new CopyOnWriteArrayList<>();
    try (ActorConnection<Void> conn = client.actor("tally").getOrCreate("rc2").connect(null, QUICK)) {
      conn.on("changed", Long.class, seen::add);
      Await.until("the event count", WAIT, () -> conn.lastEventId().isPresent());
      assertThat(conn.lastEventId()).isEqualTo(OptionalLong.of(3));

      gateway.close();
      Await.until("the drop", WAIT, () -> conn.status() != ConnectionStatus.CONNECTED);
      http.action("tally", "rc2", "add", "[1]");
      http.action("tally", "rc2", "add", "[1]");
      gateway = restart(port);
      Await.until("the client to be back", WAIT, () -> conn.status() == ConnectionStatus.CONNECTED);
      http.action("tally", "rc2", "add", "[1]");
      Await.until("the live broadcast", WAIT, () -> seen.contains(6L));
      assertThat(seen).containsExactly(4L, 5L, 6L);
    } finally {
      gateway.close();
    }
  }

  @Test
  void aServerSideDisconnectIsFollowedByANewConnectionWithItsSubscription() throws Exception {
    RivuletClient client = RivuletClient.create(server.url());
    List<String> seen = new CopyOnWriteArrayList<>();
    try (ActorConnection<Void> conn = client.actor("lobby").getOrCreate("l1").connect(null, QUICK)) {
      conn.on("posted", String.class, seen::add);
      assertThat(conn.call("post", Long.class, "a")).isEqualTo(1);
      Await.until("the first post", WAIT, () -> seen.contains("a"));
      String first = conn.connectionId();

      assertThat(http.action("lobby", "l1", "kickAll", "[]").json().path("output").asInt())
          .isEqualTo(1);
      http.action("lobby", "l1", "post", "[\"b\"]"); // while it reconnects, or once it is back
      http.action("lobby", "l1", "post", "[\"c\"]");
      Await.until("a new connection", WAIT, () -> conn.status() == ConnectionStatus.CONNECTED
          && !first.equals(conn.connectionId()));
      assertThat(conn.call("post", Long.class, "d")).isEqualTo(4);
      Await.until("the posts", WAIT, () -> seen.contains("d"));
      assertThat(seen).containsExactly("a", "b", "c", "d");
      Await.until("the gateway to hold the new connection only", WAIT,
          () -> server.gateway().openConnections("lobby/l1") == 1);
    }
  }

  @Test
  void aGetConnectionWhoseActorIsDestroyedStopsWithActorNotFound() throws Exception {
    http.action("tally", "rc4", "add", "[1]");
    RivuletClient client = RivuletClient.create(server.url());
    BlockingQueue<ActorError> errors = new LinkedBlockingQueue<>();
    CountDownLatch ended = new CountDownLatch(1);
    ActorConnection<Void> conn = client.actor("tally").get("rc4").connect(null, QUICK);
    conn.onError(errors::add);
    conn.onClose(ended::countDown);

    assertThat(http.send("DELETE", "/api/actors/tally/rc4", null).status()).isEqualTo(200);
    assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(conn.status()).isEqualTo(ConnectionStatus.IDLE);
    assertThat(errors.poll(1, TimeUnit.SECONDS).qualifiedCode()).isEqualTo("actor.not_found");
    ActorError closed = failure(conn.callJsonAsync("total"));
    assertThat(closed.qualifiedCode()).isEqualTo("client.connection_closed");
    assertThat(closed.getMessage()).startsWith("the connection to tally/rc4 is closed (the server"
        + " refused it: actor.not_found: ");
  }

  // ---------------------------------------------------------------- helpers

  private static Gateway gateway(int port) {
    return Gateway.start(new GatewayConfig().bootstrapServers(server.bootstrapServers())
        .application(APP).port(port).adminOpen(true));
  }

  /** A new gateway on {@code port}, once the old one's port is free again. */
  private static Gateway restart(int port) {
    Gateway[] started = new Gateway[1];
    Await.until("a gateway listening on port " + port, WAIT, () -> {
      try {
        started[0] = gateway(port);
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    });
    return started[0];
  }

  /** The {@code event} broadcasts in the actor's journal, once it has the one of {@code last}. */
  private static List<Long> awaitBroadcasts(String name, String key, String event, long last) {
    List<Long> values = new ArrayList<>();
    Await.until("the journal to have " + last, WAIT, () -> {
      values.clear();
      JsonNode records = http.get("/api/actors/" + name + "/" + key + "/history?from=1&limit=1000")
          .json().path("records");
      for (JsonNode r : records) {
        for (JsonNode b : r.path("broadcasts")) {
          if (b.path("name").asText().equals(event) && !b.hasNonNull("connIds")) {
            values.add(b.path("args").get(0).asLong());
          }
        }
      }
      return values.contains(last);
    });
    return values;
  }

  private static ActorError failure(CompletableFuture<?> future) {
    try {
      Object value = future.get(30, TimeUnit.SECONDS);
      throw new AssertionError("it did not fail: " + value);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ActorError error) return error;
      throw new AssertionError("not an ActorError", e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
