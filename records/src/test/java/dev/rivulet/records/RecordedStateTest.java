package dev.rivulet.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Folding journal records into the state and stored collections at a step. */
class RecordedStateTest {
  private static JsonNode json(String singleQuoted) {
    return RecordCodec.decodeTree(singleQuoted.replace('\'', '"')
        .getBytes(StandardCharsets.UTF_8));
  }

  /** A record of {@code actor} as JSON (single quotes), with what every record has. */
  private static JournalRecord record(long seq, String fields) {
    return RecordCodec.mapper().convertValue(json("{'actor':'room/a','seq':" + seq
        + ",'generation':1,'kind':'action','at':1,'seed':1,'output':null" + fields + "}"),
        JournalRecord.class);
  }

  /** The same JSON, numbers compared by value (a fold's numbers are longs, parsed ones ints). */
  private static void assertSame(JsonNode actual, String expected) {
    assertThat(JsonPatch.equal(actual, json(expected)))
        .as("%s is %s", actual, json(expected)).isTrue();
  }

  @Test
  void recordsBeforeTheFirstSnapshotOrCheckpointChangeNothing() {
    RecordedState fold = new RecordedState();
    fold.apply(record(4, ",'patch':[{'op':'replace','path':'/n','value':4}],"
        + "'collections':[{'op':'append','log':'m','number':4,'value':'d'}]"));
    assertThat(fold.stateKnown()).isFalse();
    assertThat(fold.state().isNull()).isTrue();
    assertThat(fold.collections()).isNull();
  }

  @Test
  void aCheckpointThenOperationsGiveTheCollectionsAfterEachStep() {
    RecordedState fold = new RecordedState();
    fold.apply(record(5, ",'patch':[],'snapshot':{'n':5},'meta':{'eventSeq':0},"
        + "'collectionsSnapshot':{'m':{'kind':'log','first':3,'values':['a','b']},"
        + "'t':{'kind':'map','entries':{'x':1}}}"));
    fold.apply(record(6, ",'patch':[{'op':'replace','path':'/n','value':6}],'collections':["
        + "{'op':'append','log':'m','number':5,'value':'c'},{'op':'trim','log':'m','before':4},"
        + "{'op':'put','map':'t','key':'y','value':2},{'op':'remove','map':'t','key':'x'},"
        + "{'op':'put','map':'u','key':'\uFFFD','value':3},"
        + "{'op':'put','map':'u','key':'\uD83D\uDE00','value':4}]"));
    assertThat(fold.state()).isEqualTo(json("{'n':6}"));
    assertSame(fold.collections(), "{'m':{'kind':'log','first':4,"
        + "'values':['b','c']},'t':{'kind':'map','entries':{'y':2}},"
        + "'u':{'kind':'map','entries':{'\uFFFD':3,'\uD83D\uDE00':4}}}");
    // Keys in code point order, as the engine's store keeps them.
    assertThat(fold.collections().path("u").path("entries").fieldNames())
        .toIterable().containsExactly("\uFFFD", "\uD83D\uDE00");

    fold.apply(record(7, ",'patch':[],'collections':[{'op':'clear','map':'t'},"
        + "{'op':'trim','log':'m','before':6}]"));
    assertThat(fold.collections().path("t").path("entries")).isEmpty();
    assertSame(fold.collections().path("m"), "{'kind':'log','first':6,'values':[]}");
    fold.apply(record(8, ",'patch':[],'collections':[{'op':'append','log':'m','number':6,"
        + "'value':'f'}]"));
    assertSame(fold.collections().path("m"), "{'kind':'log','first':6,'values':['f']}");
  }

  @Test
  void destructionDropsEverythingAndCreationStartsWithoutCollections() {
    RecordedState fold = new RecordedState();
    fold.apply(record(1, ",'created':true,'patch':[],'snapshot':{'n':0},'meta':{'eventSeq':0},"
        + "'collections':[{'op':'append','log':'m','number':1,'value':'a'}],"
        + "'collectionsSnapshot':{'m':{'kind':'log','first':1,'values':['a']}}"));
    fold.apply(record(2, ",'destroyed':true,'patch':[{'op':'replace','path':'','value':null}]"));
    assertThat(fold.state().isNull()).isTrue();
    assertThat(fold.stateKnown()).isTrue();
    assertThat(fold.collections()).isEmpty();
    fold.apply(record(3, ",'created':true,'patch':[],'snapshot':{'n':0},'meta':{'eventSeq':0}"));
    assertThat(fold.state()).isEqualTo(json("{'n':0}"));
    assertThat(fold.collections()).isEmpty();
  }
}
