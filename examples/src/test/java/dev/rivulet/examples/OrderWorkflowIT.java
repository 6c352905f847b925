package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import dev.rivulet.server.testing.WsProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The order workflow across three actors: order → inventory → payment with continuations, and
 * the compensation that releases the stock when the payment fails.
 */
class OrderWorkflowIT {
  /** The inbox and journal partitions of a test stack (the engine's default). */
  static final int PARTITIONS = 8;

  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    server = TestStack.start(List.of(Order.class, Inventory.class, Payment.class));
    http = new HttpProbe(server.url());
    ok(http.action("inventory", "main", "restock", "[\"widget\", 10]"));
    ok(http.action("inventory", "main", "restock", "[\"gadget\", 5]"));
    ok(http.action("payment", "main", "deposit", "[\"alice\", 10000]"));
    ok(http.action("inventory", "main", "restock", "[\"gizmo\", 10]"));
    ok(http.action("payment", "main", "deposit", "[\"bob\", 500]"));
    ok(http.action("payment", "main", "deposit", "[\"carol\", 1000]"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode ok(HttpProbe.Response r) {
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().path("output");
  }

  private static JsonNode order(String id) {
    return ok(http.action("order", id, "getOrder", "[]"));
  }

  private static JsonNode awaitStatus(String id, String status) {
    Await.until("order " + id + " to be " + status, Duration.ofSeconds(20),
        () -> order(id).path("status").asText().equals(status));
    return order(id);
  }

  private static String stock(String sku) {
    return ok(http.action("inventory", "main", "getStock", "[\"" + sku + "\"]")).toString();
  }

  private static String stock(long available, long reserved, long sold) {
    return "{\"available\":" + available + ",\"reserved\":" + reserved + ",\"sold\":" + sold + "}";
  }

  @Test
  void anOrderReservesThenChargesAndCompletes() {
    try (WsProbe watcher = Frames.open(server, "order", "happy", null, "status")) {
      assertThat(Frames.call(watcher, 1, "getOrder", "[]").path("output").path("status").asText())
          .isEqualTo("NEW");
      JsonNode placed = ok(http.action("order", "happy", "placeOrder",
          "[\"alice\", \"widget\", 3, 3000]"));
      assertThat(placed.path("status").asText()).isEqualTo("RESERVING");

      Frames.awaitEvent(watcher, "status",
          a -> a.get(0).path("status").asText().equals("COMPLETED"));
      assertThat(Frames.events(watcher, "status")).extracting(a -> a.get(0).path("status").asText())
          .containsExactly("RESERVING", "CHARGING", "COMPLETED");
    }
    JsonNode done = order("happy");
    assertThat(done.path("trail").toString())
        .isEqualTo("[\"NEW\",\"RESERVING\",\"CHARGING\",\"COMPLETED\"]");
    assertThat(done.path("failure").isNull()).isTrue();
    String chargeId = done.path("chargeId").asText();

    JsonNode charge = ok(http.action("payment", "main", "getCharge", "[\"happy\"]"));
    assertThat(charge.path("chargeId").asText()).isEqualTo(chargeId);
    assertThat(charge.path("account").asText()).isEqualTo("alice");
    assertThat(charge.path("amount").asLong()).isEqualTo(3000);
    assertThat(ok(http.action("payment", "main", "getBalance", "[\"alice\"]")).asLong())
        .isEqualTo(7000);
    // commit is a one-way send: it lands on the inventory soon after the order completed.
    Await.until("the widgets to be sold", Duration.ofSeconds(20),
        () -> stock("widget").equals(stock(7, 0, 3)));
    assertThat(ok(http.action("inventory", "main", "getReservations", "[]")).toString())
        .doesNotContain("happy");
  }

  @Test
  void aFailedPaymentReleasesTheReservation() {
    ok(http.action("order", "o-1", "placeOrder", "[\"bob\", \"gadget\", 2, 900]"));
    JsonNode cancelled = awaitStatus("o-1", "CANCELLED");
    assertThat(cancelled.path("trail").toString())
        .isEqualTo("[\"NEW\",\"RESERVING\",\"CHARGING\",\"RELEASING\",\"CANCELLED\"]");
    assertThat(cancelled.path("failure").asText())
        .isEqualTo("user.insufficient_funds: bob has 500, needs 900");
    assertThat(cancelled.path("chargeId").isNull()).isTrue();
    assertThat(stock("gadget")).isEqualTo(stock(5, 0, 0));
    assertThat(ok(http.action("payment", "main", "getBalance", "[\"bob\"]")).asLong())
        .isEqualTo(500);
    assertThat(ok(http.action("payment", "main", "getCharge", "[\"o-1\"]")).isNull()).isTrue();

    // The order's journal tells the story: a call, its continuation, the compensating call.
    List<JsonNode> journal = TopicReader.readUntil(server.bootstrapServers(),
            server.engine().topics().journal(), Duration.ofSeconds(30),
            rs -> rs.stream().anyMatch(r -> r.key().equals("order/o-1")
                && r.value().path("request").path("continuation").asText().equals("released")))
        .stream().filter(r -> r.key().equals("order/o-1"))
        .map(TopicReader.Rec::value)
        .filter(r -> !r.path("request").path("action").asText().equals("getOrder")) // polling
        .toList();
    assertThat(journal).extracting(r -> r.path("kind").asText() + " "
            + r.path("request").path("action").asText(r.path("request").path("continuation")
                .asText()))
        .containsExactly("action placeOrder", "continue reserved", "continue charged",
            "continue released");
    JsonNode reserve = journal.get(0).path("messages").get(0);
    assertThat(reserve.path("to").asText()).isEqualTo("inventory/main");
    assertThat(reserve.path("action").asText()).isEqualTo("reserve");
    assertThat(reserve.path("args").toString()).isEqualTo("[\"o-1\",\"gadget\",2]");
    assertThat(reserve.path("continuation").asText()).isEqualTo("reserved");
    assertThat(journal.get(2).path("request").path("error").path("code").asText())
        .isEqualTo("insufficient_funds");
    assertThat(journal.get(2).path("messages").get(0).path("action").asText())
        .isEqualTo("release");
  }

  @Test
  void anOrderIsRejectedWhenTheStockIsShortAndNothingIsCharged() {
    ok(http.action("order", "big", "placeOrder", "[\"alice\", \"gadget\", 99, 1]"));
    JsonNode rejected = awaitStatus("big", "REJECTED");
    assertThat(rejected.path("trail").toString()).isEqualTo("[\"NEW\",\"RESERVING\",\"REJECTED\"]");
    assertThat(rejected.path("failure").asText())
        .isEqualTo("user.out_of_stock: only 5 of gadget available");
    assertThat(ok(http.action("payment", "main", "getCharge", "[\"big\"]")).isNull()).isTrue();
  }

  @Test
  void anOrderIsPlacedOnceAndItsContinuationsCannotBeForged() {
    ok(http.action("order", "twice", "placeOrder", "[\"carol\", \"gizmo\", 1, 100]"));
    HttpProbe.Response again = http.action("order", "twice", "placeOrder",
        "[\"carol\", \"gizmo\", 1, 100]");
    assertThat(again.errorCode()).isEqualTo("user.already_placed");
    assertThat(http.action("order", "twice", "charged",
        "[{\"ok\":true,\"output\":{},\"group\":null,\"code\":null,\"message\":null}]")
        .errorCode()).isEqualTo("actor.action_not_found");
    awaitStatus("twice", "COMPLETED");
  }

  @Test
  void theThreeActorsOfAWorkflowLiveOnDifferentPartitions() {
    ok(http.action("order", "happy-path", "placeOrder", "[\"carol\", \"gizmo\", 1, 100]"));
    awaitStatus("happy-path", "COMPLETED");
    Map<String, Integer> expected = Map.of(
        "order/happy-path", partitionOf("order/happy-path"),
        "inventory/main", partitionOf("inventory/main"),
        "payment/main", partitionOf("payment/main"));
    assertThat(expected.values().stream().distinct().count()).isEqualTo(3);

    List<TopicReader.Rec> journal = TopicReader.readUntil(server.bootstrapServers(),
        server.engine().topics().journal(), Duration.ofSeconds(30),
        rs -> expected.keySet().stream().allMatch(k -> rs.stream().anyMatch(r -> r.key().equals(k))));
    Map<String, List<Integer>> seen = journal.stream()
        .filter(r -> expected.containsKey(r.key()))
        .collect(Collectors.groupingBy(TopicReader.Rec::key, Collectors.mapping(
            r -> r.value().path("source").path("partition").asInt(), Collectors.toList())));
    expected.forEach((actor, partition) -> {
      assertThat(seen.get(actor)).as("inbox partitions of %s", actor).containsOnly(partition);
      assertThat(journal.stream().filter(r -> r.key().equals(actor)).map(TopicReader.Rec::partition))
          .as("journal partitions of %s", actor).containsOnly(partition);
    });
  }

  /** Kafka's default partitioner: murmur2 of the key, the inbox's record key being the actor id. */
  private static int partitionOf(String actorId) {
    return Utils.toPositive(Utils.murmur2(actorId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }
}
