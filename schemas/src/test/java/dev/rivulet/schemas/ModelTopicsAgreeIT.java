package dev.rivulet.schemas;

import static dev.rivulet.schemas.Captured.count;
import static dev.rivulet.schemas.Captured.first;
import static dev.rivulet.schemas.Captured.firstRec;
import static dev.rivulet.schemas.Captured.kind;
import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.records.JsonPatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The topics of the {@link ModelRun} agree with each other and with what the clients saw: the
 * journal applies the inbox and every request is answered once; messages and effects, schedules,
 * connections closed by the actor, destroy and re-create, and raw HTTP each leave the records
 * they should.
 */
class ModelTopicsAgreeIT {
  private static final ContractSchemas SCHEMAS = new ContractSchemas();
  private static ModelRun run;

  @BeforeAll
  static void run() throws Exception {
    run = ModelRun.once();
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
    Map<String, TopicRecord> inboxAt = new HashMap<>();
    for (TopicRecord r : run.inbox) inboxAt.put(r.partition() + "@" + r.offset(), r);
    Map<String, TopicRecord> applied = new HashMap<>();
    for (TopicRecord j : run.journal) {
      JsonNode source = j.value().path("source");
      String at = source.path("partition").asInt() + "@" + source.path("offset").asLong();
      TopicRecord request = inboxAt.get(at);
      assertThat(request).as("the inbox record of journal record " + j.where()).isNotNull();
      assertThat(j.value().path("request")).as("request of " + j.where())
          .isEqualTo(request.value());
      assertThat(applied.put(at, j)).as("a second journal record for " + at).isNull();
    }

    Map<String, List<Long>> seqs = new TreeMap<>();
    for (TopicRecord j : run.journal) {
      seqs.computeIfAbsent(j.key(), k -> new ArrayList<>()).add(j.value().path("seq").asLong());
    }
    seqs.forEach((actor, list) -> {
      List<Long> expected = new ArrayList<>();
      for (long i = 1; i <= list.size(); i++) expected.add(i);
      assertThat(list).as("journal sequence of " + actor).isEqualTo(expected);
    });

    Map<String, Long> replies = run.outbox.stream().filter(r -> r.isKind("reply"))
        .collect(Collectors.groupingBy(r -> r.value().path("requestId").asText(),
            Collectors.counting()));
    for (TopicRecord r : run.inbox) {
      if (!r.value().has("replyTo")) continue;
      assertThat(replies.get(r.value().at("/replyTo/requestId").asText()))
          .as("replies to " + r.where()).isEqualTo(1L);
    }

    // The same key three times: applied once; the repeat got the first output, the reuse an error.
    List<TopicRecord> keyed = run.inbox.stream()
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
    for (TopicRecord j : run.journal) {
      for (JsonNode m : j.value().path("messages")) {
        TopicRecord sent = firstRec(run.inbox, r -> r.isKind("action")
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
        assertThat(count(run.journal, r -> r.isKind("continue")
            && r.value().at("/request/id").equals(m.path("callId"))))
            .as("journaled answers to call " + m).isEqualTo(1);
        assertThat(first(run.inbox, r -> r.isKind("continue")
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
        assertThat(count(run.journal, r -> r.isKind("continue")
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
    for (TopicRecord j : run.journal) {
      for (JsonNode op : j.value().path("schedules")) {
        switch (op.path("op").asText()) {
          case "set" -> set.put(op.path("id").asText(), op);
          case "cancel" -> cancelled.add(j.key() + " " + op.path("id").asText());
          default -> { }
        }
      }
    }
    List<TopicRecord> fires = run.journal.stream().filter(r -> r.isKind("fire")).toList();
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
      assertThat(run.inbox).noneMatch(r -> r.isKind("fire") && r.key().equals(c.split(" ")[0])
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
    for (TopicRecord r : run.outbox) {
      if (!r.isKind("disconnect")) continue;
      closedByServer.add(
          r.value().path("connId").asText() + " " + r.value().path("reason").asText());
    }
    List<String> closedInJournal = new ArrayList<>();
    for (TopicRecord j : run.journal) {
      if (j.isKind("disconnect")) continue; // closed by the client: no outbox record
      // A stateless call's connection ends with its call; nobody holds it.
      if (j.value().at("/request/stateless").isObject()) continue;
      for (JsonNode op : j.value().path("connections")) {
        if (op.path("op").asText().equals("close")) {
          closedInJournal.add(op.path("connId").asText() + " " + op.path("reason").asText());
        }
      }
    }
    assertThat(closedByServer).containsExactlyInAnyOrderElementsOf(closedInJournal).hasSize(4)
        .contains(ModelRun.RAW_KEPT + " bye");
    assertThat(run.lobbyWsClose).isEqualTo("1000 kicked by the host");
    assertThat(run.destroyedStream).last().isEqualTo(new SseStream.Event(null,
        "rivulet.disconnected", "{\"reason\":\"actor destroyed\"}"));
    // The journal's connection operations replay to the connections in meta.
    Map<String, JsonNode> open = new LinkedHashMap<>();
    for (TopicRecord j : run.journal) {
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
        .map(TopicRecord::value).toList();
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
   * what it broadcasts reaches those connections before they close: the step routes events to
   * every gateway that held a connection during the turn (StepBuilder), not only to those left
   * open at its end, so the journal and the outbox both have the event.
   */
  @Test
  void eventsOfOnDestroyReachTheConnectionsItCloses() {
    JsonNode destroy = first(run.journal, r -> r.key().equals("life/l1") && r.isKind("destroy"));
    JsonNode goodbye = destroy.path("broadcasts").get(0);
    assertThat(goodbye.path("name").asText()).isEqualTo("goodbye");
    assertThat(run.outbox).as("the outbox event of " + goodbye).anyMatch(r -> r.isKind("event")
        && r.value().path("actor").asText().equals("life/l1")
        && r.value().path("eventSeq").equals(goodbye.path("eventSeq")));
    assertThat(run.destroyedStream.stream().map(SseStream.Event::name))
        .containsExactly("goodbye", "rivulet.disconnected");
  }

  /** Raw HTTP: the request and its reply carry the body base64, the reply is the response. */
  @Test
  void rawHttpRequestsAndResponsesAreBase64() {
    JsonNode put = first(run.inbox, r -> r.isKind("request")
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

  /**
   * RivetKit's protocol: a raw socket's frames are the journal's, in order, each once, with its
   * step's seq; the actor's close carries its code; a stateless call's connection opens and
   * closes in its one record; a request for another generation is answered not found and not
   * applied.
   */
  @Test
  void rawSocketsStatelessCallsAndGenerationsAgreeAcrossTheTopics() {
    List<String> journaled = new ArrayList<>();
    for (TopicRecord j : run.journal) {
      if (!j.key().equals("sockets/s1")) continue;
      for (JsonNode op : j.value().path("connections")) {
        if (op.path("op").asText().equals("frame")) {
          journaled.add(j.value().path("seq") + " " + op.path("connId").asText() + " "
              + op.path(op.has("text") ? "text" : "binary").asText());
        }
      }
    }
    List<String> sent = new ArrayList<>();
    long lastSeq = 0;
    int lastIndex = -1;
    for (TopicRecord r : run.outbox) {
      if (!r.isKind("socketFrame") || !r.value().path("actor").asText().equals("sockets/s1")) {
        continue;
      }
      JsonNode f = r.value();
      long seq = f.path("seq").asLong();
      int index = f.path("index").asInt();
      assertThat(seq > lastSeq || (seq == lastSeq && index > lastIndex)).as(f.toString()).isTrue();
      lastSeq = seq;
      lastIndex = index;
      sent.add(seq + " " + f.path("connId").asText() + " "
          + f.path(f.has("text") ? "text" : "binary").asText());
    }
    assertThat(sent).isEqualTo(journaled).hasSize(4);
    assertThat(first(run.outbox, r -> r.isKind("disconnect")
        && r.value().path("connId").asText().equals(ModelRun.RAW_KEPT)).path("code").asInt())
        .isEqualTo(4000);

    JsonNode stateless = first(run.journal, r -> r.value().at("/request/stateless").isObject());
    assertThat(stateless.path("output").asText()).isEqualTo("bob over http");
    List<String> ops = new ArrayList<>();
    for (JsonNode op : stateless.path("connections")) {
      ops.add(op.path("op").asText() + " " + op.path("connId").asText());
    }
    assertThat(ops).containsExactly("open " + ModelRun.STATELESS_CONN,
        "close " + ModelRun.STATELESS_CONN);

    TopicRecord wrongGeneration = run.inbox.stream()
        .filter(r -> r.value().path("generation").asLong() == 2).findFirst().orElseThrow();
    String at = wrongGeneration.partition() + "@" + wrongGeneration.offset();
    assertThat(run.journal).noneMatch(j -> (j.value().at("/source/partition").asInt() + "@"
        + j.value().at("/source/offset").asLong()).equals(at));
    assertThat(first(run.outbox, r -> r.value().path("requestId")
        .equals(wrongGeneration.value().at("/replyTo/requestId"))).path("error").path("code")
        .asText()).isEqualTo("not_found");

    assertThat(first(run.journal, r -> r.key().equals("sockets/s2")
        && r.value().at("/request/connId").asText().equals(ModelRun.RAW_LEFT)
        && r.isKind("disconnect")).path("connections").toString())
        .contains("\"code\":1001");
  }
}
