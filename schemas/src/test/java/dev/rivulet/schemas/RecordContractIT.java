package dev.rivulet.schemas;

import static dev.rivulet.schemas.ContractSchemas.ERROR;
import static dev.rivulet.schemas.ContractSchemas.INBOX;
import static dev.rivulet.schemas.ContractSchemas.JOURNAL;
import static dev.rivulet.schemas.ContractSchemas.OUTBOX;
import static dev.rivulet.schemas.ContractSchemas.REGISTRY;
import static dev.rivulet.schemas.ContractSchemas.WS_TO_CLIENT;
import static dev.rivulet.schemas.ContractSchemas.WS_TO_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.examples.ChatRoom;
import dev.rivulet.examples.Counter;
import dev.rivulet.records.JsonPatch;
import dev.rivulet.server.EmbeddedBroker;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
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
  private static HttpClient http;
  private static String base;
  private static String app;
  private static final Run run = new Run();

  /** A record read back from a topic. */
  record Rec(String topic, String key, int partition, long offset, JsonNode value) {
    String where() {
      return topic + "-" + partition + "@" + offset + " (key " + key + ")";
    }
  }

  /** An HTTP error answer. */
  record HttpError(String request, int status, String contentType, JsonNode body) {}

  /** Everything the run produced. */
  static final class Run {
    final List<HttpError> httpErrors = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> wsSent = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> wsReceived = Collections.synchronizedList(new ArrayList<>());
    final List<Rec> inbox = new ArrayList<>();
    final List<Rec> outbox = new ArrayList<>();
    final List<Rec> journal = new ArrayList<>();
    final List<Rec> registry = new ArrayList<>();
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
        .gateway(g -> g.port(0).sseHeartbeat(Duration.ofMillis(200)));
    server = RivuletServer.start(config);
    base = server.url();
    http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
    drive();
    readTopics();
    writeSamples();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  // ---------------------------------------------------------------- the checks

  @Test
  void everyInboxRecordFitsItsSchemaAndIsKeyedByItsActor() {
    assertThat(run.inbox).isNotEmpty();
    for (Rec r : run.inbox) {
      SCHEMAS.assertValid(INBOX, r.value(), "inbox record " + r.where());
      assertThat(r.key()).as("key of " + r.where()).isEqualTo(r.value().path("actor").asText());
    }
  }

  @Test
  void everyOutboxRecordFitsItsSchemaAndIsKeyedByTheGateway() {
    assertThat(run.outbox).isNotEmpty();
    for (Rec r : run.outbox) {
      SCHEMAS.assertValid(OUTBOX, r.value(), "outbox record " + r.where());
      assertThat(r.key()).as("key of " + r.where()).isEqualTo(server.gateway().id());
    }
  }

  @Test
  void everyJournalRecordFitsItsSchemaAndIsKeyedByItsActor() {
    assertThat(run.journal).isNotEmpty();
    for (Rec r : run.journal) {
      SCHEMAS.assertValid(JOURNAL, r.value(), "journal record " + r.where());
      assertThat(r.key()).as("key of " + r.where()).isEqualTo(r.value().path("actor").asText());
      assertThat(r.value().path("kind")).isEqualTo(r.value().at("/request/kind"));
    }
  }

  @Test
  void everyRegistryRecordFitsItsSchemaAndIsKeyedByItsTypeName() {
    assertThat(run.registry).isNotEmpty();
    for (Rec r : run.registry) {
      SCHEMAS.assertValid(REGISTRY, r.value(), "registry record " + r.where());
      assertThat(r.key()).as("key of " + r.where()).isEqualTo(r.value().path("name").asText());
    }
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
    assertThat(run.httpErrors).isNotEmpty();
    for (HttpError e : run.httpErrors) {
      SCHEMAS.assertValid(ERROR, e.body(), "error body of " + e.request());
      assertThat(e.contentType()).as("content type of " + e.request())
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
    assertThat(run.inbox).anyMatch(r -> r.value().has("connId") && kind(r, "action"));

    assertThat(values(run.outbox, v -> true, "/kind")).containsExactlyInAnyOrder("reply", "event");
    assertThat(run.outbox).anyMatch(r -> kind(r, "reply") && r.value().has("output"));
    assertThat(run.outbox).anyMatch(r -> kind(r, "reply") && r.value().has("error"));

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

    assertThat(values(run.wsSent, "/body/tag")).containsExactlyInAnyOrder("ActionRequest",
        "SubscriptionRequest");
    assertThat(values(run.wsReceived, "/body/tag")).containsExactlyInAnyOrder("Init",
        "ActionResponse", "Event", "Error");
    synchronized (run.wsReceived) {
      assertThat(run.wsReceived).as("an Error answering an action")
          .anyMatch(f -> f.at("/body/val/actionId").isArray());
      assertThat(run.wsReceived).as("an Error of the connection")
          .anyMatch(f -> f.at("/body/val/actionId").isNull());
    }

    assertThat(run.httpErrors.stream().map(e -> e.body().path("group").asText() + "."
        + e.body().path("code").asText()))
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
    Map<String, Rec> inboxAt = new HashMap<>();
    for (Rec r : run.inbox) inboxAt.put(r.partition() + "@" + r.offset(), r);
    for (Rec j : run.journal) {
      JsonNode source = j.value().path("source");
      Rec applied =
          inboxAt.get(source.path("partition").asInt() + "@" + source.path("offset").asLong());
      assertThat(applied).as("the inbox record of journal record " + j.where()).isNotNull();
      assertThat(j.value().path("request")).as("request of " + j.where())
          .isEqualTo(applied.value());
    }
    assertThat(run.journal).as("one journal record per applied inbox record").hasSize(11);
    assertThat(run.inbox).as("inbox records: 17 requests with a reply (8 of them rejected "
        + "before applying, see drive()) and 2 disconnects").hasSize(19);

    Map<String, Long> replies = run.outbox.stream().filter(r -> kind(r, "reply"))
        .collect(Collectors.groupingBy(r -> r.value().path("requestId").asText(),
            Collectors.counting()));
    for (Rec r : run.inbox) {
      if (!r.value().has("replyTo")) continue;
      assertThat(replies.get(r.value().at("/replyTo/requestId").asText()))
          .as("replies to " + r.where()).isEqualTo(1L);
    }
    assertThat(run.outbox.stream().filter(r -> kind(r, "event"))).hasSize(2);

    Map<String, List<Long>> seqs = new TreeMap<>();
    for (Rec j : run.journal) {
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
    for (Rec j : run.journal) {
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
    ObjectNode action = first(run.inbox, r -> kind(r, "action")).deepCopy();
    action.remove("replyTo");
    assertThat(SCHEMAS.assertInvalid(INBOX, action, "an inbox action without replyTo"))
        .extracting(Object::toString).anyMatch(s -> s.contains("replyTo"));

    ObjectNode renamed = first(run.inbox, r -> kind(r, "create")).deepCopy();
    renamed.put("mode", "GET_OR_CREATE");
    SCHEMAS.assertInvalid(INBOX, renamed, "an inbox create with the Java name of its mode");

    ObjectNode event = first(run.outbox, r -> kind(r, "event")).deepCopy();
    event.remove("eventSeq");
    SCHEMAS.assertInvalid(OUTBOX, event, "an outbox event without eventSeq");

    ObjectNode reply =
        first(run.outbox, r -> kind(r, "reply") && r.value().has("output")).deepCopy();
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

    ObjectNode body = run.httpErrors.get(0).body().deepCopy();
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
    JsonNode created = call("PUT", counter + "one", null, 201);
    assertThat(created.path("created").asBoolean()).isTrue();
    expectError("PUT", counter + "one", null, 409, "actor.duplicate_key");
    assertThat(call("POST", counter + "one/actions/increment", "[5]", 200).path("output").asLong())
        .isEqualTo(5);
    expectError("POST", counter + "one/actions/explode", "[]", 404, "actor.action_not_found");
    expectError("POST", counter + "one/actions/increment", "[\"five\"]", 400,
        "actor.invalid_arguments");
    expectError("POST", counter + "missing/actions/getCount?mode=get", "[]", 404,
        "actor.not_found");
    expectError("POST", counter + "one/actions/increment", "[5", 400, "request.invalid_json");
    expectError("POST", counter + "one/actions/increment", "{\"amount\":5}", 400,
        "request.invalid_body");
    expectError("GET", "/api/nowhere", null, 404, "request.route_not_found");
    expectError("GET", counter + "missing/events?mode=get", null, 404, "actor.not_found");
    assertThat(call("POST", counter + "two/actions/increment", "{\"args\":[1]}", 200)
        .path("output").asLong()).isEqualTo(1);
    run.metadata = call("GET", "/api/metadata", null, 200);

    // A WebSocket connection: subscribe, call actions, get their results, events and errors.
    try (WsClient ws = WsClient.open(counter + "one/connect")) {
      run.subprotocol = ws.ws.getSubprotocol();
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
    try (WsClient refused = WsClient.open(counter + "missing/connect?mode=get")) {
      JsonNode error = refused.next("Error");
      assertThat(error.at("/body/val/code").asText()).isEqualTo("not_found");
      assertThat(refused.closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo("1011 actor.not_found");
    }

    // An SSE stream that creates the room, a failing and a succeeding message.
    try (SseClient sse = SseClient.open(chat + "lobby/events")) {
      SseClient.Event hello = sse.next();
      assertThat(hello.event()).isEqualTo("rivulet.connected");
      run.sseConnId = ContractSchemas.parse(hello.data()).path("connectionId").asText();
      expectError("POST", chat + "lobby/actions/sendMessage", "[\"alice\",\"\"]", 400,
          "user.invalid_message");
      call("POST", chat + "lobby/actions/sendMessage", "[\"alice\",\"hello\"]", 200);
      SseClient.Event message = sse.next();
      assertThat(message.event()).isEqualTo("newMessage");
      assertThat(message.id()).isNotNull();
      assertThat(ContractSchemas.parse(message.data()).at("/0/text").asText()).isEqualTo("hello");
    }
  }

  /** Reads every topic of the application until both connections' ends are in the journal. */
  private static void readTopics() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, List<Rec>> byTopic = Map.of(
        app + ".inbox", run.inbox, app + ".outbox", run.outbox,
        app + ".journal", run.journal, app + ".registry", run.registry);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : byTopic.keySet()) {
        for (PartitionInfo info : consumer.partitionsFor(topic, TIMEOUT)) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!(bothDisconnectsJournaled() && caughtUp(consumer, partitions))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the disconnects of connections " + run.wsConnId + " and "
              + run.sseConnId + " did not reach the journal in " + TIMEOUT + "; journal: "
              + run.journal.stream().map(r -> r.value().toString()).toList());
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          byTopic.get(r.topic()).add(new Rec(r.topic(), r.key(), r.partition(), r.offset(),
              ContractSchemas.parse(r.value())));
        }
      }
    }
    // In offset order per partition, partitions in order: an actor's records are in its order.
    for (List<Rec> list : byTopic.values()) {
      list.sort((a, b) -> a.partition() != b.partition()
          ? Integer.compare(a.partition(), b.partition()) : Long.compare(a.offset(), b.offset()));
    }
  }

  private static boolean bothDisconnectsJournaled() {
    Set<String> ended = run.journal.stream()
        .filter(r -> r.value().path("kind").asText().equals("disconnect"))
        .map(r -> r.value().at("/request/connId").asText())
        .collect(Collectors.toSet());
    return ended.contains(run.wsConnId) && ended.contains(run.sseConnId);
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
    for (TopicPartition tp : partitions) {
      if (consumer.position(tp, TIMEOUT) < ends.get(tp)) return false;
    }
    return true;
  }

  /** One example of each kind, for schemas/README.md. */
  private static void writeSamples() throws IOException {
    Map<String, JsonNode> samples = new LinkedHashMap<>();
    for (Rec r : run.inbox) {
      samples.putIfAbsent("inbox-" + r.value().path("kind").asText(), r.value());
    }
    for (Rec r : run.outbox) {
      String name = "outbox-" + r.value().path("kind").asText()
          + (r.value().has("error") ? "-error" : "");
      samples.putIfAbsent(name, r.value());
    }
    for (Rec r : run.journal) {
      String name = "journal-" + r.value().path("kind").asText()
          + (r.value().has("error") ? "-error" : "")
          + (r.value().has("broadcasts") ? "-broadcasts" : "");
      samples.putIfAbsent(name, r.value());
    }
    for (Rec r : run.registry) samples.putIfAbsent("registry-" + r.key(), r.value());
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
    for (HttpError e : run.httpErrors) {
      samples.putIfAbsent("http-error-" + e.body().path("code").asText(), e.body());
    }
    Path dir = Path.of("target", "contract-samples");
    Files.createDirectories(dir);
    for (Map.Entry<String, JsonNode> s : samples.entrySet()) {
      Files.writeString(dir.resolve(s.getKey() + ".json"), s.getValue().toPrettyString() + "\n");
    }
  }

  // ---------------------------------------------------------------- helpers

  private static JsonNode call(String method, String path, String body, int expectedStatus)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(TIMEOUT)
        .header("content-type", "application/json")
        .method(method, body == null
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + path + " answered " + response.body())
        .isEqualTo(expectedStatus);
    JsonNode json = ContractSchemas.parse(response.body());
    if (response.statusCode() >= 400) {
      run.httpErrors.add(new HttpError(method + " " + path, response.statusCode(),
          response.headers().firstValue("content-type").orElse(""), json));
    }
    return json;
  }

  private static void expectError(String method, String path, String body, int status,
      String qualifiedCode) throws IOException, InterruptedException {
    JsonNode error = call(method, path, body, status);
    assertThat(error.path("group").asText() + "." + error.path("code").asText())
        .as(method + " " + path + " answered " + error).isEqualTo(qualifiedCode);
  }

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

  private static boolean kind(Rec r, String kind) {
    return r.value().path("kind").asText().equals(kind);
  }

  private static List<String> values(
      List<Rec> records, Predicate<JsonNode> filter, String pointer) {
    return records.stream().map(Rec::value).filter(filter).map(v -> v.at(pointer).asText())
        .distinct().toList();
  }

  private static List<String> values(List<JsonNode> frames, String pointer) {
    synchronized (frames) {
      return frames.stream().map(f -> f.at(pointer).asText()).distinct().toList();
    }
  }

  private static JsonNode first(List<Rec> records, Predicate<Rec> filter) {
    return records.stream().filter(filter).findFirst()
        .orElseThrow(() -> new AssertionError("no such record captured")).value();
  }

  private static JsonNode firstFrame(List<JsonNode> frames, String tag) {
    synchronized (frames) {
      return frames.stream().filter(f -> f.at("/body/tag").asText().equals(tag)).findFirst()
          .orElseThrow(() -> new AssertionError("no " + tag + " frame captured"));
    }
  }

  /** A WebSocket client speaking RivetKit's JSON encoding, recording every frame both ways. */
  static final class WsClient implements WebSocket.Listener, AutoCloseable {
    final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket ws;

    static WsClient open(String path) throws Exception {
      WsClient client = new WsClient();
      client.ws = http.newWebSocketBuilder()
          .subprotocols("rivet", "rivet_encoding.json")
          .connectTimeout(TIMEOUT)
          .buildAsync(URI.create(base.replaceFirst("^http", "ws") + path), client)
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        JsonNode frame = ContractSchemas.parse(partial.toString());
        partial.setLength(0);
        run.wsReceived.add(frame);
        received.add(frame);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode + " " + reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }

    void send(ObjectNode frame) throws Exception {
      run.wsSent.add(frame);
      ws.sendText(frame.toString(), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next frame, which must have {@code tag}. */
    JsonNode next(String tag) throws InterruptedException {
      JsonNode frame = received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(frame).as("a " + tag + " frame within " + TIMEOUT).isNotNull();
      assertThat(frame.at("/body/tag").asText()).as("frame " + frame).isEqualTo(tag);
      return frame;
    }

    /** The next {@code n} frames, by tag, in whatever order they came. */
    Map<String, JsonNode> next(int n) throws InterruptedException {
      Map<String, JsonNode> frames = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        JsonNode frame = received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(frame).as("frame " + (i + 1) + " of " + n + " within " + TIMEOUT).isNotNull();
        frames.put(frame.at("/body/tag").asText(), frame);
      }
      return frames;
    }

    /** Closes normally (if still open) and waits for the server's close. */
    @Override
    public void close() throws Exception {
      if (!ws.isOutputClosed()) ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
      try {
        closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } finally {
        ws.abort();
      }
    }
  }

  /** A Server-Sent Events client: a real streaming GET read line by line on its own thread. */
  static final class SseClient implements AutoCloseable {
    record Event(String id, String event, String data) {}

    private static final String END = "\u0000end";
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final InputStream body;

    private SseClient(InputStream body) {
      this.body = body;
      Thread reader = new Thread(this::read, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static SseClient open(String path) throws IOException, InterruptedException {
      HttpResponse<InputStream> response = http.send(
          HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.statusCode()).as("status of GET " + path).isEqualTo(200);
      assertThat(response.headers().firstValue("content-type").orElse(""))
          .startsWith("text/event-stream");
      return new SseClient(response.body());
    }

    private void read() {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) lines.add(line);
      } catch (IOException e) {
        // closed by close(): the end of the stream
      } finally {
        lines.add(END);
      }
    }

    /** The next event; comments (heartbeats) are skipped. */
    Event next() throws InterruptedException {
      Map<String, String> fields = new HashMap<>();
      while (true) {
        String line = lines.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(line).as("an SSE line within " + TIMEOUT).isNotNull().isNotEqualTo(END);
        if (line.startsWith(":")) continue;
        if (line.isEmpty()) {
          if (fields.isEmpty()) continue;
          return new Event(fields.get("id"), fields.get("event"), fields.get("data"));
        }
        int colon = line.indexOf(':');
        fields.put(line.substring(0, colon), line.substring(colon + 1).stripLeading());
      }
    }

    /** Leaves: the server notices at its next write and ends the connection. */
    @Override
    public void close() throws IOException {
      body.close();
    }
  }
}
