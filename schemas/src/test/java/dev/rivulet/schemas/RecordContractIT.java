package dev.rivulet.schemas;

import static dev.rivulet.schemas.ContractSchemas.ERROR;
import static dev.rivulet.schemas.ContractSchemas.INBOX;
import static dev.rivulet.schemas.ContractSchemas.JOURNAL;
import static dev.rivulet.schemas.ContractSchemas.OUTBOX;
import static dev.rivulet.schemas.ContractSchemas.REGISTRY;
import static dev.rivulet.schemas.ContractSchemas.WS_TO_CLIENT;
import static dev.rivulet.schemas.ContractSchemas.WS_TO_SERVER;
import static dev.rivulet.schemas.Captured.eachFits;
import static dev.rivulet.schemas.Captured.first;
import static dev.rivulet.schemas.Captured.firstFrame;
import static dev.rivulet.schemas.Captured.frameValues;
import static dev.rivulet.schemas.Captured.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.examples.ChatRoom;
import dev.rivulet.examples.Counter;
import dev.rivulet.records.JsonPatch;
import dev.rivulet.server.EmbeddedBroker;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.ServerConfig;
import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract test: runs a real stack (embedded broker, engine, gateway) with the example actors,
 * drives it through real HTTP, WebSocket and SSE clients, including the error cases, then reads
 * back every record of the application's topics with a plain {@link KafkaConsumer} and holds each
 * record, every WebSocket frame (both ways) and every HTTP error body against its schema.
 *
 * <p>The run happens once, before the tests; each test checks one part of what was captured. One
 * of them checks that each kind of record and frame was in fact captured, so the others cannot pass
 * on nothing. Examples of each are written to {@code target/contract-samples/}.
 */
class RecordContractIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ContractSchemas SCHEMAS = new ContractSchemas();

  @TempDir static Path dataDir;

  private static RivuletServer server;
  private static ContractHttp http;
  private static String app;
  private static final Run run = new Run();

  /** Everything the run produced. */
  static final class Run {
    final List<JsonNode> wsSent = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> wsReceived = Collections.synchronizedList(new ArrayList<>());
    final List<TopicRecord> inbox = new ArrayList<>();
    final List<TopicRecord> outbox = new ArrayList<>();
    final List<TopicRecord> journal = new ArrayList<>();
    final List<TopicRecord> registry = new ArrayList<>();
    JsonNode metadata;
    String subprotocol;
    String wsConnId;
    String sseConnId;
    long finalCount;
  }

  @BeforeAll
  static void runTheStack() throws Exception {
    EmbeddedBroker broker = EmbeddedBroker.shared();
    app = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    ServerConfig config = new ServerConfig()
        .bootstrapServers(broker.bootstrapServers())
        .application(app)
        .actors(Counter.class, ChatRoom.class)
        .dataDir(dataDir)
        // Frequent heartbeats, so that the server notices at once that the SSE client left.
        .gateway(g -> g.port(0).sseHeartbeat(Duration.ofMillis(200)).adminOpen(true));
    server = RivuletServer.start(config);
    http = new ContractHttp(server.url(), TIMEOUT);
    drive();
    try (TopicCapture capture = new TopicCapture(server.bootstrapServers(), Map.of(
        app + ".inbox", run.inbox, app + ".outbox", run.outbox,
        app + ".journal", run.journal, app + ".registry", run.registry), TIMEOUT,
        () -> "journal: " + run.journal.stream().map(r -> r.value().toString()).toList())) {
      capture.until("the disconnects of connections " + run.wsConnId + " and " + run.sseConnId,
          RecordContractIT::bothDisconnectsJournaled);
    }
    writeSamples();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  // ---------------------------------------------------------------- the checks

  @Test
  void everyInboxRecordFitsItsSchemaAndIsKeyedByItsActor() {
    eachFits(SCHEMAS, INBOX, run.inbox, v -> v.path("actor").asText());
  }

  @Test
  void everyOutboxRecordFitsItsSchemaAndIsKeyedByTheGateway() {
    eachFits(SCHEMAS, OUTBOX, run.outbox, v -> server.gateway().id());
  }

  @Test
  void everyJournalRecordFitsItsSchemaAndIsKeyedByItsActor() {
    eachFits(SCHEMAS, JOURNAL, run.journal, v -> v.path("actor").asText());
    for (TopicRecord r : run.journal) {
      assertThat(r.value().path("kind")).isEqualTo(r.value().at("/request/kind"));
    }
  }

  @Test
  void everyRegistryRecordFitsItsSchemaAndIsKeyedByItsTypeName() {
    eachFits(SCHEMAS, REGISTRY, run.registry, v -> v.path("name").asText());
    // GET /api/metadata serves the same descriptions.
    for (JsonNode type : run.metadata.path("actors")) {
      SCHEMAS.assertValid(REGISTRY, type, "actor type of GET /api/metadata");
    }
  }

  @Test
  void everyWebSocketFrameFitsItsSchema() {
    assertThat(run.wsSent).isNotEmpty();
    assertThat(run.wsReceived).isNotEmpty();
    synchronized (run.wsSent) {
      for (JsonNode frame : run.wsSent) SCHEMAS.assertValid(WS_TO_SERVER, frame, "sent frame");
    }
    synchronized (run.wsReceived) {
      for (JsonNode frame : run.wsReceived) {
        SCHEMAS.assertValid(WS_TO_CLIENT, frame, "received frame");
      }
    }
  }

  @Test
  void everyHttpErrorBodyFitsTheErrorSchema() {
    assertThat(http.errors).isNotEmpty();
    for (ContractHttp.Answer e : http.errors) {
      SCHEMAS.assertValid(ERROR, e.json(), "error body of " + e.request());
      assertThat(e.header("content-type")).as("content type of " + e.request())
          .startsWith("application/json");
    }
  }

  /** Without this, the checks above could pass on a run that produced nothing interesting. */
  @Test
  void eachKindOfRecordAndFrameWasCaptured() {
    assertThat(values(run.inbox, v -> true, "/kind"))
        .containsExactlyInAnyOrder("create", "action", "connect", "disconnect");
    assertThat(values(run.inbox, v -> v.path("kind").asText().equals("connect"), "/transport"))
        .containsExactlyInAnyOrder("websocket", "sse");
    assertThat(run.inbox).anyMatch(r -> r.value().has("connId") && r.isKind("action"));

    assertThat(values(run.outbox, v -> true, "/kind")).containsExactlyInAnyOrder("reply", "event");
    assertThat(run.outbox).anyMatch(r -> r.isKind("reply") && r.value().has("output"));
    assertThat(run.outbox).anyMatch(r -> r.isKind("reply") && r.value().has("error"));

    assertThat(values(run.journal, v -> true, "/kind"))
        .containsExactlyInAnyOrder("create", "action", "connect", "disconnect");
    assertThat(run.journal).as("a journal record with a state change")
        .anyMatch(r -> r.value().path("patch").size() > 0);
    assertThat(run.journal).as("a journal record with an empty patch")
        .anyMatch(r -> r.value().path("patch").isArray() && r.value().path("patch").isEmpty());
    assertThat(run.journal).as("a journal record with a snapshot")
        .anyMatch(r -> r.value().has("snapshot"));
    assertThat(run.journal).as("a journal record with broadcasts")
        .anyMatch(r -> r.value().has("broadcasts"));
    assertThat(run.journal).as("a journal record with an error")
        .anyMatch(r -> r.value().path("error").path("group").asText().equals("user"));
    assertThat(run.journal).as("a journal record that created its actor")
        .anyMatch(r -> r.value().has("created"));

    assertThat(values(run.registry, v -> true, "/name"))
        .containsExactlyInAnyOrder("counter", "chatRoom");

    assertThat(frameValues(run.wsSent, "/body/tag")).containsExactlyInAnyOrder("ActionRequest",
        "SubscriptionRequest");
    assertThat(frameValues(run.wsReceived, "/body/tag")).containsExactlyInAnyOrder("Init",
        "ActionResponse", "Event", "Error");
    synchronized (run.wsReceived) {
      assertThat(run.wsReceived).as("an Error answering an action")
          .anyMatch(f -> f.at("/body/val/actionId").isArray());
      assertThat(run.wsReceived).as("an Error of the connection")
          .anyMatch(f -> f.at("/body/val/actionId").isNull());
    }

    assertThat(http.errors.stream().map(e -> e.json().path("group").asText() + "."
        + e.json().path("code").asText()))
        .contains("actor.duplicate_key", "actor.action_not_found", "actor.invalid_arguments",
            "actor.not_found", "user.invalid_message", "request.invalid_json",
            "request.route_not_found");
  }

  /**
   * Every inbox record that applied has exactly one journal record, holding the inbox record as
   * received; rejected requests have none; every request has exactly one reply; each actor's
   * journal counts 1, 2, 3...
   */
  @Test
  void theTopicsAgreeWithEachOther() {
    Map<String, TopicRecord> inboxAt = new HashMap<>();
    for (TopicRecord r : run.inbox) inboxAt.put(r.partition() + "@" + r.offset(), r);
    for (TopicRecord j : run.journal) {
      JsonNode source = j.value().path("source");
      TopicRecord applied =
          inboxAt.get(source.path("partition").asInt() + "@" + source.path("offset").asLong());
      assertThat(applied).as("the inbox record of journal record " + j.where()).isNotNull();
      assertThat(j.value().path("request")).as("request of " + j.where())
          .isEqualTo(applied.value());
    }
    assertThat(run.journal).as("one journal record per applied inbox record").hasSize(11);
    assertThat(run.inbox).as("inbox records: 17 requests with a reply (8 of them rejected "
        + "before applying, see drive()) and 2 disconnects").hasSize(19);

    Map<String, Long> replies = run.outbox.stream().filter(r -> r.isKind("reply"))
        .collect(Collectors.groupingBy(r -> r.value().path("requestId").asText(),
            Collectors.counting()));
    for (TopicRecord r : run.inbox) {
      if (!r.value().has("replyTo")) continue;
      assertThat(replies.get(r.value().at("/replyTo/requestId").asText()))
          .as("replies to " + r.where()).isEqualTo(1L);
    }
    assertThat(run.outbox.stream().filter(r -> r.isKind("event"))).hasSize(2);

    Map<String, List<Long>> seqs = new TreeMap<>();
    for (TopicRecord j : run.journal) {
      seqs.computeIfAbsent(j.key(), k -> new ArrayList<>()).add(j.value().path("seq").asLong());
    }
    seqs.forEach((actor, list) -> {
      List<Long> expected = new ArrayList<>();
      for (long i = 1; i <= list.size(); i++) expected.add(i);
      assertThat(list).as("journal sequence of " + actor).isEqualTo(expected);
    });
  }

  /** The patches of an actor's journal, applied in order, give the state the actor reports. */
  @Test
  void thePatchesReplayToTheActorsState() {
    JsonNode state = null;
    for (TopicRecord j : run.journal) {
      if (!j.key().equals("counter/one")) continue;
      state = JsonPatch.apply(state, j.value().path("patch"));
      if (j.value().has("snapshot")) assertThat(state).isEqualTo(j.value().path("snapshot"));
    }
    assertThat(state).isNotNull();
    assertThat(state.path("count").asLong()).isEqualTo(run.finalCount);
  }

  /** The schemas are not vacuous: broken copies of real records and frames are rejected. */
  @Test
  void theSchemasRejectBrokenCopiesOfRealRecords() {
    ObjectNode action = first(run.inbox, r -> r.isKind("action")).deepCopy();
    action.remove("replyTo");
    assertThat(SCHEMAS.assertInvalid(INBOX, action, "an inbox action without replyTo"))
        .extracting(Object::toString).anyMatch(s -> s.contains("replyTo"));

    ObjectNode renamed = first(run.inbox, r -> r.isKind("create")).deepCopy();
    renamed.put("mode", "GET_OR_CREATE");
    SCHEMAS.assertInvalid(INBOX, renamed, "an inbox create with the Java name of its mode");

    ObjectNode event = first(run.outbox, r -> r.isKind("event")).deepCopy();
    event.remove("eventSeq");
    SCHEMAS.assertInvalid(OUTBOX, event, "an outbox event without eventSeq");

    ObjectNode reply =
        first(run.outbox, r -> r.isKind("reply") && r.value().has("output")).deepCopy();
    reply.set("error", first(run.outbox, r -> r.value().has("error")).path("error"));
    SCHEMAS.assertInvalid(OUTBOX, reply, "an outbox reply with both output and error");

    ObjectNode journal = first(run.journal, r -> r.value().has("broadcasts")).deepCopy();
    ((ObjectNode) journal.withArray("broadcasts").get(0)).remove("name");
    SCHEMAS.assertInvalid(JOURNAL, journal, "a journal broadcast without a name");

    ObjectNode type = first(run.registry, r -> true).deepCopy();
    ((ObjectNode) type.withArray("actions").get(0)).remove("returns");
    SCHEMAS.assertInvalid(REGISTRY, type, "an action description without returns");

    ObjectNode response = firstFrame(run.wsReceived, "ActionResponse").deepCopy();
    ((ObjectNode) response.at("/body/val")).put("id", 1);
    assertThat(SCHEMAS.assertInvalid(WS_TO_CLIENT, response, "an ActionResponse with a numeric id"))
        .extracting(Object::toString).anyMatch(s -> s.contains("/body/val/id"));

    ObjectNode error = firstFrame(run.wsReceived, "Error").deepCopy();
    ((ObjectNode) error.at("/body/val")).remove("actionId");
    SCHEMAS.assertInvalid(WS_TO_CLIENT, error, "an Error frame without actionId");

    ObjectNode request = firstFrame(run.wsSent, "ActionRequest").deepCopy();
    ((ObjectNode) request.at("/body/val")).put("id", "1");
    SCHEMAS.assertInvalid(WS_TO_SERVER, request, "an ActionRequest with a string id");

    ObjectNode body = http.errors.get(0).json().deepCopy();
    body.remove("code");
    SCHEMAS.assertInvalid(ERROR, body, "an HTTP error body without code");
  }

  /**
   * RivetKit's clients (browsers, Node's ws) fail a connection that offered subprotocols when the
   * server selects none.
   */
  @Test
  void theServerSelectsTheRivetSubprotocol() {
    assertThat(run.subprotocol).isEqualTo("rivet");
  }

  // ---------------------------------------------------------------- the run

  private static void drive() throws Exception {
    String counter = "/api/actors/counter/";
    String chat = "/api/actors/chatRoom/";

    // Stateless HTTP, and the errors of the request path.
    JsonNode created = http.call("PUT", counter + "one", null, 201).json();
    assertThat(created.path("created").asBoolean()).isTrue();
    http.expectError("PUT", counter + "one", null, 409, "actor.duplicate_key");
    assertThat(http.call("POST", counter + "one/actions/increment", "[5]", 200).json()
        .path("output").asLong()).isEqualTo(5);
    http.expectError("POST", counter + "one/actions/explode", "[]", 404, "actor.action_not_found");
    http.expectError("POST", counter + "one/actions/increment", "[\"five\"]", 400,
        "actor.invalid_arguments");
    http.expectError("POST", counter + "missing/actions/getCount?mode=get", "[]", 404,
        "actor.not_found");
    http.expectError("POST", counter + "one/actions/increment", "[5", 400, "request.invalid_json");
    http.expectError("POST", counter + "one/actions/increment", "{\"amount\":5}", 400,
        "request.invalid_body");
    http.expectError("GET", "/api/nowhere", null, 404, "request.route_not_found");
    http.expectError("GET", counter + "missing/events?mode=get", null, 404, "actor.not_found");
    assertThat(http.call("POST", counter + "two/actions/increment", "{\"args\":[1]}", 200).json()
        .path("output").asLong()).isEqualTo(1);
    run.metadata = http.call("GET", "/api/metadata", null, 200).json();

    // A WebSocket connection: subscribe, call actions, get their results, events and errors.
    try (RecordingWebSocket ws = openWs(counter + "one/connect")) {
      run.subprotocol = ws.subprotocol();
      JsonNode init = ws.next("Init");
      run.wsConnId = init.at("/body/val/connectionId").asText();
      assertThat(init.at("/body/val/actorId").asText()).isEqualTo("counter/one");
      ws.send(frame("SubscriptionRequest",
          obj().put("eventName", "newCount").put("subscribe", true)));
      ws.send(actionRequest(1, "increment", "[2]"));
      Map<String, JsonNode> both = ws.next(2);
      assertThat(both.keySet()).containsExactlyInAnyOrder("ActionResponse", "Event");
      assertThat(both.get("ActionResponse").at("/body/val/output").asLong()).isEqualTo(7);
      assertThat(both.get("Event").at("/body/val/name").asText()).isEqualTo("newCount");
      ws.send(actionRequest(2, "explode", "[]"));
      JsonNode unknown = ws.next("Error");
      assertThat(unknown.at("/body/val/code").asText()).isEqualTo("action_not_found");
      assertThat(unknown.at("/body/val/actionId").toString()).isEqualTo("[\"$BigInt\",\"2\"]");
      ws.send(actionRequest(3, "increment", "[\"x\"]"));
      assertThat(ws.next("Error").at("/body/val/code").asText()).isEqualTo("invalid_arguments");
      ws.send(actionRequest(4, "getCount", "[]"));
      run.finalCount = ws.next("ActionResponse").at("/body/val/output").asLong();
      assertThat(run.finalCount).isEqualTo(7);
    }

    // A connection the engine refuses: an Error of the connection, then the close.
    try (RecordingWebSocket refused = openWs(counter + "missing/connect?mode=get")) {
      JsonNode error = refused.next("Error");
      assertThat(error.at("/body/val/code").asText()).isEqualTo("not_found");
      assertThat(refused.closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo("1011 actor.not_found");
    }

    // An SSE stream that creates the room, a failing and a succeeding message.
    try (SseStream sse = http.sse(chat + "lobby/events")) {
      SseStream.Event hello = sse.next();
      assertThat(hello.name()).isEqualTo("rivulet.connected");
      run.sseConnId = ContractSchemas.parse(hello.data()).path("connectionId").asText();
      http.expectError("POST", chat + "lobby/actions/sendMessage", "[\"alice\",\"\"]", 400,
          "user.invalid_message");
      http.call("POST", chat + "lobby/actions/sendMessage", "[\"alice\",\"hello\"]", 200);
      SseStream.Event message = sse.next();
      assertThat(message.name()).isEqualTo("newMessage");
      assertThat(message.id()).isNotNull();
      assertThat(ContractSchemas.parse(message.data()).at("/0/text").asText()).isEqualTo("hello");
    }
  }

  private static boolean bothDisconnectsJournaled() {
    Set<String> ended = run.journal.stream()
        .filter(r -> r.value().path("kind").asText().equals("disconnect"))
        .map(r -> r.value().at("/request/connId").asText())
        .collect(Collectors.toSet());
    return ended.contains(run.wsConnId) && ended.contains(run.sseConnId);
  }

  /** One example of each kind, for schemas/README.md. */
  private static void writeSamples() throws IOException {
    Map<String, JsonNode> samples = new LinkedHashMap<>();
    for (TopicRecord r : run.inbox) {
      samples.putIfAbsent("inbox-" + r.value().path("kind").asText(), r.value());
    }
    for (TopicRecord r : run.outbox) {
      String name = "outbox-" + r.value().path("kind").asText()
          + (r.value().has("error") ? "-error" : "");
      samples.putIfAbsent(name, r.value());
    }
    for (TopicRecord r : run.journal) {
      String name = "journal-" + r.value().path("kind").asText()
          + (r.value().has("error") ? "-error" : "")
          + (r.value().has("broadcasts") ? "-broadcasts" : "");
      samples.putIfAbsent(name, r.value());
    }
    for (TopicRecord r : run.registry) samples.putIfAbsent("registry-" + r.key(), r.value());
    synchronized (run.wsSent) {
      for (JsonNode f : run.wsSent) {
        samples.putIfAbsent("ws-to-server-" + f.at("/body/tag").asText(), f);
      }
    }
    synchronized (run.wsReceived) {
      for (JsonNode f : run.wsReceived) {
        samples.putIfAbsent("ws-to-client-" + f.at("/body/tag").asText(), f);
      }
    }
    for (ContractHttp.Answer e : http.errors) {
      samples.putIfAbsent("http-error-" + e.json().path("code").asText(), e.json());
    }
    Captured.writeSamples(Path.of("target", "contract-samples"), samples);
  }

  // ---------------------------------------------------------------- helpers

  private static ObjectNode obj() {
    return ContractSchemas.JSON.createObjectNode();
  }

  private static ObjectNode frame(String tag, ObjectNode val) {
    ObjectNode root = obj();
    root.putObject("body").put("tag", tag).set("val", val);
    return root;
  }

  private static ObjectNode actionRequest(long id, String name, String args) {
    ObjectNode val = obj();
    val.putArray("id").add("$BigInt").add(Long.toString(id));
    val.put("name", name);
    val.set("args", ContractSchemas.parse(args));
    return frame("ActionRequest", val);
  }

  private static RecordingWebSocket openWs(String path) throws Exception {
    return RecordingWebSocket.open(http, path, run.wsSent, run.wsReceived);
  }
}
