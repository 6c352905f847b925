package dev.rivulet.schemas;

import static dev.rivulet.schemas.Captured.count;
import static dev.rivulet.schemas.Captured.first;
import static dev.rivulet.schemas.Captured.kind;
import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.TopicOutput;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.server.ContractActors;
import dev.rivulet.server.EmbeddedBroker;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.ServerConfig;
import dev.rivulet.server.SubscribedActors;
import dev.rivulet.server.testing.KafkaTopics;
import dev.rivulet.server.testing.TempDirs;
import dev.rivulet.server.testing.WsProbe;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The contract run of the actor model, once per JVM for {@link ModelRecordsFitIT} and {@link
 * ModelTopicsAgreeIT}: runs a real stack with the server's model actors (lobby, clock, pinger and
 * ponger, agent, site, life) plus one whose hook fails, drives every part of the model through
 * HTTP, a WebSocket and SSE (connection params and kicking, schedules set, fired and cancelled,
 * calls and sends between actors, a failing call, an effect, raw HTTP, destroying and re-creating
 * an actor, a repeated and a reused idempotency key; raw WebSockets, a stateless call and requests
 * for one generation, written to the inbox as RivetKit's gateway routes will write them), stops
 * the stack, and keeps every record of the application's inbox, journal, outbox, effects,
 * gateways and registry topics.
 *
 * <p>It never sleeps: it waits on events, sockets and the topics themselves, each with a deadline.
 * Examples of each record are written to {@code target/contract-samples/model/}.
 */
final class ModelRun {
  static final Duration TIMEOUT = Duration.ofSeconds(60);


  final List<JsonNode> wsReceived = new ArrayList<>();
  final List<TopicRecord> inbox = new ArrayList<>();
  final List<TopicRecord> outbox = new ArrayList<>();
  final List<TopicRecord> journal = new ArrayList<>();
  final List<TopicRecord> registry = new ArrayList<>();
  final List<TopicRecord> effects = new ArrayList<>();
  final List<TopicRecord> gateways = new ArrayList<>();
  /** The SSE events of the connection to life/l1 that the destroy ended, in order. */
  final List<SseStream.Event> destroyedStream = new ArrayList<>();
  String clockSseConnId;
  String lobbyWsClose;
  String idempotentOutput;
  JsonNode lifeReplayState;

  String gatewayId;
  List<ContractHttp.Answer> httpErrors;

  private static ModelRun run;
  private static Exception failed;
  private static RivuletServer server;
  private static ContractHttp http;
  private static String app;
  private static String entries;
  private static String totals;

  private ModelRun() {}

  /** The run, made by the first caller. */
  static synchronized ModelRun once() throws Exception {
    if (failed != null) throw new IllegalStateException("the model contract run failed", failed);
    if (run == null) {
      run = new ModelRun();
      try {
        start();
      } catch (Exception | AssertionError e) {
        failed = e instanceof Exception ex ? ex : new Exception(e);
        if (server != null) server.close();
        throw e;
      }
    }
    return run;
  }

  private static void start() throws Exception {
    Path dataDir = TempDirs.create("model-contract-");
    EmbeddedBroker broker = EmbeddedBroker.shared();
    app = "model-contract-" + UUID.randomUUID().toString().substring(0, 8);
    entries = app + "-entries";
    totals = app + "-totals";
    SubscribedActors.publishTo(totals);
    KafkaTopics.create(broker.bootstrapServers(), 1, entries, totals);
    ServerConfig config = new ServerConfig()
        .bootstrapServers(broker.bootstrapServers())
        .application(app)
        .actors(ContractActors.all())
        // An actor fed by a topic, publishing to another: origins and published records.
        .subscribe(SubscribedActors.subscription(entries))
        .output(TopicOutput.json(totals))
        .effect("shout", call -> call.arg(0, String.class).toUpperCase())
        .dataDir(dataDir)
        // Frequent SSE comments: the server notices at once that an SSE client left. Frequent
        // heartbeats on <app>.gateways: several are captured.
        .gateway(g -> g.port(0).sseHeartbeat(Duration.ofMillis(200))
            .heartbeatInterval(Duration.ofMillis(200)).adminOpen(true));
    server = RivuletServer.start(config);
    run.gatewayId = server.gateway().id();
    http = new ContractHttp(server.url(), TIMEOUT);
    run.httpErrors = http.errors;
    try (TopicCapture capture = new TopicCapture(server.bootstrapServers(), Map.of(
        app + ".inbox", run.inbox, app + ".outbox", run.outbox, app + ".journal", run.journal,
        app + ".registry", run.registry, app + ".effects", run.effects,
        app + ".gateways", run.gateways), TIMEOUT,
        () -> "heartbeats: " + run.gateways.size() + "; journal: "
            + run.journal.stream().map(r -> r.value().toString()).toList())) {
      drive();
      // Everything the run set off (schedules, calls, effects, disconnects) has reached the
      // journal before the stack stops; then the gateway's last heartbeat says it stopped.
      capture.until("the asynchronous outcomes of the run", ModelRun::settled);
      server.close();
      server = null;
      capture.until("the gateway's last heartbeat", () -> run.gateways.stream()
          .anyMatch(r -> r.key().equals(run.gatewayId)
              && !r.value().path("alive").asBoolean(true)));
    }
    writeSamples();
  }

  // ---------------------------------------------------------------- the run

  private static final String LOBBY = "/api/actors/lobby/hall";

  private static void drive() throws Exception {
    // Connections with params: a WebSocket and an SSE stream to the lobby, a connection state
    // change, a direct send, then the host kicks both (outbox disconnect, journal close).
    WsProbe ada = WsProbe.connect(http.base.replaceFirst("^http", "ws") + LOBBY + "/connect",
        "rivet", "rivet_encoding.json", "rivet_conn_params." + urlEncode(params("ada")));
    try {
      ada.awaitTag("Init");
      ada.await(f -> f.at("/body/val/name").asText().equals("welcome"), TIMEOUT);
      try (SseStream bob = http.sse(LOBBY + "/events?params=" + urlEncode(params("bob")))) {
        assertThat(bob.next().name()).isEqualTo("rivulet.connected");
        ada.action(1, "rename", "[\"adele\"]");
        ada.awaitTag("ActionResponse");
        assertThat(http.call("POST", LOBBY + "/actions/kick", "[\"bob\"]", 200).json()
            .path("output").asInt()).isEqualTo(1);
        List<SseStream.Event> rest = bob.untilEnd();
        assertThat(rest).last().isEqualTo(new SseStream.Event(null, "rivulet.disconnected",
            "{\"reason\":\"kicked by the host\"}"));
      }
      assertThat(http.call("POST", LOBBY + "/actions/kick", "[\"adele\"]", 200).json()
          .path("output").asInt()).isEqualTo(1);
      WsProbe.Closed closed = ada.awaitClose(TIMEOUT);
      run.lobbyWsClose = closed.status() + " " + closed.reason();
    } finally {
      ada.close();
      for (String frame : ada.received()) run.wsReceived.add(ContractSchemas.parse(frame));
    }

    // Schedules: one set for 200 ms fires (awaited as its event), one set and cancelled, one
    // left pending on an actor that is destroyed (cancelled by the destroy).
    try (SseStream clock = http.sse("/api/actors/clock/c1/events")) {
      run.clockSseConnId = ContractSchemas.parse(clock.next().data()).path("connectionId")
          .asText();
      http.call("POST", "/api/actors/clock/c1/actions/remindIn", "[200,\"tea\"]", 200);
      assertThat(clock.next(e -> e.name().equals("rang")).data()).isEqualTo("[\"tea\"]");
      String later = http.call("POST", "/api/actors/clock/c1/actions/remindIn",
          "[600000,\"later\"]", 200).json().path("output").asText();
      String cancel = "[\"" + later + "\"]";
      assertThat(http.call("POST", "/api/actors/clock/c1/actions/cancel", cancel, 200)
          .json().path("output").asBoolean()).isTrue();
    }
    http.call("POST", "/api/actors/clock/c2/actions/remindIn", "[600000,\"never\"]", 200);
    http.call("DELETE", "/api/actors/clock/c2", null, 200);

    // Actor to actor: a call answered, a call that fails, a fire-and-forget send.
    http.call("POST", "/api/actors/pinger/p1/actions/ping", "[\"q1\",\"hi\"]", 200);
    http.call("POST", "/api/actors/pinger/p1/actions/fail", "[\"q1\"]", 200);
    http.call("POST", "/api/actors/pinger/p1/actions/notify", "[\"q1\",\"note\"]", 200);

    // An effect, run by the engine's effect runner.
    http.call("POST", "/api/actors/agent/a1/actions/ask", "[\"shout\",\"hello\"]", 200);

    // Raw HTTP: a PUT with a body and a query, GETs with and without a path.
    var created = http.send("PUT", "/api/actors/site/s1/request/home?lang=en", "hello page",
        "text/plain; charset=utf-8", null);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    var page = http.send("GET", "/api/actors/site/s1/request/home", null, null, null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).isEqualTo("hello page");
    assertThat(page.header("x-page")).isEqualTo("/home");
    assertThat(http.send("GET", "/api/actors/site/s1/request", null, null, null).status())
        .isEqualTo(404);

    // Lifecycle: create, a connection, destroy (the stream ends), create again, a missing one.
    http.call("PUT", "/api/actors/life/l1", null, 201);
    try (SseStream life = http.sse("/api/actors/life/l1/events")) {
      assertThat(life.next().name()).isEqualTo("rivulet.connected");
      http.call("POST", "/api/actors/life/l1/actions/set", "[7]", 200);
      assertThat(life.next(e -> e.name().equals("changed")).data()).isEqualTo("[7]");
      assertThat(http.call("DELETE", "/api/actors/life/l1", null, 200).body())
          .isEqualTo("{\"destroyed\":true,\"generation\":1}");
      run.destroyedStream.addAll(life.untilEnd());
    }
    assertThat(http.call("PUT", "/api/actors/life/l1", null, 201).json().at("/actor/generation")
        .asLong()).isEqualTo(2);
    http.expectError("DELETE", "/api/actors/life/nobody", null, 404, "actor.not_found");

    // Idempotency: the same key and request twice (applied once), then with other arguments.
    var first = http.send("POST", "/api/actors/life/l1/actions/set", "[3]", "application/json",
        "contract-key-1");
    assertThat(first.status()).isEqualTo(200);
    run.idempotentOutput = first.json().path("output").toString();
    var again = http.send("POST", "/api/actors/life/l1/actions/set", "[3]", "application/json",
        "contract-key-1");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    var reused = http.send("POST", "/api/actors/life/l1/actions/set", "[4]", "application/json",
        "contract-key-1");
    assertThat(reused.status()).isEqualTo(422);
    http.errors.add(reused);
    assertThat(reused.json().path("code").asText()).isEqualTo("idempotency_key_reused");
    run.lifeReplayState = http.call("POST", "/api/actors/life/l1/actions/read", "[]", 200).json()
        .path("output");

    // A hook that fails: the action applies, the journal record notes the failure in meta.
    assertThat(http.call("POST", "/api/actors/touchy/t1/actions/poke", "[]", 200).json()
        .path("output").asInt()).isEqualTo(1);

    // Records of a subscribed topic, written by a plain producer: the first applies and
    // publishes, the second fails (journaled, published nothing).
    try (KafkaProducer<String, byte[]> producer = KafkaTopics.producer(server.bootstrapServers())) {
      for (String entry : List.of("{\"account\":\"m1\",\"n\":1,\"amount\":5}",
          "{\"account\":\"m1\",\"n\":2,\"amount\":-1}")) {
        producer.send(new ProducerRecord<>(entries, "m1", entry.getBytes(StandardCharsets.UTF_8)));
      }
    }

    rivetKitProtocol();
  }

  /** The connection id of the raw socket the actor closes, and of the one its client closes. */
  static final String RAW_KEPT = "contract-raw-1";
  static final String RAW_LEFT = "contract-raw-2";
  static final String STATELESS_CONN = "contract-http-1";

  /**
   * What the engine does for RivetKit's protocol: a nested action name over Rivulet's own HTTP
   * route; and the records RivetKit's gateway routes write (raw WebSockets, a stateless call in a
   * connection of its own, requests for one generation), which are not wired into the gateway
   * yet, written straight to the inbox as this gateway's, in one actor's order. What the engine
   * answers is read from the topics like the rest.
   */
  private static void rivetKitProtocol() throws Exception {
    assertThat(http.call("POST", "/api/actors/sockets/s1/actions/stats.read", "[]", 200).json()
        .at("/output/opened").asInt()).isZero();
    ActorId actor = ActorId.of("sockets", "s1");
    ActorId other = ActorId.of("sockets", "s2");
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      List<InboxRecord> records = List.of(
          new InboxRecord.Connect(actor, replyTo(), InboxRecord.Mode.GET, null, RAW_KEPT,
              ContractSchemas.parse("{\"user\":\"ada\"}"), InboxRecord.RawSocket.TRANSPORT, 1L,
              new InboxRecord.RawSocket("/chat", Map.of("room", List.of("a")),
                  Map.of("user-agent", "contract"))),
          new InboxRecord.SocketMessage(actor, run.gatewayId, RAW_KEPT, "hello", null),
          new InboxRecord.SocketMessage(actor, run.gatewayId, RAW_KEPT, null,
              Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})),
          new InboxRecord.SocketMessage(actor, run.gatewayId, RAW_KEPT, "bye", null),
          // on another actor, which it creates: a snapshot with the raw socket in meta
          new InboxRecord.Connect(other, replyTo(), InboxRecord.Mode.GET_OR_CREATE, null,
              RAW_LEFT, null, InboxRecord.RawSocket.TRANSPORT, null,
              new InboxRecord.RawSocket("/", null, null)),
          new InboxRecord.Disconnect(other, run.gatewayId, RAW_LEFT, "going away", 1001),
          new InboxRecord.Action(actor, replyTo(), InboxRecord.Mode.GET, null, "stats.whoAmI",
              ContractSchemas.parse("[]"), null, null, null, 1L,
              new InboxRecord.Stateless(STATELESS_CONN,
                  ContractSchemas.parse("{\"user\":\"bob\"}"))),
          new InboxRecord.Action(actor, replyTo(), InboxRecord.Mode.GET_OR_CREATE, null,
              "stats.read", ContractSchemas.parse("[]"), null, null, null, 2L, null));
      for (InboxRecord r : records) {
        producer.send(new ProducerRecord<>(app + ".inbox", r.actor().toString(),
            RecordCodec.encode(r))).get();
      }
    }
  }

  private static InboxRecord.ReplyTo replyTo() {
    return new InboxRecord.ReplyTo(run.gatewayId, UUID.randomUUID().toString());
  }

  /** Whether everything the run set off has been applied and journaled. */
  private static boolean settled() {
    return count(run.journal, r -> r.isKind("continue") && r.key().equals("pinger/p1")) == 2
        && count(run.journal, r -> r.isKind("continue") && r.key().equals("agent/a1")) == 1
        && count(run.journal, r -> r.key().equals("ponger/q1")
            && r.value().at("/request/action").asText().equals("note")) == 1
        && count(run.journal, r -> r.isKind("disconnect")
            && r.value().at("/request/connId").asText().equals(run.clockSseConnId)) == 1
        && count(run.journal, r -> r.key().equals("touchy/t1")) == 1
        && count(run.journal, r -> r.key().equals("account/m1")) == 2
        && count(run.journal, r -> r.key().equals("sockets/s1")) == 6
        && count(run.journal, r -> r.key().equals("sockets/s2")) == 2
        && count(run.outbox, r -> r.value().at("/error/message").asText()
            .equals("Actor sockets/s1, generation 2, does not exist")) == 1
        && count(run.gateways, r -> r.key().equals(run.gatewayId)
            && r.value().path("alive").asBoolean()) >= 2;
  }

  private static String params(String user) {
    return "{\"user\":\"" + user + "\",\"token\":\"secret\"}";
  }

  private static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** One example of each kind, for schemas/README.md. */
  private static void writeSamples() throws IOException {
    Map<String, JsonNode> samples = new LinkedHashMap<>();
    for (TopicRecord r : run.inbox) {
      JsonNode v = r.value();
      String variant = v.has("origin") ? "-topic" : v.has("caller")
          ? (v.path("caller").has("callId") ? "-call" : "-send")
          : v.has("idempotencyKey") ? "-idempotent" : v.has("source") ? "-" + v.path("source")
          .asText() + (v.has("error") ? "-error" : "") : v.has("method") ? "-" + v.path("method")
          .asText() : "";
      samples.putIfAbsent("inbox-" + v.path("kind").asText() + variant, v);
    }
    for (TopicRecord r : run.outbox) {
      JsonNode v = r.value();
      String variant = v.has("error") ? "-error" : v.at("/output/destroyed").asBoolean()
          ? "-destroy" : v.at("/output/status").isInt() ? "-raw" : "";
      samples.putIfAbsent("outbox-" + v.path("kind").asText() + variant, v);
    }
    for (TopicRecord r : run.journal) {
      JsonNode v = r.value();
      StringBuilder name = new StringBuilder("journal-" + v.path("kind").asText());
      for (String field : List.of("created", "error", "connections", "schedules", "messages",
          "effects", "published", "destroyed", "meta")) {
        if (!v.has(field)) continue;
        name.append('-').append(field);
        // which operations, or which parts of meta
        List<String> parts = new ArrayList<>();
        if (v.path(field).isArray()) {
          for (JsonNode op : v.path(field)) {
            if (op.has("op") && !parts.contains(op.path("op").asText())) {
              parts.add(op.path("op").asText());
            }
          }
        } else if (field.equals("meta")) {
          v.path(field).fieldNames().forEachRemaining(parts::add);
        }
        if (!parts.isEmpty()) name.append('.').append(String.join("+", parts));
      }
      samples.putIfAbsent(name.toString(), v);
    }
    for (TopicRecord r : run.effects) samples.putIfAbsent("effect", r.value());
    for (TopicRecord r : run.gateways) {
      String who = r.key().equals(run.gatewayId) ? "gateway-" : "engine-mark-";
      samples.putIfAbsent(who + (r.value().path("alive").asBoolean() ? "alive" : "stopped"),
          r.value());
    }
    for (ContractHttp.Answer e : http.errors) {
      samples.putIfAbsent("http-error-" + e.json().path("code").asText(), e.json());
    }
    Captured.writeSamples(Path.of("target", "contract-samples", "model"), samples);
  }
}
