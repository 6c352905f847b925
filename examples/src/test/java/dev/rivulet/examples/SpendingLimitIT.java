package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.EmbeddedBroker;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import dev.rivulet.server.testing.WsProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The spending limit, end to end: a plain Kafka producer writes card transactions to {@code
 * transactions}, the account's dashboard (a WebSocket) sees the figures move with each one, and a
 * plain {@code read_committed} consumer of {@code alerts} sees one alert when the day's spending
 * goes over the limit.
 */
class SpendingLimitIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  static RivuletServer server;
  static String bootstrap;

  @BeforeAll
  static void start() throws Exception {
    bootstrap = EmbeddedBroker.shared().bootstrapServers();
    // The topics are the bank's: Rivulet does not create them on a broker it does not own.
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : List.of(SpendingLimit.TRANSACTIONS, SpendingLimit.ALERTS)) {
        if (!existing.contains(topic)) missing.add(new NewTopic(topic, 3, (short) 1));
      }
      admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
    }
    ExampleActors catalog = new ExampleActors();
    server = TestStack.start(List.of(SpendingLimit.class), config -> {
      catalog.subscriptions().forEach(config::subscribe);
      catalog.outputs().forEach(config::output);
    });
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void transactionsMoveTheDashboardAndOneAlertIsPublishedOverTheLimit() throws Exception {
    String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);
    String ws = server.url().replace("http", "ws") + "/api/actors/spendingLimit/" + account
        + "/connect";
    try (WsProbe dashboard = WsProbe.connect(ws);
        KafkaProducer<String, String> producer = producer()) {
      dashboard.awaitTag("Init");
      dashboard.subscribe("spent");
      dashboard.subscribe("alert");
      dashboard.action(1, "setLimit", "[100]");
      assertThat(dashboard.awaitTag("ActionResponse").at("/body/val/output/limit").asInt())
          .isEqualTo(100);
      assertThat(nextSpent(dashboard).path("limit").asInt()).isEqualTo(100);

      // Keyed by account, as Kafka producers key what must stay in order: one partition.
      send(producer, "tx-1", account, "40.00", "grocer");
      send(producer, "tx-2", account, "50.00", "cinema");
      send(producer, "tx-3", account, "-5.00", "refund desk"); // invalid: dead-lettered
      send(producer, "tx-4", account, "30.50", "books");
      send(producer, "tx-5", account, "12.00", "bakery"); // still over: no second alert
      producer.flush();

      assertThat(nextSpent(dashboard).path("spent").decimalValue()).isEqualByComparingTo("40.00");
      assertThat(nextSpent(dashboard).path("spent").decimalValue()).isEqualByComparingTo("90.00");
      JsonNode over = nextSpent(dashboard);
      assertThat(over.path("spent").decimalValue()).isEqualByComparingTo("120.50");
      assertThat(over.path("transactions").asInt()).isEqualTo(3);
      assertThat(over.path("lastMerchant").asText()).isEqualTo("books");
      JsonNode alertEvent = dashboard.await(f -> event(f, "alert"), TIMEOUT);
      assertThat(alertEvent.at("/body/val/args/0/transactionId").asText()).isEqualTo("tx-4");
      assertThat(nextSpent(dashboard).path("spent").decimalValue())
          .isEqualByComparingTo("132.50");

      // The alert, as a plain read_committed consumer reads it: once tx-5's step committed
      // (its journal record is readable), every alert up to it is in the topic; there is one.
      String journal = server.engine().topics().journal();
      TopicReader.readUntil(bootstrap, journal, TIMEOUT, rs -> rs.stream()
          .anyMatch(r -> r.value().at("/request/args/0/id").asText().equals("tx-5")));
      List<TopicReader.Rec> mine = TopicReader.readToEnd(bootstrap, SpendingLimit.ALERTS, TIMEOUT)
          .stream().filter(r -> account.equals(r.key())).toList();
      assertThat(mine).hasSize(1);
      JsonNode alert = mine.get(0).value();
      assertThat(alert.path("account").asText()).isEqualTo(account);
      assertThat(alert.path("transactionId").asText()).isEqualTo("tx-4");
      assertThat(alert.path("spent").decimalValue()).isEqualByComparingTo("120.50");
      assertThat(alert.path("limit").decimalValue()).isEqualByComparingTo("100");

      // The invalid one failed, changed nothing, is in the history and in the dead-letter topic.
      HttpProbe http = new HttpProbe(server.url());
      JsonNode history = http.get("/api/actors/spendingLimit/" + account + "/history").json();
      assertThat(history.at("/records").findValuesAsText("code")).contains("invalid_amount");
      List<TopicReader.Rec> dead = TopicReader.readUntil(bootstrap,
          server.engine().topics().deadLetter(), TIMEOUT, rs -> rs.stream().anyMatch(r ->
              r.value().at("/args/0/id").asText().equals("tx-3")));
      assertThat(dead).filteredOn(r -> r.value().at("/args/0/id").asText().equals("tx-3"))
          .singleElement().satisfies(r -> {
            assertThat(r.headers()).containsEntry("rivulet.reason", "failed")
                .containsEntry("rivulet.subscription", "spendingLimit.record");
            assertThat(r.headers().get("rivulet.error")).startsWith("user.invalid_amount");
          });
    }
  }

  private static JsonNode nextSpent(WsProbe dashboard) {
    return dashboard.await(f -> event(f, "spent"), TIMEOUT).at("/body/val/args/0");
  }

  private static boolean event(JsonNode frame, String name) {
    return frame.at("/body/tag").asText().equals("Event")
        && frame.at("/body/val/name").asText().equals(name);
  }

  private static void send(KafkaProducer<String, String> producer, String id, String account,
      String amount, String merchant) {
    producer.send(new ProducerRecord<>(SpendingLimit.TRANSACTIONS, account, "{\"id\":\"" + id
        + "\",\"account\":\"" + account + "\",\"amount\":" + amount + ",\"merchant\":\""
        + merchant + "\"}"));
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
  }
}
