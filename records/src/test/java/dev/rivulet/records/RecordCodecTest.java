package dev.rivulet.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
  private static JsonNode json(String s) {
    return RecordCodec.decodeTree(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void inboxRecordsRoundTripWithTheirKindOnce() {
    InboxRecord action = new InboxRecord.Action(ActorId.of("counter", "a"),
        new InboxRecord.ReplyTo("gw-1", "r-1"), InboxRecord.Mode.GET_OR_CREATE, null, "increment",
        json("[5]"), null);
    byte[] bytes = RecordCodec.encode(action);
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).isEqualTo("{\"kind\":\"action\",\"actor\":\"counter/a\","
        + "\"replyTo\":{\"gateway\":\"gw-1\",\"requestId\":\"r-1\"},\"mode\":\"getOrCreate\","
        + "\"action\":\"increment\",\"args\":[5]}");
    assertThat(RecordCodec.decodeInbox(bytes)).isEqualTo(action);
  }

  @Test
  void unknownFieldsAreIgnoredForForwardCompatibility() {
    InboxRecord r = RecordCodec.decodeInbox(("{\"kind\":\"disconnect\",\"actor\":\"chat/x\","
        + "\"gateway\":\"g\",\"connId\":\"c\",\"addedLater\":1}").getBytes(StandardCharsets.UTF_8));
    assertThat(r).isEqualTo(new InboxRecord.Disconnect(ActorId.of("chat", "x"), "g", "c", null));
  }

  @Test
  void malformedRecordsAreRejectedWithAReason() {
    assertThatThrownBy(() -> RecordCodec.decodeInbox("{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RecordCodec.MalformedRecordException.class);
    assertThatThrownBy(() -> RecordCodec.decodeInbox(
            "{\"kind\":\"action\",\"actor\":\"counter/a\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RecordCodec.MalformedRecordException.class)
        .hasMessageContaining("mode");
    assertThatThrownBy(() -> RecordCodec.decodeInbox(("{\"kind\":\"action\",\"actor\":\"c/a\","
            + "\"replyTo\":{\"gateway\":\"g\",\"requestId\":\"r\"},\"mode\":\"get\",\"action\":\"x\","
            + "\"args\":[],\"caller\":{\"actor\":\"c/b\"}}").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RecordCodec.MalformedRecordException.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> RecordCodec.decodeInbox(
            "{\"kind\":\"explode\",\"actor\":\"counter/a\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RecordCodec.MalformedRecordException.class);
    assertThatThrownBy(() -> RecordCodec.decodeInbox(null))
        .isInstanceOf(RecordCodec.MalformedRecordException.class);
  }

  @Test
  void outboxRepliesCarryOutputOrError() {
    OutboxRecord ok = new OutboxRecord.Reply("r", ActorId.of("c", "k"), json("null"), null);
    assertThat(new String(RecordCodec.encode(ok), StandardCharsets.UTF_8))
        .isEqualTo("{\"kind\":\"reply\",\"requestId\":\"r\",\"actor\":\"c/k\",\"output\":null}");
    OutboxRecord err = new OutboxRecord.Reply("r", ActorId.of("c", "k"), null,
        ErrorCode.ACTOR_NOT_FOUND.error("gone"));
    assertThat(RecordCodec.decodeOutbox(RecordCodec.encode(err))).isEqualTo(err);
  }

  @Test
  void actorIdsEscapeSlashesAndPercentsInKeyParts() {
    ActorId id = new ActorId("doc", List.of("a/b", "50%", "plain"));
    assertThat(id.toString()).isEqualTo("doc/a%2Fb/50%25/plain");
    assertThat(ActorId.parse(id.toString())).isEqualTo(id);
    assertThat(ActorId.parse("counter/x")).isEqualTo(ActorId.of("counter", "x"));
    assertThat(ActorId.parse("nokey")).isEqualTo(new ActorId("nokey", List.of()));
    assertThatThrownBy(() -> ActorId.of("bad name", "k"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ActorId.of("c", "x".repeat(600)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void errorsMapToHttpStatuses() {
    assertThat(ErrorCode.httpStatusOf(ErrorCode.ACTOR_NOT_FOUND.error("x"))).isEqualTo(404);
    assertThat(ErrorCode.httpStatusOf(new ErrorInfo("user", "room_full", "full"))).isEqualTo(400);
    assertThat(ErrorCode.httpStatusOf(new ErrorInfo("who", "knows", "?"))).isEqualTo(500);
  }

  private static String text(Object record) {
    return new String(RecordCodec.encode(record), StandardCharsets.UTF_8);
  }

  @Test
  void statelessCallsAndGenerationsRoundTripAfterTheOlderFields() {
    InboxRecord.Action action = new InboxRecord.Action(ActorId.of("counter", "a"),
        new InboxRecord.ReplyTo("gw-1", "r-1"), InboxRecord.Mode.GET, null, "increment",
        json("[5]"), null, null, null, 2L,
        new InboxRecord.Stateless("s-1", json("{\"user\":\"ann\"}")));
    assertThat(text(action)).isEqualTo("{\"kind\":\"action\",\"actor\":\"counter/a\","
        + "\"replyTo\":{\"gateway\":\"gw-1\",\"requestId\":\"r-1\"},\"mode\":\"get\","
        + "\"action\":\"increment\",\"args\":[5],\"generation\":2,"
        + "\"stateless\":{\"connId\":\"s-1\",\"params\":{\"user\":\"ann\"}}}");
    assertThat(RecordCodec.decodeInbox(RecordCodec.encode(action))).isEqualTo(action);

    InboxRecord.RawHttp raw = new InboxRecord.RawHttp(ActorId.of("site", "a"),
        new InboxRecord.ReplyTo("gw-1", "r-2"), InboxRecord.Mode.GET, null, "GET", "/", Map.of(),
        Map.of(), null, 1L, new InboxRecord.Stateless("s-2", null));
    assertThat(RecordCodec.decodeInbox(RecordCodec.encode(raw))).isEqualTo(raw);
    InboxRecord.Destroy destroy = new InboxRecord.Destroy(ActorId.of("counter", "a"),
        new InboxRecord.ReplyTo("gw-1", "r-3"), 3L);
    assertThat(text(destroy)).endsWith(",\"generation\":3}");
    assertThat(RecordCodec.decodeInbox(RecordCodec.encode(destroy))).isEqualTo(destroy);
    // The older shapes are the same records, with nothing added.
    assertThat(new InboxRecord.Destroy(ActorId.of("counter", "a"), null).generation()).isNull();
    assertThat(text(new InboxRecord.Action(ActorId.of("c", "a"), new InboxRecord.ReplyTo("g", "r"),
        InboxRecord.Mode.GET, null, "x", json("[]"), null))).doesNotContain("generation",
        "stateless");
  }

  @Test
  void newFieldsAreCheckedWhereTheyAreMade() {
    ActorId a = ActorId.of("c", "a");
    InboxRecord.ReplyTo to = new InboxRecord.ReplyTo("g", "r");
    JsonNode args = json("[]");
    InboxRecord.Stateless s = new InboxRecord.Stateless("s", null);
    assertThatThrownBy(() -> new InboxRecord.Action(a, to, InboxRecord.Mode.GET, null, "x", args,
        "c-1", null, null, null, s)).hasMessageContaining("a stateless call has a replyTo and no "
        + "connId");
    assertThatThrownBy(() -> new InboxRecord.Action(a, null, InboxRecord.Mode.GET, null, "x", args,
        null, new InboxRecord.Caller(a, null, null, null), null, null, s))
        .hasMessageContaining("a stateless call has a replyTo");
    assertThatThrownBy(() -> new InboxRecord.Destroy(a, to, 0L))
        .hasMessage("a generation is 1 or more, got 0");
    assertThatThrownBy(() -> new InboxRecord.Connect(a, to, InboxRecord.Mode.GET, null, "c", null,
        "websocket", null, new InboxRecord.RawSocket("/", null, null)))
        .hasMessageContaining("raw-websocket");
    assertThatThrownBy(() -> new InboxRecord.Connect(a, to, InboxRecord.Mode.GET, null, "c", null,
        "raw-websocket")).hasMessageContaining("raw-websocket");
    assertThatThrownBy(() -> new InboxRecord.SocketMessage(a, "g", "c", "t", "dA=="))
        .hasMessage("a socket message has exactly one of text and binary");
    assertThatThrownBy(() -> new InboxRecord.SocketMessage(a, "g", "c", null, null))
        .hasMessage("a socket message has exactly one of text and binary");
    assertThatThrownBy(() -> new OutboxRecord.SocketFrame(a, "c", null, null, 1, 0))
        .hasMessage("a socket frame has exactly one of text and binary");
  }

  @Test
  void rawSocketsRecordsRoundTrip() {
    InboxRecord connect = new InboxRecord.Connect(ActorId.of("echo", "e"),
        new InboxRecord.ReplyTo("gw-1", "r-1"), InboxRecord.Mode.GET_OR_CREATE, null, "w-1", null,
        InboxRecord.RawSocket.TRANSPORT, null, new InboxRecord.RawSocket("/chat",
            Map.of("x", List.of("1", "2")), Map.of("user-agent", "node")));
    assertThat(text(connect)).isEqualTo("{\"kind\":\"connect\",\"actor\":\"echo/e\","
        + "\"replyTo\":{\"gateway\":\"gw-1\",\"requestId\":\"r-1\"},"
        + "\"mode\":\"getOrCreate\",\"connId\":\"w-1\",\"transport\":\"raw-websocket\","
        + "\"raw\":{\"path\":\"/chat\",\"query\":{\"x\":[\"1\",\"2\"]},"
        + "\"headers\":{\"user-agent\":\"node\"}}}");
    assertThat(RecordCodec.decodeInbox(RecordCodec.encode(connect))).isEqualTo(connect);

    InboxRecord message = new InboxRecord.SocketMessage(ActorId.of("echo", "e"), "gw-1", "w-1",
        null, "AQI=");
    assertThat(text(message)).isEqualTo("{\"kind\":\"socketMessage\",\"actor\":\"echo/e\","
        + "\"gateway\":\"gw-1\",\"connId\":\"w-1\",\"binary\":\"AQI=\"}");
    assertThat(RecordCodec.decodeInbox(RecordCodec.encode(message))).isEqualTo(message);
    assertThat(message.kind().wireName()).isEqualTo("socketMessage");

    InboxRecord close = new InboxRecord.Disconnect(ActorId.of("echo", "e"), "gw-1", "w-1", "bye",
        1001);
    assertThat(RecordCodec.decodeInbox(RecordCodec.encode(close))).isEqualTo(close);
    assertThat(text(close)).doesNotContain("lost");

    InboxRecord.Disconnect lost = InboxRecord.Disconnect.gatewayLost(ActorId.of("echo", "e"),
        "gw-1", "w-1");
    assertThat(text(lost)).isEqualTo("{\"kind\":\"disconnect\",\"actor\":\"echo/e\","
        + "\"gateway\":\"gw-1\",\"connId\":\"w-1\",\"reason\":\"gateway gw-1 lost\","
        + "\"lost\":true}");
    assertThat(RecordCodec.decodeInbox(RecordCodec.encode(lost))).isEqualTo(lost);
    assertThat(lost.judgedLost()).isTrue();
    assertThat(new InboxRecord.Disconnect(ActorId.of("echo", "e"), "gw-1", "w-1",
        "gateway gw-1 lost", null, false)).isEqualTo(new InboxRecord.Disconnect(
            ActorId.of("echo", "e"), "gw-1", "w-1", "gateway gw-1 lost"));

    OutboxRecord frame = new OutboxRecord.SocketFrame(ActorId.of("echo", "e"), "w-1", "hi", null,
        7, 2);
    assertThat(text(frame)).isEqualTo("{\"kind\":\"socketFrame\",\"actor\":\"echo/e\","
        + "\"connId\":\"w-1\",\"text\":\"hi\",\"seq\":7,\"index\":2}");
    assertThat(RecordCodec.decodeOutbox(RecordCodec.encode(frame))).isEqualTo(frame);
    OutboxRecord kick = new OutboxRecord.Disconnect(ActorId.of("echo", "e"), "w-1", "bye", 4000);
    assertThat(text(kick)).endsWith(",\"reason\":\"bye\",\"code\":4000}");
    assertThat(RecordCodec.decodeOutbox(RecordCodec.encode(kick))).isEqualTo(kick);
  }
}
