package dev.rivulet.client;

import static dev.rivulet.client.ConnectionStatus.CONNECTED;
import static dev.rivulet.client.ConnectionStatus.CONNECTING;
import static dev.rivulet.client.ConnectionStatus.DISCONNECTED;
import static dev.rivulet.client.ConnectionStatus.IDLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.client.ScriptedServer.Peer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A connection against a scripted WebSocket server: opening, calls and events, and what happens
 * when the socket drops — the backoff, the subscriptions and events resumed, the calls in flight
 * and those waiting, and the answers that end it. No sleeps: every wait is for a frame, a socket,
 * a status or a result, with a deadline.
 */
class ActorConnectionTest {
  private static final ConnectionOptions FAST =
      ConnectionOptions.defaults().withBackoff(Duration.ofMillis(20), Duration.ofMillis(80));

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<ScriptedServer> servers = new ArrayList<>();
  private final List<ActorConnection<?>> conns = new ArrayList<>();
  private final BlockingQueue<ConnectionStatus> statuses = new LinkedBlockingQueue<>();
  private final BlockingQueue<ActorError> errors = new LinkedBlockingQueue<>();
  private ScriptedServer server = serve(0);
  private RivuletClient client = RivuletClient.create(server.url(), Duration.ofSeconds(10));

  private record Opened(ActorConnection<Void> conn, Peer peer) {}

  @AfterEach
  void stop() {
    conns.forEach(ActorConnection::close);
    servers.forEach(ScriptedServer::close);
    pool.shutdownNow();
  }

  private ScriptedServer serve(int port) {
    ScriptedServer s = ScriptedServer.start(port);
    servers.add(s);
    return s;
  }

  /** Connects, the server's next socket answering {@code Init} at once. */
  private Opened connect(ConnectionOptions options) throws Exception {
    CompletableFuture<ActorConnection<Void>> opening = opening(options);
    Peer peer = server.accept();
    peer.init("tally/k", "c1");
    ActorConnection<Void> conn = opening.get(30, TimeUnit.SECONDS);
    conn.onStatusChange(statuses::add);
    conn.onError(errors::add);
    return new Opened(conn, peer);
  }

  private CompletableFuture<ActorConnection<Void>> opening(ConnectionOptions options) {
    return CompletableFuture.supplyAsync(() -> {
      ActorConnection<Void> conn = client.actor("tally").getOrCreate("k").connect(null, options);
      synchronized (conns) {
        conns.add(conn);
      }
      return conn;
    }, pool);
  }

  @Test
  void connectReturnsOnceTheServerSentInitThenCallsAndEventsFlow() throws Exception {
    CompletableFuture<ActorConnection<Void>> opening = opening(FAST);
    Peer peer = server.accept();
    assertThat(peer.target()).isEqualTo("/api/actors/tally/k/connect?mode=getOrCreate");
    assertThat(peer.protocols()).containsExactly("rivet", "rivet_encoding.json");
    peer.roundTrip();
    assertThat(opening).isNotDone();
    peer.init("tally/k", "c1");
    ActorConnection<Void> conn = opening.get(30, TimeUnit.SECONDS);
    assertThat(conn.status()).isEqualTo(CONNECTED);
    assertThat(conn.isOpen()).isTrue();
    assertThat(conn.actorId()).isEqualTo("tally/k");
    assertThat(conn.connectionId()).isEqualTo("c1");

    CompletableFuture<JsonNode> add = conn.callJsonAsync("add", 2);
    assertThat(peer.receive().toString()).isEqualTo(
        "{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":[\"$BigInt\",\"0\"],\"name\":\"add\",\"args\":[2]}}}");
    peer.respond(0, "2");
    assertThat(add.get(30, TimeUnit.SECONDS).asLong()).isEqualTo(2);

    BlockingQueue<Long> changes = new LinkedBlockingQueue<>();
    conn.on("changed", Long.class, changes::add);
    assertThat(peer.receive().toString()).isEqualTo(
        "{\"body\":{\"tag\":\"SubscriptionRequest\",\"val\":{\"eventName\":\"changed\",\"subscribe\":true}}}");
    peer.event("changed", "[5]", 3);
    assertThat(changes.poll(30, TimeUnit.SECONDS)).isEqualTo(5);
    assertThat(conn.lastEventId()).isEqualTo(OptionalLong.of(3));
  }

  @Test
  void aDroppedSocketFailsTheCallInFlightAndComesBackWithItsSubscriptionsAndWhereEventsResume()
      throws Exception {
    Opened o = connect(FAST);
    BlockingQueue<Long> changes = new LinkedBlockingQueue<>();
    o.conn().on("changed", Long.class, changes::add);
    o.peer().receive(); // the subscription
    o.peer().event("changed", "[5]", 7);
    assertThat(changes.poll(30, TimeUnit.SECONDS)).isEqualTo(5);

    CompletableFuture<JsonNode> inFlight = o.conn().callJsonAsync("add", 1);
    o.peer().receive();
    o.peer().drop();
    ActorError lost = failure(inFlight);
    assertThat(lost.qualifiedCode()).isEqualTo("client.connection_lost");
    assertThat(lost.getMessage()).startsWith("the connection to tally/k was lost (socket error: ")
        .endsWith(") before add was answered; the action may or may not have been applied");

    Peer again = server.accept();
    assertThat(again.query("mode")).isEqualTo("getOrCreate");
    assertThat(again.query("events")).isEqualTo("changed");
    assertThat(again.query("lastEventId")).isEqualTo("7");
    assertThat(o.conn().status()).isEqualTo(CONNECTING);
    CompletableFuture<JsonNode> waiting = o.conn().callJsonAsync("add", 2);
    again.roundTrip();
    assertThat(again.pending()).as("nothing is sent before Init").isEmpty();
    assertThat(waiting).isNotDone();

    again.init("tally/k", "c2");
    JsonNode sent = again.receive(); // the subscription is in the URL: no SubscriptionRequest
    assertThat(sent.path("body").path("tag").asText()).isEqualTo("ActionRequest");
    assertThat(sent.path("body").path("val").path("id").get(1).asText()).isEqualTo("1");
    assertThat(sent.path("body").path("val").path("args").toString()).isEqualTo("[2]");
    again.respond(1, "8");
    assertThat(waiting.get(30, TimeUnit.SECONDS).asLong()).isEqualTo(8);
    assertThat(o.conn().connectionId()).isEqualTo("c2");
    assertThat(next(3)).containsExactly(DISCONNECTED, CONNECTING, CONNECTED);

    again.event("changed", "[8]", 9);
    assertThat(changes.poll(30, TimeUnit.SECONDS)).isEqualTo(8);
    assertThat(o.conn().lastEventId()).isEqualTo(OptionalLong.of(9));
  }

  @Test
  void aSocketTheServerClosesIsReplacedToo() throws Exception {
    Opened o = connect(FAST);
    CompletableFuture<JsonNode> inFlight = o.conn().callJsonAsync("kickMe");
    o.peer().receive();
    o.peer().close(1000, "kicked");
    assertThat(failure(inFlight).getMessage()).isEqualTo("the connection to tally/k was lost"
        + " (closed by the server with 1000 \"kicked\") before kickMe was answered; the action may"
        + " or may not have been applied");
    server.accept().init("tally/k", "c2");
    assertThat(next(3)).containsExactly(DISCONNECTED, CONNECTING, CONNECTED);
    assertThat(errors).isEmpty();
  }

  @Test
  void subscriptionsChangedWhileAwayAreSentAfterInit() throws Exception {
    Opened o = connect(FAST);
    Subscription a = o.conn().onArgs("a", args -> { });
    o.peer().receive();
    o.peer().drop();
    Peer again = server.accept();
    assertThat(again.query("events")).isEqualTo("a");
    assertThat(again.query("lastEventId")).as("no event seen, no event count known").isNull();
    o.conn().onArgs("b", args -> { });
    a.close();
    again.roundTrip();
    assertThat(again.pending()).isEmpty();
    again.init("tally/k", "c2");
    assertThat(List.of(again.receive().path("body").path("val").toString(),
        again.receive().path("body").path("val").toString())).containsExactly(
            "{\"eventName\":\"b\",\"subscribe\":true}", "{\"eventName\":\"a\",\"subscribe\":false}");
  }

  @Test
  void callsWaitingForTheConnectionAreBoundedAndSentInOrder() throws Exception {
    Opened o = connect(FAST.withMaxQueuedCalls(2));
    o.peer().drop();
    Peer again = server.accept();
    CompletableFuture<JsonNode> first = o.conn().callJsonAsync("add", 1);
    CompletableFuture<JsonNode> second = o.conn().callJsonAsync("add", 2);
    CompletableFuture<JsonNode> third = o.conn().callJsonAsync("add", 3);
    assertThat(third).isCompletedExceptionally();
    ActorError full = failure(third);
    assertThat(full.qualifiedCode()).isEqualTo("client.queue_full");
    assertThat(full.getMessage()).isEqualTo(
        "2 calls already wait for the connection to tally/k to come back; add was not sent");

    again.init("tally/k", "c2");
    assertThat(again.receive().path("body").path("val").path("args").toString()).isEqualTo("[1]");
    assertThat(again.receive().path("body").path("val").path("args").toString()).isEqualTo("[2]");
    again.respond(0, "1");
    again.respond(1, "3");
    assertThat(first.get(30, TimeUnit.SECONDS).asLong()).isEqualTo(1);
    assertThat(second.get(30, TimeUnit.SECONDS).asLong()).isEqualTo(3);
  }

  @Test
  void failedAttemptsWaitLongerEachTimeAndTransientErrorsAreRetried() throws Exception {
    Opened o = connect(ConnectionOptions.defaults()
        .withBackoff(Duration.ofMillis(40), Duration.ofMillis(80)));
    o.peer().drop();
    Peer first = server.accept(); // at once
    long t1 = System.nanoTime();
    first.error("gateway", "unavailable", "Kafka cannot be reached");
    first.awaitGone(); // the client drops a socket the server refused
    Peer second = server.accept();
    long t2 = System.nanoTime();
    second.close(1011, "core.internal_error");
    Peer third = server.accept();
    long t3 = System.nanoTime();
    third.drop();
    Peer fourth = server.accept();
    long t4 = System.nanoTime();
    fourth.init("tally/k", "c5");

    assertThat(next(9)).containsExactly(DISCONNECTED, CONNECTING, DISCONNECTED, CONNECTING,
        DISCONNECTED, CONNECTING, DISCONNECTED, CONNECTING, CONNECTED);
    assertThat(Duration.ofNanos(t2 - t1)).isGreaterThanOrEqualTo(Duration.ofMillis(40));
    assertThat(Duration.ofNanos(t3 - t2)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
    assertThat(Duration.ofNanos(t4 - t3)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
    assertThat(errors).extracting(ActorError::qualifiedCode).containsExactly("gateway.unavailable");
    assertThat(o.conn().connectionId()).isEqualTo("c5");
  }

  @Test
  void theBackoffStartsAtOnceThenDoublesFromTheInitialDelayToTheMaximum() {
    ConnectionOptions d = ConnectionOptions.defaults();
    assertThat(List.of(0, 1, 2, 3, 7, 8, 100, Integer.MAX_VALUE).stream()
        .map(d::delayBefore).map(Duration::toMillis).toList())
        .containsExactly(0L, 250L, 500L, 1_000L, 16_000L, 30_000L, 30_000L, 30_000L);
    ConnectionOptions custom = d.withBackoff(Duration.ofMillis(10), Duration.ofMillis(25));
    assertThat(List.of(1, 2, 3, 4).stream().map(custom::delayBefore).map(Duration::toMillis)
        .toList()).containsExactly(10L, 20L, 25L, 25L);
    assertThat(d.reconnects()).isTrue();
    assertThat(d.maxAttempts()).isEqualTo(Integer.MAX_VALUE);
    assertThat(d.maxQueuedCalls()).isEqualTo(1_000);
    assertThat(d.toString()).isEqualTo("ConnectionOptions[reconnect=true, backoff=PT0.25S..PT30S,"
        + " maxAttempts=unlimited, maxQueuedCalls=1000]");
  }

  @Test
  void optionsOutOfRangeAreRefusedWithAReason() {
    ConnectionOptions d = ConnectionOptions.defaults();
    assertThatThrownBy(() -> d.withBackoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the initial reconnect delay must be at least 1 ms, got PT0S");
    assertThatThrownBy(() -> d.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the maximum reconnect delay (PT1S) is shorter than the initial one (PT2S)");
    assertThatThrownBy(() -> d.withMaxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttempts must be at least 1, got 0");
    assertThatThrownBy(() -> d.withMaxQueuedCalls(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxQueuedCalls must not be negative, got -1");
  }

  @ParameterizedTest(name = "{0}.{1}, as an Error frame: {2}")
  @CsvSource({
      "user, forbidden, true",
      "actor, not_found, true",
      "actor, type_not_found, false",
      "actor, invalid_arguments, false",
  })
  void anAnswerThatMeansItCanNeverOpenEndsTheConnection(String group, String code,
      boolean frame) throws Exception {
    Opened o = connect(FAST);
    CountDownLatch ended = new CountDownLatch(1);
    o.conn().onClose(ended::countDown);
    o.peer().drop();
    Peer again = server.accept();
    CompletableFuture<JsonNode> waiting = o.conn().callJsonAsync("add", 1);
    if (frame) again.error(group, code, "no way");
    again.close(1011, group + "." + code);

    assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(next(3)).containsExactly(DISCONNECTED, CONNECTING, IDLE);
    assertThat(o.conn().isOpen()).isFalse();
    ActorError error = errors.poll(30, TimeUnit.SECONDS);
    assertThat(error.qualifiedCode()).isEqualTo(group + "." + code);
    assertThat(error.getMessage()).isEqualTo(frame ? "no way" : "connection closed: " + group + "." + code);
    ActorError closed = failure(waiting);
    assertThat(closed.qualifiedCode()).isEqualTo("client.connection_closed");
    assertThat(closed.getMessage()).isEqualTo("the connection to tally/k is closed (the server"
        + " refused it: " + group + "." + code + ": " + error.getMessage() + "); add was not sent");
    assertThat(closed.getCause()).isSameAs(error);
    assertThat(failure(o.conn().callJsonAsync("total")).qualifiedCode())
        .isEqualTo("client.connection_closed");
    assertThat(errors).isEmpty();
  }

  @Test
  void aGatewayThatIsDownIsTriedUntilItListensAgainOnItsPort() throws Exception {
    Opened o = connect(FAST);
    int port = server.port();
    server.close(); // drops the socket; connections are refused from now on
    assertThat(next(3)).containsExactly(DISCONNECTED, CONNECTING, DISCONNECTED);
    CompletableFuture<JsonNode> waiting = o.conn().callJsonAsync("add", 4);

    server = serve(port);
    Peer back = server.accept();
    back.init("tally/k", "c9");
    back.respond(back.receive().path("body").path("val").path("id").get(1).asLong(), "4");
    assertThat(waiting.get(30, TimeUnit.SECONDS).asLong()).isEqualTo(4);
    assertThat(o.conn().status()).isEqualTo(CONNECTED);
    assertThat(errors).isEmpty();
  }

  @Test
  void closeWhileAwayEndsTheConnectionAndFailsTheWaitingCalls() throws Exception {
    Opened o = connect(FAST);
    CountDownLatch ended = new CountDownLatch(1);
    o.conn().onClose(ended::countDown);
    server.close();
    assertThat(next(1)).containsExactly(DISCONNECTED);
    CompletableFuture<JsonNode> waiting = o.conn().callJsonAsync("add", 1);
    o.conn().close();
    ActorError closed = failure(waiting);
    assertThat(closed.qualifiedCode()).isEqualTo("client.connection_closed");
    assertThat(closed.getMessage())
        .isEqualTo("the connection to tally/k is closed (closed by the client); add was not sent");
    assertThat(closed.getCause()).isNull();
    assertThat(o.conn().status()).isEqualTo(IDLE);
    assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
    await("IDLE to be reported", () -> statuses.contains(IDLE));
    o.conn().close(); // again: nothing
  }

  @Test
  void closeWhileConnectedSaysGoodbyeAndFailsTheCallsInFlight() throws Exception {
    Opened o = connect(FAST);
    CompletableFuture<JsonNode> inFlight = o.conn().callJsonAsync("add", 1);
    o.peer().receive();
    o.conn().close();
    assertThat(o.peer().closedByClient()).isEqualTo(new Peer.Closed(1000, "Disposed"));
    assertThat(failure(inFlight).getMessage()).isEqualTo(
        "the connection to tally/k is closed (closed by the client); add was sent but not answered");
    List<Runnable> late = new ArrayList<>();
    o.conn().onClose(() -> late.add(() -> { }));
    assertThat(late).as("a close handler added after the end runs at once").hasSize(1);
  }

  @Test
  void withReconnectingOffADropEndsTheConnection() throws Exception {
    Opened o = connect(FAST.withReconnect(false));
    CompletableFuture<JsonNode> inFlight = o.conn().callJsonAsync("add", 1);
    o.peer().receive();
    o.peer().close(1001, "going away");
    assertThat(failure(inFlight).qualifiedCode()).isEqualTo("client.connection_lost");
    assertThat(next(1)).containsExactly(IDLE);
    assertThat(failure(o.conn().callJsonAsync("add", 1)).getMessage()).isEqualTo(
        "the connection to tally/k is closed (the socket was lost (closed by the server with 1001"
            + " \"going away\") and reconnecting is off); add was not sent");
  }

  @Test
  void afterTheAllowedAttemptsItGivesUpWithReconnectFailed() throws Exception {
    Opened o = connect(FAST.withMaxAttempts(2));
    server.close();
    ActorError error = errors.poll(30, TimeUnit.SECONDS);
    assertThat(error.qualifiedCode()).isEqualTo("client.reconnect_failed");
    assertThat(error.getMessage()).startsWith("gave up reconnecting to tally/k after 2 failed"
        + " attempts; the last: client.connection_open_failed: cannot connect to tally/k: ");
    assertThat(next(5)).containsExactly(DISCONNECTED, CONNECTING, DISCONNECTED, CONNECTING, IDLE);
    assertThat(failure(o.conn().callJsonAsync("add")).getCause()).isSameAs(error);
  }

  @Test
  void aFirstAttemptTheServerRefusesThrowsItsError() {
    CompletableFuture<ActorConnection<Void>> opening = opening(FAST);
    Peer peer = server.accept();
    peer.error("user", "forbidden", "bad token");
    assertThat(failure(opening)).satisfies(e -> {
      assertThat(e.qualifiedCode()).isEqualTo("user.forbidden");
      assertThat(e.getMessage()).isEqualTo("bad token");
    });
    peer.awaitGone();
  }

  @Test
  void aFirstAttemptThatCannotConnectOrGetsNoInitIsConnectionOpenFailed() {
    server.close();
    ActorError refused = failure(opening(FAST));
    assertThat(refused.qualifiedCode()).isEqualTo("client.connection_open_failed");
    assertThat(refused.getMessage()).startsWith("cannot connect to tally/k: ");

    server = serve(0);
    client = RivuletClient.create(server.url(), Duration.ofMillis(300));
    CompletableFuture<ActorConnection<Void>> opening = opening(FAST);
    Peer silent = server.accept();
    assertThat(failure(opening).getMessage())
        .isEqualTo("cannot connect to tally/k: no Init from the server within 300 ms");
    silent.awaitGone();
  }

  @Test
  void beforeItsFirstEventAConnectionResumesFromWhereItsInitSaidTheEventsStood() throws Exception {
    CompletableFuture<ActorConnection<Void>> opening = opening(FAST);
    Peer peer = server.accept();
    peer.init("tally/k", "c1", 41);
    ActorConnection<Void> conn = opening.get(30, TimeUnit.SECONDS);
    assertThat(conn.lastEventId()).isEqualTo(OptionalLong.of(41));
    conn.onArgs("changed", args -> { });
    peer.receive();
    peer.drop();
    Peer again = server.accept();
    assertThat(again.query("lastEventId")).isEqualTo("41");
    assertThat(again.query("events")).isEqualTo("changed");
    again.init("tally/k", "c2", 45);
    assertThat(conn.lastEventId()).as("a later Init does not move it back or on")
        .isEqualTo(OptionalLong.of(41));
  }

  @Test
  void withoutAnEventCountInItsInitAReconnectDoesNotClaimOne() throws Exception {
    Opened o = connect(FAST); // an Init without eventSeq, as RivetKit's servers send
    o.conn().onArgs("changed", args -> { });
    o.peer().receive();
    o.peer().drop();
    Peer again = server.accept();
    assertThat(again.query("events")).isEqualTo("changed");
    assertThat(again.query("lastEventId")).isNull();
  }

  @Test
  void anErrorOfTheConnectionIsReportedAndNamedInTheCallsItCost() throws Exception {
    Opened o = connect(FAST);
    CompletableFuture<JsonNode> inFlight = o.conn().callJsonAsync("add", 1);
    o.peer().receive();
    o.peer().error("message", "incoming_too_long", "message is larger than 65536 bytes");
    o.peer().close(1011, "message.incoming_too_long");
    ActorError lost = failure(inFlight);
    assertThat(lost.qualifiedCode()).isEqualTo("client.connection_lost");
    assertThat(lost.getMessage()).isEqualTo("the connection to tally/k was lost (closed by the"
        + " server with 1011 \"message.incoming_too_long\"; the server's error:"
        + " message.incoming_too_long: message is larger than 65536 bytes) before add was answered;"
        + " the action may or may not have been applied");
    assertThat(((ActorError) lost.getCause()).qualifiedCode()).isEqualTo("message.incoming_too_long");
    assertThat(errors.poll(30, TimeUnit.SECONDS).qualifiedCode())
        .isEqualTo("message.incoming_too_long");
    server.accept().init("tally/k", "c2");
    assertThat(next(3)).containsExactly(DISCONNECTED, CONNECTING, CONNECTED);
  }

  @Test
  void aCallThatWaitsTooLongTimesOutAndIsNeverSent() throws Exception {
    client = RivuletClient.create(server.url(), Duration.ofMillis(500));
    Opened o = connect(FAST);
    int port = server.port();
    server.close();
    assertThat(next(1)).containsExactly(DISCONNECTED);
    CompletableFuture<JsonNode> waiting = o.conn().callJsonAsync("add", 1);
    ActorError timedOut = failure(waiting);
    assertThat(timedOut.qualifiedCode()).isEqualTo("client.timed_out");
    assertThat(timedOut.getMessage()).isEqualTo("no answer to add from tally/k within 500 ms;"
        + " it was not sent: the connection was away");

    server = serve(port);
    Peer back = server.accept();
    back.init("tally/k", "c2");
    back.roundTrip();
    assertThat(back.pending()).isEmpty();
  }

  @Test
  void aFailingEventHandlerDoesNotKeepTheEventFromTheOthers() throws Exception {
    Opened o = connect(FAST);
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    o.conn().onArgs("changed", args -> {
      throw new IllegalStateException("a bug in a handler");
    });
    o.conn().onArgs("changed", args -> seen.add(args.toString()));
    o.peer().receive();
    o.peer().event("changed", "[1]", 1);
    o.peer().event("changed", "[2]", 2);
    assertThat(seen.poll(30, TimeUnit.SECONDS)).isEqualTo("[1]");
    assertThat(seen.poll(30, TimeUnit.SECONDS)).isEqualTo("[2]");
    assertThat(o.conn().status()).isEqualTo(CONNECTED);
  }

  // ---------------------------------------------------------------- helpers

  private List<ConnectionStatus> next(int n) throws InterruptedException {
    List<ConnectionStatus> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ConnectionStatus s = statuses.poll(30, TimeUnit.SECONDS);
      if (s == null) throw new AssertionError("only " + list + " within 10 s");
      list.add(s);
    }
    return list;
  }

  /** The error a future fails with, waiting for it. */
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

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(5);
    }
  }
}
