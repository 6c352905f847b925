package dev.rivulet.engine;

import static dev.rivulet.engine.MachineHarness.GATEWAY;
import static dev.rivulet.engine.MachineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.InboxRecord.Mode;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.RecordCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Secret connection params (seen by onBeforeConnect only, never kept, and a history that still
 * replays), the caller's identity as the actor sees it, and onBeforeAction's refusals.
 */
class ActorMachineAccessTest {
  private final MachineHarness h = new MachineHarness(MachineHarness.types(TestVault.class),
      Map.of());
  private final List<JournalRecord> journal = new ArrayList<>();

  static final InboxRecord.Identity ADA = new InboxRecord.Identity("ada",
      json("{'role':'user'}"));
  static final InboxRecord.Identity ROOT = new InboxRecord.Identity("root",
      json("{'role':'admin'}"));

  @Test
  void aSecretParamIsSeenByOnBeforeConnectOnlyAndNeverKept() {
    Step refused = apply(connect("c0", "{'user':'eve','password':'guess'}", null));
    assertThat(refused.journal()).isNull();
    assertThat(refused.error().qualifiedCode()).isEqualTo("user.wrong_password");

    Step opened = apply(connect("c1", "{'user':'ada','password':'sesame'}", ADA));
    JournalRecord record = opened.journal();
    InboxRecord.Connect kept = (InboxRecord.Connect) record.request();
    assertThat(kept.params()).hasToString("{\"user\":\"ada\",\"password\":null}");
    assertThat(record.connections().get(0).path("secret")).hasToString("[\"password\"]");
    assertThat(record.connections().get(0).path("identity").path("subject").asText())
        .isEqualTo("ada");
    assertThat(record.connections().get(0).path("state"))
        .hasToString("{\"user\":\"ada\",\"sawPassword\":false}");
    assertThat(record.toString() + record.meta()).doesNotContain("sesame");
    assertThat(h.stored("vault/v").encode()).asString().doesNotContain("sesame");
    assertThat(h.stored("vault/v").state()).hasToString("{\"opened\":1}");

    Step who = apply(overConnection("r2", "c1", "whoAmI"));
    assertThat(who.journal().output()).hasToString(
        "{\"subject\":\"ada\",\"conn\":\"c1\",\"connSubject\":\"ada\",\"password\":\"-\"}");

    // A stateless call's params are kept the same way.
    Step stateless = apply(new InboxRecord.Action(ActorId.parse("vault/v"),
        new InboxRecord.ReplyTo(GATEWAY, "r3"), Mode.GET_OR_CREATE, null, "whoAmI", json("[]"),
        null, null, new InboxRecord.Stateless("s1", json("{'user':'bo','password':'sesame'}")),
        ROOT));
    assertThat(stateless.journal().output().path("subject").asText()).isEqualTo("root");
    assertThat(stateless.journal().toString()).doesNotContain("sesame");

    // The history replays, though the replay never has the password.
    Replayer.Result replay = new Replayer(List.of(TestVault.class)).replay(journal);
    assertThat(replay.divergence()).as(() -> replay.divergence().describe()).isNull();
    assertThat(replay.replayed()).isEqualTo(3);
  }

  @Test
  void onBeforeActionRefusesACallerWithoutLeavingATrace() {
    apply(connect("c1", "{'user':'ada','password':'sesame'}", ADA));
    long seq = h.stored("vault/v").seq();
    Step refused = apply(overConnection("r2", "c1", "adminOnly"));
    assertThat(refused.journal()).isNull();
    assertThat(refused.error().qualifiedCode()).isEqualTo("user.forbidden");
    assertThat(h.stored("vault/v").seq()).isEqualTo(seq);
    // Over HTTP, by the request's own identity.
    Step allowed = apply(new InboxRecord.Action(ActorId.parse("vault/v"),
        new InboxRecord.ReplyTo(GATEWAY, "r3"), Mode.GET, null, "adminOnly", json("[]"), null,
        null, null, ROOT));
    assertThat(allowed.journal().output().asText()).isEqualTo("open");
    // A new actor a refused call would have created is not created.
    Step notCreated = apply(new InboxRecord.Action(ActorId.parse("vault/new"),
        new InboxRecord.ReplyTo(GATEWAY, "r4"), Mode.GET_OR_CREATE, null, "adminOnly",
        json("[]"), null, null, null, ADA));
    assertThat(notCreated.journal()).isNull();
    assertThat(h.stored("vault/new")).isNull();
    // Schedules, other actors and topics are not clients: onBeforeAction does not run for them.
    Step fromActor = apply(new InboxRecord.Action(ActorId.parse("vault/v"), null, Mode.GET, null,
        "adminOnly", json("[]"), null, new InboxRecord.Caller(ActorId.parse("vault/x"), null,
        null, null), null));
    assertThat(fromActor.journal().output().asText()).isEqualTo("open");
  }

  @Test
  void paramsSecretAsAWholeAreNotKeptAndTheirHistoryReplaysFromItsJson() {
    MachineHarness gate = new MachineHarness(MachineHarness.types(TestTokenGate.class), Map.of());
    InboxRecord.Connect wrong = new InboxRecord.Connect(ActorId.parse("tokenGate/g"),
        new InboxRecord.ReplyTo(GATEWAY, "r0"), Mode.GET_OR_CREATE, null, "c0", json("'nope'"),
        "websocket");
    assertThat(gate.apply(wrong).error().qualifiedCode()).isEqualTo("user.bad_token");
    Step opened = gate.apply(new InboxRecord.Connect(ActorId.parse("tokenGate/g"),
        new InboxRecord.ReplyTo(GATEWAY, "r1"), Mode.GET_OR_CREATE, null, "c1", json("'t0k'"),
        "websocket"));
    Step ping = gate.apply(new InboxRecord.Action(ActorId.parse("tokenGate/g"),
        new InboxRecord.ReplyTo(GATEWAY, "r2"), Mode.GET, null, "ping", json("[]"), "c1"));
    assertThat(opened.journal().connections().get(0).path("secret")).hasToString("[\"*\"]");
    assertThat(RecordCodec.encode(opened.journal())).asString().doesNotContain("t0k");
    assertThat(gate.stored("tokenGate/g").encode()).asString().doesNotContain("t0k");
    // As the history API and the replayer read it: through its JSON.
    List<JournalRecord> history = List.of(
        RecordCodec.decodeJournal(RecordCodec.encode(opened.journal())),
        RecordCodec.decodeJournal(RecordCodec.encode(ping.journal())));
    Replayer.Result replay = new Replayer(List.of(TestTokenGate.class)).replay(history);
    assertThat(replay.divergence()).as(() -> replay.divergence().describe()).isNull();
  }

  private Step apply(InboxRecord request) {
    Step step = h.apply(request);
    if (step.journal() != null) journal.add(step.journal());
    return step;
  }

  private static InboxRecord.Connect connect(String connId, String params,
      InboxRecord.Identity identity) {
    return new InboxRecord.Connect(ActorId.parse("vault/v"),
        new InboxRecord.ReplyTo(GATEWAY, "req-" + connId), Mode.GET_OR_CREATE, null, connId,
        json(params), "websocket", null, null, identity);
  }

  private static InboxRecord.Action overConnection(String requestId, String connId,
      String action) {
    return new InboxRecord.Action(ActorId.parse("vault/v"),
        new InboxRecord.ReplyTo(GATEWAY, requestId), Mode.GET, null, action, json("[]"), connId);
  }
}
