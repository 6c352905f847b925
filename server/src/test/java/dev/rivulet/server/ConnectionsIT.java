package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.SseProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.WsProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WebSocket and SSE connections: RivetKit's protocol, actions over a socket, event delivery. */
class ConnectionsIT {
  static RivuletServer server;
  static HttpProbe http;
  static String ws;

  @BeforeAll
  static void start() {
    server = TestStack.start(TestActors.ALL);
    http = new HttpProbe(server.url());
    ws = server.url().replace("http://", "ws://");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String connectUrl(String name, String key) {
    return ws + "/api/actors/" + name + "/" + key + "/connect";
  }

  @Test
  void initComesFirstAndAnActionAnswersWithItsBigIntId() {
    try (WsProbe socket = WsProbe.connect(connectUrl("tally", "ws1"))) {
      assertThat(socket.subprotocol()).isEqualTo("rivet");
      JsonNode init = socket.awaitTag("Init");
      assertThat(init.path("body").path("val").path("actorId").asText()).isEqualTo("tally/ws1");
      assertThat(init.path("body").path("val").path("connectionId").asText()).isNotEmpty();
      assertThat(socket.received().get(0)).contains("\"Init\"");

      socket.action(7, "add", "[3]");
      JsonNode response = socket.awaitTag("ActionResponse");
      assertThat(response.path("body").path("val").toString())
          .isEqualTo("{\"id\":[\"$BigInt\",\"7\"],\"output\":3}");
      socket.action(8, "add", "[4]");
      assertThat(socket.awaitTag("ActionResponse").path("body").path("val").path("output").asLong())
          .isEqualTo(7);
    }
  }

  @Test
  void anActionWithANestedNameIsCalledOverTheSocket() {
    try (WsProbe socket = WsProbe.connect(connectUrl("tally", "nested-ws"))) {
      socket.awaitTag("Init");
      socket.action(1, "add", "[5]");
      socket.awaitTag("ActionResponse");
      socket.action(2, "tally.double", "[]");
      assertThat(socket.awaitTag("ActionResponse").path("body").path("val").toString())
          .isEqualTo("{\"id\":[\"$BigInt\",\"2\"],\"output\":10}");
      socket.action(3, "stats.total", "[]");
      assertThat(socket.awaitTag("ActionResponse").path("body").path("val").path("output")
          .asLong()).isEqualTo(10);
    }
  }

  @Test
  void messagesSentBeforeInitAreHandledAfterItInOrder() {
    try (WsProbe socket = WsProbe.connect(connectUrl("tally", "early"))) {
      socket.subscribe("changed"); // no waiting for Init: the gateway holds these until it is sent
      socket.action(1, "add", "[2]");
      socket.action(2, "add", "[3]");
      List<String> tags = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        tags.add(socket.await(f -> true, Duration.ofSeconds(20)).path("body").path("tag").asText());
      }
      assertThat(tags.get(0)).isEqualTo("Init");
      assertThat(tags).containsExactlyInAnyOrder(
          "Init", "ActionResponse", "Event", "ActionResponse", "Event");
      assertThat(socket.received().stream().filter(f -> f.contains("ActionResponse")).toList())
          .extracting(f -> f.replaceAll(".*\"output\":(\\d+).*", "$1"))
          .containsExactly("2", "5");
    }
  }

  @Test
  void aPlainNumericIdIsAcceptedAndAnsweredInBigIntForm() {
    try (WsProbe socket = WsProbe.connect(connectUrl("tally", "ws2"))) {
      socket.awaitTag("Init");
      socket.send("{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":3,\"name\":\"total\",\"args\":[]}}}");
      assertThat(socket.awaitTag("ActionResponse").path("body").path("val").path("id").toString())
          .isEqualTo("[\"$BigInt\",\"3\"]");
    }
  }

  @Test
  void eventsReachTwoSubscribedSocketsAndAnSseStreamButNotAnUnsubscribedSocket() {
    try (WsProbe a = WsProbe.connect(connectUrl("tally", "events"));
        WsProbe b = WsProbe.connect(connectUrl("tally", "events"));
        WsProbe quiet = WsProbe.connect(connectUrl("tally", "events"));
        SseProbe sse = new SseProbe(server.url() + "/api/actors/tally/events/events")) {
      a.awaitTag("Init");
      b.awaitTag("Init");
      quiet.awaitTag("Init");
      assertThat(sse.await("rivulet.connected").data()).contains("\"actorId\":\"tally/events\"");
      a.subscribe("changed");
      b.subscribe("changed");
      // The subscriptions are local to the gateway; an action through one socket orders after them.
      a.action(1, "total", "[]");
      a.awaitTag("ActionResponse");
      b.action(1, "total", "[]");
      b.awaitTag("ActionResponse");

      assertThat(http.action("tally", "events", "add", "[42]").status()).isEqualTo(200);

      for (WsProbe socket : new WsProbe[] {a, b}) {
        JsonNode event = socket.awaitTag("Event");
        assertThat(event.path("body").path("val").toString())
            .startsWith("{\"name\":\"changed\",\"args\":[42],\"id\":");
      }
      SseProbe.Event event = sse.await("changed");
      assertThat(event.data()).isEqualTo("[42]");
      assertThat(Long.parseLong(event.id())).isPositive();

      quiet.action(9, "total", "[]");
      quiet.awaitTag("ActionResponse");
      assertThat(quiet.received()).noneMatch(f -> f.contains("\"Event\""));
    }
  }

  @Test
  void aLargeRoomsBroadcastsReachEverySocketInOrder() {
    // Enough sockets of one actor for the gateway to share a broadcast's writing between threads.
    int sockets = 300;
    List<WsProbe> room = new ArrayList<>();
    try {
      for (int i = 0; i < sockets; i++) room.add(WsProbe.connect(connectUrl("tally", "room")));
      for (WsProbe socket : room) {
        socket.awaitTag("Init");
        socket.subscribe("changed");
        socket.action(1, "total", "[]"); // ordered after the subscription
      }
      for (WsProbe socket : room) socket.awaitTag("ActionResponse");
      for (int n = 1; n <= 10; n++) {
        assertThat(http.action("tally", "room", "add", "[" + n + "]").status()).isEqualTo(200);
      }
      for (WsProbe socket : room) {
        List<String> args = new ArrayList<>();
        for (int n = 1; n <= 10; n++) {
          args.add(socket.awaitTag("Event").path("body").path("val").path("args").toString());
        }
        // the tally's running total after each add
        assertThat(args).containsExactly("[1]", "[3]", "[6]", "[10]", "[15]", "[21]", "[28]",
            "[36]", "[45]", "[55]");
      }
      if (Runtime.getRuntime().availableProcessors() > 1) { // else one thread writes them all
        assertThat(Thread.getAllStackTraces().keySet()).map(Thread::getName)
            .anyMatch(name -> name.startsWith("rivulet-broadcast-"));
      }
    } finally {
      room.forEach(WsProbe::close);
    }
  }

  @Test
  void anActionErrorOverASocketCarriesTheActionIdAndKeepsTheSocketOpen() {
    try (WsProbe socket = WsProbe.connect(connectUrl("tally", "ws3"))) {
      socket.awaitTag("Init");
      socket.action(11, "nope", "[]");
      JsonNode error = socket.awaitTag("Error").path("body").path("val");
      assertThat(error.path("group").asText()).isEqualTo("actor");
      assertThat(error.path("code").asText()).isEqualTo("action_not_found");
      assertThat(error.path("actionId").toString()).isEqualTo("[\"$BigInt\",\"11\"]");
      socket.action(12, "add", "[\"not a number\"]");
      JsonNode bad = socket.awaitTag("Error").path("body").path("val");
      assertThat(bad.path("code").asText()).isEqualTo("invalid_arguments");
      socket.action(13, "add", "[1]");
      assertThat(socket.awaitTag("ActionResponse").path("body").path("val").path("output").asLong())
          .isEqualTo(1);
    }
  }

  @Test
  void aMalformedFrameGetsAnErrorAndACloseWithTheCodeAndTheEngineKeepsServing() {
    http.action("tally", "ws4", "add", "[5]");
    for (String junk : new String[] {
        "not json",
        "{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"name\":\"add\",\"args\":[1]}}}",
        "{\"body\":{\"tag\":\"Launch\",\"val\":{}}}",
        "{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":1,\"name\":\"add\",\"args\":5}}}"}) {
      try (WsProbe socket = WsProbe.connect(connectUrl("tally", "ws4"))) {
        socket.awaitTag("Init");
        socket.send(junk);
        JsonNode error = socket.awaitTag("Error").path("body").path("val");
        assertThat(error.path("code").asText()).as(junk).isEqualTo("invalid_request");
        assertThat(error.has("actionId")).isTrue();
        assertThat(error.path("actionId").isNull()).isTrue();
        WsProbe.Closed closed = socket.awaitClose(Duration.ofSeconds(10));
        assertThat(closed.status()).isEqualTo(1011);
        assertThat(closed.reason()).isEqualTo("actor.invalid_request");
      }
    }
    assertThat(http.action("tally", "ws4", "add", "[1]").text()).isEqualTo("{\"output\":6}");
  }

  @Test
  void aMessageOverTheLimitClosesTheSocketWithIncomingTooLong() {
    try (WsProbe socket = WsProbe.connect(connectUrl("tally", "ws5"))) {
      socket.awaitTag("Init");
      socket.action(1, "shout", "[\"" + "x".repeat(70_000) + "\", 1]");
      assertThat(socket.awaitTag("Error").path("body").path("val").path("code").asText())
          .isEqualTo("incoming_too_long");
      assertThat(socket.awaitClose(Duration.ofSeconds(10)).reason())
          .isEqualTo("message.incoming_too_long");
    }
  }

  @Test
  void connectingToAMissingActorWithGetIsRejectedWithNotFound() {
    try (WsProbe socket = WsProbe.connect(connectUrl("tally", "nobody-here") + "?mode=get")) {
      JsonNode error = socket.awaitTag("Error").path("body").path("val");
      assertThat(error.path("code").asText()).isEqualTo("not_found");
      assertThat(socket.awaitClose(Duration.ofSeconds(10)).reason()).isEqualTo("actor.not_found");
      assertThat(socket.received()).noneMatch(f -> f.contains("\"Init\""));
    }
  }

  @Test
  void anUnsupportedEncodingIsRefused() {
    try (WsProbe socket = WsProbe.connect(connectUrl("tally", "ws6"), "rivet", "rivet_encoding.cbor")) {
      assertThat(socket.awaitClose(Duration.ofSeconds(10)).reason())
          .isEqualTo("actor.invalid_request");
    }
  }

  @Test
  void closedConnectionsAreForgottenByTheGateway() {
    WsProbe socket = WsProbe.connect(connectUrl("tally", "ws7"));
    socket.awaitTag("Init");
    assertThat(server.gateway().openConnections("tally/ws7")).isEqualTo(1);
    socket.close();
    Await.until("the connection to be dropped", Duration.ofSeconds(10),
        () -> server.gateway().openConnections("tally/ws7") == 0);
  }

  @Test
  void sseToAMissingActorIsAPlainJsonError() {
    HttpProbe.Response r = http.get("/api/actors/tally/absent/events?mode=get");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorCode()).isEqualTo("actor.not_found");
  }
}
