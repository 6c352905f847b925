package dev.rivulet.engine;

import static dev.rivulet.engine.MachineHarness.action;
import static dev.rivulet.engine.MachineHarness.connect;
import static dev.rivulet.engine.MachineHarness.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.UserError;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.RecordCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replayer against histories recorded through the machine: the same code replays without a
 * divergence; a changed action is named at its first diverging step, in the first field that
 * differs (output, error, broadcasts, patch, ...), with both states when they differ.
 */
class ReplayerTest {
  private static final int SNAPSHOT_EVERY = 3;

  /**
   * Increments 1..6 on counter/a after a connection, a read, a rejection; snapshots every 3
   * records.
   */
  private static List<JournalRecord> history() {
    MachineHarness h = new MachineHarness(SNAPSHOT_EVERY, 1 << 20, 1 << 20);
    List<JournalRecord> journal = new ArrayList<>();
    record(journal, h.apply(connect("counter/a", "gw-1", "c1"), 1_000));
    for (int i = 1; i <= 6; i++) {
      record(journal, h.apply(action("counter/a", "r" + i, "increment", "[" + i + "]"), 1_000 + i));
    }
    record(journal, h.apply(action("counter/a", "r7", "getCount", "[]"), 2_000));
    record(journal, h.apply(action("counter/a", "r8", "reject", "['no']"), 2_001));
    return journal;
  }

  /** As the history API hands it over: encoded, parsed, converted. */
  private static void record(List<JournalRecord> journal, Step step) {
    journal.add(RecordCodec.mapper().convertValue(
        RecordCodec.decodeTree(RecordCodec.encode(step.journal())), JournalRecord.class));
  }

  private static Replayer.Result replay(Class<? extends ActorBase<?>> cls) {
    return new Replayer(List.of(cls), SNAPSHOT_EVERY).replay(history());
  }

  @Test
  void theSameCodeReplaysEveryStep() {
    List<Integer> progress = new ArrayList<>();
    Replayer.Result result = new Replayer(List.of(TestCounter.class), SNAPSHOT_EVERY)
        .replay(history(), Long.MAX_VALUE, (n, total) -> progress.add(n));
    assertThat(result.divergence()).isNull();
    assertThat(result.replayed()).isEqualTo(9);
    assertThat(result.state()).hasToString("{\"count\":21}");
    assertThat(progress).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 9);
  }

  @Test
  void replayStopsAtTheGivenStep() {
    Replayer.Result result = new Replayer(List.of(TestCounter.class), SNAPSHOT_EVERY)
        .replay(history(), 4, (n, total) -> {});
    assertThat(result.divergence()).isNull();
    assertThat(result.replayed()).isEqualTo(4);
    assertThat(result.state()).hasToString("{\"count\":6}");
  }

  /** Returns one more than it should from the fourth increment on; state and events as before. */
  @Actor("counter")
  public static class OutputChanged extends TestCounter {
    @Override
    @Action
    public long increment(long amount) {
      long count = super.increment(amount);
      return amount >= 4 ? count + 1 : count;
    }
  }

  @Test
  void aChangedResultIsNamedAtItsFirstStep() {
    Replayer.Result result = replay(OutputChanged.class);
    Replayer.Divergence d = result.divergence();
    assertThat(result.replayed()).isEqualTo(5);
    assertThat(d.seq()).isEqualTo(5);
    assertThat(d.field()).isEqualTo("output");
    assertThat(d.recorded()).hasToString("10");
    assertThat(d.replayed()).hasToString("11");
    assertThat(d.request()).hasToString(q("{'kind':'action','actor':'counter/a','replyTo':"
        + "{'gateway':'gw-1','requestId':'r4'},'mode':'getOrCreate','action':'increment',"
        + "'args':[4]}"));
    assertThat(d.describe()).isEqualTo("""
        step 5 (action increment [4]) diverges in output:
          recorded: 10
          replayed: 11
        """);
    assertThat(d).hasToString("step 5: output was 10, replays as 11");
    assertThat(result.state()).hasToString("{\"count\":10}");
  }

  /** Fails from the fourth increment on. */
  @Actor("counter")
  public static class NowFails extends TestCounter {
    @Override
    @Action
    public long increment(long amount) {
      if (amount >= 4) throw new UserError("too_big", "amount " + amount + " is too big");
      return super.increment(amount);
    }
  }

  @Test
  void anActionThatNowFailsHasNoOutput() {
    Replayer.Result result = replay(NowFails.class);
    Replayer.Divergence d = result.divergence();
    assertThat(d.seq()).isEqualTo(5);
    assertThat(d.field()).isEqualTo("output");
    assertThat(d.recorded()).hasToString("10");
    assertThat(d.replayed()).isNull();
    assertThat(d.describe()).isEqualTo(q("""
        step 5 (action increment [4]) diverges in output:
          recorded: 10
          replayed: null
          state recorded: {'count':10}
          state replayed: {'count':6}
          to go from the replayed state to the recorded one: [{'op':'replace','path':'/count','value':10}]
        """));
  }

  /** Broadcasts a different event from the fourth increment on; result and state as before. */
  @Actor("counter")
  public static class EventsChanged extends TestCounter {
    @Override
    @Action
    public long increment(long amount) {
      if (amount < 4) return super.increment(amount);
      State next = new State(state().count() + amount);
      setState(next);
      broadcast("countChanged", next.count(), amount);
      return next.count();
    }
  }

  @Test
  void changedEventsAreNamedAtTheirFirstStep() {
    Replayer.Divergence d = replay(EventsChanged.class).divergence();
    assertThat(d.seq()).isEqualTo(5);
    assertThat(d.field()).isEqualTo("broadcasts");
    assertThat(d.describe()).isEqualTo(q("""
        step 5 (action increment [4]) diverges in broadcasts:
          recorded: [{'eventSeq':4,'name':'newCount','args':[10]}]
          replayed: [{'eventSeq':4,'name':'countChanged','args':[10,4]}]
        """));
  }

  /** Counts one more from the fourth increment on, but returns and broadcasts the old count. */
  @Actor("counter")
  public static class StateChanged extends TestCounter {
    @Override
    @Action
    public long increment(long amount) {
      long expected = state().count() + amount;
      setState(new State(amount >= 4 ? expected + 1 : expected));
      broadcast("newCount", expected);
      return expected;
    }
  }

  @Test
  void aChangedStateIsNamedAtItsFirstStepWithBothStates() {
    Replayer.Result result = replay(StateChanged.class);
    Replayer.Divergence d = result.divergence();
    assertThat(d.seq()).isEqualTo(5);
    assertThat(d.field()).isEqualTo("patch");
    assertThat(d.recordedState()).hasToString("{\"count\":10}");
    assertThat(d.replayedState()).hasToString("{\"count\":11}");
    assertThat(d.describe()).isEqualTo(q("""
        step 5 (action increment [4]) diverges in patch:
          recorded: [{'op':'replace','path':'/count','value':10}]
          replayed: [{'op':'replace','path':'/count','value':11}]
          state recorded: {'count':10}
          state replayed: {'count':11}
          to go from the replayed state to the recorded one: [{'op':'replace','path':'/count','value':10}]
        """));
    assertThat(result.state()).hasToString("{\"count\":11}");
  }

  /** The state diverges at a step after a snapshot: the recorded state is rebuilt from there. */
  @Actor("counter")
  public static class LateStateChange extends TestCounter {
    @Override
    @Action
    public long increment(long amount) {
      long expected = state().count() + amount;
      setState(new State(amount == 6 ? expected + 100 : expected));
      broadcast("newCount", expected);
      return expected;
    }
  }

  @Test
  void theRecordedStateComesFromTheLastSnapshotAndThePatchesAfterIt() {
    Replayer.Divergence d = replay(LateStateChange.class).divergence();
    assertThat(d.seq()).isEqualTo(7);
    assertThat(d.field()).isEqualTo("patch");
    assertThat(d.recordedState()).hasToString("{\"count\":21}");
    assertThat(d.replayedState()).hasToString("{\"count\":121}");
  }

  /** The action no longer exists: the request is rejected and leaves no journal record. */
  @Actor("counter")
  public static class Renamed extends ActorBase<TestCounter.State> {
    @Override
    protected TestCounter.State initialState() {
      return new TestCounter.State(0);
    }

    @Action
    public long add(long amount) {
      return amount;
    }
  }

  @Test
  void aRequestThatNoLongerAppliesIsNamed() {
    Replayer.Result result = replay(Renamed.class);
    Replayer.Divergence d = result.divergence();
    assertThat(d.seq()).isEqualTo(2);
    assertThat(d.field()).isEqualTo("applied");
    assertThat(d.describe()).isEqualTo(q("""
        step 2 (action increment [1]) diverges in applied:
          recorded: true
          replayed: false
          state recorded: {'count':1}
          state replayed: {'count':0}
          to go from the replayed state to the recorded one: [{'op':'replace','path':'/count','value':1}]
        """));
    assertThat(result.state()).hasToString("{\"count\":0}");
  }

  /** Rejects with another message and metadata. */
  @Actor("counter")
  public static class ErrorChanged extends TestCounter {
    @Override
    @Action
    public void reject(String reason) {
      throw new UserError("limit_reached", reason + "!", java.util.Map.of("limit", 20));
    }
  }

  @Test
  void aChangedErrorIsNamed() {
    Replayer.Divergence d = replay(ErrorChanged.class).divergence();
    assertThat(d.seq()).isEqualTo(9);
    assertThat(d.field()).isEqualTo("error");
    assertThat(d.describe()).isEqualTo(q("""
        step 9 (action reject ["no"]) diverges in error:
          recorded: {'group':'user','code':'limit_reached','message':'no','metadata':{'limit':10}}
          replayed: {'group':'user','code':'limit_reached','message':'no!','metadata':{'limit':20}}
        """));
  }

  /** A raw socket's life: its open, messages (one failing, one closing it), and its close. */
  private static List<JournalRecord> socketHistory() {
    MachineHarness h = new MachineHarness(SNAPSHOT_EVERY, 1 << 20, 1 << 20);
    List<JournalRecord> journal = new ArrayList<>();
    record(journal, h.apply(MachineHarness.rawConnect("echo/e", "gw-1", "w1", "/x"), 1_000));
    record(journal, h.apply(MachineHarness.text("echo/e", "gw-1", "w1", "hi"), 1_001));
    record(journal, h.apply(MachineHarness.binary("echo/e", "gw-1", "w1", new byte[] {1, 2}),
        1_002));
    record(journal, h.apply(MachineHarness.text("echo/e", "gw-1", "w1", "boom"), 1_003));
    record(journal, h.apply(MachineHarness.rawConnect("echo/e", "gw-1", "w2", "/y"), 1_004));
    record(journal, h.apply(MachineHarness.text("echo/e", "gw-1", "w1", "bye"), 1_005));
    record(journal, h.apply(new dev.rivulet.records.InboxRecord.Disconnect(
        dev.rivulet.records.ActorId.of("echo", "e"), "gw-1", "w2", "done", 1000), 1_006));
    return journal;
  }

  @Test
  void aRawSocketsHistoryReplaysAndAChangedMessageHookDivergesInItsFrames() {
    Replayer.Result same = new Replayer(List.of(TestSocket.class), SNAPSHOT_EVERY)
        .replay(socketHistory());
    assertThat(same.divergence()).isNull();
    assertThat(same.replayed()).isEqualTo(7);

    Replayer.Result changed = new Replayer(List.of(LouderSocket.class), SNAPSHOT_EVERY)
        .replay(socketHistory());
    assertThat(changed.divergence()).isNotNull();
    assertThat(changed.divergence().seq()).isEqualTo(2);
    assertThat(changed.divergence().field()).isEqualTo("connections");
    assertThat(changed.divergence().recorded()).hasToString(
        q("[{'op':'frame','connId':'w1','text':'echo hi'}]"));
    assertThat(changed.divergence().replayed()).hasToString(
        q("[{'op':'frame','connId':'w1','text':'ECHO HI'}]"));
  }

  /** Sends its echoes in upper case; the state as before. */
  @Actor("echo")
  public static class LouderSocket extends TestSocket {
    @Override
    protected void onWebSocketMessage(dev.rivulet.actor.RawSocket socket,
        dev.rivulet.actor.RawSocket.Message message) {
      if (message.isText() && message.text().equals("hi")) {
        state().messages++;
        socket.send("ECHO HI");
        return;
      }
      super.onWebSocketMessage(socket, message);
    }
  }

  /** Notes written with retention, tags put and removed, on notebook/a. */
  private static List<JournalRecord> notebookHistory() {
    MachineHarness h = new MachineHarness(SNAPSHOT_EVERY, 1 << 20, 1 << 20);
    List<JournalRecord> journal = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      record(journal, h.apply(action("notebook/a", "w" + i, "write", "['n" + i + "', 5]"), i));
      record(journal, h.apply(action("notebook/a", "t" + i, "tag", "['k" + i % 3 + "', 'v" + i
          + "']"), 100 + i));
    }
    record(journal, h.apply(action("notebook/a", "u", "untag", "['k1']"), 200));
    record(journal, h.apply(action("notebook/a", "l", "last", "[3]"), 201));
    return journal;
  }

  @Test
  void storedCollectionsReplayEveryStepFromTheReplaysOwnEntries() {
    Replayer.Result result = new Replayer(List.of(TestNotebook.class), SNAPSHOT_EVERY)
        .replay(notebookHistory());
    assertThat(result.divergence()).isNull();
    assertThat(result.replayed()).isEqualTo(18);
    assertThat(result.state()).hasToString("{\"written\":8}");
  }

  /** Keeps one note fewer from the sixth on: the results agree, the collections do not. */
  @Actor("notebook")
  public static class RetentionChanged extends TestNotebook {
    @Override
    @Action
    public long write(String text, int keep) {
      return super.write(text, keep == 5 && text.compareTo("n6") >= 0 ? 4 : keep);
    }
  }

  @Test
  void aChangeToTheCollectionsIsADivergenceInCollections() {
    Replayer.Result result = new Replayer(List.of(RetentionChanged.class), SNAPSHOT_EVERY)
        .replay(notebookHistory());
    assertThat(result.divergence()).isNotNull();
    assertThat(result.divergence().field()).isEqualTo("collections");
    assertThat(result.divergence().seq()).isEqualTo(11);
    assertThat(result.divergence().replayed().toString()).contains("\"before\":3");
  }
}
