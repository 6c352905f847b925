package dev.rivulet.engine;

import static dev.rivulet.engine.MachineHarness.GATEWAY;
import static dev.rivulet.engine.MachineHarness.action;
import static dev.rivulet.engine.MachineHarness.create;
import static dev.rivulet.engine.MachineHarness.ofGeneration;
import static dev.rivulet.engine.MachineHarness.outbox;
import static dev.rivulet.engine.MachineHarness.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.InboxRecord.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests for one generation of an actor (RivetKit's actor ids name one): they apply to that
 * generation while it lives, and are {@code actor.not_found} otherwise, whatever their mode.
 */
class ActorMachineGenerationTest {
  private static final ActorId A = ActorId.of("counter", "a");

  private final MachineHarness h = new MachineHarness();

  @Test
  void aRequestForTheLiveGenerationApplies() {
    h.apply(create(Mode.CREATE, "counter/a", "r1", null));
    Step step = h.apply(ofGeneration(1, Mode.GET, "counter/a", "r2", "increment", "[4]"));
    assertThat(outbox(step)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r2','actor':'counter/a','output':4}"));
    assertThat(step.journal().request()).isEqualTo(
        ofGeneration(1, Mode.GET, "counter/a", "r2", "increment", "[4]"));
    assertThat(h.stored("counter/a").state()).hasToString(q("{'count':4}"));
  }

  @Test
  void aRequestForAnotherGenerationIsNotFoundWhateverItsModeAndChangesNothing() {
    h.apply(create(Mode.CREATE, "counter/a", "r1", null));
    String before = MachineHarness.text(h.stored("counter/a"));
    for (Mode mode : Mode.values()) {
      Step step = h.apply(ofGeneration(2, mode, "counter/a", "r-" + mode, "increment", "[1]"));
      assertThat(outbox(step)).as(mode.toString()).containsExactly(q("gw-1 {'kind':'reply',"
          + "'requestId':'r-" + mode + "','actor':'counter/a','error':{'group':'actor',"
          + "'code':'not_found','message':'Actor counter/a, generation 2, does not exist'}}"));
      assertThat(step.journal()).isNull();
      assertThat(step.next()).isNull();
    }
    assertThat(MachineHarness.text(h.stored("counter/a"))).isEqualTo(before);
  }

  @Test
  void aRequestForAGenerationOfAnActorNeverCreatedCreatesNothing() {
    Step step = h.apply(ofGeneration(1, Mode.GET_OR_CREATE, "counter/a", "r1", "increment",
        "[1]"));
    assertThat(step.error().qualifiedCode()).isEqualTo("actor.not_found");
    assertThat(step.error().message()).isEqualTo("Actor counter/a, generation 1, does not exist");
    assertThat(step.journal()).isNull();
    assertThat(h.stored("counter/a")).isNull();
  }

  @Test
  void aDestroyedGenerationStaysGoneWhenItsKeyIsCreatedAgain() {
    h.apply(action("counter/a", "r1", "increment", "[1]"));
    h.apply(new InboxRecord.Destroy(A, new InboxRecord.ReplyTo(GATEWAY, "r2"), 1L));

    Step afterDestroy = h.apply(ofGeneration(1, Mode.GET_OR_CREATE, "counter/a", "r3",
        "increment", "[1]"));
    assertThat(afterDestroy.error().message())
        .isEqualTo("Actor counter/a, generation 1, does not exist");
    assertThat(h.stored("counter/a").destroyed()).isTrue(); // not created again by it

    h.apply(action("counter/a", "r4", "increment", "[10]")); // generation 2
    assertThat(h.stored("counter/a").generation()).isEqualTo(2);
    assertThat(h.apply(ofGeneration(1, Mode.GET, "counter/a", "r5", "getCount", "[]")).error()
        .qualifiedCode()).isEqualTo("actor.not_found");
    assertThat(h.apply(ofGeneration(2, Mode.GET, "counter/a", "r6", "getCount", "[]")).journal()
        .output().asLong()).isEqualTo(10);

    Step staleDestroy = h.apply(
        new InboxRecord.Destroy(A, new InboxRecord.ReplyTo(GATEWAY, "r7"), 1L));
    assertThat(outbox(staleDestroy)).containsExactly(q("gw-1 {'kind':'reply','requestId':'r7',"
        + "'actor':'counter/a','error':{'group':'actor','code':'not_found',"
        + "'message':'Actor counter/a, generation 1, does not exist'}}"));
    assertThat(h.stored("counter/a").live()).isTrue();
    Step destroy = h.apply(
        new InboxRecord.Destroy(A, new InboxRecord.ReplyTo(GATEWAY, "r8"), 2L));
    assertThat(outbox(destroy)).containsExactly(q("gw-1 {'kind':'reply','requestId':'r8',"
        + "'actor':'counter/a','output':{'destroyed':true,'generation':2}}"));
  }

  @Test
  void connectionsAndRawHttpRequestsMayNameAGenerationAndConnectRepliesCarryIt() {
    h.apply(create(Mode.CREATE, "counter/a", "r1", null));
    InboxRecord.Connect stale = new InboxRecord.Connect(A, new InboxRecord.ReplyTo("gw-2", "r2"),
        Mode.GET, null, "c1", null, "websocket", 3L, null);
    assertThat(h.apply(stale).error().message())
        .isEqualTo("Actor counter/a, generation 3, does not exist");
    assertThat(h.stored("counter/a").connections()).isEmpty();

    InboxRecord.Connect live = new InboxRecord.Connect(A, new InboxRecord.ReplyTo("gw-2", "r3"),
        Mode.GET, null, "c2", null, "websocket", 1L, null);
    assertThat(outbox(h.apply(live))).containsExactly(q("gw-2 {'kind':'reply','requestId':'r3',"
        + "'actor':'counter/a','output':{'actorId':'counter/a','connectionId':'c2','seq':1,"
        + "'eventSeq':0,'generation':1}}"));

    InboxRecord.RawHttp request = new InboxRecord.RawHttp(A,
        new InboxRecord.ReplyTo(GATEWAY, "r4"), Mode.GET_OR_CREATE, null, "GET", "/", Map.of(),
        Map.of(), null, 2L, null);
    assertThat(h.apply(request).error().qualifiedCode()).isEqualTo("actor.not_found");
  }
}
