package dev.rivulet.engine;

import static dev.rivulet.engine.MachineHarness.GATEWAY;
import static dev.rivulet.engine.MachineHarness.action;
import static dev.rivulet.engine.MachineHarness.outbox;
import static dev.rivulet.engine.MachineHarness.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.RecordCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Between two records the state lives in the store as JSON bytes: what an action left must be what
 * the next action sees, and a state an action did not touch must compare as unchanged.
 */
class StateRoundTripTest {
  private final MachineHarness h = new MachineHarness();

  @Test
  void aLongBeyondDoublePrecisionSurvivesTheStore() {
    h.apply(action("counter/a", "r1", "increment", "[9007199254740993]"));
    Step read = h.apply(action("counter/a", "r2", "getCount", "[]"));
    assertThat(outbox(read)).containsExactly(q("gw-1 {'kind':'reply','requestId':'r2',"
        + "'actor':'counter/a','output':9007199254740993}"));
  }

  @Test
  void aMutableStateOfListsAndMapsSurvivesTheStoreAndReadsAsUnchanged() {
    h.apply(action("room/r", "r1", "join", "['ann']"));
    h.apply(action("room/r", "r2", "score", "['ann', 3]"));
    Step read = h.apply(action("room/r", "r3", "members", "[]"));
    assertThat(read.journal().error()).isNull();
    assertThat(read.journal().patch()).hasToString("[]");
    assertThat(h.stored("room/r").state())
        .hasToString(q("{'topic':'','members':['ann'],'scores':{'ann':3}}"));
  }

  @Test
  void aFloatStateReadByAReadOnlyActionIsNotAViolation() {
    h.apply(action("gauge/g", "r1", "setLevel", "[0.1]"));
    Step read = h.apply(action("gauge/g", "r2", "level", "[]"));
    assertThat(outbox(read)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r2','actor':'gauge/g','output':0.1}"));
    assertThat(read.journal().patch()).hasToString("[]");
  }

  @Test
  void aBigDecimalStateKeepsItsExactValueFromOneRecordToTheNext() {
    BigDecimal amount = new BigDecimal("12345678901234567.89");
    InboxRecord.Action deposit = new InboxRecord.Action(ActorId.of("ledger", "l"),
        new InboxRecord.ReplyTo(GATEWAY, "r1"), InboxRecord.Mode.GET_OR_CREATE, null, "deposit",
        JsonNodeFactory.instance.arrayNode().add(amount), null);
    assertThat(h.apply(deposit).journal().output().decimalValue()).isEqualByComparingTo(amount);

    Step read = h.apply(action("ledger/l", "r2", "balance", "[]"));
    assertThat(read.journal().output().decimalValue()).isEqualByComparingTo(amount);
  }

  @Test
  void aBigDecimalArgumentKeepsItsExactValue() {
    InboxRecord request = RecordCodec.decodeInbox(q("{'kind':'action','actor':'ledger/l',"
        + "'replyTo':{'gateway':'gw-1','requestId':'r1'},'mode':'getOrCreate',"
        + "'action':'deposit','args':[0.12345678901234567890123]}")
        .getBytes(StandardCharsets.UTF_8));
    Step step = h.apply(request);
    assertThat(step.journal().output().decimalValue())
        .isEqualByComparingTo("0.12345678901234567890123");
  }

  @Test
  void aNaNLeftInTheStateIsAnActionErrorThatChangesNothing() {
    h.apply(action("gauge/g", "r1", "setLevel", "[0.5]"));
    Step step = h.apply(action("gauge/g", "r2", "divideByZero", "[]"));
    assertThat(outbox(step)).containsExactly(q("gw-1 {'kind':'reply','requestId':'r2',"
        + "'actor':'gauge/g','error':{'group':'core','code':'internal_error',"
        + "'message':'An internal error occurred'}}"));
    assertThat(step.journal().seq()).isEqualTo(2);
    assertThat(step.journal().error().qualifiedCode()).isEqualTo("core.internal_error");
    assertThat(h.stored("gauge/g").state()).hasToString(q("{'level':0.5,'ratio':0.0}"));
  }
}
