package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.UserError;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Read-only actions answered from the engine's state store, without a trip through Kafka: same
 * answers and errors as through the inbox, nothing journaled, every applied write visible; and
 * the calls that must keep the inbox's semantics still take it.
 */
class StoreReadsIT {
  @Actor("shelf")
  public static class Shelf extends ActorBase<Shelf.State> {
    public record State(List<String> items) {}

    @Override
    protected State initialState() {
      return new State(List.of());
    }

    @Action
    public int put(String item) {
      List<String> items = new ArrayList<>(state().items());
      items.add(item);
      setState(new State(items));
      return items.size();
    }

    @Action(readOnly = true)
    public int count() {
      return state().items().size();
    }

    @Action(readOnly = true)
    public String peek(int index) {
      if (index >= state().items().size()) throw new UserError("out_of_range", "no item " + index);
      return state().items().get(index);
    }

    @Action(readOnly = true)
    public int sneaky() {
      setState(new State(List.of()));
      return 0;
    }
  }

  /** Keeps a var: its read-only action must see the live instance, so it goes through Kafka. */
  @Actor("memo")
  public static class Memo extends ActorBase<Memo.State> {
    public record State(int writes) {}

    private int touched; // a var

    @Override
    protected State initialState() {
      return new State(0);
    }

    @Action
    public int touch() {
      touched++;
      setState(new State(state().writes() + 1));
      return touched;
    }

    @Action(readOnly = true)
    public int touched() {
      return touched;
    }
  }

  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    server = TestStack.start(List.of(Shelf.class, Memo.class));
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void readsSeeEveryAppliedWriteAndAreNotJournaled() {
    for (int i = 1; i <= 100; i++) {
      assertThat(http.action("shelf", "s1", "put", "[\"item" + i + "\"]").text())
          .isEqualTo("{\"output\":" + i + "}");
      assertThat(http.action("shelf", "s1", "count", "[]").text()).isEqualTo("{\"output\":" + i + "}");
    }
    assertThat(http.action("shelf", "s1", "peek", "[41]").text()).isEqualTo("{\"output\":\"item42\"}");
    http.action("shelf", "s1", "put", "[\"last\"]");
    List<String> actions = journaledActions("shelf/s1", "put", 101);
    assertThat(actions).hasSize(101).containsOnly("put");
  }

  @Test
  void errorsAreTheInboxOnes() {
    http.action("shelf", "s2", "put", "[\"a\"]");
    HttpProbe.Response outOfRange = http.action("shelf", "s2", "peek", "[3]");
    assertThat(outOfRange.status()).isEqualTo(400);
    assertThat(outOfRange.errorCode()).isEqualTo("user.out_of_range");
    assertThat(outOfRange.json().path("message").asText()).isEqualTo("no item 3");

    HttpProbe.Response sneaky = http.action("shelf", "s2", "sneaky", "[]");
    assertThat(sneaky.status()).isEqualTo(500);
    assertThat(sneaky.errorCode()).isEqualTo("actor.read_only_violation");
    assertThat(http.action("shelf", "s2", "count", "[]").text()).isEqualTo("{\"output\":1}");

    HttpProbe.Response badArgs = http.action("shelf", "s2", "peek", "[\"x\"]");
    assertThat(badArgs.status()).isEqualTo(400);
    assertThat(badArgs.errorCode()).isEqualTo("actor.invalid_arguments");
  }

  @Test
  void aReadOfAnActorThatDoesNotExistYetCreatesItThroughTheInbox() {
    assertThat(http.action("shelf", "fresh", "count", "[]").text()).isEqualTo("{\"output\":0}");
    assertThat(journaledActions("shelf/fresh", "count", 1)).containsExactly("count");
    HttpProbe.Response missing = http.post("/api/actors/shelf/never/actions/count?mode=get", "[]");
    assertThat(missing.errorCode()).isEqualTo("actor.not_found");
  }

  @Test
  void anActorWithVarsIsReadThroughTheInbox() {
    http.action("memo", "m1", "touch", "[]");
    assertThat(http.action("memo", "m1", "touched", "[]").text()).isEqualTo("{\"output\":1}");
    assertThat(journaledActions("memo/m1", "touched", 1)).containsExactly("touch", "touched");
  }

  @Test
  void anIdempotencyKeyTakesTheInbox() {
    http.action("shelf", "s3", "put", "[\"a\"]");
    HttpProbe.Response keyed = http.send("POST", "/api/actors/shelf/s3/actions/count", "[]",
        java.util.Map.of("Idempotency-Key", "k-1"));
    assertThat(keyed.text()).isEqualTo("{\"output\":1}");
    assertThat(journaledActions("shelf/s3", "count", 1)).containsExactly("put", "count");
  }

  /** The journaled actions of {@code actor}, once {@code count} records of {@code last} are in. */
  private static List<String> journaledActions(String actor, String last, int count) {
    return TopicReader.readUntil(server.bootstrapServers(), server.engine().topics().journal(),
            Duration.ofSeconds(30),
            rs -> rs.stream().filter(r -> actor.equals(r.key())
                && last.equals(r.value().path("request").path("action").asText())).count() >= count)
        .stream().filter(r -> actor.equals(r.key()))
        .map(r -> r.value().path("request").path("action").asText())
        .filter(a -> !a.isEmpty()).toList();
  }
}
