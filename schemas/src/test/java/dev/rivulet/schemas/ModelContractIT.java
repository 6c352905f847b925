package dev.rivulet.schemas;

import static dev.rivulet.schemas.ContractSchemas.EFFECT;
import static dev.rivulet.schemas.ContractSchemas.ERROR;
import static dev.rivulet.schemas.ContractSchemas.HEARTBEAT;
import static dev.rivulet.schemas.ContractSchemas.INBOX;
import static dev.rivulet.schemas.ContractSchemas.JOURNAL;
import static dev.rivulet.schemas.ContractSchemas.OUTBOX;
import static dev.rivulet.schemas.ContractSchemas.REGISTRY;
import static dev.rivulet.schemas.ContractSchemas.WS_TO_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.records.JsonPatch;
import dev.rivulet.server.ContractActors;
import dev.rivulet.server.EmbeddedBroker;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.ServerConfig;
import dev.rivulet.server.testing.WsProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 * The contract test of the actor model: runs a real stack with the server's model actors (lobby,
 * clock, pinger and ponger, agent, site, life) plus one whose hook fails, drives every part of
 * the model through HTTP, a WebSocket and SSE (connection params and kicking, schedules set,
 * fired and cancelled, calls and sends between actors, a failing call, an effect, raw HTTP,
 * destroying and re-creating an actor, a repeated and a reused idempotency key), stops the stack,
 * and holds every record of the application's inbox, journal, outbox, effects, gateways and
 * registry topics against the schemas.
 *
 * <p>As in {@link RecordContractIT}, the run happens once, before the tests. One test checks that
 * every kind of record and every new field was captured, so the others cannot pass on nothing; it
 * never sleeps: it waits on events, sockets and the topics themselves, each with a deadline.
 * Examples of each are written to {@code target/contract-samples/model/}.
 */
class ModelContractIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ContractSchemas SCHEMAS = new ContractSchemas();

  @TempDir static Path dataDir;

  private static RivuletServer server;
  private static String gatewayId;
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

  /** An HTTP answer. */
  record Answer(String request, int status, Map<String, List<String>> headers, String body) {
    JsonNode json() {
      return ContractSchemas.parse(body);
    }

    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(), List.of()).stream().findFirst().orElse(null);
    }
  }

  /** Everything the run produced. */
  static final class Run {
    final List<Answer> httpErrors = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> wsReceived = new ArrayList<>();
    final List<Rec> inbox = new ArrayList<>();
    final List<Rec> outbox = new ArrayList<>();
    final List<Rec> journal = new ArrayList<>();
    final List<Rec> registry = new ArrayList<>();
    final List<Rec> effects = new ArrayList<>();
    final List<Rec> gateways = new ArrayList<>();
    /** The SSE events of the connection to life/l1 that the destroy ended, in order. */
    final List<SseStream.Event> destroyedStream = new ArrayList<>();
    String clockSseConnId;
    String lobbyWsClose;
    String idempotentOutput;
    JsonNode lifeReplayState;
  }

  @BeforeAll
  static void runTheStack() throws Exception {
    EmbeddedBroker broker = EmbeddedBroker.shared();
    app = "model-contract-" + UUID.randomUUID().toString().substring(0, 8);
    ServerConfig config = new ServerConfig()
        .bootstrapServers(broker.bootstrapServers())
        .application(app)
        .actors(ContractActors.all())
        .effect("shout", call -> call.arg(0, String.class).toUpperCase())
        .dataDir(dataDir)
        // Frequent SSE comments: the server notices at once that an SSE client left. Frequent
        // heartbeats on <app>.gateways: several are captured.
        .gateway(g -> g.port(0).sseHeartbeat(Duration.ofMillis(200))
            .heartbeatInterval(Duration.ofMillis(200)));
    server = RivuletServer.start(config);
    gatewayId = server.gateway().id();
    base = server.url();
    http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
    try (Capture capture = new Capture()) {
      drive();
      // Everything the run set off (schedules, calls, effects, disconnects) has reached the
      // journal before the stack stops; then the gateway's last heartbeat says it stopped.
      capture.until("the asynchronous outcomes of the run", ModelContractIT::settled);
      server.close();
      server = null;
      capture.until("the gateway's last heartbeat", () -> run.gateways.stream()
          .anyMatch(r -> !r.value().path("alive").asBoolean(true)));
    }
    writeSamples();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  // ---------------------------------------------------------------- every record fits

  @Test
  void everyInboxRecordFitsItsSchemaAndIsKeyedByItsActor() {
    for (Rec r : run.inbox) {
      SCHEMAS.assertValid(INBOX, r.value(), "inbox record " + r.where());
      assertThat(r.key()).as("key of " + r.where()).isEqualTo(r.value().path("actor").asText());
    }
  }

  @Test
  void everyOutboxRecordFitsItsSchemaAndIsKeyedByTheGateway() {
    for (Rec r : run.outbox) {
      SCHEMAS.assertValid(OUTBOX, r.value(), "outbox record " + r.where());
      assertThat(r.key()).as("key of " + r.where()).isEqualTo(gatewayId);
    }
  }

  @Test
  void everyJournalRecordFitsItsSchemaAndIsKeyedByItsActor() {
    for (Rec r : run.journal) {
      SCHEMAS.assertValid(JOURNAL, r.value(), "journal record " + r.where());
      assertThat(r.key()).as("key of " + r.where()).isEqualTo(r.value().path("actor").asText());
      assertThat(r.value().path("kind")).isEqualTo(r.value().at("/request/kind"));
    }
  }

  @Test
  void everyEffectRecordFitsItsSchemaAndIsKeyedByItsActor() {
    for (Rec r : run.effects) {
      SCHEMAS.assertValid(EFFECT, r.value(), "effect record " + r.where());
      assertThat(r.key()).as("key of " + r.where()).isEqualTo(r.value().path("actor").asText());
    }
  }

  @Test
  void everyHeartbeatFitsItsSchemaAndIsKeyedByItsGateway() {
    for (Rec r : run.gateways) {
      SCHEMAS.assertValid(HEARTBEAT, r.value(), "gateway heartbeat " + r.where());
      assertThat(r.key()).as("key of " + r.where()).isEqualTo(r.value().path("gateway").asText());
    }
    assertThat(run.gateways).allMatch(r -> r.key().equals(gatewayId));
    // The last word of a gateway that stopped is that it stopped.
    assertThat(run.gateways.get(run.gateways.size() - 1).value().path("alive").asBoolean())
        .isFalse();
  }

  @Test
  void everyRegistryRecordFitsItsSchema() {
    for (Rec r : run.registry) {
      SCHEMAS.assertValid(REGISTRY, r.value(), "registry record " + r.where());
      assertThat(r.key()).as("key of " + r.where()).isEqualTo(r.value().path("name").asText());
    }
  }

  @Test
  void everyWebSocketFrameAndHttpErrorFitsItsSchema() {
    for (JsonNode frame : run.wsReceived) {
      SCHEMAS.assertValid(WS_TO_CLIENT, frame, "received frame");
    }
    for (Answer e : run.httpErrors) {
      SCHEMAS.assertValid(ERROR, e.json(), "error body of " + e.request());
    }
  }

  // ---------------------------------------------------------------- nothing vacuous

  /** Without this, the checks above could pass on a run that produced nothing of the model. */
  @Test
  void eachKindOfRecordAndEachNewFieldWasCaptured() {
    assertThat(values(run.inbox, v -> true, "/kind")).containsExactlyInAnyOrder("create",
        "action", "connect", "disconnect", "destroy", "fire", "continue", "request");
    assertThat(run.inbox).as("a connect with params")
        .anyMatch(r -> kind(r, "connect") && r.value().has("params"));
    assertThat(values(run.inbox, v -> kind(v, "connect"), "/transport"))
        .containsExactlyInAnyOrder("websocket", "sse");
    assertThat(run.inbox).as("an action over a connection")
        .anyMatch(r -> kind(r, "action") && r.value().has("connId"));
    assertThat(run.inbox).as("an action with an idempotency key")
        .anyMatch(r -> kind(r, "action") && r.value().has("idempotencyKey"));
    assertThat(run.inbox).as("a call from another actor")
        .anyMatch(r -> kind(r, "action") && r.value().at("/caller/callId").isTextual());
    assertThat(run.inbox).as("a send from another actor")
        .anyMatch(r -> kind(r, "action") && r.value().has("caller")
            && !r.value().path("caller").has("callId"));
    assertThat(run.inbox).as("a continue with a call's output")
        .anyMatch(r -> kind(r, "continue") && r.value().path("source").asText().equals("call")
            && r.value().has("output"));
    assertThat(run.inbox).as("a continue with a call's error")
        .anyMatch(r -> kind(r, "continue") && r.value().path("source").asText().equals("call")
            && r.value().path("error").path("code").asText().equals("exploded"));
    assertThat(run.inbox).as("a continue with an effect's output")
        .anyMatch(r -> kind(r, "continue") && r.value().path("source").asText().equals("effect")
            && r.value().path("output").asText().equals("HELLO"));
    assertThat(values(run.inbox, v -> kind(v, "request"), "/method"))
        .containsExactlyInAnyOrder("PUT", "GET");
    assertThat(run.inbox).as("a raw HTTP request with a body and a query")
        .anyMatch(r -> kind(r, "request") && r.value().has("body")
            && r.value().path("query").size() > 0);

    assertThat(values(run.outbox, v -> true, "/kind"))
        .containsExactlyInAnyOrder("reply", "event", "disconnect");
    assertThat(run.outbox).as("the reply to a destroy")
        .anyMatch(r -> r.value().at("/output/destroyed").asBoolean());
    assertThat(run.outbox).as("the reply to a raw HTTP request")
        .anyMatch(r -> r.value().at("/output/status").isInt());
    assertThat(run.outbox).as("a reused idempotency key").anyMatch(r -> r.value()
        .at("/error/code").asText().equals("idempotency_key_reused"));
    assertThat(values(run.outbox, v -> kind(v, "disconnect"), "/reason"))
        .contains("kicked by the host", "actor destroyed");

    assertThat(values(run.journal, v -> true, "/kind")).containsExactlyInAnyOrder("create",
        "action", "connect", "disconnect", "destroy", "fire", "continue", "request");
    assertThat(values(run.journal, v -> true, "/connections/*/op"))
        .containsExactlyInAnyOrder("open", "state", "close");
    assertThat(values(run.journal, v -> true, "/schedules/*/op"))
        .containsExactlyInAnyOrder("set", "cancel", "fire");
    assertThat(run.journal).as("a journal record with a call")
        .anyMatch(r -> any(r.value().path("messages"), m -> m.has("callId")));
    assertThat(run.journal).as("a journal record with a send")
        .anyMatch(r -> any(r.value().path("messages"), m -> !m.has("callId")));
    assertThat(run.journal).as("a journal record with an effect")
        .anyMatch(r -> r.value().has("effects"));
    assertThat(run.journal).as("a journal record that destroyed its actor")
        .anyMatch(r -> r.value().has("destroyed"));
    assertThat(run.journal).as("a journal record that created its actor again")
        .anyMatch(r -> r.value().has("created") && r.value().path("generation").asLong() == 2);
    for (String field : List.of("eventSeq", "connections", "schedules", "pending",
        "hookFailures")) {
      assertThat(run.journal).as("a journal record with meta." + field)
          .anyMatch(r -> r.value().path("meta").has(field));
    }
    assertThat(run.journal).as("a journal record with a broadcast to one connection")
        .anyMatch(r -> any(r.value().path("broadcasts"), b -> b.has("connIds")));

    assertThat(run.effects).isNotEmpty();
    assertThat(values(run.gateways, v -> true, "/alive")).containsExactlyInAnyOrder("true",
        "false");
    assertThat(values(run.registry, v -> true, "/name")).containsExactlyInAnyOrder("lobby",
        "clock", "pinger", "ponger", "agent", "site", "life", "touchy");
    assertThat(run.wsReceived).isNotEmpty();
    assertThat(run.httpErrors.stream().map(e -> e.json().path("group").asText() + "."
        + e.json().path("code").asText()))
        .contains("actor.not_found", "request.idempotency_key_reused");
  }

  // ---------------------------------------------------------------- the topics agree

  /**
   * Each journal record holds the inbox record at its source; each actor's journal counts 1, 2,
   * 3... across its generations; each request from the gateway has exactly one reply; the
   * records that repeated or reused an idempotency key, and disconnects of connections the actor
   * had already closed, have no journal record.
   */
  @Test
  void theJournalAppliesTheInboxAndEveryRequestIsAnswered() {
    Map<String, Rec> inboxAt = new HashMap<>();
    for (Rec r : run.inbox) inboxAt.put(r.partition() + "@" + r.offset(), r);
    Map<String, Rec> applied = new HashMap<>();
    for (Rec j : run.journal) {
      JsonNode source = j.value().path("source");
      String at = source.path("partition").asInt() + "@" + source.path("offset").asLong();
      Rec request = inboxAt.get(at);
      assertThat(request).as("the inbox record of journal record " + j.where()).isNotNull();
      assertThat(j.value().path("request")).as("request of " + j.where())
          .isEqualTo(request.value());
      assertThat(applied.put(at, j)).as("a second journal record for " + at).isNull();
    }

    Map<String, List<Long>> seqs = new TreeMap<>();
    for (Rec j : run.journal) {
      seqs.computeIfAbsent(j.key(), k -> new ArrayList<>()).add(j.value().path("seq").asLong());
    }
    seqs.forEach((actor, list) -> {
      List<Long> expected = new ArrayList<>();
      for (long i = 1; i <= list.size(); i++) expected.add(i);
      assertThat(list).as("journal sequence of " + actor).isEqualTo(expected);
    });

    Map<String, Long> replies = run.outbox.stream().filter(r -> kind(r, "reply"))
        .collect(Collectors.groupingBy(r -> r.value().path("requestId").asText(),
            Collectors.counting()));
    for (Rec r : run.inbox) {
      if (!r.value().has("replyTo")) continue;
      assertThat(replies.get(r.value().at("/replyTo/requestId").asText()))
          .as("replies to " + r.where()).isEqualTo(1L);
    }

    // The same key three times: applied once; the repeat got the first output, the reuse an error.
    List<Rec> keyed = run.inbox.stream()
        .filter(r -> r.value().path("idempotencyKey").asText().equals("contract-key-1")).toList();
    assertThat(keyed).hasSize(3);
    assertThat(keyed.stream().filter(r -> applied.containsKey(r.partition() + "@" + r.offset())))
        .hasSize(1);
    List<JsonNode> keyedReplies = keyed.stream().map(r -> first(run.outbox, o -> o.value()
        .path("requestId").equals(r.value().at("/replyTo/requestId")))).toList();
    assertThat(keyedReplies.get(0).path("output")).isEqualTo(keyedReplies.get(1).path("output"));
    assertThat(keyedReplies.get(0).path("output").toString()).isEqualTo(run.idempotentOutput);
    assertThat(keyedReplies.get(2).at("/error/code").asText()).isEqualTo("idempotency_key_reused");
  }

  /**
   * The journal's messages are the actions with a caller on the inbox; every call is answered by
   * one continue record, applied once; the journal's effects are the records on the effects
   * topic, each answered by a continue record with its id.
   */
  @Test
  void messagesAndEffectsMatchTheirRecordsAndResults() {
    int calls = 0;
    for (Rec j : run.journal) {
      for (JsonNode m : j.value().path("messages")) {
        Rec sent = firstRec(run.inbox, r -> kind(r, "action")
            && r.value().at("/caller/actor").asText().equals(j.key())
            && r.key().equals(m.path("to").asText())
            && r.value().path("action").equals(m.path("action"))
            && r.value().path("args").equals(m.path("args"))
            && Objects.equals(r.value().at("/caller/callId").asText(null),
                m.path("callId").asText(null)));
        assertThat(sent.value().at("/caller/continuation").asText(null))
            .isEqualTo(m.path("continuation").asText(null));
        if (!m.has("callId")) continue;
        calls++;
        assertThat(count(run.journal, r -> kind(r, "continue")
            && r.value().at("/request/id").equals(m.path("callId"))))
            .as("journaled answers to call " + m).isEqualTo(1);
        assertThat(first(run.inbox, r -> kind(r, "continue")
            && r.value().path("id").equals(m.path("callId"))).path("source").asText())
            .isEqualTo("call");
      }
      for (JsonNode e : j.value().path("effects")) {
        JsonNode record = first(run.effects,
            r -> r.value().path("effectId").equals(e.path("effectId")));
        assertThat(record.path("actor").asText()).isEqualTo(j.key());
        assertThat(record.path("name")).isEqualTo(e.path("name"));
        assertThat(record.path("args")).isEqualTo(e.path("args"));
        assertThat(record.path("continuation")).isEqualTo(e.path("continuation"));
        assertThat(record.path("at")).isEqualTo(j.value().path("at"));
        assertThat(count(run.journal, r -> kind(r, "continue")
            && r.value().at("/request/id").equals(e.path("effectId"))))
            .as("journaled results of effect " + e).isEqualTo(1);
      }
    }
    assertThat(calls).isEqualTo(2);
    assertThat(run.effects).hasSize(1);
  }

  /**
   * Schedules: the one that fired has a fire record with its id, time, action and arguments, and
   * its journal record says so; cancelled ones (by the action, or by destroying the actor) never
   * fire.
   */
  @Test
  void schedulesFireAsSetAndCancelledOnesNever() {
    Map<String, JsonNode> set = new HashMap<>();
    List<String> cancelled = new ArrayList<>();
    for (Rec j : run.journal) {
      for (JsonNode op : j.value().path("schedules")) {
        switch (op.path("op").asText()) {
          case "set" -> set.put(op.path("id").asText(), op);
          case "cancel" -> cancelled.add(j.key() + " " + op.path("id").asText());
          default -> { }
        }
      }
    }
    List<Rec> fires = run.journal.stream().filter(r -> kind(r, "fire")).toList();
    assertThat(fires).hasSize(1);
    JsonNode fire = fires.get(0).value();
    JsonNode request = fire.path("request");
    JsonNode scheduled = set.get(request.path("scheduleId").asText());
    assertThat(scheduled).isNotNull();
    assertThat(request.path("due")).isEqualTo(scheduled.path("at"));
    assertThat(request.path("action")).isEqualTo(scheduled.path("action"));
    assertThat(request.path("args")).isEqualTo(scheduled.path("args"));
    assertThat(fire.path("at").asLong()).isGreaterThanOrEqualTo(scheduled.path("at").asLong());
    assertThat(fire.path("schedules").toString())
        .isEqualTo("[{\"op\":\"fire\",\"id\":\"" + request.path("scheduleId").asText() + "\"}]");
    assertThat(cancelled).hasSize(2).anyMatch(c -> c.startsWith("clock/c1 "))
        .anyMatch(c -> c.startsWith("clock/c2 "));
    for (String c : cancelled) {
      String id = c.substring(c.indexOf(' ') + 1);
      assertThat(run.inbox).noneMatch(r -> kind(r, "fire") && r.key().equals(c.split(" ")[0])
          && r.value().path("scheduleId").asText().equals(id));
    }
  }

  /**
   * Connections: each close the actor did itself (a kick, a destroy) is a journal close operation
   * and an outbox disconnect to the gateway holding it, with the same reason; the clients saw
   * the socket closed with it (WebSocket close 1000, SSE rivulet.disconnected then the end).
   */
  @Test
  void connectionsClosedByTheActorReachTheirClients() {
    List<String> closedByServer = new ArrayList<>();
    for (Rec r : run.outbox) {
      if (!kind(r, "disconnect")) continue;
      closedByServer.add(
          r.value().path("connId").asText() + " " + r.value().path("reason").asText());
    }
    List<String> closedInJournal = new ArrayList<>();
    for (Rec j : run.journal) {
      if (kind(j, "disconnect")) continue; // closed by the client: no outbox record
      for (JsonNode op : j.value().path("connections")) {
        if (op.path("op").asText().equals("close")) {
          closedInJournal.add(op.path("connId").asText() + " " + op.path("reason").asText());
        }
      }
    }
    assertThat(closedByServer).containsExactlyInAnyOrderElementsOf(closedInJournal).hasSize(3);
    assertThat(run.lobbyWsClose).isEqualTo("1000 kicked by the host");
    assertThat(run.destroyedStream).last().isEqualTo(new SseStream.Event(null,
        "rivulet.disconnected", "{\"reason\":\"actor destroyed\"}"));
    // The journal's connection operations replay to the connections in meta.
    Map<String, JsonNode> open = new LinkedHashMap<>();
    for (Rec j : run.journal) {
      if (!j.key().equals("lobby/hall")) continue;
      for (JsonNode op : j.value().path("connections")) {
        String id = op.path("connId").asText();
        switch (op.path("op").asText()) {
          case "open" -> open.put(id, op.path("state"));
          case "state" -> open.put(id, op.path("state"));
          case "close" -> open.remove(id);
          default -> throw new AssertionError(op.toString());
        }
      }
      JsonNode conns = j.value().at("/meta/connections");
      if (!conns.isMissingNode()) {
        assertThat(conns.size()).isEqualTo(open.size());
        open.forEach((id, state) -> assertThat(conns.path(id).path("state")).isEqualTo(state));
      }
    }
    assertThat(open).isEmpty();
  }

  /**
   * Destroying an actor: its reply, its journal record (state replaced by null, connections
   * closed, schedules cancelled, no snapshot), and a later create starting generation 2, with
   * the sequence numbers going on.
   */
  @Test
  void destroyingAnActorAndCreatingItAgain() {
    List<JsonNode> life = run.journal.stream().filter(r -> r.key().equals("life/l1"))
        .map(Rec::value).toList();
    JsonNode destroy = life.stream().filter(v -> v.has("destroyed")).findFirst().orElseThrow();
    assertThat(destroy.path("kind").asText()).isEqualTo("destroy");
    assertThat(destroy.path("output").toString())
        .isEqualTo("{\"destroyed\":true,\"generation\":1}");
    assertThat(destroy.path("patch").toString())
        .isEqualTo("[{\"op\":\"replace\",\"path\":\"\",\"value\":null}]");
    assertThat(destroy.has("snapshot")).isFalse();
    JsonNode recreated = life.get(life.indexOf(destroy) + 1);
    assertThat(recreated.path("created").asBoolean()).isTrue();
    assertThat(recreated.path("generation").asLong()).isEqualTo(2);
    assertThat(recreated.path("seq").asLong()).isEqualTo(destroy.path("seq").asLong() + 1);
    // Replaying every patch, across the destroy, gives the state the actor reports.
    JsonNode state = null;
    for (JsonNode j : life) {
      state = JsonPatch.apply(state, j.path("patch"));
      if (j.has("snapshot")) assertThat(state).isEqualTo(j.path("snapshot"));
      if (j == destroy) assertThat(state.isNull()).isTrue();
    }
    assertThat(state).isEqualTo(run.lifeReplayState);
  }

  /**
   * ActorBase.onDestroy "runs when the actor is destroyed, before its connections are closed", so
   * what it broadcasts should reach those connections before they close. It does not: Turn.finish
   * computes the gateways to send events to from the connections left after settle() closed them
   * all, so the journal has the event and the outbox never does.
   */
  @Test
  void eventsOfOnDestroyReachTheConnectionsItCloses() {
    JsonNode destroy = first(run.journal, r -> r.key().equals("life/l1") && kind(r, "destroy"));
    JsonNode goodbye = destroy.path("broadcasts").get(0);
    assertThat(goodbye.path("name").asText()).isEqualTo("goodbye");
    assertThat(run.outbox).as("the outbox event of " + goodbye).anyMatch(r -> kind(r, "event")
        && r.value().path("actor").asText().equals("life/l1")
        && r.value().path("eventSeq").equals(goodbye.path("eventSeq")));
    assertThat(run.destroyedStream.stream().map(SseStream.Event::name))
        .containsExactly("goodbye", "rivulet.disconnected");
  }

  /** Raw HTTP: the request and its reply carry the body base64, the reply is the response. */
  @Test
  void rawHttpRequestsAndResponsesAreBase64() {
    JsonNode put = first(run.inbox, r -> kind(r, "request")
        && r.value().path("method").asText().equals("PUT")).deepCopy();
    assertThat(new String(Base64.getDecoder().decode(put.path("body").asText()),
        StandardCharsets.UTF_8)).isEqualTo("hello page");
    assertThat(put.path("path").asText()).isEqualTo("/home");
    assertThat(put.at("/query/lang/0").asText()).isEqualTo("en");
    assertThat(put.at("/headers/content-type").asText()).startsWith("text/plain");
    JsonNode reply = first(run.outbox, r -> r.value().path("requestId")
        .equals(put.at("/replyTo/requestId"))).path("output");
    assertThat(reply.path("status").asInt()).isEqualTo(201);
    assertThat(ContractSchemas.parse(new String(Base64.getDecoder().decode(
        reply.path("body").asText()), StandardCharsets.UTF_8)).path("lang").asText())
        .isEqualTo("en");
  }

  /** The schemas are not vacuous: broken copies of the new records are rejected. */
  @Test
  void theSchemasRejectBrokenCopiesOfRealRecords() {
    ObjectNode call = first(run.inbox, r -> kind(r, "action")
        && r.value().at("/caller/callId").isTextual()).deepCopy();
    ((ObjectNode) call.path("caller")).remove("continuation");
    SCHEMAS.assertInvalid(INBOX, call, "a call without its continuation");
    ObjectNode both = first(run.inbox, r -> kind(r, "action") && r.value().has("caller"))
        .deepCopy();
    both.set("replyTo", first(run.inbox, r -> r.value().has("replyTo")).path("replyTo"));
    SCHEMAS.assertInvalid(INBOX, both, "an action with both caller and replyTo");
    ObjectNode fire = first(run.inbox, r -> kind(r, "fire")).deepCopy();
    fire.remove("due");
    SCHEMAS.assertInvalid(INBOX, fire, "a fire without due");
    ObjectNode cont = first(run.inbox, r -> kind(r, "continue") && r.value().has("output"))
        .deepCopy();
    cont.set("error", first(run.inbox, r -> kind(r, "continue") && r.value().has("error"))
        .path("error"));
    SCHEMAS.assertInvalid(INBOX, cont, "a continue with output and error");

    ObjectNode disconnect = first(run.outbox, r -> kind(r, "disconnect")).deepCopy();
    disconnect.remove("connId");
    SCHEMAS.assertInvalid(OUTBOX, disconnect, "an outbox disconnect without connId");

    ObjectNode snapshot = first(run.journal, r -> r.value().has("snapshot")).deepCopy();
    snapshot.remove("meta");
    SCHEMAS.assertInvalid(JOURNAL, snapshot, "a snapshot without meta");
    ObjectNode close = first(run.journal, r -> any(r.value().path("connections"),
        op -> op.path("op").asText().equals("close"))).deepCopy();
    for (JsonNode op : close.path("connections")) ((ObjectNode) op).remove("reason");
    SCHEMAS.assertInvalid(JOURNAL, close, "a connection close without reason");
    ObjectNode destroyed = first(run.journal, r -> r.value().has("destroyed")).deepCopy();
    destroyed.put("destroyed", false);
    SCHEMAS.assertInvalid(JOURNAL, destroyed, "destroyed false");

    ObjectNode effect = run.effects.get(0).value().deepCopy();
    effect.remove("effectId");
    SCHEMAS.assertInvalid(EFFECT, effect, "an effect without its id");
    ObjectNode heartbeat = run.gateways.get(0).value().deepCopy();
    heartbeat.put("alive", "yes");
    SCHEMAS.assertInvalid(HEARTBEAT, heartbeat, "a heartbeat with alive as a string");
  }

  // ---------------------------------------------------------------- the run

  private static final String LOBBY = "/api/actors/lobby/hall";

  private static void drive() throws Exception {
    // Connections with params: a WebSocket and an SSE stream to the lobby, a connection state
    // change, a direct send, then the host kicks both (outbox disconnect, journal close).
    WsProbe ada = WsProbe.connect(base.replaceFirst("^http", "ws") + LOBBY + "/connect", "rivet",
        "rivet_encoding.json", "rivet_conn_params." + urlEncode(params("ada")));
    try {
      ada.awaitTag("Init");
      ada.await(f -> f.at("/body/val/name").asText().equals("welcome"), TIMEOUT);
      try (SseStream bob = SseStream.open(LOBBY + "/events?params=" + urlEncode(params("bob")))) {
        assertThat(bob.next().name()).isEqualTo("rivulet.connected");
        ada.action(1, "rename", "[\"adele\"]");
        ada.awaitTag("ActionResponse");
        assertThat(call("POST", LOBBY + "/actions/kick", "[\"bob\"]", 200).json()
            .path("output").asInt()).isEqualTo(1);
        List<SseStream.Event> rest = bob.untilEnd();
        assertThat(rest).last().isEqualTo(new SseStream.Event(null, "rivulet.disconnected",
            "{\"reason\":\"kicked by the host\"}"));
      }
      assertThat(call("POST", LOBBY + "/actions/kick", "[\"adele\"]", 200).json()
          .path("output").asInt()).isEqualTo(1);
      WsProbe.Closed closed = ada.awaitClose(TIMEOUT);
      run.lobbyWsClose = closed.status() + " " + closed.reason();
    } finally {
      ada.close();
      for (String frame : ada.received()) run.wsReceived.add(ContractSchemas.parse(frame));
    }

    // Schedules: one set for 200 ms fires (awaited as its event), one set and cancelled, one
    // left pending on an actor that is destroyed (cancelled by the destroy).
    try (SseStream clock = SseStream.open("/api/actors/clock/c1/events")) {
      run.clockSseConnId = ContractSchemas.parse(clock.next().data()).path("connectionId")
          .asText();
      call("POST", "/api/actors/clock/c1/actions/remindIn", "[200,\"tea\"]", 200);
      assertThat(clock.next(e -> e.name().equals("rang")).data()).isEqualTo("[\"tea\"]");
      String later = call("POST", "/api/actors/clock/c1/actions/remindIn",
          "[600000,\"later\"]", 200).json().path("output").asText();
      assertThat(call("POST", "/api/actors/clock/c1/actions/cancel", "[\"" + later + "\"]", 200)
          .json().path("output").asBoolean()).isTrue();
    }
    call("POST", "/api/actors/clock/c2/actions/remindIn", "[600000,\"never\"]", 200);
    call("DELETE", "/api/actors/clock/c2", null, 200);

    // Actor to actor: a call answered, a call that fails, a fire-and-forget send.
    call("POST", "/api/actors/pinger/p1/actions/ping", "[\"q1\",\"hi\"]", 200);
    call("POST", "/api/actors/pinger/p1/actions/fail", "[\"q1\"]", 200);
    call("POST", "/api/actors/pinger/p1/actions/notify", "[\"q1\",\"note\"]", 200);

    // An effect, run by the engine's effect runner.
    call("POST", "/api/actors/agent/a1/actions/ask", "[\"shout\",\"hello\"]", 200);

    // Raw HTTP: a PUT with a body and a query, GETs with and without a path.
    Answer created = send("PUT", "/api/actors/site/s1/request/home?lang=en", "hello page",
        "text/plain; charset=utf-8", null);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Answer page = send("GET", "/api/actors/site/s1/request/home", null, null, null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).isEqualTo("hello page");
    assertThat(page.header("x-page")).isEqualTo("/home");
    assertThat(send("GET", "/api/actors/site/s1/request", null, null, null).status())
        .isEqualTo(404);

    // Lifecycle: create, a connection, destroy (the stream ends), create again, a missing one.
    call("PUT", "/api/actors/life/l1", null, 201);
    try (SseStream life = SseStream.open("/api/actors/life/l1/events")) {
      assertThat(life.next().name()).isEqualTo("rivulet.connected");
      call("POST", "/api/actors/life/l1/actions/set", "[7]", 200);
      assertThat(life.next(e -> e.name().equals("changed")).data()).isEqualTo("[7]");
      assertThat(call("DELETE", "/api/actors/life/l1", null, 200).body())
          .isEqualTo("{\"destroyed\":true,\"generation\":1}");
      run.destroyedStream.addAll(life.untilEnd());
    }
    assertThat(call("PUT", "/api/actors/life/l1", null, 201).json().at("/actor/generation")
        .asLong()).isEqualTo(2);
    expectError("DELETE", "/api/actors/life/nobody", 404, "actor.not_found");

    // Idempotency: the same key and request twice (applied once), then with other arguments.
    Answer first = send("POST", "/api/actors/life/l1/actions/set", "[3]", "application/json",
        "contract-key-1");
    assertThat(first.status()).isEqualTo(200);
    run.idempotentOutput = first.json().path("output").toString();
    Answer again = send("POST", "/api/actors/life/l1/actions/set", "[3]", "application/json",
        "contract-key-1");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    Answer reused = send("POST", "/api/actors/life/l1/actions/set", "[4]", "application/json",
        "contract-key-1");
    assertThat(reused.status()).isEqualTo(422);
    run.httpErrors.add(reused);
    assertThat(reused.json().path("code").asText()).isEqualTo("idempotency_key_reused");
    run.lifeReplayState = call("POST", "/api/actors/life/l1/actions/read", "[]", 200).json()
        .path("output");

    // A hook that fails: the action applies, the journal record notes the failure in meta.
    assertThat(call("POST", "/api/actors/touchy/t1/actions/poke", "[]", 200).json()
        .path("output").asInt()).isEqualTo(1);
  }

  /** Whether everything the run set off has been applied and journaled. */
  private static boolean settled() {
    return count(run.journal, r -> kind(r, "continue") && r.key().equals("pinger/p1")) == 2
        && count(run.journal, r -> kind(r, "continue") && r.key().equals("agent/a1")) == 1
        && count(run.journal, r -> r.key().equals("ponger/q1")
            && r.value().at("/request/action").asText().equals("note")) == 1
        && count(run.journal, r -> kind(r, "disconnect")
            && r.value().at("/request/connId").asText().equals(run.clockSseConnId)) == 1
        && count(run.journal, r -> r.key().equals("touchy/t1")) == 1
        && count(run.gateways, r -> r.value().path("alive").asBoolean()) >= 2;
  }

  private static String params(String user) {
    return "{\"user\":\"" + user + "\",\"token\":\"secret\"}";
  }

  private static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Reads every topic of the application from the start, on one consumer. */
  private static final class Capture implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final Map<String, List<Rec>> byTopic = Map.of(
        app + ".inbox", run.inbox, app + ".outbox", run.outbox, app + ".journal", run.journal,
        app + ".registry", run.registry, app + ".effects", run.effects,
        app + ".gateways", run.gateways);

    Capture() {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrapServers());
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
      for (String topic : byTopic.keySet()) {
        for (PartitionInfo info : consumer.partitionsFor(topic, TIMEOUT)) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    /**
     * Reads until {@code done} holds, then on to the ends the partitions had at that moment
     * (the gateway's heartbeats never stop while it runs, so "the end" must be one moment's).
     */
    void until(String what, BooleanSupplier done) {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      Map<TopicPartition, Long> ends = null;
      while (true) {
        if (ends == null && done.getAsBoolean()) ends = consumer.endOffsets(partitions, TIMEOUT);
        if (ends != null && reached(ends)) return;
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out after " + TIMEOUT + " reading the topics for "
              + what + " (done: " + done.getAsBoolean() + ", behind: " + behind()
              + ", heartbeats: " + run.gateways.size() + "); journal: "
              + run.journal.stream().map(r -> r.value().toString()).toList());
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          byTopic.get(r.topic()).add(new Rec(r.topic(), r.key(), r.partition(), r.offset(),
              ContractSchemas.parse(r.value())));
        }
      }
    }

    private List<String> behind() {
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
      List<String> behind = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        long position = consumer.position(tp, TIMEOUT);
        if (position < ends.get(tp)) behind.add(tp + " at " + position + " of " + ends.get(tp));
      }
      return behind;
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
      for (TopicPartition tp : partitions) {
        if (consumer.position(tp, TIMEOUT) < ends.get(tp)) return false;
      }
      return true;
    }

    @Override
    public void close() {
      consumer.close();
      // In offset order per partition, partitions in order: an actor's records are in order.
      for (List<Rec> list : byTopic.values()) {
        list.sort((a, b) -> a.partition() != b.partition()
            ? Integer.compare(a.partition(), b.partition()) : Long.compare(a.offset(), b.offset()));
      }
    }
  }

  /** One example of each kind, for schemas/README.md. */
  private static void writeSamples() throws IOException {
    Map<String, JsonNode> samples = new LinkedHashMap<>();
    for (Rec r : run.inbox) {
      JsonNode v = r.value();
      String variant = v.has("caller") ? (v.path("caller").has("callId") ? "-call" : "-send")
          : v.has("idempotencyKey") ? "-idempotent" : v.has("source") ? "-" + v.path("source")
          .asText() + (v.has("error") ? "-error" : "") : v.has("method") ? "-" + v.path("method")
          .asText() : "";
      samples.putIfAbsent("inbox-" + v.path("kind").asText() + variant, v);
    }
    for (Rec r : run.outbox) {
      JsonNode v = r.value();
      String variant = v.has("error") ? "-error" : v.at("/output/destroyed").asBoolean()
          ? "-destroy" : v.at("/output/status").isInt() ? "-raw" : "";
      samples.putIfAbsent("outbox-" + v.path("kind").asText() + variant, v);
    }
    for (Rec r : run.journal) {
      JsonNode v = r.value();
      StringBuilder name = new StringBuilder("journal-" + v.path("kind").asText());
      for (String field : List.of("created", "error", "connections", "schedules", "messages",
          "effects", "destroyed", "meta")) {
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
    for (Rec r : run.effects) samples.putIfAbsent("effect", r.value());
    for (Rec r : run.gateways) {
      samples.putIfAbsent("gateway-" + (r.value().path("alive").asBoolean() ? "alive" : "stopped"),
          r.value());
    }
    for (Answer e : run.httpErrors) {
      samples.putIfAbsent("http-error-" + e.json().path("code").asText(), e.json());
    }
    Path dir = Path.of("target", "contract-samples", "model");
    Files.createDirectories(dir);
    for (Map.Entry<String, JsonNode> s : samples.entrySet()) {
      Files.writeString(dir.resolve(s.getKey() + ".json"), s.getValue().toString() + "\n");
    }
  }

  // ---------------------------------------------------------------- helpers

  private static Answer send(String method, String path, String body, String contentType,
      String idempotencyKey) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(TIMEOUT)
        .method(method, body == null
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) request.header("content-type", contentType);
    if (idempotencyKey != null) request.header("Idempotency-Key", idempotencyKey);
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(method + " " + path, response.statusCode(), response.headers().map(),
        response.body());
  }

  private static Answer call(String method, String path, String body, int expectedStatus)
      throws IOException, InterruptedException {
    Answer answer = send(method, path, body, "application/json", null);
    assertThat(answer.status()).as(method + " " + path + " answered " + answer.body())
        .isEqualTo(expectedStatus);
    if (answer.status() >= 400) run.httpErrors.add(answer);
    return answer;
  }

  private static void expectError(String method, String path, int status, String qualifiedCode)
      throws IOException, InterruptedException {
    JsonNode error = call(method, path, null, status).json();
    assertThat(error.path("group").asText() + "." + error.path("code").asText())
        .isEqualTo(qualifiedCode);
  }

  private static boolean kind(Rec r, String kind) {
    return kind(r.value(), kind);
  }

  private static boolean kind(JsonNode v, String kind) {
    return v.path("kind").asText().equals(kind);
  }

  private static boolean any(JsonNode array, Predicate<JsonNode> test) {
    for (JsonNode n : array) if (test.test(n)) return true;
    return false;
  }

  private static long count(List<Rec> records, Predicate<Rec> filter) {
    return records.stream().filter(filter).count();
  }

  /** The distinct values at {@code pointer}; a {@code *} segment stands for every element. */
  private static List<String> values(List<Rec> records, Predicate<JsonNode> filter,
      String pointer) {
    return records.stream().map(Rec::value).filter(filter)
        .flatMap(v -> at(v, pointer)).distinct().toList();
  }

  private static Stream<String> at(JsonNode v, String pointer) {
    int star = pointer.indexOf("/*");
    if (star < 0) {
      JsonNode n = v.at(pointer);
      return n.isMissingNode() ? Stream.empty() : Stream.of(n.asText());
    }
    JsonNode list = v.at(pointer.substring(0, star));
    List<String> out = new ArrayList<>();
    for (JsonNode e : list) at(e, pointer.substring(star + 2)).forEach(out::add);
    return out.stream();
  }

  private static Rec firstRec(List<Rec> records, Predicate<Rec> filter) {
    return records.stream().filter(filter).findFirst()
        .orElseThrow(() -> new AssertionError("no such record captured"));
  }

  private static JsonNode first(List<Rec> records, Predicate<Rec> filter) {
    return firstRec(records, filter).value();
  }

  /** A Server-Sent Events client: a streaming GET read line by line on its own thread. */
  static final class SseStream implements AutoCloseable {
    record Event(String id, String name, String data) {}

    private static final Event END = new Event(null, "\u0000end", null);
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final InputStream body;

    private SseStream(InputStream body) {
      this.body = body;
      Thread reader = new Thread(this::read, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static SseStream open(String path) throws IOException, InterruptedException {
      HttpResponse<InputStream> response = http.send(
          HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.statusCode()).as("status of GET " + path).isEqualTo(200);
      return new SseStream(response.body());
    }

    private void read() {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        Map<String, String> fields = new HashMap<>();
        for (String line; (line = in.readLine()) != null; ) {
          if (line.startsWith(":")) continue; // a heartbeat comment
          if (line.isEmpty()) {
            if (!fields.isEmpty()) {
              events.add(new Event(fields.get("id"), fields.get("event"), fields.get("data")));
            }
            fields.clear();
            continue;
          }
          int colon = line.indexOf(':');
          fields.put(line.substring(0, colon), line.substring(colon + 1).stripLeading());
        }
      } catch (IOException e) {
        // closed by close()
      } finally {
        events.add(END);
      }
    }

    /** The next event; fails at the end of the stream. */
    Event next() throws InterruptedException {
      Event e = events.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(e).as("an SSE event within " + TIMEOUT).isNotNull().isNotEqualTo(END);
      return e;
    }

    /** The next event matching {@code test}, skipping others. */
    Event next(Predicate<Event> test) throws InterruptedException {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (true) {
        Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        assertThat(e).as("a matching SSE event within " + TIMEOUT).isNotNull()
            .isNotEqualTo(END);
        if (test.test(e)) return e;
      }
    }

    /** Every event until the server ends the stream. */
    List<Event> untilEnd() throws InterruptedException {
      List<Event> rest = new ArrayList<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (true) {
        Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        assertThat(e).as("the end of the SSE stream within " + TIMEOUT + "; got " + rest)
            .isNotNull();
        if (e == END) return rest;
        rest.add(e);
      }
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }
}
