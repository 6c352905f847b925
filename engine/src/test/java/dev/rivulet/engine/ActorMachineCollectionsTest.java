package dev.rivulet.engine;

import static dev.rivulet.engine.MachineHarness.action;
import static dev.rivulet.engine.MachineHarness.json;
import static dev.rivulet.engine.MachineHarness.outbox;
import static dev.rivulet.engine.MachineHarness.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.JsonPatch;
import dev.rivulet.records.OutboxRecord;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.records.RecordedState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Stored logs and maps through the machine: what a step journals and writes, what a failed or
 * read-only run leaves, the checkpoints, destruction and forks, and every misuse failing loudly.
 */
class ActorMachineCollectionsTest {
  private static final String NB = "notebook/a";

  private final MachineHarness h = new MachineHarness();

  private Step run(String action, String args) {
    return h.apply(action(NB, "r", action, args));
  }

  private static JsonNode output(Step step) {
    for (Step.Outgoing o : step.outbox()) {
      if (o.record() instanceof OutboxRecord.Reply r) {
        return r.ok() ? r.output() : RecordCodec.mapper().valueToTree(r.error());
      }
    }
    throw new AssertionError("no reply in " + outbox(step));
  }

  private static String error(Step step) {
    JsonNode out = output(step);
    return out.path("group").asText() + "." + out.path("code").asText();
  }

  /** The same JSON, numbers by value (the engine writes longs where the expected has ints). */
  private static void assertJson(JsonNode actual, JsonNode expected) {
    assertThat(JsonPatch.equal(actual, expected)).as("%s is %s", actual, expected).isTrue();
  }

  @Test
  void appendsAreJournaledAsTheEntriesTheyAddAndTheFirstOneIsACheckpoint() {
    Step first = run("write", "['hello', 0]");
    assertThat(output(first).asLong()).isEqualTo(1);
    JournalRecord j = first.journal();
    assertJson(j.collections(), json(
        "[{'op':'append','log':'notes','number':1,'value':{'text':'hello'}}]"));
    // The actor's first collection: the journal holds all of them from here on.
    assertJson(j.collectionsSnapshot(), json(
        "{'notes':{'kind':'log','first':1,'values':[{'text':'hello'}]}}"));
    assertThat(h.stored(NB).collections().get("notes"))
        .isEqualTo(new ActorRecord.Collection("log", 1, 16, 1, 2));
    assertThat(h.stored(NB).uncheckpointed()).isZero();
    assertThat(h.entries().size()).isEqualTo(1);

    Step second = run("write", "['world', 0]");
    assertJson(second.journal().collections(), json(
        "[{'op':'append','log':'notes','number':2,'value':{'text':'world'}}]"));
    assertThat(second.journal().collectionsSnapshot()).isNull();
    assertThat(h.stored(NB).uncheckpointed()).isEqualTo(EntryLayer.OP_OVERHEAD + 16);
    assertThat(output(run("last", "[5]"))).isEqualTo(json("[{'text':'hello'},{'text':'world'}]"));
    assertThat(output(run("note", "[2]"))).isEqualTo(json("{'text':'world'}"));
    assertThat(output(run("bounds", "[]"))).isEqualTo(json("[2,1,2]"));
  }

  @Test
  void retentionDropsTheOldestAndJournalsOneTrim() {
    for (int i = 1; i <= 5; i++) run("write", "['n" + i + "', 3]");
    Step sixth = run("write", "['n6', 3]");
    assertJson(sixth.journal().collections(), json(
        "[{'op':'append','log':'notes','number':6,'value':{'text':'n6'}},"
            + "{'op':'trim','log':'notes','before':4}]"));
    assertThat(sixth.entries().puts()).containsKeys(
        EntryStore.logKey(EntryStore.collectionPrefix(EntryStore.actorPrefix(
            ActorId.parse(NB)), "notes"), 3));
    assertThat(h.entries().size()).isEqualTo(3);
    assertThat(output(run("bounds", "[]"))).isEqualTo(json("[3,4,6]"));
    assertThat(output(run("range", "[1, 10]")))
        .isEqualTo(json("[{'text':'n4'},{'text':'n5'},{'text':'n6'}]"));
    assertThat(output(run("range", "[5, 1]"))).isEqualTo(json("[{'text':'n5'}]"));
    assertThat(output(run("note", "[2]")).isNull()).isTrue();
    assertThat(h.stored(NB).collections().get("notes").bytes()).isEqualTo(3 * 13);
  }

  @Test
  void aMapPagesInTheOrderOfItsKeysCodePoints() {
    for (String key : new String[] {"b", "a", "\uD83D\uDE00", "\uFFFD", "c"}) {
      run("tag", "['" + key + "', 'v" + key + "']");
    }
    assertThat(output(run("keys", "[null, 10]"))).isEqualTo(json(
        "['a=va','b=vb','c=vc','\uFFFD=v\uFFFD','\uD83D\uDE00=v\uD83D\uDE00','5']"));
    assertThat(output(run("keys", "['b', 2]"))).isEqualTo(json("['c=vc','\uFFFD=v\uFFFD','5']"));

    Step removed = run("untag", "['b']");
    assertThat(output(removed).asBoolean()).isTrue();
    assertJson(removed.journal().collections(), json("[{'op':'remove','map':'tags','key':'b'}]"));
    assertThat(output(run("untag", "['b']")).asBoolean()).isFalse();

    Step cleared = run("clearTags", "[]");
    assertJson(cleared.journal().collections(), json("[{'op':'clear','map':'tags'}]"));
    assertThat(cleared.entries().cleared()).hasSize(1);
    assertThat(h.entries().size()).isZero();
    assertThat(output(run("keys", "[null, 10]"))).isEqualTo(json("['0']"));
    run("tag", "['z', 'again']");
    assertThat(output(run("keys", "[null, 10]"))).isEqualTo(json("['z=again','1']"));
  }

  @Test
  void aFailedActionKeepsNothingOfWhatItWrote() {
    run("tag", "['k', 'before']");
    Step failed = run("tagThenFail", "['k']");
    assertThat(error(failed)).isEqualTo("user.nope");
    assertThat(failed.journal().collections()).isNull();
    assertThat(failed.entries().isEmpty()).isTrue();
    assertThat(output(run("tagOf", "['k']")).asText()).isEqualTo("before");
    assertThat(output(run("bounds", "[]"))).isEqualTo(json("[0,1,0]"));
  }

  @Test
  void aReadOnlyActionThatWritesIsAViolationNamingIt() {
    Step step = run("sneakyWrite", "['x']");
    assertThat(error(step)).isEqualTo("actor.read_only_violation");
    assertThat(output(step).path("message").asText())
        .contains("notebook.sneakyWrite").contains("appended to log notes");
    assertThat(h.entries().size()).isZero();
  }

  @Test
  void misusesFailLoudlyNamingTheActorAndTheAction() {
    run("write", "['n', 0]");
    assertThat(journalError(run("notesAsMap", "[]"))).contains("notebook.notesAsMap on notebook/a")
        .contains("storedMap(\"notes\")").contains("holds a stored log named notes");
    assertThat(journalError(run("notesOfTwoTypes", "[]"))).contains("notebook.notesOfTwoTypes")
        .contains("java.lang.String").contains(TestNotebook.Note.class.getName());
    assertThat(journalError(run("badName", "[]"))).contains("notebook.badName on notebook/a")
        .contains("[A-Za-z0-9_-]");
    assertThat(journalError(run("nullNote", "[]"))).contains("notebook.nullNote on notebook/a")
        .contains("null cannot be stored in log notes");
    run("keepView", "[]");
    assertThat(journalError(run("useKeptView", "[]"))).contains("kept past the run")
        .contains("notebook.keepView on notebook/a");
    assertThat(output(run("bounds", "[]"))).isEqualTo(json("[1,1,1]"));
  }

  private static String journalError(Step step) {
    assertThat(step.journal().error()).as("the journaled error").isNotNull();
    return step.journal().error().message();
  }

  @Test
  void aMapValueChangedInPlaceIsKeptButALogEntryIsNot() {
    run("page", "['p', 'Title']");
    Step added = run("addLine", "['p', 'one']");
    assertThat(added.journal().error()).isNull();
    assertJson(added.journal().collections(), json("[{'op':'put','map':'pages',"
        + "'key':'p','value':{'title':'Title','lines':['one']}}]"));
    assertThat(output(run("pageOf", "['p']")))
        .isEqualTo(json("{'title':'Title','lines':['one']}"));

    Step peeked = run("peekAndChange", "['p']");
    assertThat(error(peeked)).isEqualTo("actor.read_only_violation");
    assertThat(output(peeked).path("message").asText())
        .contains("changed entry p of map pages in place");

    run("draft", "['d']");
    assertThat(journalError(run("editDraft", "[1]"))).contains("notebook.editDraft on notebook/a")
        .contains("changed entry 1 of log drafts in place");
  }

  @Test
  void limitsRefuseTheChangeWithStateTooLargeEvenWhenTheCodeCatchesIt() {
    MachineHarness small = new MachineHarness(100, 1 << 20, 1_000, 2_000);
    Step big = small.apply(action(NB, "r", "bigNote", "[2000]"));
    assertThat(error(big)).isEqualTo("actor.state_too_large");
    assertThat(output(big).path("message").asText()).contains("notebook.bigNote on notebook/a")
        .contains("more than 1000");

    for (int i = 0; i < 3; i++) small.apply(action(NB, "r", "bigNote", "[500]"));
    Step over = small.apply(action(NB, "r", "bigNoteCaught", "[500]"));
    assertThat(error(over)).isEqualTo("actor.state_too_large");
    assertThat(output(over).path("message").asText()).contains("more than 2000");
    assertThat(small.stored(NB).collections().get("notes").size()).isEqualTo(3);
  }

  @Test
  void aCheckpointFollowsWhenTheChangesOutweighTwiceTheCollections() {
    int steps = 0;
    Step step;
    do {
      step = run("write", "['" + "x".repeat(1_000) + "', 10]");
      steps++;
    } while (step.journal().collectionsSnapshot() == null || steps == 1);
    // ~1 KiB per step, 10 kept (~10 KiB): due after 64 KiB of changes (the floor).
    assertThat(steps).isBetween(60, 70);
    assertThat(step.journal().collectionsSnapshot().path("notes").path("values")).hasSize(10);
    assertThat(h.stored(NB).uncheckpointed()).isZero();
  }

  @Test
  void destroyingTheActorDropsItsEntriesAndANewGenerationStartsEmpty() {
    run("write", "['n', 0]");
    run("tag", "['k', 'v']");
    Step destroyed = run("destroyMe", "[]");
    assertThat(destroyed.entries().cleared())
        .containsExactly(EntryStore.actorPrefix(ActorId.parse(NB)));
    assertThat(destroyed.journal().collectionsSnapshot()).isNull();
    assertThat(h.entries().size()).isZero();
    assertThat(h.stored(NB).collections()).isEmpty();

    Step again = run("write", "['new life', 0]");
    assertThat(output(again).asLong()).isEqualTo(1);
    assertThat(again.journal().collectionsSnapshot()).isNotNull();
  }

  @Test
  void aForkStartsFromTheCollectionsItIsGivenWithACheckpoint() {
    JsonNode collections = json("{'notes':{'kind':'log','first':7,'values':[{'text':'a'},"
        + "{'text':'b'}]},'tags':{'kind':'map','entries':{'k':'v'}}}");
    InboxRecord.Create fork = new InboxRecord.Create(ActorId.parse("notebook/f"),
        new InboxRecord.ReplyTo(MachineHarness.GATEWAY, "f"), InboxRecord.Mode.CREATE, null,
        json("{'written':2}"), new InboxRecord.Fork(ActorId.parse(NB), 9), collections);
    Step step = h.apply(fork);
    assertJson(step.journal().collectionsSnapshot(), collections);
    assertThat(step.journal().collections()).isNull();
    assertThat(output(h.apply(action("notebook/f", "r", "bounds", "[]"))))
        .isEqualTo(json("[2,7,8]"));
    assertThat(output(h.apply(action("notebook/f", "r", "write", "['c', 0]"))).asLong())
        .isEqualTo(9);
    assertThat(output(h.apply(action("notebook/f", "r", "tagOf", "['k']"))).asText())
        .isEqualTo("v");

    InboxRecord.Create broken = new InboxRecord.Create(ActorId.parse("notebook/g"),
        new InboxRecord.ReplyTo(MachineHarness.GATEWAY, "g"), InboxRecord.Mode.CREATE, null,
        json("{'written':2}"), new InboxRecord.Fork(ActorId.parse(NB), 9),
        json("{'notes':{'kind':'tree'}}"));
    assertThat(error(h.apply(broken))).isEqualTo("actor.invalid_arguments");
    assertThat(h.stored("notebook/g")).isNull();
  }

  /**
   * The journal folds back to the collections as the store holds them, at every step: random
   * appends, retention, puts, removes and clears.
   */
  @Test
  void theJournalFoldsToTheStoredCollectionsAtEveryStep() {
    SplittableRandom random = new SplittableRandom(7);
    List<JournalRecord> journal = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int pick = random.nextInt(10);
      String args = switch (pick) {
        case 0, 1, 2, 3 -> "['w" + i + "', " + random.nextInt(6) + "]";
        case 4, 5, 6 -> "['k" + random.nextInt(8) + "', 'v" + i + "']";
        case 7, 8 -> "['k" + random.nextInt(8) + "']";
        default -> "[]";
      };
      String name = switch (pick) {
        case 0, 1, 2, 3 -> "write";
        case 4, 5, 6 -> "tag";
        case 7, 8 -> "untag";
        default -> random.nextInt(4) == 0 ? "clearTags" : "bounds";
      };
      Step step = run(name, args);
      if (step.journal() != null) journal.add(roundTrip(step.journal()));
      RecordedState fold = new RecordedState();
      journal.forEach(fold::apply);
      JsonNode live = EntryLayer.root(h.entries(), ActorId.parse(NB),
          h.stored(NB).collections()).content();
      assertThat(fold.collections()).as("after step %d (%s %s)", i, name, args).isEqualTo(live);
    }
  }

  private static JournalRecord roundTrip(JournalRecord r) {
    return RecordCodec.mapper().convertValue(RecordCodec.decodeTree(RecordCodec.encode(r)),
        JournalRecord.class);
  }
}
