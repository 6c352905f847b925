package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import dev.rivulet.server.testing.TopicReader.Rec;
import dev.rivulet.server.testing.WsProbe;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The journal topic, read with a plain KafkaConsumer: one record per applied inbox record. */
class JournalIT {
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    // Every call through Kafka, read-only ones too (StoreReadsIT covers those answered from the
    // store, which are not journaled).
    server = TestStack.start(TestActors.ALL, c -> c.readsFromStore(false));
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyAppliedActionHasOneJournalRecordWithItsArgsResultAndStateChange() {
    http.action("tally", "j1", "add", "[5]");
    http.action("tally", "j1", "add", "[7]");
    http.action("tally", "j1", "addAtMost", "[9, 1]"); // a user error: journaled, no change
    http.action("tally", "j1", "nope", "[]"); // rejected: not journaled
    http.action("tally", "j1", "add", "[\"x\"]"); // rejected: not journaled
    http.action("tally", "j1", "total", "[]");

    List<Rec> journal = TopicReader.byKey(server.bootstrapServers(),
        server.engine().topics().journal(), "tally/j1", 4);
    assertThat(journal).hasSize(4);
    assertThat(journal).extracting(r -> r.value().path("seq").asLong()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(journal).extracting(r -> r.value().path("request").path("action").asText())
        .containsExactly("add", "add", "addAtMost", "total");

    JsonNode first = journal.get(0).value();
    assertThat(first.path("kind").asText()).isEqualTo("action");
    assertThat(first.path("created").asBoolean()).isTrue();
    assertThat(first.path("generation").asLong()).isEqualTo(1);
    assertThat(first.path("request").path("args").toString()).isEqualTo("[5]");
    assertThat(first.path("output").asLong()).isEqualTo(5);
    assertThat(first.path("snapshot").toString()).isEqualTo("{\"total\":5}");
    assertThat(first.path("broadcasts").get(0).path("name").asText()).isEqualTo("changed");
    assertThat(first.path("at").asLong()).isPositive();
    assertThat(first.path("source").path("offset").isIntegralNumber()).isTrue();

    JsonNode second = journal.get(1).value();
    assertThat(second.has("created")).isFalse();
    assertThat(second.path("output").asLong()).isEqualTo(12);
    assertThat(second.path("patch").toString())
        .isEqualTo("[{\"op\":\"replace\",\"path\":\"/total\",\"value\":12}]");
    assertThat(second.path("at").asLong()).isGreaterThanOrEqualTo(first.path("at").asLong());

    JsonNode rejected = journal.get(2).value();
    assertThat(rejected.path("error").path("group").asText()).isEqualTo("user");
    assertThat(rejected.path("error").path("code").asText()).isEqualTo("too_much");
    assertThat(rejected.has("output")).isFalse();
    assertThat(rejected.path("patch").toString()).isEqualTo("[]");

    JsonNode read = journal.get(3).value();
    assertThat(read.path("output").asLong()).isEqualTo(12);
    assertThat(read.path("patch").toString()).isEqualTo("[]");
  }

  @Test
  void anInternalErrorIsDetailedInTheJournalButNotInTheReply() {
    assertThat(http.action("tally", "j2", "addThenCrash", "[1]").text()).doesNotContain("boom");
    List<Rec> journal = TopicReader.byKey(server.bootstrapServers(),
        server.engine().topics().journal(), "tally/j2", 1);
    JsonNode error = journal.get(0).value().path("error");
    assertThat(error.path("code").asText()).isEqualTo("internal_error");
    assertThat(error.path("message").asText()).contains("boom").contains("tally.addThenCrash");
  }

  @Test
  void connectionsAreJournaledWhenTheyOpenAndClose() {
    try (WsProbe socket = WsProbe.connect(
        server.url().replace("http", "ws") + "/api/actors/tally/j3/connect?params=%7B%22who%22%3A1%7D")) {
      socket.awaitTag("Init");
    }
    List<Rec> journal = TopicReader.byKey(server.bootstrapServers(),
        server.engine().topics().journal(), "tally/j3", 2);
    assertThat(journal).extracting(r -> r.value().path("kind").asText())
        .containsExactly("connect", "disconnect");
    assertThat(journal.get(0).value().path("request").path("params").toString())
        .isEqualTo("{\"who\":1}");
    assertThat(journal.get(0).value().path("request").path("transport").asText())
        .isEqualTo("websocket");
  }

  @Test
  void journalRecordsLiveInTheSamePartitionAsTheActorsInbox() {
    http.action("tally", "j4", "add", "[1]");
    List<Rec> journal = TopicReader.byKey(server.bootstrapServers(),
        server.engine().topics().journal(), "tally/j4", 1);
    List<Rec> inbox = TopicReader.byKey(server.bootstrapServers(),
        server.engine().topics().inbox(), "tally/j4", 1);
    assertThat(journal.get(0).partition()).isEqualTo(inbox.get(0).partition());
    assertThat(journal.get(0).value().path("source").path("partition").asInt())
        .isEqualTo(inbox.get(0).partition());
    JsonNode request = journal.get(0).value().path("request");
    assertThat(request).isEqualTo(inbox.get(0).value());
  }

}
