package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import java.time.Duration;
import java.util.List;
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
    server = TestStack.start(List.of(TestActors.Tally.class, TestActors.Greeter.class,
        TestActors.Logbook.class), c -> c.engine(e -> e.snapshotEvery(10)));
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

  /** A line of about 1 KiB. */
  private static String line(int n) {
    return "line " + n + " " + "x".repeat(1_000);
  }

  @Test
  void theStateAtAStepHoldsTheStoredCollectionsAndAForkCopiesThem() {
    for (int i = 1; i <= 150; i++) {
      String author = i % 3 == 0 ? "ada" : "bob";
      assertThat(http.action("logbook", "lb", "write", "[\"" + author + "\", \"" + line(i)
          + "\", 40]").status()).isEqualTo(200);
    }
    // Checkpoints at step 1, then each time the changes outweigh twice the ~42 KB the log keeps
    // (about every 73 steps): steps on both sides of them.
    for (int step : new int[] {1, 2, 30, 61, 71, 72, 73, 74, 75, 100, 144, 145, 146, 147, 148,
        150}) {
      JsonNode at = http.get("/api/actors/logbook/lb/state?at=" + step).json();
      assertThat(at.path("state").path("written").asLong()).as("step %d", step).isEqualTo(step);
      JsonNode lines = at.path("collections").path("lines");
      assertThat(lines.path("first").asLong()).as("step %d", step)
          .isEqualTo(Math.max(1, step - 39));
      assertThat(lines.path("values")).as("step %d", step).hasSize(Math.min(step, 40));
      assertThat(lines.path("values").get(lines.path("values").size() - 1).path("text").asText())
          .isEqualTo(line(step));
      assertThat(at.path("collections").path("authors").path("entries").path("ada").asLong())
          .as("step %d", step).isEqualTo(step / 3);
    }
    JsonNode live = http.get("/api/actors/logbook/lb/state").json();
    assertThat(live.path("collections").path("lines").path("size").asLong()).isEqualTo(40);
    // Read-only calls answered from the engine's stores read the entries there.
    assertThat(http.action("logbook", "lb", "last", "[1]").json().path("output").get(0)
        .path("text").asText()).isEqualTo(line(150));
    assertThat(http.action("logbook", "lb", "written", "[\"bob\"]").json().path("output")
        .asLong()).isEqualTo(100);
    JsonNode history = http.get("/api/actors/logbook/lb/history?from=1&limit=150").json();
    long checkpoints = 0;
    for (JsonNode r : history.path("records")) {
      if (r.has("collectionsSnapshot")) checkpoints++;
    }
    assertThat(checkpoints).isBetween(2L, 4L);

    HttpProbe.Response fork = http.put("/api/actors/logbook/lb-fork?forkOf=lb&at=100", "");
    assertThat(fork.status()).as(fork.text()).isEqualTo(201);
    assertThat(http.action("logbook", "lb-fork", "last", "[1]").json().path("output").get(0)
        .path("text").asText()).isEqualTo(line(100));
    assertThat(http.action("logbook", "lb-fork", "write", "[\"cy\", \"forked\", 40]").json()
        .path("output").asLong()).isEqualTo(101);
    assertThat(http.action("logbook", "lb-fork", "written", "[\"ada\"]").json().path("output")
        .asLong()).isEqualTo(33);
    JsonNode forked = http.get("/api/actors/logbook/lb-fork/history?limit=1").json()
        .path("records").get(0);
    assertThat(forked.path("collectionsSnapshot").path("lines").path("first").asLong())
        .isEqualTo(61);
  }
}
