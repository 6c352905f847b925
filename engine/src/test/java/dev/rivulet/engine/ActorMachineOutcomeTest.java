package dev.rivulet.engine;

import static dev.rivulet.engine.MachineHarness.action;
import static dev.rivulet.engine.MachineHarness.connect;
import static dev.rivulet.engine.MachineHarness.create;
import static dev.rivulet.engine.MachineHarness.journal;
import static dev.rivulet.engine.MachineHarness.outbox;
import static dev.rivulet.engine.MachineHarness.q;
import static dev.rivulet.engine.MachineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord.Mode;
import dev.rivulet.records.RecordCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an applied action ends: result, internal error, user error, read-only violation, limits. */
class ActorMachineOutcomeTest {
  private static final String INTERNAL =
      "{'group':'core','code':'internal_error','message':'An internal error occurred'}";

  private final MachineHarness h = new MachineHarness();

  @Test
  void aThrowingActionRepliesAMaskedInternalErrorAndJournalsTheDetail() {
    h.apply(action("counter/a", "r1", "increment", "[2]"));

    Step step = h.apply(action("counter/a", "r2", "fail", "[]"), 2_000);
    assertThat(outbox(step)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r2','actor':'counter/a','error':" + INTERNAL + "}"));
    assertThat(journal(step)).isEqualTo(q("{'actor':'counter/a','seq':2,'generation':1,"
        + "'kind':'action','at':2000,'source':{'partition':0,'offset':1},"
        + "'error':{'group':'core','code':'internal_error',"
        + "'message':'counter.fail threw java.lang.IllegalStateException: boom: secret detail'},"
        + "'patch':[]}"));
    assertThat(text(h.stored("counter/a"))).isEqualTo(q("{'actor':'counter/a','generation':1,"
        + "'seq':2,'eventSeq':1,'lastAt':2000,'destroyed':false,'state':{'count':2},"
        + "'createdAt':1000}"));
  }

  @Test
  void aFailedActionLeavesNeitherItsStateChangeNorItsEvents() {
    h.apply(connect("counter/a", "gw-2", "c1"));

    Step step = h.apply(action("counter/a", "r2", "incrementThenFail", "[5]"));
    assertThat(outbox(step)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r2','actor':'counter/a','error':" + INTERNAL + "}"));
    assertThat(step.journal().broadcasts()).isNull();
    assertThat(step.journal().error().message()).isEqualTo(
        "counter.incrementThenFail threw java.lang.IllegalStateException: failed after setState");
    assertThat(step.journal().patch()).hasToString("[]");
    assertThat(h.stored("counter/a").state()).hasToString(q("{'count':0}"));
    assertThat(h.stored("counter/a").eventSeq()).isZero();
    assertThat(h.stored("counter/a").seq()).isEqualTo(2);

    Step next = h.apply(action("counter/a", "r3", "increment", "[1]"));
    assertThat(outbox(next)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r3','actor':'counter/a','output':1}"),
        q("gw-2 {'kind':'event','actor':'counter/a','eventSeq':1,'name':'newCount','args':[1]}"));
  }

  @Test
  void aStoredStateThatNoLongerFitsTheStateTypeIsAnInternalErrorThatChangesNothing() {
    h.store(new ActorRecord(ActorId.of("counter", "a"), 1, 3, 0, 1_000, false,
        MachineHarness.json("{'count':'many'}"), Map.of(), Map.of(), Map.of()));

    Step step = h.apply(action("counter/a", "r1", "increment", "[1]"));
    assertThat(outbox(step)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r1','actor':'counter/a','error':" + INTERNAL + "}"));
    assertThat(step.journal().seq()).isEqualTo(4);
    assertThat(step.journal().error().message()).startsWith(
        "the stored state does not fit dev.rivulet.engine.TestCounter$State: ");
    assertThat(step.journal().patch()).hasToString("[]");
    assertThat(h.stored("counter/a").state()).hasToString(q("{'count':'many'}"));
  }

  @Test
  void aUserErrorReachesTheClientWithItsCodeMessageAndMetadata() {
    h.apply(action("counter/a", "r1", "increment", "[3]"));

    Step step = h.apply(action("counter/a", "r2", "reject", "['not today']"));
    String error =
        "{'group':'user','code':'limit_reached','message':'not today','metadata':{'limit':10}}";
    assertThat(outbox(step)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r2','actor':'counter/a','error':" + error + "}"));
    assertThat(journal(step)).isEqualTo(q("{'actor':'counter/a','seq':2,'generation':1,"
        + "'kind':'action','at':1000,'source':{'partition':0,'offset':1},'error':" + error
        + ",'patch':[]}"));
    assertThat(h.stored("counter/a").state()).hasToString(q("{'count':3}"));
  }

  @Test
  void aReadOnlyActionThatCallsSetStateIsAViolationAndChangesNothing() {
    h.apply(action("counter/a", "r1", "increment", "[3]"));
    assertReadOnlyViolation("counter/a", "sneakySet",
        "counter.sneakySet is read-only (@Action(readOnly = true)) but called setState");
    assertThat(h.stored("counter/a").state()).hasToString(q("{'count':3}"));
  }

  @Test
  void aReadOnlyActionThatSwallowsTheViolationStillFails() {
    h.apply(action("counter/a", "r1", "increment", "[3]"));
    assertReadOnlyViolation("counter/a", "swallowViolation",
        "counter.swallowViolation is read-only (@Action(readOnly = true)) but called setState");
  }

  @Test
  void aReadOnlyActionThatBroadcastsIsAViolationAndSendsNothing() {
    h.apply(connect("counter/a", "gw-2", "c1"));
    Step step = assertReadOnlyViolation("counter/a", "sneakyBroadcast",
        "counter.sneakyBroadcast is read-only (@Action(readOnly = true)) but broadcast sneaky");
    assertThat(step.journal().broadcasts()).isNull();
    assertThat(h.stored("counter/a").eventSeq()).isZero();
  }

  @Test
  void aReadOnlyActionThatChangesAMutableStateInPlaceIsAViolation() {
    h.apply(action("room/r", "r1", "join", "['ann']"));
    assertReadOnlyViolation("room/r", "peek",
        "room.peek is read-only (@Action(readOnly = true)) but changed the state in place");
    assertThat(h.stored("room/r").state())
        .hasToString(q("{'topic':'','members':['ann'],'scores':{'ann':0}}"));
  }

  @Test
  void aReadOnlyActionThatOnlyReadsSucceedsAndIsJournaled() {
    h.apply(action("room/r", "r1", "join", "['ann']"));
    Step step = h.apply(action("room/r", "r2", "members", "[]"));
    assertThat(outbox(step)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r2','actor':'room/r','output':['ann']}"));
    assertThat(journal(step)).isEqualTo(q("{'actor':'room/r','seq':2,'generation':1,"
        + "'kind':'action','at':1000,'source':{'partition':0,'offset':1},'output':['ann'],"
        + "'patch':[]}"));
  }

  @Test
  void aWriteActionThatChangesAMutableStateInPlaceIsStoredAsAPatch() {
    h.apply(action("room/r", "r1", "join", "['ann']"));
    h.apply(action("room/r", "r2", "join", "['bob']"));
    assertThat(h.apply(action("room/r", "r3", "join", "['cy']")).journal().patch()).hasToString(
        q("[{'op':'add','path':'/members/2','value':'cy'},"
            + "{'op':'add','path':'/scores/cy','value':0}]"));
    assertThat(h.apply(action("room/r", "r4", "leave", "['ann']")).journal().patch()).hasToString(
        q("[{'op':'replace','path':'/members/0','value':'bob'},"
            + "{'op':'replace','path':'/members/1','value':'cy'},"
            + "{'op':'remove','path':'/members/2'},{'op':'remove','path':'/scores/ann'}]"));
    assertThat(h.apply(action("room/r", "r5", "topic", "['a/b~c']")).journal().patch())
        .hasToString(q("[{'op':'replace','path':'/topic','value':'a/b~c'}]"));
    assertThat(h.stored("room/r").state())
        .hasToString(q("{'topic':'a/b~c','members':['bob','cy'],'scores':{'bob':0,'cy':0}}"));
  }

  @Test
  void aSnapshotIsJournaledOnCreationAndEverySnapshotEveryRecords() {
    MachineHarness every3 = new MachineHarness(3, 1 << 20, 1 << 20);
    List<Long> snapshotSeqs = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      Step step = every3.apply(action("counter/a", "r" + i, "increment", "[1]"));
      if (step.journal().snapshot() != null) {
        snapshotSeqs.add(step.journal().seq());
        assertThat(step.journal().snapshot()).hasToString(q("{'count':" + i + "}"));
      }
      every3.apply(action("counter/a", "bad" + i, "increment", "['x']")); // rejected: no seq
    }
    every3.apply(create(Mode.GET_OR_CREATE, "counter/a", "r9", null)); // seq 9
    assertThat(snapshotSeqs).containsExactly(1L, 3L, 6L);
    assertThat(every3.stored("counter/a").seq()).isEqualTo(9);
  }

  @Test
  void aStateLargerThanTheLimitIsRejectedAndTheStateStays() {
    // {"topic":"…","members":[],"scores":{}} is 37 bytes plus the topic.
    MachineHarness small = new MachineHarness(100, 200, 1 << 20);
    assertThat(small.apply(action("room/r", "r1", "topic", "['" + "x".repeat(163) + "']"))
        .journal().error()).isNull();
    Step tooLarge =
        small.apply(action("room/r", "r2", "topic", "['" + "y".repeat(164) + "']"));
    String error = "{'group':'actor','code':'state_too_large',"
        + "'message':'the state of room/r after room.topic is larger than 200 bytes'}";
    assertThat(outbox(tooLarge)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r2','actor':'room/r','error':" + error + "}"));
    assertThat(journal(tooLarge)).isEqualTo(q("{'actor':'room/r','seq':2,'generation':1,"
        + "'kind':'action','at':1000,'source':{'partition':0,'offset':1},'error':" + error
        + ",'patch':[]}"));
    assertThat(small.stored("room/r").state().get("topic").asText()).isEqualTo("x".repeat(163));
  }

  @Test
  void anInitialStateLargerThanTheLimitIsRejectedAndCreatesNothing() {
    MachineHarness small = new MachineHarness(100, 100, 1 << 20);
    Step step = small.apply(
        create(Mode.CREATE, "profile/p", "r1", "{'name':'" + "n".repeat(100) + "','age':1}"));
    assertThat(outbox(step)).containsExactly(q("gw-1 {'kind':'reply','requestId':'r1',"
        + "'actor':'profile/p','error':{'group':'actor','code':'state_too_large',"
        + "'message':'the initial state of profile/p is larger than 100 bytes'}}"));
    assertThat(step.journal()).isNull();
    assertThat(small.stored("profile/p")).isNull();
  }

  @Test
  void aResultLargerThanTheMessageLimitIsOutgoingTooLong() {
    MachineHarness small = new MachineHarness(100, 1 << 20, 1_000);
    assertThat(small.apply(action("counter/a", "r1", "huge", "[998]")).journal().output().asText())
        .hasSize(998); // "…" is 1000 bytes
    Step step = small.apply(action("counter/a", "r2", "huge", "[999]"));
    String error = "{'group':'message','code':'outgoing_too_long',"
        + "'message':'the result of counter.huge is larger than 1000 bytes'}";
    assertThat(outbox(step)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r2','actor':'counter/a','error':" + error + "}"));
    assertThat(journal(step)).isEqualTo(q("{'actor':'counter/a','seq':2,'generation':1,"
        + "'kind':'action','at':1000,'source':{'partition':0,'offset':1},'error':" + error
        + ",'patch':[]}"));
  }

  @Test
  void anEventLargerThanTheMessageLimitIsOutgoingTooLongAndNothingIsSent() {
    MachineHarness small = new MachineHarness(100, 1 << 20, 1_000);
    small.apply(connect("counter/a", "gw-2", "c1"));
    assertThat(small.apply(action("counter/a", "r1", "shout", "[1, 996]")).outbox()).hasSize(2);

    Step step = small.apply(action("counter/a", "r2", "shout", "[1, 997]"));
    assertThat(outbox(step)).containsExactly(q("gw-1 {'kind':'reply','requestId':'r2',"
        + "'actor':'counter/a','error':{'group':'message','code':'outgoing_too_long',"
        + "'message':'event big of counter.shout is larger than 1000 bytes'}}"));
    assertThat(step.journal().broadcasts()).isNull();
    assertThat(small.stored("counter/a").eventSeq()).isEqualTo(1);
  }

  @Test
  void anActionWhoseEventIsTooLargeKeepsNoneOfItsOtherChanges() {
    MachineHarness small = new MachineHarness(100, 1 << 20, 1_000);
    small.apply(action("counter/a", "r1", "increment", "[2]"));

    Step step = small.apply(action("counter/a", "r2", "incrementAndShout", "[5, 997]"));
    assertThat(step.journal().error().code()).isEqualTo("outgoing_too_long");
    assertThat(step.journal().patch()).isEmpty();
    assertThat(step.journal().schedules()).isNull();
    assertThat(step.indexes()).isEmpty();
    assertThat(small.stored("counter/a").state().path("count").asLong()).isEqualTo(2);
    assertThat(small.stored("counter/a").schedules()).isEmpty();
  }

  @Test
  void eventsAddingUpToMoreThanFourTimesTheMessageLimitAreOutgoingTooLong() {
    MachineHarness small = new MachineHarness(100, 1 << 20, 1_000);
    // each ["x…"] of 900 characters is 904 bytes; the null result counts 4
    assertThat(small.apply(action("counter/a", "r1", "shout", "[4, 900]")).journal().broadcasts())
        .hasSize(4);
    Step step = small.apply(action("counter/a", "r2", "shout", "[5, 900]"));
    assertThat(step.journal().error()).hasToString(
        "ErrorInfo[group=message, code=outgoing_too_long, message=counter.shout emitted more "
            + "than 4000 bytes of result and events, metadata=null]");
    assertThat(step.journal().broadcasts()).isNull();
    assertThat(small.stored("counter/a").eventSeq()).isEqualTo(4);
  }

  @Test
  void aJournalRecordFitsTheJournalTopicWhenEveryLimitIsRespected() {
    Step fill = h.apply(action("queue/q", "r1", "fill", "[450000]"));
    assertThat(fill.journal().error()).isNull(); // the state is under 1 MiB
    assertThat(RecordCodec.encode(fill.journal()).length)
        .isLessThanOrEqualTo(TopicSetup.JOURNAL_MAX_BYTES);

    Step pop = h.apply(action("queue/q", "r2", "pop", "[]"));
    assertThat(pop.journal().error()).isNull();
    assertThat(RecordCodec.encode(pop.journal()).length)
        .isLessThanOrEqualTo(TopicSetup.JOURNAL_MAX_BYTES);
  }

  private Step assertReadOnlyViolation(String actor, String action, String message) {
    long seq = h.stored(actor).seq();
    Step step = h.apply(action(actor, "ro", action, "[]"));
    String error = "{'group':'actor','code':'read_only_violation','message':'" + message + "'}";
    assertThat(outbox(step)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'ro','actor':'" + actor + "','error':" + error + "}"));
    assertThat(step.journal().error()).hasToString(
        "ErrorInfo[group=actor, code=read_only_violation, message=" + message + ", metadata=null]");
    assertThat(step.journal().patch()).hasToString("[]");
    assertThat(h.stored(actor).seq()).isEqualTo(seq + 1);
    return step;
  }
}
