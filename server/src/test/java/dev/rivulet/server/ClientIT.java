package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.client.ActorConnection;
import dev.rivulet.client.ActorError;
import dev.rivulet.client.RivuletClient;
import dev.rivulet.client.Subscription;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.TestStack;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The typed Java client against a real gateway. */
class ClientIT {
  static RivuletServer server;
  static RivuletClient client;

  /** An async view of the tally's actions. */
  public interface AsyncTally {
    CompletableFuture<Long> add(long amount);
  }

  @BeforeAll
  static void start() {
    server = TestStack.start(TestActors.ALL);
    client = RivuletClient.create(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void typedCallsMirrorTheActionInterface() {
    TestActors.TallyApi tally = client.actor("tally", TestActors.TallyApi.class)
        .getOrCreate("c1").api();
    assertThat(tally.add(5)).isEqualTo(5);
    assertThat(tally.add(2)).isEqualTo(7);
    assertThat(tally.total()).isEqualTo(7);
    assertThat(tally.toString()).contains("tally/c1");
  }

  @Test
  void asyncMethodsDoNotBlock() throws Exception {
    AsyncTally tally = client.actor("tally", AsyncTally.class).getOrCreate("c2").api();
    CompletableFuture<Long> first = tally.add(1);
    assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(tally.add(1).get(20, TimeUnit.SECONDS)).isEqualTo(2);
  }

  @Test
  void getCreateAndErrorsAreActorErrorsWithCodes() {
    assertThatThrownBy(() -> client.actor("tally").get("c-missing").call("total", Long.class))
        .isInstanceOf(ActorError.class)
        .satisfies(e -> assertThat(((ActorError) e).qualifiedCode()).isEqualTo("actor.not_found"));

    var greeter = client.actor("greeter").create("c3", new TestActors.Greeter.Input("Hej"));
    assertThat(greeter.call("greet", String.class, "Ola")).isEqualTo("Hej, Ola!");
    assertThatThrownBy(() -> client.actor("greeter").create("c3", null))
        .isInstanceOf(ActorError.class)
        .satisfies(e -> assertThat(((ActorError) e).qualifiedCode()).isEqualTo("actor.duplicate_key"));

    assertThat(client.actor("greeter").getOrCreate("c4", new TestActors.Greeter.Input("Ciao"))
        .call("greet", String.class, "Leo")).isEqualTo("Ciao, Leo!");

    assertThatThrownBy(() -> client.actor("tally").getOrCreate("c5").call("addAtMost", Long.class, 9, 1))
        .isInstanceOf(ActorError.class)
        .satisfies(e -> {
          ActorError error = (ActorError) e;
          assertThat(error.qualifiedCode()).isEqualTo("user.too_much");
          assertThat(error.getMessage()).isEqualTo("amount 9 is over 1");
          assertThat(error.metadata().path("limit").asLong()).isEqualTo(1);
        });
  }

  @Test
  void aConnectionCallsActionsAndReceivesEvents() throws Exception {
    BlockingQueue<Long> changes = new LinkedBlockingQueue<>();
    var handle = client.actor("tally", TestActors.TallyApi.class).getOrCreate("c6");
    try (ActorConnection<TestActors.TallyApi> conn = handle.connect()) {
      assertThat(conn.actorId()).isEqualTo("tally/c6");
      Subscription sub = conn.on("changed", Long.class, changes::add);
      assertThat(conn.api().add(3)).isEqualTo(3); // over the socket, after the subscription
      assertThat(changes.poll(20, TimeUnit.SECONDS)).isEqualTo(3);
      handle.api().add(4); // over HTTP: the connection still hears it
      assertThat(changes.poll(20, TimeUnit.SECONDS)).isEqualTo(7);
      sub.close();
      assertThat(conn.call("add", Long.class, 1)).isEqualTo(8);
      // The outbox is read in order: once this reply is here, the event of 8 was routed too.
      assertThat(conn.call("total", Long.class)).isEqualTo(8);
      assertThat(changes).isEmpty();
      assertThat(server.gateway().openConnections("tally/c6")).isEqualTo(1);
    }
    Await.until("the gateway to drop the connection", Duration.ofSeconds(10),
        () -> server.gateway().openConnections("tally/c6") == 0);
  }

  @Test
  void aRejectedConnectionThrowsTheServersError() {
    assertThatThrownBy(() -> client.actor("tally").get("c-nobody").connect())
        .isInstanceOf(ActorError.class)
        .satisfies(e -> assertThat(((ActorError) e).qualifiedCode()).isEqualTo("actor.not_found"));
  }

  @Test
  void actionErrorsOverAConnectionFailOnlyThatCall() {
    try (ActorConnection<Void> conn = client.actor("tally").getOrCreate("c7").connect()) {
      assertThatThrownBy(() -> conn.call("nope", Long.class))
          .isInstanceOf(ActorError.class)
          .satisfies(e -> assertThat(((ActorError) e).qualifiedCode())
              .isEqualTo("actor.action_not_found"));
      assertThat(conn.call("add", Long.class, 2)).isEqualTo(2);
    }
  }
}
