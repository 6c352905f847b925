package dev.rivulet.engine;

import static dev.rivulet.engine.MachineHarness.GATEWAY;
import static dev.rivulet.engine.MachineHarness.action;
import static dev.rivulet.engine.MachineHarness.connect;
import static dev.rivulet.engine.MachineHarness.journal;
import static dev.rivulet.engine.MachineHarness.outbox;
import static dev.rivulet.engine.MachineHarness.q;
import static dev.rivulet.engine.MachineHarness.stateless;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.InboxRecord.Mode;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stateless calls inside a connection of their own (RivetKit's HTTP actions and raw requests):
 * the connection hooks once each, in order, around the action, all in the call's one step.
 */
class ActorMachineStatelessTest {
  private final MachineHarness h = new MachineHarness();

  @Test
  void theConnectionHooksRunOnceEachInOrderAroundTheActionInOneStep() {
    Step step = h.apply(stateless("gate/g", "r1", "whoAmI", "[]", "s1", "{'user':'ann'}"), 5_000);

    assertThat(outbox(step)).containsExactly(q("gw-1 {'kind':'reply','requestId':'r1',"
        + "'actor':'gate/g','output':{'connId':'s1','transport':'http','params':{'user':'ann'},"
        + "'state':{'user':'ann','number':0},'conns':1,'calls':['onBeforeConnect ann',"
        + "'createConnState','onConnect','whoAmI']}}"));
    assertThat(journal(step)).isEqualTo(q("{'actor':'gate/g','seq':1,'generation':1,"
        + "'kind':'action','at':5000,'source':{'partition':0,'offset':0},'created':true,"
        + "'output':{'connId':'s1','transport':'http','params':{'user':'ann'},"
        + "'state':{'user':'ann','number':0},'conns':1,'calls':['onBeforeConnect ann',"
        + "'createConnState','onConnect','whoAmI']},"
        + "'patch':[{'op':'replace','path':'','value':{'log':['connect ann over http',"
        + "'action ann','disconnect ann']}}],"
        + "'snapshot':{'log':['connect ann over http','action ann','disconnect ann']},"
        + "'connections':[{'op':'open','connId':'s1','gateway':'gw-1','transport':'http',"
        + "'params':{'user':'ann'},'state':{'user':'ann','number':0}},"
        + "{'op':'close','connId':'s1','reason':'stateless call ended'}],"
        + "'meta':{'eventSeq':0}}"));
    // The connection lived for the step only: nothing stored, nothing indexed.
    assertThat(h.stored("gate/g").connections()).isEmpty();
    assertThat(step.indexes()).isEmpty();
    assertThat(h.apply(action("gate/g", "r2", "calls", "[]")).journal().output()).hasToString(
        q("['onBeforeConnect ann','createConnState','onConnect','whoAmI','onDisconnect']"));

    // A second call: its own connection, the hooks once more each.
    Step again = h.apply(stateless("gate/g", "r3", "whoAmI", "[]", "s2", "{'user':'bo'}"));
    assertThat(again.journal().output().path("calls")).hasToString(q("['onBeforeConnect ann',"
        + "'createConnState','onConnect','whoAmI','onDisconnect','onBeforeConnect bo',"
        + "'createConnState','onConnect','whoAmI']"));
    assertThat(h.stored("gate/g").state().path("log")).hasToString(q("['connect ann over http',"
        + "'action ann','disconnect ann','connect bo over http','action bo','disconnect bo']"));
  }

  @Test
  void aRejectedConnectionRefusesTheCallAndCreatesNothing() {
    Step step = h.apply(stateless("gate/g", "r1", "whoAmI", "[]", "s1", "{'user':'mallory'}"));
    assertThat(outbox(step)).containsExactly(q("gw-1 {'kind':'reply','requestId':'r1',"
        + "'actor':'gate/g','error':{'group':'user','code':'forbidden',"
        + "'message':'mallory may not connect'}}"));
    assertThat(step.journal()).isNull();
    assertThat(step.next()).isNull();
    assertThat(h.stored("gate/g")).isNull();

    Step badParams = h.apply(stateless("gate/g", "r2", "whoAmI", "[]", "s2", "['not','params']"));
    assertThat(badParams.error().qualifiedCode()).isEqualTo("actor.invalid_arguments");
    assertThat(badParams.journal()).isNull();
    assertThat(h.stored("gate/g")).isNull();
  }

  @Test
  void aFailedActionStillClosesItsConnectionAndKeepsWhatTheHooksDid() {
    Step step = h.apply(stateless("gate/g", "r1", "fail", "[]", "s1", "{'user':'ann'}"));
    assertThat(outbox(step)).containsExactly(q("gw-1 {'kind':'reply','requestId':'r1',"
        + "'actor':'gate/g','error':{'group':'user','code':'failed','message':'as asked'}}"));
    assertThat(step.journal().error().code()).isEqualTo("failed");
    assertThat(step.journal().connections()).hasToString(q("[{'op':'open','connId':'s1',"
        + "'gateway':'gw-1','transport':'http','params':{'user':'ann'},"
        + "'state':{'user':'ann','number':0}},"
        + "{'op':'close','connId':'s1','reason':'stateless call ended'}]"));
    assertThat(h.stored("gate/g").state().path("log"))
        .hasToString(q("['connect ann over http','disconnect ann']"));
    assertThat(h.stored("gate/g").connections()).isEmpty();
  }

  @Test
  void eventsForTheCallsConnectionGoNowhereAndBroadcastsOnlyToHeldConnections() {
    h.apply(new InboxRecord.Connect(ActorId.of("gate", "g"), new InboxRecord.ReplyTo("gw-2", "c"),
        Mode.GET_OR_CREATE, null, "c1", MachineHarness.json("{'user':'dee'}"), "websocket"));
    Step step = h.apply(stateless("gate/g", "r1", "shout", "['hi']", "s1", "{'user':'ann'}"));
    assertThat(outbox(step)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r1','actor':'gate/g','output':null}"),
        q("gw-2 {'kind':'event','actor':'gate/g','eventSeq':2,'name':'toAll','args':['hi']}"));
    assertThat(step.journal().broadcasts()).hasToString("[Broadcast[eventSeq=1, name=toYou, "
        + "args=[\"hi\"], connIds=[s1]], Broadcast[eventSeq=2, name=toAll, args=[\"hi\"], "
        + "connIds=null]]");

    // Alone, a stateless call's broadcast goes to no gateway at all.
    Step alone = h.apply(stateless("gate/h", "r2", "shout", "['hi']", "s2", null));
    assertThat(outbox(alone)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r2','actor':'gate/h','output':null}"));
  }

  @Test
  void aStatelessRawHttpRequestRunsOnRequestInItsConnection() {
    InboxRecord.RawHttp request = new InboxRecord.RawHttp(ActorId.of("gate", "g"),
        new InboxRecord.ReplyTo(GATEWAY, "r1"), Mode.GET_OR_CREATE, null, "GET", "/", Map.of(),
        Map.of(), null, null,
        new InboxRecord.Stateless("s1", MachineHarness.json("{'user':'cy'}")));
    Step step = h.apply(request);
    assertThat(new String(Base64.getDecoder().decode(
        step.journal().output().path("body").asText()))).isEqualTo("s1 http cy\n");
    assertThat(h.stored("gate/g").state().path("log"))
        .hasToString(q("['connect cy over http','disconnect cy']"));

    InboxRecord.RawHttp plain = new InboxRecord.RawHttp(ActorId.of("gate", "g"),
        new InboxRecord.ReplyTo(GATEWAY, "r2"), Mode.GET, null, "GET", "/", Map.of(), Map.of(),
        null);
    assertThat(new String(Base64.getDecoder().decode(
        h.apply(plain).journal().output().path("body").asText()))).isEqualTo("no connection\n");
  }

  @Test
  void aClassWithoutConnectionHooksReadsItsStateOnlyForTheAction() {
    h.apply(action("tally/t", "r0", "add", "[1]"));
    TestTally.READS.set(0);
    Step step = h.apply(stateless("tally/t", "r1", "add", "[2]", "s1", "{'any':'params'}"));
    assertThat(step.journal().output().asLong()).isEqualTo(3);
    assertThat(TestTally.READS.get()).as("drafts of the stored state").isEqualTo(1);
    assertThat(step.journal().connections()).hasSize(2);

    TestTally.READS.set(0);
    h.apply(action("tally/t", "r2", "add", "[3]"));
    assertThat(TestTally.READS.get()).as("the same as a plain call").isEqualTo(1);

    TestTally.READS.set(0);
    h.apply(connect("tally/t", "gw-2", "c1"));
    assertThat(TestTally.READS.get()).as("a connect without hooks").isZero();
  }
}
