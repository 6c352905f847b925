package dev.rivulet.schemas;

import static dev.rivulet.schemas.ContractSchemas.EFFECT;
import static dev.rivulet.schemas.ContractSchemas.ERROR;
import static dev.rivulet.schemas.ContractSchemas.HEARTBEAT;
import static dev.rivulet.schemas.ContractSchemas.INBOX;
import static dev.rivulet.schemas.ContractSchemas.JOURNAL;
import static dev.rivulet.schemas.ContractSchemas.OUTBOX;
import static dev.rivulet.schemas.ContractSchemas.REGISTRY;
import static dev.rivulet.schemas.ContractSchemas.WS_TO_CLIENT;
import static dev.rivulet.schemas.Captured.any;
import static dev.rivulet.schemas.Captured.eachFits;
import static dev.rivulet.schemas.Captured.first;
import static dev.rivulet.schemas.Captured.kind;
import static dev.rivulet.schemas.Captured.values;
import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The actor model's records fit their schemas: every record of the {@link ModelRun} (inbox,
 * outbox, journal, effects, gateway heartbeats, registry), every WebSocket frame and HTTP error
 * body; every kind of record and every field of the model was in fact captured, so these checks
 * cannot pass on nothing; and broken copies of real records are rejected.
 */
class ModelRecordsFitIT {
  private static final ContractSchemas SCHEMAS = new ContractSchemas();
  private static ModelRun run;

  @BeforeAll
  static void run() throws Exception {
    run = ModelRun.once();
  }

  // ---------------------------------------------------------------- every record fits

  @Test
  void everyInboxRecordFitsItsSchemaAndIsKeyedByItsActor() {
    eachFits(SCHEMAS, INBOX, run.inbox, v -> v.path("actor").asText());
  }

  @Test
  void everyOutboxRecordFitsItsSchemaAndIsKeyedByTheGateway() {
    eachFits(SCHEMAS, OUTBOX, run.outbox, v -> run.gatewayId);
  }

  @Test
  void everyJournalRecordFitsItsSchemaAndIsKeyedByItsActor() {
    eachFits(SCHEMAS, JOURNAL, run.journal, v -> v.path("actor").asText());
    for (TopicRecord r : run.journal) {
      assertThat(r.value().path("kind")).isEqualTo(r.value().at("/request/kind"));
    }
  }

  @Test
  void everyEffectRecordFitsItsSchemaAndIsKeyedByItsActor() {
    eachFits(SCHEMAS, EFFECT, run.effects, v -> v.path("actor").asText());
  }

  @Test
  void everyHeartbeatFitsItsSchemaAndIsKeyedByItsGateway() {
    eachFits(SCHEMAS, HEARTBEAT, run.gateways, v -> v.path("gateway").asText());
    // The gateway's heartbeats, and the engine's own liveness marks (engine/<instance>).
    assertThat(run.gateways).allMatch(r -> r.key().equals(run.gatewayId)
        || r.key().startsWith("engine/"));
    assertThat(run.gateways).anyMatch(r -> r.key().startsWith("engine/"));
    // The last word of a gateway that stopped is that it stopped.
    List<TopicRecord> gateway = run.gateways.stream()
        .filter(r -> r.key().equals(run.gatewayId)).toList();
    assertThat(gateway.get(gateway.size() - 1).value().path("alive").asBoolean()).isFalse();
  }

  @Test
  void everyRegistryRecordFitsItsSchema() {
    eachFits(SCHEMAS, REGISTRY, run.registry, v -> v.path("name").asText());
  }

  @Test
  void everyWebSocketFrameAndHttpErrorFitsItsSchema() {
    for (JsonNode frame : run.wsReceived) {
      SCHEMAS.assertValid(WS_TO_CLIENT, frame, "received frame");
    }
    for (ContractHttp.Answer e : run.httpErrors) {
      SCHEMAS.assertValid(ERROR, e.json(), "error body of " + e.request());
    }
  }

  // ---------------------------------------------------------------- nothing vacuous

  /** Without this, the checks above could pass on a run that produced nothing of the model. */
  @Test
  void eachKindOfRecordAndEachNewFieldWasCaptured() {
    assertThat(values(run.inbox, v -> true, "/kind")).containsExactlyInAnyOrder("create",
        "action", "connect", "disconnect", "destroy", "fire", "continue", "request",
        "socketMessage");
    assertThat(run.inbox).as("a connect with params")
        .anyMatch(r -> r.isKind("connect") && r.value().has("params"));
    assertThat(values(run.inbox, v -> kind(v, "connect"), "/transport"))
        .containsExactlyInAnyOrder("websocket", "sse", "raw-websocket");
    assertThat(run.inbox).as("an action over a connection")
        .anyMatch(r -> r.isKind("action") && r.value().has("connId"));
    assertThat(run.inbox).as("an action with an idempotency key")
        .anyMatch(r -> r.isKind("action") && r.value().has("idempotencyKey"));
    assertThat(run.inbox).as("a call from another actor")
        .anyMatch(r -> r.isKind("action") && r.value().at("/caller/callId").isTextual());
    assertThat(run.inbox).as("a send from another actor")
        .anyMatch(r -> r.isKind("action") && r.value().has("caller")
            && !r.value().path("caller").has("callId"));
    assertThat(run.inbox).as("a continue with a call's output")
        .anyMatch(r -> r.isKind("continue") && r.value().path("source").asText().equals("call")
            && r.value().has("output"));
    assertThat(run.inbox).as("a continue with a call's error")
        .anyMatch(r -> r.isKind("continue") && r.value().path("source").asText().equals("call")
            && r.value().path("error").path("code").asText().equals("exploded"));
    assertThat(run.inbox).as("a continue with an effect's output")
        .anyMatch(r -> r.isKind("continue") && r.value().path("source").asText().equals("effect")
            && r.value().path("output").asText().equals("HELLO"));
    assertThat(run.inbox).as("an action from a record of a subscribed topic")
        .anyMatch(r -> r.isKind("action") && r.value().at("/origin/offset").isIntegralNumber());
    assertThat(values(run.inbox, v -> kind(v, "request"), "/method"))
        .containsExactlyInAnyOrder("PUT", "GET");
    assertThat(run.inbox).as("a raw HTTP request with a body and a query")
        .anyMatch(r -> r.isKind("request") && r.value().has("body")
            && r.value().path("query").size() > 0);

    assertThat(values(run.outbox, v -> true, "/kind"))
        .containsExactlyInAnyOrder("reply", "event", "disconnect", "socketFrame");
    assertThat(run.outbox).as("the reply to a destroy")
        .anyMatch(r -> r.value().at("/output/destroyed").asBoolean());
    assertThat(run.outbox).as("the reply to a raw HTTP request")
        .anyMatch(r -> r.value().at("/output/status").isInt());
    assertThat(run.outbox).as("a reused idempotency key").anyMatch(r -> r.value()
        .at("/error/code").asText().equals("idempotency_key_reused"));
    assertThat(values(run.outbox, v -> kind(v, "disconnect"), "/reason"))
        .contains("kicked by the host", "actor destroyed");

    assertThat(values(run.journal, v -> true, "/kind")).containsExactlyInAnyOrder("create",
        "action", "connect", "disconnect", "destroy", "fire", "continue", "request",
        "socketMessage");
    assertThat(values(run.journal, v -> true, "/connections/*/op"))
        .containsExactlyInAnyOrder("open", "state", "close", "frame");
    assertThat(values(run.journal, v -> true, "/schedules/*/op"))
        .containsExactlyInAnyOrder("set", "cancel", "fire");
    assertThat(run.journal).as("a journal record with a call")
        .anyMatch(r -> any(r.value().path("messages"), m -> m.has("callId")));
    assertThat(run.journal).as("a journal record with a send")
        .anyMatch(r -> any(r.value().path("messages"), m -> !m.has("callId")));
    assertThat(run.journal).as("a journal record with an effect")
        .anyMatch(r -> r.value().has("effects"));
    assertThat(run.journal).as("a journal record that published to a topic")
        .anyMatch(r -> any(r.value().path("published"), p -> p.has("value")));
    assertThat(run.journal).as("a failed action of a subscribed topic's record")
        .anyMatch(r -> r.value().at("/request/origin").isObject() && r.value().has("error"));
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
        "clock", "pinger", "ponger", "agent", "site", "life", "touchy", "account", "sockets");
    assertThat(run.wsReceived).isNotEmpty();
    assertThat(run.httpErrors.stream().map(e -> e.json().path("group").asText() + "."
        + e.json().path("code").asText()))
        .contains("actor.not_found", "request.idempotency_key_reused");
  }

  /** RivetKit's protocol's records and fields, each captured (see ModelRun.rivetKitProtocol). */
  @Test
  void eachRecordAndFieldOfRivetKitsProtocolWasCaptured() {
    assertThat(run.inbox).as("an action for one generation, stateless")
        .anyMatch(r -> r.isKind("action") && r.value().has("generation")
            && r.value().at("/stateless/params").isObject());
    assertThat(run.inbox).as("a raw WebSocket's connect for one generation")
        .anyMatch(r -> r.isKind("connect") && r.value().has("generation")
            && r.value().at("/raw/query").size() > 0 && r.value().at("/raw/headers").size() > 0);
    assertThat(values(run.inbox, v -> kind(v, "socketMessage"), "/text"))
        .containsExactly("hello", "bye");
    assertThat(values(run.inbox, v -> kind(v, "socketMessage"), "/binary")).containsExactly("AQID");
    assertThat(run.inbox).as("a disconnect with a close code")
        .anyMatch(r -> r.isKind("disconnect") && r.value().path("code").asInt() == 1001);
    assertThat(run.inbox).as("an action with a nested name")
        .anyMatch(r -> r.isKind("action") && r.value().path("action").asText().contains("."));

    assertThat(values(run.outbox, v -> kind(v, "socketFrame"), "/text"))
        .containsExactlyInAnyOrder("welcome ada to /chat", "echo hello", "goodbye",
            "welcome anonymous to /");
    assertThat(values(run.outbox, v -> kind(v, "socketFrame"), "/binary")).containsExactly("AwIB");
    assertThat(run.outbox).as("a disconnect with a close code")
        .anyMatch(r -> r.isKind("disconnect") && r.value().path("code").asInt() == 4000);
    assertThat(run.outbox).as("a connect reply with the generation")
        .anyMatch(r -> r.value().at("/output/connectionId").isTextual()
            && r.value().at("/output/generation").asLong() == 1);
    assertThat(run.outbox).as("a stateless call's reply: its connection's user")
        .anyMatch(r -> r.value().path("output").asText().equals("bob over http"));

    assertThat(values(run.journal, v -> true, "/connections/*/transport"))
        .contains("http", "raw-websocket");
    assertThat(run.journal).as("a journal record with a binary frame")
        .anyMatch(r -> any(r.value().path("connections"), op -> op.has("binary")));
    assertThat(run.journal).as("a journal record with a close code")
        .anyMatch(r -> any(r.value().path("connections"), op -> op.has("code")));
    assertThat(run.journal).as("meta.connections of a raw WebSocket")
        .anyMatch(r -> any(r.value().at("/meta/connections"), c -> c.has("raw")));
  }

  /** The schemas are not vacuous: broken copies of the new records are rejected. */
  @Test
  void theSchemasRejectBrokenCopiesOfRealRecords() {
    ObjectNode call = first(run.inbox, r -> r.isKind("action")
        && r.value().at("/caller/callId").isTextual()).deepCopy();
    ((ObjectNode) call.path("caller")).remove("continuation");
    SCHEMAS.assertInvalid(INBOX, call, "a call without its continuation");
    ObjectNode both = first(run.inbox, r -> r.isKind("action") && r.value().has("caller"))
        .deepCopy();
    both.set("replyTo", first(run.inbox, r -> r.value().has("replyTo")).path("replyTo"));
    SCHEMAS.assertInvalid(INBOX, both, "an action with both caller and replyTo");
    ObjectNode fire = first(run.inbox, r -> r.isKind("fire")).deepCopy();
    fire.remove("due");
    SCHEMAS.assertInvalid(INBOX, fire, "a fire without due");
    ObjectNode cont = first(run.inbox, r -> r.isKind("continue") && r.value().has("output"))
        .deepCopy();
    cont.set("error", first(run.inbox, r -> r.isKind("continue") && r.value().has("error"))
        .path("error"));
    SCHEMAS.assertInvalid(INBOX, cont, "a continue with output and error");

    ObjectNode fromTopic = first(run.inbox, r -> r.value().has("origin")).deepCopy();
    fromTopic.set("replyTo", first(run.inbox, r -> r.value().has("replyTo")).path("replyTo"));
    SCHEMAS.assertInvalid(INBOX, fromTopic, "an action from a topic with a replyTo");
    ObjectNode noOffset = first(run.inbox, r -> r.value().has("origin")).deepCopy();
    ((ObjectNode) noOffset.path("origin")).remove("offset");
    SCHEMAS.assertInvalid(INBOX, noOffset, "an origin without its offset");
    ObjectNode published = first(run.journal, r -> r.value().has("published")).deepCopy();
    ((ObjectNode) published.path("published").get(0)).put("bytes", "AA==");
    SCHEMAS.assertInvalid(JOURNAL, published, "a published record with a value and bytes");

    ObjectNode disconnect = first(run.outbox, r -> r.isKind("disconnect")).deepCopy();
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

    ObjectNode message = first(run.inbox, r -> r.isKind("socketMessage")).deepCopy();
    message.put("binary", "AQ==");
    SCHEMAS.assertInvalid(INBOX, message, "a socket message with text and binary");
    ObjectNode frame = first(run.outbox, r -> r.isKind("socketFrame")).deepCopy();
    frame.remove("seq");
    SCHEMAS.assertInvalid(OUTBOX, frame, "a socket frame without its step");
    ObjectNode sent = first(run.journal, r -> any(r.value().path("connections"),
        op -> op.path("op").asText().equals("frame"))).deepCopy();
    for (JsonNode op : sent.path("connections")) {
      ((ObjectNode) op).remove(List.of("text", "binary"));
    }
    SCHEMAS.assertInvalid(JOURNAL, sent, "a frame with neither text nor binary");

    ObjectNode effect = run.effects.get(0).value().deepCopy();
    effect.remove("effectId");
    SCHEMAS.assertInvalid(EFFECT, effect, "an effect without its id");
    ObjectNode heartbeat = run.gateways.get(0).value().deepCopy();
    heartbeat.put("alive", "yes");
    SCHEMAS.assertInvalid(HEARTBEAT, heartbeat, "a heartbeat with alive as a string");
  }
}
