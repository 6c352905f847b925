package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.gateway.Gateway;
import dev.rivulet.gateway.GatewayConfig;
import dev.rivulet.records.OutboxPartitioning;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.SseProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.WsProbe;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Several gateways in front of one application: a client connected to one gateway receives the
 * events of actions sent through another, and each gateway reads only its own outbox partition:
 * the records addressed to it, and those of gateways whose ids map to the same partition.
 */
class MultiGatewayIT {
  private static final int PARTITIONS = 8;

  @Test
  void eventsCrossGatewaysAndEachGatewayReadsOnlyItsOwnPartition() {
    String app = "gateways-" + Long.toHexString(System.nanoTime());
    // A and B on different outbox partitions; C on A's, to show what sharing one costs.
    String idA = "gw-a";
    String idB = idWhere("gw-b", p -> p != partitionOf(idA));
    String idC = idWhere("gw-c", p -> p == partitionOf(idA));
    try (RivuletServer server = TestStack.start(TestActors.ALL, c -> c.application(app)
            .engine(e -> e.partitions(PARTITIONS)).gateway(g -> g.gatewayId(idA)));
        Gateway b = gateway(server, app, idB);
        Gateway c = gateway(server, app, idC)) {
      Gateway a = server.gateway();
      assertThat(a.outboxPartition()).isEqualTo(c.outboxPartition())
          .isNotEqualTo(b.outboxPartition());

      String room = "/api/actors/tally/room";
      try (WsProbe onA = WsProbe.connect(ws(a) + room + "/connect");
          SseProbe sseOnA = new SseProbe(http(a) + room + "/events");
          WsProbe onB = WsProbe.connect(ws(b) + room + "/connect")) {
        for (WsProbe socket : List.of(onA, onB)) {
          socket.awaitTag("Init");
          socket.subscribe("changed");
          // Subscriptions are local to the gateway; an action on the same socket orders after it.
          socket.action(1, "total", "[]");
          socket.awaitTag("ActionResponse");
        }
        sseOnA.await("rivulet.connected");

        HttpProbe.Response viaB = new HttpProbe(http(b)).action("tally", "room", "add", "[5]");
        assertThat(viaB.text()).isEqualTo("{\"output\":5}");
        assertThat(event(onA.awaitTag("Event"))).isEqualTo("changed [5]");
        assertThat(sseOnA.await("changed").data()).isEqualTo("[5]");
        assertThat(event(onB.awaitTag("Event"))).isEqualTo("changed [5]");

        HttpProbe.Response viaC = new HttpProbe(http(c)).action("tally", "room", "add", "[2]");
        assertThat(viaC.text()).isEqualTo("{\"output\":7}");
        assertThat(event(onA.awaitTag("Event"))).isEqualTo("changed [7]");
        assertThat(sseOnA.await("changed").data()).isEqualTo("[7]");
        assertThat(event(onB.awaitTag("Event"))).isEqualTo("changed [7]");

        // What the engine wrote, read with a plain consumer as the gateways read it.
        Map<Integer, Map<String, Integer>> outbox = outboxByPartitionAndKey(server, app);
        Map<String, Integer> sharedPartition = outbox.getOrDefault(a.outboxPartition(), Map.of());
        Map<String, Integer> partitionOfB = outbox.getOrDefault(b.outboxPartition(), Map.of());
        int shared = sharedPartition.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(sharedPartition).containsOnlyKeys(idA, idC);
        assertThat(partitionOfB).containsOnlyKeys(idB);
        Await.until("the gateways to have read their partitions", Duration.ofSeconds(10),
            () -> a.outboxRecordsRead() == shared && c.outboxRecordsRead() == shared
                && b.outboxRecordsRead() == partitionOfB.get(idB));
        System.out.printf("outbox records read: A %d (%d for it, %d for C), B %d (%d for it), "
                + "C %d (%d for it, %d for A); A's partition %d, B's %d%n",
            a.outboxRecordsRead(), a.outboxRecordsRouted(), a.outboxRecordsSkipped(),
            b.outboxRecordsRead(), b.outboxRecordsRouted(), c.outboxRecordsRead(),
            c.outboxRecordsRouted(), c.outboxRecordsSkipped(), a.outboxPartition(),
            b.outboxPartition());
        // A read its own records and C's (they share a partition), none of B's; B only its own.
        assertThat(a.outboxRecordsRouted()).isEqualTo((long) sharedPartition.get(idA));
        assertThat(a.outboxRecordsSkipped()).isEqualTo((long) sharedPartition.get(idC)).isPositive();
        assertThat(c.outboxRecordsRouted()).isEqualTo((long) sharedPartition.get(idC));
        assertThat(c.outboxRecordsSkipped()).isEqualTo((long) sharedPartition.get(idA));
        assertThat(b.outboxRecordsRouted()).isEqualTo((long) partitionOfB.get(idB));
        assertThat(b.outboxRecordsSkipped()).isZero();
      }
    }
  }

  private static String event(JsonNode frame) {
    JsonNode val = frame.path("body").path("val");
    return val.path("name").asText() + " " + val.path("args");
  }

  /** Every record of the application's outbox, counted by partition and key (gateway id). */
  private static Map<Integer, Map<String, Integer>> outboxByPartitionAndKey(
      RivuletServer server, String app) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"); // as the gateways read it
    Map<Integer, Map<String, Integer>> counts = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(app + ".outbox").stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Await.until("the outbox to be read", Duration.ofSeconds(30), () -> {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          counts.computeIfAbsent(r.partition(), k -> new HashMap<>()).merge(r.key(), 1, Integer::sum);
        }
        return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
      });
    }
    return counts;
  }

  private static Gateway gateway(RivuletServer server, String app, String id) {
    return Gateway.start(new GatewayConfig().bootstrapServers(server.bootstrapServers())
        .application(app).gatewayId(id).port(0));
  }

  private static int partitionOf(String gatewayId) {
    return OutboxPartitioning.partitionOf(gatewayId, PARTITIONS);
  }

  private static String idWhere(String prefix, java.util.function.IntPredicate partition) {
    for (int i = 0; ; i++) {
      if (partition.test(partitionOf(prefix + i))) return prefix + i;
    }
  }

  private static String http(Gateway gateway) {
    return "http://127.0.0.1:" + gateway.port();
  }

  private static String ws(Gateway gateway) {
    return "ws://127.0.0.1:" + gateway.port();
  }
}
