package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine sends what a stream thread wrote as soon as the thread runs out of records and polls
 * again, whatever the producer's linger: here the linger and the commit interval are two minutes,
 * so an answer that waited for either would come after the first commit, two minutes after the
 * start, and each test must have all its answers within a minute of its own start, alone or
 * under load. (Both fail without the flush before each poll, in either order: the first commit
 * comes after both deadlines.)
 */
class AdaptiveBatchingIT {
  static final Duration LONG = Duration.ofSeconds(120);
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    server = TestStack.start(TestActors.ALL, c -> c.engine(e -> e
        .commitInterval(LONG)
        .transactionTimeout(LONG.multipliedBy(2))
        .streamsProperty("producer.linger.ms", (int) LONG.toMillis())
        .streamsProperty("producer.delivery.timeout.ms", (int) LONG.toMillis() * 3)));
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  @Test
  void aLoneRequestIsAnsweredWithoutWaitingForTheLinger() {
    long start = System.nanoTime();
    for (int i = 1; i <= 10; i++) {
      HttpProbe.Response r = http.action("tally", "alone", "add", "[1]");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("{\"output\":" + i + "}");
    }
    // Ten answers that each waited for the linger would take twenty minutes.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG.dividedBy(2));
  }

  @Test
  void requestsInFlightTogetherAreAllAnsweredInOrder() throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    ObjectMapper json = new ObjectMapper();
    int actors = 20;
    int each = 15;
    long start = System.nanoTime();
    List<CompletableFuture<Map.Entry<String, Long>>> calls = new ArrayList<>();
    for (int n = 0; n < each; n++) {
      for (int a = 0; a < actors; a++) {
        String key = "busy-" + a;
        HttpRequest request = HttpRequest.newBuilder(
                URI.create(server.url() + "/api/actors/tally/" + key + "/actions/add"))
            .timeout(LONG.dividedBy(2))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("[1]"))
            .build();
        calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
            .thenApply(r -> {
              assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
              try {
                return Map.entry(key, json.readTree(r.body()).path("output").asLong());
              } catch (Exception e) {
                throw new AssertionError(r.body(), e);
              }
            }));
      }
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .get(LONG.toSeconds() / 2, TimeUnit.SECONDS);
    Map<String, Set<Long>> outputs = new TreeMap<>();
    for (CompletableFuture<Map.Entry<String, Long>> call : calls) {
      Map.Entry<String, Long> answer = call.get();
      outputs.computeIfAbsent(answer.getKey(), k -> new TreeSet<>()).add(answer.getValue());
    }
    Set<Long> oneToEach = new TreeSet<>();
    for (long i = 1; i <= each; i++) oneToEach.add(i);
    assertThat(outputs).hasSize(actors);
    // Each actor applied its additions one at a time, each exactly once: 1, 2, ..., 15.
    outputs.values().forEach(seen -> assertThat(seen).isEqualTo(oneToEach));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG.dividedBy(2));
  }
}
