package dev.rivulet.engine;

import static dev.rivulet.engine.MachineHarness.action;
import static dev.rivulet.engine.MachineHarness.actionWithInput;
import static dev.rivulet.engine.MachineHarness.connect;
import static dev.rivulet.engine.MachineHarness.create;
import static dev.rivulet.engine.MachineHarness.disconnect;
import static dev.rivulet.engine.MachineHarness.journal;
import static dev.rivulet.engine.MachineHarness.outbox;
import static dev.rivulet.engine.MachineHarness.q;
import static dev.rivulet.engine.MachineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.InboxRecord.Mode;
import dev.rivulet.records.JsonPatch;
import dev.rivulet.records.OutboxRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lifecycle and rejections: which requests apply, and what applying them numbers. */
class ActorMachineTest {
  private static final String CREATED_A = "{'actor':{'id':'counter/a','name':'counter','key':['a'],"
      + "'generation':1,'createdAt':1000},'created':true}";

  private final MachineHarness h = new MachineHarness();

  @Test
  void createThenActionsAdvanceTheSequenceAndTheEventSequence() {
    InboxRecord.Create create = create(Mode.CREATE, "counter/a", "r1", null);
    Step created = h.apply(create, 1_000);
    assertThat(outbox(created)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r1','actor':'counter/a','output':" + CREATED_A + "}"));
    assertThat(journal(created)).isEqualTo(q("{'actor':'counter/a','seq':1,'generation':1,"
        + "'kind':'create','at':1000,'source':{'partition':0,'offset':0},'created':true,"
        + "'output':" + CREATED_A + ",'patch':[{'op':'replace','path':'','value':{'count':0}}],"
        + "'snapshot':{'count':0},'meta':{'eventSeq':0}}"));
    assertThat(created.journal().request()).isEqualTo(create);
    assertThat(created.journal().seed())
        .isEqualTo(Turn.seedOf(ActorId.of("counter", "a"), 1));
    assertThat(text(h.stored("counter/a"))).isEqualTo(q("{'actor':'counter/a','generation':1,"
        + "'seq':1,'eventSeq':0,'lastAt':1000,'destroyed':false,'state':{'count':0},"
        + "'createdAt':1000}"));

    Step incremented = h.apply(action("counter/a", "r2", "increment", "[5]"), 2_000);
    assertThat(outbox(incremented)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r2','actor':'counter/a','output':5}"));
    assertThat(journal(incremented)).isEqualTo(q("{'actor':'counter/a','seq':2,'generation':1,"
        + "'kind':'action','at':2000,'source':{'partition':0,'offset':1},'output':5,"
        + "'broadcasts':[{'eventSeq':1,'name':'newCount','args':[5]}],"
        + "'patch':[{'op':'replace','path':'/count','value':5}]}"));
    assertThat(text(h.stored("counter/a"))).isEqualTo(q("{'actor':'counter/a','generation':1,"
        + "'seq':2,'eventSeq':1,'lastAt':2000,'destroyed':false,'state':{'count':5},"
        + "'createdAt':1000}"));

    Step read = h.apply(action("counter/a", "r3", "getCount", "[]"), 3_000);
    assertThat(outbox(read)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r3','actor':'counter/a','output':5}"));
    assertThat(journal(read)).isEqualTo(q("{'actor':'counter/a','seq':3,'generation':1,"
        + "'kind':'action','at':3000,'source':{'partition':0,'offset':2},'output':5,'patch':[]}"));
    assertThat(h.stored("counter/a").seq()).isEqualTo(3);
    assertThat(h.stored("counter/a").eventSeq()).isEqualTo(1);
  }

  @Test
  void getOrCreateCreatesOnceAndThenFindsTheActor() {
    h.apply(create(Mode.GET_OR_CREATE, "counter/a", "r1", null));
    h.apply(action("counter/a", "r2", "increment", "[2]"));

    Step again = h.apply(create(Mode.GET_OR_CREATE, "counter/a", "r3", null));
    assertThat(outbox(again)).containsExactly(q("gw-1 {'kind':'reply','requestId':'r3',"
        + "'actor':'counter/a','output':" + CREATED_A.replace("true", "false") + "}"));
    assertThat(journal(again)).isEqualTo(q("{'actor':'counter/a','seq':3,'generation':1,"
        + "'kind':'create','at':1000,'source':{'partition':0,'offset':2},'output':"
        + CREATED_A.replace("true", "false") + ",'patch':[]}"));
    assertThat(h.stored("counter/a").state()).hasToString(q("{'count':2}"));
  }

  @Test
  void getOrCreateActionCreatesTheActorAndRunsTheActionInOneRecord() {
    Step step = h.apply(action("counter/a", "r1", "increment", "[3]"));
    assertThat(outbox(step)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r1','actor':'counter/a','output':3}"));
    assertThat(journal(step)).isEqualTo(q("{'actor':'counter/a','seq':1,'generation':1,"
        + "'kind':'action','at':1000,'source':{'partition':0,'offset':0},'created':true,"
        + "'output':3,'broadcasts':[{'eventSeq':1,'name':'newCount','args':[3]}],"
        + "'patch':[{'op':'replace','path':'','value':{'count':3}}],'snapshot':{'count':3},"
        + "'meta':{'eventSeq':1}}"));
  }

  @Test
  void getOfAMissingActorIsNotFoundAndCreatesNothing() {
    String notFound = "'error':{'group':'actor','code':'not_found',"
        + "'message':'Actor counter/a does not exist'}}";
    Step action = h.apply(action(Mode.GET, "counter/a", "r1", "increment", "[1]"));
    assertThat(outbox(action)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r1','actor':'counter/a'," + notFound));
    assertNothingApplied(action);

    Step create = h.apply(create(Mode.GET, "counter/a", "r2", null));
    assertThat(outbox(create)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r2','actor':'counter/a'," + notFound));
    assertNothingApplied(create);
    assertThat(h.stored("counter/a")).isNull();
  }

  @Test
  void createOfAnExistingActorIsADuplicateKeyAndChangesNothing() {
    h.apply(create(Mode.CREATE, "counter/a", "r1", null));
    h.apply(action("counter/a", "r2", "increment", "[2]"));
    String before = text(h.stored("counter/a"));

    Step duplicate = h.apply(create(Mode.CREATE, "counter/a", "r3", null));
    assertThat(outbox(duplicate)).containsExactly(q("gw-1 {'kind':'reply','requestId':'r3',"
        + "'actor':'counter/a','error':{'group':'actor','code':'duplicate_key',"
        + "'message':'Actor counter/a already exists'}}"));
    assertNothingApplied(duplicate);
    assertThat(h.apply(action(Mode.CREATE, "counter/a", "r4", "increment", "[1]")).journal())
        .isNull();
    assertThat(text(h.stored("counter/a"))).isEqualTo(before);
  }

  @Test
  void anUnknownActorTypeIsRejected() {
    Step step = h.apply(action("nope/a", "r1", "increment", "[1]"));
    assertNothingApplied(step);
    assertThat(step.outbox()).hasSize(1);
    var reply = (OutboxRecord.Reply) step.outbox().get(0).record();
    assertThat(reply.error().qualifiedCode()).isEqualTo("actor.type_not_found");
    assertThat(reply.error().message())
        .startsWith("No actor type named \"nope\" is registered; registered types: ")
        .contains("counter", "room", "profile");
    assertNothingApplied(h.apply(connect("nope/a", "gw-2", "c1")));
    Step disconnect = h.apply(disconnect("nope/a", "gw-2", "c1"));
    assertNothingApplied(disconnect);
    assertThat(disconnect.outbox()).isEmpty(); // nobody to tell; the step still says why
    assertThat(disconnect.rejection().qualifiedCode()).isEqualTo("actor.type_not_found");
    assertThat(h.stored("nope/a")).isNull();
  }

  @Test
  void anUnknownActionIsRejectedAndTheActorIsNotCreated() {
    Step step = h.apply(action("counter/a", "r1", "explode", "[]"));
    assertThat(outbox(step)).containsExactly(q("gw-1 {'kind':'reply','requestId':'r1',"
        + "'actor':'counter/a','error':{'group':'actor','code':'action_not_found',"
        + "'message':'Action `explode` was not found on actor type counter; its actions: burst, "
        + "clock, fail, getCount, huge, increment, incrementAndShout, incrementThenFail, label, "
        + "reject, shout, "
        + "sneakyBroadcast, sneakySet, swallowViolation, vars'}}"));
    assertNothingApplied(step);
    assertThat(h.stored("counter/a")).isNull();
  }

  @Test
  void aWrongArgumentCountIsRejectedWithTheSignatureAndCreatesNothing() {
    assertInvalidArguments("increment", "[]",
        "counter.increment takes 1 argument (amount: an integer), got 0");
    assertInvalidArguments("label", "['a']", "counter.label takes 3 arguments (prefix: a string, "
        + "times: an integer, upper: a boolean), got 1");
    assertInvalidArguments("getCount", "[1]", "counter.getCount takes 0 arguments (), got 1");
    assertThat(h.stored("counter/a")).isNull();
  }

  @Test
  void wrongArgumentTypesAreRejectedNamingTheArgumentAndChangeNothing() {
    h.apply(action("counter/a", "r0", "increment", "[4]"));
    String before = text(h.stored("counter/a"));

    assertInvalidArguments("increment", "['5']",
        "argument 1 (amount) of counter.increment must be an integer, got \"5\"");
    assertInvalidArguments("increment", "[1.5]",
        "argument 1 (amount) of counter.increment must be an integer, got 1.5");
    assertInvalidArguments("increment", "[null]",
        "argument 1 (amount) of counter.increment must not be null");
    assertInvalidArguments("increment", "{'amount':5}",
        "arguments of counter.increment must be a JSON array, got object");
    assertInvalidArguments("label", "[1, 2, true]",
        "argument 1 (prefix) of counter.label must be a string, got 1");
    assertInvalidArguments("label", "['a', 2, 'yes']",
        "argument 3 (upper) of counter.label must be a boolean, got \"yes\"");

    assertThat(text(h.stored("counter/a"))).isEqualTo(before);
    assertThat(h.apply(action("counter/a", "r9", "increment", "[1]")).journal().seq())
        .isEqualTo(2);
  }

  @Test
  void aDestroyedActorIsCreatedAgainWithTheNextGenerationAndContinuesItsSequences() {
    ActorId id = ActorId.of("counter", "a");
    h.store(new ActorRecord(id, 2, 7, 4, 5_000, true, null, Map.of(), Map.of(), Map.of()));

    assertThat(h.apply(action(Mode.GET, "counter/a", "r1", "getCount", "[]")).journal()).isNull();

    Step created = h.apply(create(Mode.CREATE, "counter/a", "r2", null), 1_000);
    String output = CREATED_A.replace("'generation':1,'createdAt':1000",
        "'generation':3,'createdAt':5000");
    assertThat(journal(created)).isEqualTo(q("{'actor':'counter/a','seq':8,'generation':3,"
        + "'kind':'create','at':5000,'source':{'partition':0,'offset':1},'created':true,"
        + "'output':" + output + ",'patch':[{'op':'replace','path':'','value':{'count':0}}],"
        + "'snapshot':{'count':0},'meta':{'eventSeq':4}}"));
    assertThat(created.journal().seed()).isEqualTo(Turn.seedOf(id, 8));

    Step incremented = h.apply(action("counter/a", "r3", "increment", "[1]"));
    assertThat(incremented.journal().broadcasts().get(0).eventSeq()).isEqualTo(5);
    assertThat(text(h.stored("counter/a"))).isEqualTo(q("{'actor':'counter/a','generation':3,"
        + "'seq':9,'eventSeq':5,'lastAt':5000,'destroyed':false,'state':{'count':1},"
        + "'createdAt':5000}"));
  }

  @Test
  void instanceFieldsLiveAsLongAsTheGenerationAndAreNotPersisted() {
    assertThat(callsServed("counter/a")).isEqualTo(1);
    assertThat(callsServed("counter/a")).isEqualTo(2);
    assertThat(callsServed("counter/b")).isEqualTo(1);
    assertThat(callsServed("counter/a")).isEqualTo(3);
    assertThat(h.stored("counter/a").state()).hasToString(q("{'count':0}"));

    ActorRecord a = h.stored("counter/a");
    h.store(new ActorRecord(a.actor(), a.generation(), a.seq(), a.eventSeq(), a.lastAt(), true,
        null, Map.of(), Map.of(), Map.of()));
    assertThat(callsServed("counter/a")).isEqualTo(1);
    assertThat(h.stored("counter/a").generation()).isEqualTo(2);
  }

  @Test
  void createStateBuildsTheInitialStateFromTheInput() {
    Step created =
        h.apply(create(Mode.CREATE, "profile/p1", "r1", "{'name':'Ada','age':36}"));
    assertThat(created.journal().snapshot()).hasToString(q("{'name':'Ada','age':36,'visits':0}"));
    assertThat(created.journal().request()).isEqualTo(
        create(Mode.CREATE, "profile/p1", "r1", "{'name':'Ada','age':36}"));
    assertThat(outbox(h.apply(action("profile/p1", "r2", "visit", "[]"))))
        .containsExactly(
            q("gw-1 {'kind':'reply','requestId':'r2','actor':'profile/p1','output':1}"));

    Step viaAction =
        h.apply(actionWithInput("profile/p2", "r3", "{'name':'Bo','age':7}", "visit", "[]"));
    assertThat(journal(viaAction)).isEqualTo(q("{'actor':'profile/p2','seq':1,'generation':1,"
        + "'kind':'action','at':1000,'source':{'partition':0,'offset':2},'created':true,"
        + "'output':1,"
        + "'patch':[{'op':'replace','path':'','value':{'name':'Bo','age':7,'visits':1}}],"
        + "'snapshot':{'name':'Bo','age':7,'visits':1},"
        + "'meta':{'eventSeq':0}}"));
  }

  @Test
  void aBadlyTypedInputIsRejectedAsInvalidArgumentsAndCreatesNothing() {
    for (String input : new String[] {
        "{'name':'Ada','age':'old'}", "{'name':'Ada','age':36,'extra':1}", "'Ada'"}) {
      Step step = h.apply(create(Mode.CREATE, "profile/p", "r1", input));
      assertNothingApplied(step);
      var reply = (OutboxRecord.Reply) step.outbox().get(0).record();
      assertThat(reply.error().qualifiedCode()).as(input).isEqualTo("actor.invalid_arguments");
      assertThat(reply.error().message()).as(input)
          .startsWith("the input of profile must be an object (Input): ");
    }
    assertThat(h.stored("profile/p")).isNull();
  }

  @Test
  void userErrorsOfCreateStateAreRepliedAndCreateNothing() {
    Step missing = h.apply(create(Mode.CREATE, "profile/p", "r1", null));
    assertThat(outbox(missing)).containsExactly(q("gw-1 {'kind':'reply','requestId':'r1',"
        + "'actor':'profile/p','error':{'group':'user','code':'input_required',"
        + "'message':'a profile needs a name and an age'}}"));
    assertNothingApplied(missing);

    Step negative = h.apply(
        actionWithInput("profile/p", "r2", "{'name':'Ada','age':-1}", "visit", "[]"));
    assertThat(outbox(negative)).containsExactly(q("gw-1 {'kind':'reply','requestId':'r2',"
        + "'actor':'profile/p','error':{'group':'user','code':'invalid_age',"
        + "'message':'age must not be negative','metadata':{'age':-1}}}"));
    assertNothingApplied(negative);
    assertThat(h.stored("profile/p")).isNull();
  }

  @Test
  void theJournalPatchOfEveryRecordTurnsThePreviousStateIntoTheNextOne() {
    var previous = h.apply(create(Mode.CREATE, "room/r", "r0", null)).journal().snapshot();
    String[][] script = {
      {"join", "['ann']"}, {"join", "['bob']"}, {"score", "['bob', 5]"}, {"topic", "['x/y~z']"},
      {"leave", "['ann']"}, {"join", "['cy']"}, {"members", "[]"}, {"leave", "['bob']"},
      {"leave", "['cy']"}, {"topic", "['']"},
    };
    for (String[] call : script) {
      var step = h.apply(action("room/r", "r", call[0], call[1]));
      var replayed = JsonPatch.apply(previous, step.journal().patch());
      assertThat(replayed).as(call[0] + call[1]).hasToString(h.stored("room/r").state().toString());
      previous = replayed;
    }
    assertThat(previous).hasToString(q("{'topic':'','members':[],'scores':{}}"));
  }

  @Test
  void actionsWithDottedNamesAreCalledByTheirWholeName() {
    Step added = h.apply(action("calc/c", "r1", "calculator.add", "[5]"));
    assertThat(outbox(added)).containsExactly(
        q("gw-1 {'kind':'reply','requestId':'r1','actor':'calc/c','output':5}"));
    assertThat(added.journal().request().actionName()).isEqualTo("calculator.add");
    assertThat(h.apply(action("calc/c", "r2", "calculator.total", "[]")).journal().output()
        .asLong()).isEqualTo(5);

    Step prefix = h.apply(action("calc/c", "r3", "calculator", "[]"));
    assertThat(prefix.error().message()).isEqualTo("Action `calculator` was not found on actor "
        + "type calc; its actions: calculator.add, calculator.total");
    assertThat(prefix.journal()).isNull();
  }

  private long callsServed(String actor) {
    return h.apply(action(actor, "r", "vars", "[]")).journal().output().asLong();
  }

  private void assertInvalidArguments(String action, String args, String message) {
    Step step = h.apply(action("counter/a", "bad", action, args));
    assertThat(outbox(step)).containsExactly(q("gw-1 {'kind':'reply','requestId':'bad',"
        + "'actor':'counter/a','error':{'group':'actor','code':'invalid_arguments',"
        + "'message':'" + message.replace("\"", "\\\"") + "'}}"));
    assertNothingApplied(step);
  }

  private static void assertNothingApplied(Step step) {
    assertThat(step.journal()).isNull();
    assertThat(step.next()).isNull();
  }
}
