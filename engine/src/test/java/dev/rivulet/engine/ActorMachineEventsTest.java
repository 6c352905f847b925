package dev.rivulet.engine;

import static dev.rivulet.engine.MachineHarness.action;
import static dev.rivulet.engine.MachineHarness.connect;
import static dev.rivulet.engine.MachineHarness.disconnect;
import static dev.rivulet.engine.MachineHarness.journal;
import static dev.rivulet.engine.MachineHarness.outbox;
import static dev.rivulet.engine.MachineHarness.q;
import static dev.rivulet.engine.MachineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.InboxRecord.Mode;
import dev.rivulet.records.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Connections and the events sent to them; the deterministic clock and random source. */
class ActorMachineEventsTest {
  private final MachineHarness h = new MachineHarness();

  @Test
  void eventsWithoutConnectionsAreJournaledButNotSent() {
    Step step = h.apply(action("counter/a", "r1", "burst", "[2]"));
    assertThat(outbox(step)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r1','actor':'counter/a','output':null}"));
    assertThat(step.journal().broadcasts()).hasToString(
        "[Broadcast[eventSeq=1, name=tick, args=[1,\"t1\"], connIds=null], "
            + "Broadcast[eventSeq=2, name=tick, args=[2,\"t2\"], connIds=null]]");
    assertThat(h.stored("counter/a").eventSeq()).isEqualTo(2);
  }

  @Test
  void connectRegistersTheConnectionAndRepliesWithItsId() {
    Step step = h.apply(connect("counter/a", "gw-2", "c1"), 4_000);
    assertThat(outbox(step)).containsExactly(q("gw-2 {'kind':'reply','requestId':'req-c1',"
        + "'actor':'counter/a','output':{'actorId':'counter/a','connectionId':'c1','seq':0,"
        + "'eventSeq':0,'generation':1}}"));
    assertThat(journal(step)).isEqualTo(q("{'actor':'counter/a','seq':1,'generation':1,"
        + "'kind':'connect','at':4000,'source':{'partition':0,'offset':0},'created':true,"
        + "'output':{'actorId':'counter/a','connectionId':'c1','seq':0,'eventSeq':0,"
        + "'generation':1},"
        + "'patch':[{'op':'replace','path':'','value':{'count':0}}],'snapshot':{'count':0},"
        + "'connections':[{'op':'open','connId':'c1','gateway':'gw-2','transport':'websocket',"
        + "'params':{'room':'lobby'}}],'meta':{'eventSeq':0,'connections':{'c1':{'gateway':'gw-2',"
        + "'transport':'websocket','params':{'room':'lobby'}}}}}"));
    assertThat(text(h.stored("counter/a"))).isEqualTo(q("{'actor':'counter/a','generation':1,"
        + "'seq':1,'eventSeq':0,'lastAt':4000,'destroyed':false,'state':{'count':0},"
        + "'connections':{'c1':{'gateway':'gw-2','transport':'websocket',"
        + "'params':{'room':'lobby'}}},'createdAt':4000}"));

    Step get = h.apply(new InboxRecord.Connect(ActorId.of("counter", "b"),
        new InboxRecord.ReplyTo("gw-2", "req"), Mode.GET, null, "c2", null, "sse"));
    assertThat(get.journal()).isNull();
    assertThat(get.outbox()).hasSize(1);
    assertThat(h.stored("counter/b")).isNull();
  }

  @Test
  void eachEventGoesOnceToEveryGatewayHoldingConnections() {
    h.apply(connect("counter/a", "gw-2", "c1"));
    h.apply(connect("counter/a", "gw-2", "c2"));
    h.apply(connect("counter/a", "gw-3", "c3"));

    Step step = h.apply(action("counter/a", "r1", "burst", "[2]"));
    String event =
        "{'kind':'event','actor':'counter/a','eventSeq':%d,'name':'tick','args':[%d,'t%d']}";
    assertThat(outbox(step)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r1','actor':'counter/a','output':null}"),
        q("gw-2 " + String.format(event, 1, 1, 1)),
        q("gw-3 " + String.format(event, 1, 1, 1)),
        q("gw-2 " + String.format(event, 2, 2, 2)),
        q("gw-3 " + String.format(event, 2, 2, 2)));

    assertThat(outbox(h.apply(action("counter/a", "r2", "increment", "[7]")))).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r2','actor':'counter/a','output':7}"),
        q("gw-2 {'kind':'event','actor':'counter/a','eventSeq':3,'name':'newCount','args':[7]}"),
        q("gw-3 {'kind':'event','actor':'counter/a','eventSeq':3,'name':'newCount','args':[7]}"));
  }

  @Test
  void disconnectRemovesOnlyAKnownConnectionOfTheGatewayThatHoldsIt() {
    h.apply(connect("counter/a", "gw-2", "c1"));
    h.apply(connect("counter/a", "gw-3", "c2"));
    String before = text(h.stored("counter/a"));

    assertThat(h.apply(disconnect("counter/a", "gw-3", "c1"))).isEqualTo(Step.none());
    assertThat(h.apply(disconnect("counter/a", "gw-2", "c9"))).isEqualTo(Step.none());
    assertThat(h.apply(disconnect("counter/b", "gw-2", "c1"))).isEqualTo(Step.none());
    assertThat(text(h.stored("counter/a"))).isEqualTo(before);

    Step step = h.apply(disconnect("counter/a", "gw-2", "c1"), 6_000);
    assertThat(step.outbox()).isEmpty();
    assertThat(journal(step)).isEqualTo(q("{'actor':'counter/a','seq':3,'generation':1,"
        + "'kind':'disconnect','at':6000,'source':{'partition':0,'offset':5},'output':null,"
        + "'patch':[],"
        + "'connections':[{'op':'close','connId':'c1','reason':'closed'}]}"));
    assertThat(h.stored("counter/a").connections()).containsOnlyKeys("c2");

    assertThat(outbox(h.apply(action("counter/a", "r1", "increment", "[1]")))).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r1','actor':'counter/a','output':1}"),
        q("gw-3 {'kind':'event','actor':'counter/a','eventSeq':1,'name':'newCount','args':[1]}"));

    assertThat(h.apply(disconnect("counter/a", "gw-3", "c2")).journal().seq()).isEqualTo(5);
    assertThat(outbox(h.apply(action("counter/a", "r2", "increment", "[1]")))).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r2','actor':'counter/a','output':2}"));
    assertThat(h.stored("counter/a").eventSeq()).isEqualTo(2);
  }

  @Test
  void nowIsTheRecordTimeAndNeverGoesBackwards() {
    assertThat(clock(5_000).get("now").asLong()).isEqualTo(5_000);
    assertThat(clock(3_000).get("now").asLong()).isEqualTo(5_000);
    assertThat(h.stored("counter/a").lastAt()).isEqualTo(5_000);
    assertThat(clock(7_000).get("now").asLong()).isEqualTo(7_000);

    h.apply(action("counter/a", "bad", "clock", "[1]"), 9_000); // rejected: the clock stays
    assertThat(h.stored("counter/a").lastAt()).isEqualTo(7_000);
    Step step = h.apply(action("counter/a", "r", "clock", "[]"), 8_000);
    assertThat(step.journal().at()).isEqualTo(8_000);
    assertThat(step.journal().output().get("now").asLong()).isEqualTo(8_000);
  }

  @Test
  void theContextNamesTheActorAndSeedsItsRandomSourceFromTheActorAndTheSequence() {
    ActorId a = ActorId.of("counter", "a");
    Step step = h.apply(action("counter/a", "r1", "clock", "[]"), 5_000);
    SplittableRandom expected = new SplittableRandom(Turn.seedOf(a, 1));
    assertThat(step.journal().seed()).isEqualTo(Turn.seedOf(a, 1));
    assertThat(step.journal().output()).hasToString(q("{'now':5000,'random1':" + expected.nextLong()
        + ",'random2':" + expected.nextLong() + ",'sequence':1,'generation':1,"
        + "'actorId':'counter/a','name':'counter','key':['a']}"));

    long second = h.apply(action("counter/a", "r2", "clock", "[]")).journal().seed();
    long other = h.apply(action("counter/b", "r3", "clock", "[]")).journal().seed();
    assertThat(second).isEqualTo(Turn.seedOf(a, 2));
    assertThat(List.of(second, other)).doesNotContain(Turn.seedOf(a, 1));
    assertThat(other).isNotEqualTo(second)
        .isEqualTo(Turn.seedOf(ActorId.of("counter", "b"), 1));
  }

  @Test
  void theSameInputsGiveByteForByteTheSameSteps() {
    List<InboxRecord> script = List.of(
        connect("counter/a", "gw-2", "c1"),
        action("counter/a", "r1", "clock", "[]"),
        action("counter/a", "r2", "increment", "[3]"),
        action("counter/a", "r3", "burst", "[2]"),
        action("counter/a", "r4", "fail", "[]"),
        action("counter/a", "r5", "reject", "['no']"),
        action("counter/a", "r6", "sneakySet", "[]"),
        action("counter/a", "r7", "increment", "['x']"),
        action("counter/a", "r8", "clock", "[]"),
        disconnect("counter/a", "gw-2", "c1"),
        action("room/r", "r9", "join", "['ann']"));
    List<String> first = run(new MachineHarness(2, 1 << 20, 1 << 20), script);
    List<String> second = run(new MachineHarness(2, 1 << 20, 1 << 20), script);
    assertThat(second).isEqualTo(first);
    assertThat(first).hasSize(script.size()).doesNotHaveDuplicates();
  }

  private List<String> run(MachineHarness harness, List<InboxRecord> script) {
    long[] time = {10_000};
    return script.stream()
        .map(r -> harness.apply(r, time[0] += 7))
        .map(step -> new String(RecordCodec.encode(step), StandardCharsets.UTF_8))
        .toList();
  }

  private JsonNode clock(long timestamp) {
    Step step = h.apply(action("counter/a", "r", "clock", "[]"), timestamp);
    assertThat(step.journal().at()).isEqualTo(step.journal().output().get("now").asLong());
    return step.journal().output();
  }
}
