package dev.rivulet.engine;

import static dev.rivulet.engine.MachineHarness.action;
import static dev.rivulet.engine.MachineHarness.binary;
import static dev.rivulet.engine.MachineHarness.connect;
import static dev.rivulet.engine.MachineHarness.journal;
import static dev.rivulet.engine.MachineHarness.outbox;
import static dev.rivulet.engine.MachineHarness.q;
import static dev.rivulet.engine.MachineHarness.rawConnect;
import static dev.rivulet.engine.MachineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.OutboxRecord;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Raw WebSockets: the open runs the connection hooks and {@code onWebSocketOpen}, each message is
 * a step of its own for {@code onWebSocketMessage}, the close runs {@code onWebSocketClose} then
 * {@code onDisconnect}; what the hooks send goes to the socket's gateway as frames, at most once.
 */
class ActorMachineRawSocketTest {
  private final MachineHarness h = new MachineHarness();

  @Test
  void anOpenRunsTheConnectionHooksThenOnWebSocketOpenAndSendsItsFramesAfterTheReply() {
    Step step = h.apply(rawConnect("echo/e", "gw-2", "w1", "/chat/room"), 3_000);
    assertThat(outbox(step)).containsExactly(
        q("gw-2 {'kind':'reply','requestId':'req-w1','actor':'echo/e','output':{"
            + "'actorId':'echo/e','connectionId':'w1','seq':0,'eventSeq':0,'generation':1}}"),
        q("gw-2 {'kind':'socketFrame','actor':'echo/e','connId':'w1','text':'{\\\"path\\\":"
            + "\\\"/chat/room\\\",\\\"x\\\":\\\"1\\\",\\\"agent\\\":\\\"test\\\","
            + "\\\"conn\\\":\\\"w1\\\"}','seq':1,'index':0}"));
    assertThat(journal(step)).isEqualTo(q("{'actor':'echo/e','seq':1,'generation':1,"
        + "'kind':'connect','at':3000,'source':{'partition':0,'offset':0},'created':true,"
        + "'output':{'actorId':'echo/e','connectionId':'w1','seq':0,'eventSeq':0,'generation':1},"
        + "'patch':[{'op':'replace','path':'','value':{'messages':0,'log':['connect w1 "
        + "raw-websocket','open w1 /chat/room']}}],"
        + "'snapshot':{'messages':0,'log':['connect w1 raw-websocket','open w1 /chat/room']},"
        + "'connections':[{'op':'open','connId':'w1','gateway':'gw-2','transport':'raw-websocket',"
        + "'raw':{'path':'/chat/room','query':{'x':['1']},'headers':{'user-agent':'test'}}},"
        + "{'op':'frame','connId':'w1','text':'{\\\"path\\\":\\\"/chat/room\\\","
        + "\\\"x\\\":\\\"1\\\","
        + "\\\"agent\\\":\\\"test\\\",\\\"conn\\\":\\\"w1\\\"}'}],"
        + "'meta':{'eventSeq':0,'connections':{'w1':{'gateway':'gw-2','transport':'raw-websocket',"
        + "'raw':{'path':'/chat/room','query':{'x':['1']},'headers':{'user-agent':'test'}}}}}}"));
    assertThat(h.stored("echo/e").connections().get("w1").raw().path()).isEqualTo("/chat/room");
  }

  @Test
  void aRefusedOpenIsRejectedAndCreatesNothing() {
    Step step = h.apply(rawConnect("echo/e", "gw-2", "w1", "/refuse"));
    assertThat(outbox(step)).containsExactly(q("gw-2 {'kind':'reply','requestId':'req-w1',"
        + "'actor':'echo/e','error':{'group':'user','code':'refused','message':'not this path'}}"));
    assertThat(step.journal()).isNull();
    assertThat(h.stored("echo/e")).isNull();

    h.apply(action("echo/e", "r1", "tellAll", "['x']"));
    String before = MachineHarness.text(h.stored("echo/e"));
    assertThat(h.apply(rawConnect("echo/e", "gw-2", "w2", "/refuse")).journal()).isNull();
    assertThat(MachineHarness.text(h.stored("echo/e"))).isEqualTo(before);
  }

  @Test
  void anActorWithoutSocketHooksRefusesRawSockets() {
    Step step = h.apply(rawConnect("counter/a", "gw-2", "w1", "/"));
    assertThat(outbox(step)).containsExactly(q("gw-2 {'kind':'reply','requestId':'req-w1',"
        + "'actor':'counter/a','error':{'group':'request','code':'route_not_found',"
        + "'message':'Actor type counter does not handle raw WebSockets: it overrides none of "
        + "onWebSocketOpen, onWebSocketMessage and onWebSocketClose'}}"));
    assertThat(h.stored("counter/a")).isNull();
  }

  @Test
  void eachMessageIsAStepOfItsOwnWhoseFramesGoToTheSocketsGateway() {
    h.apply(rawConnect("echo/e", "gw-2", "w1", "/"));
    Step step = h.apply(text("echo/e", "gw-2", "w1", "hello"), 4_000);
    assertThat(outbox(step)).containsExactly(q("gw-2 {'kind':'socketFrame','actor':'echo/e',"
        + "'connId':'w1','text':'echo hello','seq':2,'index':0}"));
    assertThat(journal(step)).isEqualTo(q("{'actor':'echo/e','seq':2,'generation':1,"
        + "'kind':'socketMessage','at':4000,'source':{'partition':0,'offset':1},'output':null,"
        + "'patch':[{'op':'replace','path':'/messages','value':1}],"
        + "'connections':[{'op':'frame','connId':'w1','text':'echo hello'}]}"));
    assertThat(step.journal().request()).isEqualTo(text("echo/e", "gw-2", "w1", "hello"));

    Step json = h.apply(text("echo/e", "gw-2", "w1", "{\"type\":\"ping\"}"));
    assertThat(((OutboxRecord.SocketFrame) json.outbox().get(0).record()).text())
        .isEqualTo("json ping");

    Step bytes = h.apply(binary("echo/e", "gw-2", "w1", new byte[] {1, 2, 3, 4}));
    OutboxRecord.SocketFrame frame = (OutboxRecord.SocketFrame) bytes.outbox().get(0).record();
    assertThat(frame.text()).isNull();
    assertThat(Base64.getDecoder().decode(frame.binary())).containsExactly(4, 3, 2, 1);
    assertThat(bytes.journal().connections()).hasToString(
        q("[{'op':'frame','connId':'w1','binary':'" + frame.binary() + "'}]"));
    assertThat(h.stored("echo/e").state().path("messages").asInt()).isEqualTo(3);
  }

  @Test
  void aFailingMessageIsJournaledWithItsErrorKeepsNothingAndTheSocketStaysOpen() {
    h.apply(rawConnect("echo/e", "gw-2", "w1", "/"));
    Step step = h.apply(text("echo/e", "gw-2", "w1", "boom"));
    assertThat(step.outbox()).isEmpty();
    assertThat(step.journal().error().message()).isEqualTo(
        "onWebSocketMessage of echo/e threw java.lang.IllegalStateException: boom");
    assertThat(step.journal().patch()).hasToString("[]");
    assertThat(step.journal().connections()).isNull();
    assertThat(h.stored("echo/e").state().path("messages").asInt()).isZero();
    assertThat(h.stored("echo/e").connections()).containsOnlyKeys("w1");

    Step notJson = h.apply(text("echo/e", "gw-2", "w1", "{not json"));
    assertThat(notJson.journal().error().code()).isEqualTo("internal_error");
    assertThat(h.apply(text("echo/e", "gw-2", "w1", "again")).outbox()).hasSize(1);
  }

  @Test
  void aFrameOverTheMessageLimitFailsTheStep() {
    MachineHarness small = new MachineHarness(100, 1 << 20, 1_000);
    small.apply(rawConnect("echo/e", "gw-2", "w1", "/"));
    Step step = small.apply(text("echo/e", "gw-2", "w1", "huge"));
    assertThat(step.outbox()).isEmpty();
    assertThat(step.journal().error().qualifiedCode()).isEqualTo("message.outgoing_too_long");
  }

  @Test
  void messagesForSocketsTheActorDoesNotHoldAreIgnored() {
    assertThat(h.apply(text("echo/e", "gw-2", "w1", "hello"))).isEqualTo(Step.none());
    h.apply(rawConnect("echo/e", "gw-2", "w1", "/"));
    h.apply(connect("echo/e", "gw-2", "c1")); // a connection that is not a raw socket
    String before = MachineHarness.text(h.stored("echo/e"));
    assertThat(h.apply(text("echo/e", "gw-2", "w9", "hello"))).isEqualTo(Step.none());
    assertThat(h.apply(text("echo/e", "gw-3", "w1", "hello"))).isEqualTo(Step.none());
    assertThat(h.apply(text("echo/e", "gw-2", "c1", "hello"))).isEqualTo(Step.none());
    assertThat(MachineHarness.text(h.stored("echo/e"))).isEqualTo(before);
  }

  @Test
  void aClientsCloseRunsOnWebSocketCloseThenOnDisconnectWithItsCode() {
    h.apply(rawConnect("echo/e", "gw-2", "w1", "/"));
    Step step = h.apply(new InboxRecord.Disconnect(ActorId.of("echo", "e"), "gw-2", "w1",
        "going away", 1001));
    assertThat(step.outbox()).isEmpty();
    assertThat(step.journal().connections()).hasToString(
        q("[{'op':'close','connId':'w1','reason':'going away','code':1001}]"));
    assertThat(h.stored("echo/e").state().path("log")).hasToString(q("['connect w1 raw-websocket',"
        + "'open w1 /','close w1 1001 going away','disconnect w1']"));
    assertThat(h.stored("echo/e").connections()).isEmpty();
    assertThat(h.apply(text("echo/e", "gw-2", "w1", "late"))).isEqualTo(Step.none());

    // A lost gateway's disconnect has no code: the hook hears 1006, the reason empty.
    h.apply(rawConnect("echo/e", "gw-2", "w2", "/"));
    h.apply(new InboxRecord.Disconnect(ActorId.of("echo", "e"), "gw-2", "w2", null));
    assertThat(h.stored("echo/e").state().path("log").get(6).asText()).isEqualTo("close w2 1006 ");
  }

  @Test
  void aFailingCloseHookIsNotedAndTheConnectionStillEnds() {
    h.apply(rawConnect("echo/e", "gw-2", "w1", "/"));
    Step step = h.apply(new InboxRecord.Disconnect(ActorId.of("echo", "e"), "gw-2", "w1", "throw",
        4000));
    assertThat(step.journal().error()).isNull();
    assertThat(step.journal().meta().path("hookFailures")).hasToString(q("['onWebSocketClose of "
        + "echo/e: core.internal_error: onWebSocketClose of echo/e threw "
        + "java.lang.IllegalStateException: close hook failed']"));
    assertThat(h.stored("echo/e").state().path("log")).hasToString(
        q("['connect w1 raw-websocket','open w1 /','disconnect w1']"));
    assertThat(h.stored("echo/e").connections()).isEmpty();
  }

  @Test
  void theActorClosesASocketAfterItsLastFrameAndItsHooksRunInTheSameStep() {
    h.apply(rawConnect("echo/e", "gw-2", "w1", "/"));
    Step step = h.apply(text("echo/e", "gw-2", "w1", "bye"));
    assertThat(outbox(step)).containsExactly(
        q("gw-2 {'kind':'socketFrame','actor':'echo/e','connId':'w1','text':'goodbye',"
            + "'seq':2,'index':0}"),
        q("gw-2 {'kind':'disconnect','actor':'echo/e','connId':'w1','reason':'bye','code':4000}"));
    assertThat(step.journal().connections()).hasToString(q("[{'op':'frame','connId':'w1',"
        + "'text':'goodbye'},{'op':'close','connId':'w1','reason':'bye','code':4000}]"));
    assertThat(h.stored("echo/e").state().path("log")).hasToString(q("['connect w1 raw-websocket',"
        + "'open w1 /','close w1 4000 bye','disconnect w1']"));
    assertThat(h.stored("echo/e").connections()).isEmpty();
  }

  @Test
  void rawSocketsHearNoEventsAndActionsReachThemThroughTheContext() {
    h.apply(rawConnect("echo/e", "gw-2", "w1", "/"));
    h.apply(rawConnect("echo/e", "gw-3", "w2", "/"));
    Step news = h.apply(text("echo/e", "gw-2", "w1", "news"));
    assertThat(news.outbox()).isEmpty();
    assertThat(news.journal().broadcasts()).hasSize(1);
    Step direct = h.apply(text("echo/e", "gw-2", "w1", "direct"));
    assertThat(direct.outbox()).isEmpty();

    Step all = h.apply(action("echo/e", "r1", "tellAll", "['hi']"));
    assertThat(outbox(all)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r1','actor':'echo/e','output':2}"),
        q("gw-2 {'kind':'socketFrame','actor':'echo/e','connId':'w1','text':'hi','seq':5,"
            + "'index':0}"),
        q("gw-3 {'kind':'socketFrame','actor':'echo/e','connId':'w2','text':'hi','seq':5,"
            + "'index':1}"));
  }

  @Test
  void destroyingTheActorClosesItsSocketsWithoutTheirHooks() {
    h.apply(rawConnect("echo/e", "gw-2", "w1", "/"));
    Step step = h.apply(new InboxRecord.Destroy(ActorId.of("echo", "e"),
        new InboxRecord.ReplyTo("gw-1", "r1")));
    assertThat(outbox(step)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r1','actor':'echo/e',"
            + "'output':{'destroyed':true,'generation':1}}"),
        q("gw-2 {'kind':'disconnect','actor':'echo/e','connId':'w1','reason':'actor destroyed'}"));
  }
}
