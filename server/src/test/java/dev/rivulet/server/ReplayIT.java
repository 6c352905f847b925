package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.engine.HistoryClient;
import dev.rivulet.engine.Replayer;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The replayer: recorded history through current code, from the Java API and the CLI. */
class ReplayIT {
  static RivuletServer server;
  static HttpProbe http;

  /** The tally with a bug introduced: amounts over 3 count double. */
  @Actor("tally")
  public static class ChangedTally extends ActorBase<TestActors.Tally.State> {
    @Override
    protected TestActors.Tally.State initialState() {
      return new TestActors.Tally.State(0);
    }

    @Action
    public long add(long amount) {
      long next = state().total() + (amount > 3 ? 2 * amount : amount);
      setState(new TestActors.Tally.State(next));
      broadcast("changed", next);
      return next;
    }

    @Action(readOnly = true)
    public long total() {
      return state().total();
    }
  }

  /** The logbook keeping one line fewer than it is asked to. */
  @Actor("logbook")
  public static class ShorterLogbook extends TestActors.Logbook {
    @Override
    @Action
    public long write(String author, String text, int keep) {
      return super.write(author, text, keep - 1);
    }
  }

  @BeforeAll
  static void start() {
    // Read-only calls through Kafka too, so that the history holds one to replay.
    server = TestStack.start(List.of(TestActors.Tally.class, TestActors.Greeter.class,
        TestActors.Logbook.class), c -> c.engine(e -> e.snapshotEvery(5)).readsFromStore(false));
    http = new HttpProbe(server.url());
    for (int i = 1; i <= 12; i++) http.action("tally", "story", "add", "[" + i + "]");
    http.action("tally", "story", "total", "[]");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theRecordedHistoryReplaysExactlyThroughTheSameCode() {
    List<JournalRecord> history = HistoryClient.fetch(server.url(), "tally/story");
    assertThat(history).hasSize(13);
    Replayer.Result result = new Replayer(TestActors.ALL).replay(history);
    assertThat(result.divergence()).isNull();
    assertThat(result.replayed()).isEqualTo(13);
    assertThat(result.state().path("total").asLong()).isEqualTo(78);
  }

  @Test
  void aChangedActionIsCaughtAtTheFirstStepItChanges() {
    List<JournalRecord> history = HistoryClient.fetch(server.url(), "tally/story");
    Replayer.Result result = new Replayer(List.of(ChangedTally.class)).replay(history);
    Replayer.Divergence d = result.divergence();
    assertThat(d).isNotNull();
    assertThat(d.seq()).isEqualTo(4);
    assertThat(d.field()).isEqualTo("output");
    assertThat(d.recorded().asLong()).isEqualTo(10);
    assertThat(d.replayed().asLong()).isEqualTo(14);
    assertThat(d.describe())
        .contains("step 4 (action add [4]) diverges in output")
        .contains("recorded: 10").contains("replayed: 14")
        .contains("state recorded: {\"total\":10}").contains("state replayed: {\"total\":14}");
  }

  @Test
  void theCliReplaysVerifiesReportsProgressAndForks() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ReplayCommand cli = new ReplayCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String tally = TestActors.Tally.class.getName();
    assertThat(cli.run(new String[] {"tally/story", "--url", server.url(), "--actors", tally,
        "--verify", "--to", "6"})).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("replayed 6 steps of tally/story")
        .contains("every step came out as recorded").contains("{\"total\":21}");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("replaying [").contains("100% 6/6");

    out.reset();
    assertThat(cli.run(new String[] {"tally/story", "--url", server.url(), "--actors",
        ChangedTally.class.getName(), "--verify"})).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("step 4 (action add [4]) diverges");

    out.reset();
    assertThat(cli.run(new String[] {"tally/story", "--url", server.url(), "--fork", "story-at-5",
        "--at", "5"})).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("forked tally/story at step 5 into tally/story-at-5");
    assertThat(http.action("tally", "story-at-5", "total", "[]").text()).isEqualTo("{\"output\":15}");

    assertThat(cli.run(new String[] {"nokey"})).isEqualTo(2);
  }

  @Test
  void storedCollectionsReplayExactlyAndAChangedRetentionIsCaughtInThem() {
    for (int i = 1; i <= 30; i++) {
      assertThat(http.action("logbook", "replayed", "write", "[\"a" + i % 2 + "\", \"line " + i
          + "\", 10]").status()).isEqualTo(200);
    }
    List<JournalRecord> history = HistoryClient.fetch(server.url(), "logbook/replayed");
    assertThat(history).hasSize(30);
    assertThat(history.get(0).collectionsSnapshot()).isNotNull(); // the first collection
    assertThat(history.get(29).collections()).isNotNull();
    Replayer.Result result = new Replayer(List.of(TestActors.Logbook.class), 5).replay(history);
    assertThat(result.divergence()).isNull();
    assertThat(result.replayed()).isEqualTo(30);
    assertThat(result.state().path("written").asLong()).isEqualTo(30);

    // Keeping 9 instead of 10 first shows at step 10, as a trim the record does not have.
    Replayer.Divergence d = new Replayer(List.of(ShorterLogbook.class), 5).replay(history)
        .divergence();
    assertThat(d).isNotNull();
    assertThat(d.seq()).isEqualTo(10);
    assertThat(d.field()).isEqualTo("collections");
    assertThat(d.replayed().toString()).contains("\"op\":\"trim\"").contains("\"before\":2");
    assertThat(d.recorded().toString()).doesNotContain("trim");
  }
}
