package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.HttpProbe.Response;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import dev.rivulet.server.testing.TopicReader.Rec;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input of every kind gets a clear error with a stable code, and none of it costs the engine
 * its ability to serve or loses what is stored. The counter {@code tally/kept} holds 5 before each
 * test and must hold it after.
 */
class BadInputIT {
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    server = TestStack.start(TestActors.ALL, c -> c.gateway(g -> g.maxBodyBytes(1024)));
    http = new HttpProbe(server.url());
    http.action("tally", "kept", "add", "[5]");
  }

  @AfterAll
  static void stop() {
    assertThat(http.action("tally", "kept", "total", "[]").text()).isEqualTo("{\"output\":5}");
    server.close();
  }

  @BeforeEach
  void storedStateIsIntact() {
    assertThat(http.action("tally", "kept", "total", "[]").text()).isEqualTo("{\"output\":5}");
  }

  @Test
  void malformedJson() {
    Response r = http.action("tally", "kept", "add", "[5");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("request.invalid_json");
    assertThat(r.json().path("message").asText()).contains("line 1, column");
    assertThat(http.action("tally", "kept", "add", "[1] [2]").errorCode())
        .isEqualTo("request.invalid_json");
  }

  @Test
  void aNumberNoDecimalCanHoldIsMalformedJson() {
    // Its exponent is beyond an int: Jackson's own parse throws a bare NumberFormatException.
    Response r = http.action("tally", "kept", "add", "[1e99999999999]");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("request.invalid_json");
    assertThat(r.json().path("message").asText()).contains("out of range");
  }

  @Test
  void aBodyThatEndsBeforeItsLengthIsMalformed() throws Exception {
    String answer = rawRequest("POST /api/actors/tally/kept/actions/add HTTP/1.1\r\nHost: x\r\n"
        + "Content-Type: application/json\r\nContent-Length: 10\r\nConnection: close\r\n\r\n[1");
    assertThat(answer).startsWith("HTTP/1.1 400 ").contains("\"code\":\"malformed\"");
  }

  @Test
  void jsonOfTheWrongShape() {
    Response r = http.action("tally", "kept", "add", "{\"amount\":5}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("request.invalid_body");
    assertThat(r.json().path("message").asText()).contains("JSON array");
  }

  @Test
  void unknownActorTypeAndUnknownAction() {
    Response type = http.action("nosuch", "k", "add", "[1]");
    assertThat(type.status()).isEqualTo(404);
    assertThat(type.errorCode()).isEqualTo("actor.type_not_found");
    assertThat(type.json().path("message").asText()).contains("nosuch").contains("tally");

    Response action = http.action("tally", "kept", "explode", "[]");
    assertThat(action.status()).isEqualTo(404);
    assertThat(action.errorCode()).isEqualTo("actor.action_not_found");
    assertThat(action.json().path("message").asText()).contains("explode").contains("add");
  }

  @Test
  void wrongArgumentTypesAndCounts() {
    for (String args : new String[] {"[\"5\"]", "[5.5]", "[true]", "[null]", "[[5]]", "[]", "[1,2]"}) {
      Response r = http.action("tally", "kept", "add", args);
      assertThat(r.status()).as(args).isEqualTo(400);
      assertThat(r.errorCode()).as(args).isEqualTo("actor.invalid_arguments");
      assertThat(r.json().path("message").asText()).as(args).contains("tally.add");
    }
    assertThat(http.action("tally", "kept", "add", "[1,2]").json().path("message").asText())
        .isEqualTo("tally.add takes 1 argument (amount: an integer), got 2");
  }

  @Test
  void aBodyOverTheLimitWithOrWithoutContentLength() throws Exception {
    String big = "[\"" + "x".repeat(2000) + "\", 1]";
    Response declared = http.action("tally", "kept", "shout", big);
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.errorCode()).isEqualTo("message.incoming_too_long");

    HttpRequest chunked = HttpRequest.newBuilder(
            URI.create(server.url() + "/api/actors/tally/kept/actions/shout"))
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
        .build();
    HttpResponse<String> r = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("\"code\":\"incoming_too_long\"");
  }

  @Test
  void invalidKeysAndOptions() {
    assertThat(http.action("tally", "k".repeat(600), "add", "[1]").errorCode())
        .isEqualTo("actor.invalid_key");
    assertThat(http.action("bad%20name", "k", "add", "[1]").errorCode())
        .isEqualTo("actor.invalid_key");
    assertThat(http.post("/api/actors/tally/kept/actions/add?mode=sometimes", "[1]").errorCode())
        .isEqualTo("actor.invalid_request");
    assertThat(http.post("/api/actors/tally/kept/actions/add?input=%7Bnope", "[1]").errorCode())
        .isEqualTo("request.invalid_json");
  }

  @Test
  void unknownRoutesAndWrongMethodsAnswerJsonToo() {
    Response r = http.get("/api/nothing/here");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorCode()).isEqualTo("request.route_not_found");
    Response method = http.get("/api/actors/tally/kept/actions/add");
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.errorCode()).isEqualTo("request.method_not_allowed");
  }

  @Test
  void aPathWithAControlCharacterIsRefusedInTheErrorShape() throws Exception {
    // Jetty refuses these before any route runs; Java's HttpClient will not send them at all.
    for (String method : List.of("POST", "PUT", "GET")) {
      String answer = rawRequest(method + " /api/actors/tally/a%00/actions/add HTTP/1.1\r\n"
          + "Host: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\n[1]");
      assertThat(answer).as(method).startsWith("HTTP/1.1 400 ")
          .contains("application/json").contains("\"code\":\"malformed\"");
    }
  }

  private static String rawRequest(String request) throws Exception {
    URI url = URI.create(server.url());
    try (java.net.Socket socket = new java.net.Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.shutdownOutput();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void unreadableInboxRecordsAreDeadLetteredAndThePartitionKeepsGoing() {
    String inbox = server.engine().topics().inbox();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrapServers());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      // Same key as the live actor, so these land on its partition, ahead of the next request.
      producer.send(new ProducerRecord<>(inbox, "tally/kept", "garbage".getBytes(StandardCharsets.UTF_8)));
      producer.send(new ProducerRecord<>(inbox, "tally/kept",
          "{\"kind\":\"action\",\"actor\":\"tally/other\",\"replyTo\":{\"gateway\":\"g\",\"requestId\":\"r\"},\"mode\":\"get\",\"action\":\"add\",\"args\":[1]}"
              .getBytes(StandardCharsets.UTF_8)));
      producer.send(new ProducerRecord<>(inbox, "tally/kept", null));
      producer.send(new ProducerRecord<>(inbox, "tally/kept",
          "{\"kind\":\"action\",\"actor\":\"tally/kept\",\"replyTo\":{\"gateway\":\"g\",\"requestId\":\"r\"},\"mode\":\"get\",\"action\":\"add\",\"args\":[1e99999999999]}"
              .getBytes(StandardCharsets.UTF_8)));
      producer.flush();
    }
    assertThat(http.action("tally", "kept", "add", "[0]").text()).isEqualTo("{\"output\":5}");
    List<Rec> dead = TopicReader.readUntil(server.bootstrapServers(),
        server.engine().topics().deadLetter(), Duration.ofSeconds(30), rs -> rs.size() >= 4);
    assertThat(dead).hasSize(4);
    assertThat(dead).allSatisfy(r -> assertThat(r.headers()).containsKey("rivulet.error"));
    assertThat(dead.get(0).headers().get("rivulet.error")).contains("not a valid InboxRecord");
    assertThat(dead.get(1).headers().get("rivulet.error")).contains("is not its actor id");
    assertThat(dead.get(2).headers().get("rivulet.error")).contains("no value");
    assertThat(dead.get(3).headers().get("rivulet.error")).contains("not a valid InboxRecord")
        .contains("1e99999999999");
  }
}
