package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.OutboxPartitioning;
import dev.rivulet.records.OutboxRecord;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.server.testing.SseProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import dev.rivulet.server.testing.WsProbe;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway reads the outbox {@code read_uncommitted}, so it sees what an aborted transaction
 * wrote; the engine's retry writes the same records again, committed. Here a real aborted
 * transaction on the real broker writes an action's reply and its event ahead of the engine (held
 * with {@link dev.rivulet.engine.Engine#pause()}): the clients get them once, from the aborted
 * copy, and the engine's committed copies are dropped.
 */
class AbortedTransactionIT {
  static RivuletServer server;

  @BeforeAll
  static void start() {
    server = TestStack.start(TestActors.ALL);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void repliesAndEventsOfAnAbortedTransactionAreDeliveredOnceAndTheRetryIsDropped() throws Exception {
    String url = server.url().replace("http", "ws") + "/api/actors/tally/t1/connect";
    try (WsProbe ws = WsProbe.connect(url);
         SseProbe sse = new SseProbe(server.url() + "/api/actors/tally/t1/events")) {
      ws.awaitTag("Init");
      sse.await("rivulet.connected");
      ws.subscribe("changed");
      ws.action(0, "add", "[1]"); // a first, ordinary round: the subscription is in place
      ws.awaitTag("ActionResponse");
      ws.awaitTag("Event");
      sse.await("changed");

      server.engine().pause();
      ws.action(1, "add", "[1]");
      // The request is in the inbox; the engine holds it. Write what it will write, then abort.
      List<TopicReader.Rec> adds = TopicReader.readUntil(server.bootstrapServers(),
              server.engine().topics().inbox(), Duration.ofSeconds(10),
              rs -> rs.stream().filter(AbortedTransactionIT::isAdd).count() >= 2).stream()
          .filter(AbortedTransactionIT::isAdd).toList();
      String requestId = adds.get(1).value().path("replyTo").path("requestId").asText();
      ActorId actor = ActorId.of("tally", "t1");
      JsonNode two = JsonNodeFactory.instance.numberNode(2L);
      writeAborted(
          new OutboxRecord.Reply(requestId, actor, two, null),
          new OutboxRecord.Event(actor, 2, "changed", JsonNodeFactory.instance.arrayNode().add(2L),
              null));

      JsonNode reply = ws.await(f -> tag(f).equals("ActionResponse"), Duration.ofSeconds(10));
      assertThat(reply.path("body").path("val").path("output").asLong()).isEqualTo(2);
      assertThat(sse.await(e -> "changed".equals(e.name()) && "2".equals(e.id()),
          Duration.ofSeconds(10)).data()).isEqualTo("[2]");

      // The engine now applies the held request and commits the same reply and event.
      server.engine().resume();
      ws.action(2, "add", "[1]");
      ws.await(f -> tag(f).equals("ActionResponse")
          && f.path("body").path("val").path("output").asLong() == 3, Duration.ofSeconds(20));
      SseProbe.Event third = sse.await(e -> "changed".equals(e.name()) && "3".equals(e.id()),
          Duration.ofSeconds(10));
      assertThat(third.data()).isEqualTo("[3]");
      ws.await(f -> tag(f).equals("Event")
          && f.path("body").path("val").path("id").asLong() == 3, Duration.ofSeconds(10));

      List<String> frames = ws.received();
      assertThat(frames.stream().filter(f -> f.contains("\"ActionResponse\""))).hasSize(3);
      assertThat(frames.stream().filter(f -> f.contains("\"Event\""))).hasSize(3);
      // The journal has each action once: the aborted records were never the engine's.
      List<TopicReader.Rec> journal = TopicReader.readUntil(server.bootstrapServers(),
          server.engine().topics().journal(), Duration.ofSeconds(30),
          rs -> rs.stream().filter(AbortedTransactionIT::isJournaledAdd).count() >= 3);
      assertThat(journal.stream().filter(AbortedTransactionIT::isJournaledAdd)
          .map(r -> r.value().path("output").asLong())).containsExactly(1L, 2L, 3L);
    } finally {
      if (server.engine().isPaused()) server.engine().resume();
    }
  }

  private static boolean isAdd(TopicReader.Rec r) {
    return "tally/t1".equals(r.key()) && "add".equals(r.value().path("action").asText());
  }

  private static boolean isJournaledAdd(TopicReader.Rec r) {
    return "tally/t1".equals(r.key()) && "add".equals(r.value().path("request").path("action").asText());
  }

  private static String tag(JsonNode frame) {
    return frame.path("body").path("tag").asText();
  }

  /** Writes the records to this gateway's outbox partition in a transaction that aborts. */
  private static void writeAborted(OutboxRecord... records) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "aborting-" + server.gateway().id());
    String outbox = server.engine().topics().outbox();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      int partitions = producer.partitionsFor(outbox).size();
      int partition = OutboxPartitioning.partitionOf(server.gateway().id(), partitions);
      producer.initTransactions();
      producer.beginTransaction();
      for (OutboxRecord r : records) {
        producer.send(new ProducerRecord<>(outbox, partition, server.gateway().id(),
            RecordCodec.encode(r)));
      }
      producer.flush();
      producer.abortTransaction();
    }
  }
}
