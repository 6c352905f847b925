package dev.rivulet.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
}
