package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** History, state at a step, diffs, forks and listings, read through the journal index. */
class HistoryIT {
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    // Snapshots every 10 records, so that states past a snapshot are exercised too.
    server = TestStack.start(TestActors.ALL, c -> c.engine(e -> e.snapshotEvery(10)));
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void addAll(String key, int n) {
    for (int i = 1; i <= n; i++) assertThat(http.action("tally", key, "add", "[" + i + "]").status()).isEqualTo(200);
  }

  @Test
  void theHistoryListsTheRecordsInOrderAndPages() {
    addAll("h1", 25);
    JsonNode page = http.get("/api/actors/tally/h1/history?from=1&limit=10").json();
    assertThat(page.path("records")).hasSize(10);
    assertThat(page.path("records").get(0).path("seq").asLong()).isEqualTo(1);
    assertThat(page.path("records").get(0).path("created").asBoolean()).isTrue();
    assertThat(page.path("records").get(9).path("request").path("args").toString()).isEqualTo("[10]");
    assertThat(page.path("records").get(9).path("output").asLong()).isEqualTo(55);
    assertThat(page.path("records").get(9).path("time").asText()).endsWith("Z");
    assertThat(page.path("next").asLong()).isEqualTo(11);
    JsonNode last = http.get("/api/actors/tally/h1/history?from=21&limit=10").json();
    assertThat(last.path("records")).extracting(r -> r.path("seq").asLong())
        .containsExactly(21L, 22L, 23L, 24L, 25L);
    assertThat(last.path("next").isNull()).isTrue();
  }

  @Test
  void theStateAtAnyStepAndTheDiffBetweenTwo() {
    addAll("h2", 25);
    for (int step : new int[] {1, 9, 10, 11, 20, 25}) {
      JsonNode s = http.get("/api/actors/tally/h2/state?at=" + step).json();
      assertThat(s.path("state").path("total").asLong()).as("step %d", step)
          .isEqualTo((long) step * (step + 1) / 2);
    }
    JsonNode live = http.get("/api/actors/tally/h2/state").json();
    assertThat(live.path("seq").asLong()).isEqualTo(25);
    assertThat(live.path("state").path("total").asLong()).isEqualTo(325);
    JsonNode diff = http.get("/api/actors/tally/h2/diff?from=3&to=12").json();
    assertThat(diff.path("patch").toString())
        .isEqualTo("[{\"op\":\"replace\",\"path\":\"/total\",\"value\":78}]");
    assertThat(http.get("/api/actors/tally/h2/state?at=99").errorCode()).isEqualTo("actor.not_found");
    assertThat(http.get("/api/actors/tally/h2/state?at=-5").errorCode()).isEqualTo("actor.invalid_request");
  }

  @Test
  void aForkStartsFromThePastStateOfAStep() {
    addAll("h3", 12);
    HttpProbe.Response fork = http.put("/api/actors/tally/h3-fork?forkOf=h3&at=4", "");
    assertThat(fork.status()).isEqualTo(201);
    assertThat(http.action("tally", "h3-fork", "total", "[]").text()).isEqualTo("{\"output\":10}");
    assertThat(http.action("tally", "h3-fork", "add", "[1]").text()).isEqualTo("{\"output\":11}");
    assertThat(http.action("tally", "h3", "total", "[]").text()).isEqualTo("{\"output\":78}");
    JsonNode first = http.get("/api/actors/tally/h3-fork/history?limit=1").json().path("records").get(0);
    assertThat(first.path("request").path("forkOf").path("actor").asText()).isEqualTo("tally/h3");
    assertThat(first.path("request").path("forkOf").path("seq").asLong()).isEqualTo(4);
  }

  @Test
  void aForkOfAStepJustTakenWaitsForTheIndexToReachIt() {
    // The reply leaves before the engine's commit; the index sees the step about a commit later.
    assertThat(http.action("tally", "h4", "add", "[7]").status()).isEqualTo(200);
    HttpProbe.Response fork = http.put("/api/actors/tally/h4-fork?forkOf=h4&at=1", "");
    assertThat(fork.status()).as(fork.text()).isEqualTo(201);
    assertThat(http.action("tally", "h4-fork", "total", "[]").text()).isEqualTo("{\"output\":7}");
  }

  @Test
  void aStepTheActorNeverTookIsNotFoundWithoutWaiting() {
    addAll("h5", 2);
    // The history answers once the index has both steps: from then on only step 3 is missing.
    assertThat(http.get("/api/actors/tally/h5/history").json().path("last").asLong()).isEqualTo(2);
    long start = System.nanoTime();
    assertThat(http.get("/api/actors/tally/h5/state?at=3").errorCode()).isEqualTo("actor.not_found");
    assertThat(http.get("/api/actors/tally/h5-never/state?at=1").errorCode()).isEqualTo("actor.not_found");
    assertThat(http.put("/api/actors/tally/h5-fork?forkOf=h5-never&at=1", "").errorCode())
        .isEqualTo("actor.not_found");
    // Well under the 5 s the gateway would wait for a step the index has not reached yet.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void actorsAreListedByTypeAcrossPartitions() {
    for (String k : new String[] {"list-a", "list-b", "list-c"}) http.action("tally", k, "add", "[1]");
    http.put("/api/actors/greeter/list-g", "");
    JsonNode tallies = http.get("/api/actors?type=tally&limit=1000").json().path("actors");
    assertThat(tallies.findValuesAsText("id")).contains("tally/list-a", "tally/list-b", "tally/list-c")
        .noneMatch(id -> id.startsWith("greeter/"));
    JsonNode paged = http.get("/api/actors?type=tally&after=tally/list-a&limit=1").json();
    assertThat(paged.path("actors").get(0).path("id").asText()).isEqualTo("tally/list-b");
  }
}
