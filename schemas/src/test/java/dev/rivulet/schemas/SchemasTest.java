package dev.rivulet.schemas;

import static dev.rivulet.schemas.ContractSchemas.EFFECT;
import static dev.rivulet.schemas.ContractSchemas.ERROR;
import static dev.rivulet.schemas.ContractSchemas.HEARTBEAT;
import static dev.rivulet.schemas.ContractSchemas.INBOX;
import static dev.rivulet.schemas.ContractSchemas.JOURNAL;
import static dev.rivulet.schemas.ContractSchemas.OUTBOX;
import static dev.rivulet.schemas.ContractSchemas.REGISTRY;
import static dev.rivulet.schemas.ContractSchemas.WS_TO_CLIENT;
import static dev.rivulet.schemas.ContractSchemas.WS_TO_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema files themselves: each is a valid draft 2020-12 schema with a stable {@code $id},
 * documents every property, and accepts and rejects hand-written examples as intended. Fast: no
 * broker (RecordContractIT holds a real run against the same schemas).
 */
class SchemasTest {
  private static final ContractSchemas SCHEMAS = new ContractSchemas();

  @Test
  void theResourceFolderHoldsExactlyTheKnownSchemas() throws IOException, URISyntaxException {
    URL dir = SchemasTest.class.getClassLoader().getResource("schemas");
    assertThat(dir).as("schemas/ on the class path").isNotNull();
    List<String> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(Path.of(dir.toURI()))) {
      list.forEach(p -> files.add(p.getFileName().toString()));
    }
    assertThat(files).containsExactlyInAnyOrderElementsOf(
        ContractSchemas.ALL.stream().map(n -> n + ".schema.json").toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void isAValidDraft202012SchemaWithItsId(String name) {
    JsonNode raw = ContractSchemas.raw(name);
    assertThat(raw.path("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(raw.path("$id").asText()).isEqualTo(ContractSchemas.BASE + name + ".schema.json");
    assertThat(SCHEMAS.metaSchema().validate(raw)).as("meta-schema errors of " + name).isEmpty();
    SCHEMAS.schema(name); // loads it and resolves every $ref, also into the other files
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void saysItDescribesThisVersionsWritersAndDocumentsEveryProperty(String name) {
    JsonNode raw = ContractSchemas.raw(name);
    assertThat(raw.path("title").asText()).isNotBlank();
    assertThat(raw.path("description").asText())
        .as("the description of " + name + " tells readers to tolerate added fields")
        .contains("this version's")
        .contains("later versions");
    List<String> undocumented = new ArrayList<>();
    undocumented(raw, "#", undocumented);
    assertThat(undocumented).as("properties and $defs without a description in " + name).isEmpty();
  }

  /** Collects the properties and definitions without a description, walking only subschemas. */
  private static void undocumented(JsonNode schema, String at, List<String> out) {
    if (!schema.isObject()) return;
    for (String map : List.of("properties", "$defs")) {
      JsonNode entries = schema.get(map);
      if (entries == null) continue;
      entries.fields().forEachRemaining(e -> {
        String where = at + "/" + map + "/" + e.getKey();
        if (!e.getValue().path("description").isTextual()) out.add(where);
        undocumented(e.getValue(), where, out);
      });
    }
    // Not "if": its subschemas are conditions, not documentation.
    for (String one : List.of("items", "additionalProperties", "unevaluatedProperties", "not", "then",
        "else")) {
      if (schema.has(one)) undocumented(schema.get(one), at + "/" + one, out);
    }
    for (String many : List.of("oneOf", "anyOf", "allOf", "prefixItems")) {
      JsonNode list = schema.get(many);
      if (list == null) continue;
      for (int i = 0; i < list.size(); i++) {
        undocumented(list.get(i), at + "/" + many + "/" + i, out);
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @MethodSource("examples")
  void handWrittenExample(String schema, String verdict, String what, String json) {
    JsonNode value = ContractSchemas.parse(json);
    if (verdict.equals("accepts")) SCHEMAS.assertValid(schema, value, what);
    else SCHEMAS.assertInvalid(schema, value, what);
  }

  @Test
  void aRejectionNamesWhereTheValueIsWrong() {
    var errors = SCHEMAS.errors(INBOX, ContractSchemas.parse("""
        {"kind":"action","actor":"counter/a","mode":"get","action":"increment","args":[1]}"""));
    assertThat(errors).extracting(Object::toString).anyMatch(e -> e.contains("replyTo"));
  }

  /** The examples in README.md are real captured records; they must stay valid. */
  @Test
  void theReadmeExamplesFitTheirSchemas() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    List<JsonNode> examples = new ArrayList<>();
    int at = 0;
    while ((at = readme.indexOf("```json\n", at)) >= 0) {
      int end = readme.indexOf("```", at + 8);
      try (var values = ContractSchemas.JSON.readerFor(JsonNode.class)
          .<JsonNode>readValues(readme.substring(at + 8, end))) {
        values.forEachRemaining(examples::add);
      }
      at = end + 3;
    }
    assertThat(examples).hasSizeGreaterThan(15);
    assertThat(examples.stream().map(SchemasTest::schemaOf).distinct())
        .as("the schemas the README has examples of")
        .containsExactlyInAnyOrderElementsOf(ContractSchemas.ALL);
    for (JsonNode example : examples) {
      SCHEMAS.assertValid(schemaOf(example), example, "README example");
    }
  }

  /** Which schema a README example is for, by its shape. */
  private static String schemaOf(JsonNode v) {
    if (v.path("body").has("tag")) { // a raw HTTP request's body is a string
      String tag = v.at("/body/tag").asText();
      return tag.endsWith("Request") ? WS_TO_SERVER : WS_TO_CLIENT;
    }
    if (v.has("seq")) return JOURNAL;
    if (v.has("javaClass")) return REGISTRY;
    if (v.has("group")) return ERROR;
    if (v.has("effectId")) return EFFECT;
    if (v.has("alive")) return HEARTBEAT;
    String kind = v.path("kind").asText();
    boolean outbox = kind.equals("reply") || kind.equals("event")
        || (kind.equals("disconnect") && !v.has("gateway"));
    return outbox ? OUTBOX : INBOX;
  }

  static Stream<String> names() {
    return ContractSchemas.ALL.stream();
  }

  private static final String REPLY_TO = "\"replyTo\":{\"gateway\":\"gw-1\",\"requestId\":\"r-1\"}";

  static Stream<Arguments> examples() {
    return Stream.of(
        // error
        good(ERROR, "an actor error", """
            {"group":"actor","code":"not_found","message":"Actor counter/a does not exist"}"""),
        good(ERROR, "a user error with metadata", """
            {"group":"user","code":"room_full","message":"full","metadata":{"max":8}}"""),
        bad(ERROR, "no code", """
            {"group":"actor","message":"m"}"""),
        bad(ERROR, "a field this version does not write", """
            {"group":"actor","code":"not_found","message":"m","actor":"counter/a"}"""),
        bad(ERROR, "an upper-case code", """
            {"group":"actor","code":"NOT_FOUND","message":"m"}"""),
        bad(ERROR, "a numeric message", """
            {"group":"actor","code":"not_found","message":404}"""),

        // inbox
        good(INBOX, "a create", """
            {"kind":"create","actor":"counter/a",%s,"mode":"create"}""".formatted(REPLY_TO)),
        good(INBOX, "a getOrCreate with input and an escaped key", """
            {"kind":"create","actor":"chatRoom/a%%2Fb/c",%s,"mode":"getOrCreate","input":{"x":1}}"""
            .formatted(REPLY_TO)),
        good(INBOX, "a stateless action", """
            {"kind":"action","actor":"counter/a",%s,"mode":"getOrCreate","action":"increment",
             "args":[5]}""".formatted(REPLY_TO)),
        good(INBOX, "an action over a connection", """
            {"kind":"action","actor":"counter/a",%s,"mode":"get","action":"getCount","args":[],
             "connId":"c-1"}""".formatted(REPLY_TO)),
        good(INBOX, "a connect", """
            {"kind":"connect","actor":"counter/a",%s,"mode":"getOrCreate","connId":"c-1",
             "params":{"token":"t"},"transport":"websocket"}""".formatted(REPLY_TO)),
        good(INBOX, "a disconnect", """
            {"kind":"disconnect","actor":"counter/a","gateway":"gw-1","connId":"c-1",
             "reason":"closed"}"""),
        bad(INBOX, "an action without replyTo", """
            {"kind":"action","actor":"counter/a","mode":"get","action":"increment","args":[1]}"""),
        bad(INBOX, "an action without args", """
            {"kind":"action","actor":"counter/a",%s,"mode":"get","action":"increment"}"""
            .formatted(REPLY_TO)),
        bad(INBOX, "an action with an object for args", """
            {"kind":"action","actor":"counter/a",%s,"mode":"get","action":"increment",
             "args":{"amount":1}}""".formatted(REPLY_TO)),
        bad(INBOX, "the Java name of a mode", """
            {"kind":"create","actor":"counter/a",%s,"mode":"GET_OR_CREATE"}"""
            .formatted(REPLY_TO)),
        bad(INBOX, "an actor id without a key", """
            {"kind":"create","actor":"counter",%s,"mode":"create"}""".formatted(REPLY_TO)),
        bad(INBOX, "an unknown kind", """
            {"kind":"restart","actor":"counter/a",%s}""".formatted(REPLY_TO)),
        bad(INBOX, "no kind", """
            {"actor":"counter/a",%s,"mode":"create"}""".formatted(REPLY_TO)),
        bad(INBOX, "a connect without transport", """
            {"kind":"connect","actor":"counter/a",%s,"mode":"get","connId":"c-1"}"""
            .formatted(REPLY_TO)),
        bad(INBOX, "a connect over an unknown transport", """
            {"kind":"connect","actor":"counter/a",%s,"mode":"get","connId":"c-1",
             "transport":"tcp"}""".formatted(REPLY_TO)),
        bad(INBOX, "a disconnect with replyTo instead of gateway", """
            {"kind":"disconnect","actor":"counter/a",%s,"connId":"c-1"}""".formatted(REPLY_TO)),
        bad(INBOX, "replyTo without requestId", """
            {"kind":"create","actor":"counter/a","replyTo":{"gateway":"gw-1"},"mode":"create"}"""),
        bad(INBOX, "a field this version does not write", """
            {"kind":"create","actor":"counter/a",%s,"mode":"create","ttl":5}"""
            .formatted(REPLY_TO)),

        // inbox: the actor model
        good(INBOX, "an HTTP action with an idempotency key", """
            {"kind":"action","actor":"counter/a",%s,"mode":"getOrCreate","action":"increment",
             "args":[5],"idempotencyKey":"k-1"}""".formatted(REPLY_TO)),
        good(INBOX, "a call from another actor", """
            {"kind":"action","actor":"ponger/p","mode":"getOrCreate","action":"pong",
             "args":["hi"],"caller":{"actor":"pinger/a","callId":"c3.1","continuation":"ponged",
             "extra":["hi"]}}"""),
        good(INBOX, "a call without extra arguments", """
            {"kind":"action","actor":"ponger/p","mode":"getOrCreate","action":"pong","args":[],
             "caller":{"actor":"pinger/a","callId":"c3.1","continuation":"ponged","extra":[]}}"""),
        good(INBOX, "a fire-and-forget send", """
            {"kind":"action","actor":"ponger/p","mode":"getOrCreate","action":"note",
             "args":["hi"],"caller":{"actor":"pinger/a"}}"""),
        good(INBOX, "a destroy", """
            {"kind":"destroy","actor":"life/a",%s}""".formatted(REPLY_TO)),
        good(INBOX, "a fire", """
            {"kind":"fire","actor":"clock/a","scheduleId":"s2.1","due":1700000000200,
             "action":"ring","args":["tea",1700000000200]}"""),
        good(INBOX, "a continue with a call's output", """
            {"kind":"continue","actor":"pinger/a","source":"call","id":"c3.1",
             "continuation":"ponged","extra":["hi"],"output":"HI"}"""),
        good(INBOX, "a continue with a null output", """
            {"kind":"continue","actor":"pinger/a","source":"call","id":"c3.1",
             "continuation":"ponged","extra":[],"output":null}"""),
        good(INBOX, "a continue with an effect's error", """
            {"kind":"continue","actor":"agent/a","source":"effect","id":"agent/a#e2.1",
             "continuation":"answered","extra":["p"],
             "error":{"group":"effect","code":"timed_out","message":"effect shout took too long"}}"""),
        good(INBOX, "a raw HTTP PUT with a body", """
            {"kind":"request","actor":"site/a",%s,"mode":"getOrCreate","method":"PUT",
             "path":"/home","query":{"lang":["en"],"tag":["a","b"]},
             "headers":{"content-type":"text/plain","x-custom":"1"},"body":"aGVsbG8="}"""
            .formatted(REPLY_TO)),
        good(INBOX, "a raw HTTP GET without body or query", """
            {"kind":"request","actor":"site/a",%s,"mode":"get","method":"GET","path":"/",
             "query":{},"headers":{}}""".formatted(REPLY_TO)),
        good(INBOX, "a disconnect of a lost gateway", """
            {"kind":"disconnect","actor":"lobby/a","gateway":"gw-1","connId":"c-1",
             "reason":"gateway gw-1 lost"}"""),
        bad(INBOX, "an action with both replyTo and caller", """
            {"kind":"action","actor":"ponger/p",%s,"mode":"getOrCreate","action":"note",
             "args":[],"caller":{"actor":"pinger/a"}}""".formatted(REPLY_TO)),
        bad(INBOX, "an action with neither replyTo nor caller", """
            {"kind":"action","actor":"ponger/p","mode":"getOrCreate","action":"note","args":[]}"""),
        bad(INBOX, "a call without its continuation", """
            {"kind":"action","actor":"ponger/p","mode":"getOrCreate","action":"pong","args":[],
             "caller":{"actor":"pinger/a","callId":"c3.1","extra":[]}}"""),
        bad(INBOX, "a continuation without a callId", """
            {"kind":"action","actor":"ponger/p","mode":"getOrCreate","action":"pong","args":[],
             "caller":{"actor":"pinger/a","continuation":"ponged","extra":[]}}"""),
        bad(INBOX, "a caller that is not an actor id", """
            {"kind":"action","actor":"ponger/p","mode":"getOrCreate","action":"note","args":[],
             "caller":{"actor":"pinger"}}"""),
        bad(INBOX, "an action from an actor over a connection", """
            {"kind":"action","actor":"ponger/p","mode":"getOrCreate","action":"note","args":[],
             "connId":"c-1","caller":{"actor":"pinger/a"}}"""),
        bad(INBOX, "an action from an actor with an idempotency key", """
            {"kind":"action","actor":"ponger/p","mode":"getOrCreate","action":"note","args":[],
             "idempotencyKey":"k","caller":{"actor":"pinger/a"}}"""),
        bad(INBOX, "an action from an actor with mode get", """
            {"kind":"action","actor":"ponger/p","mode":"get","action":"note","args":[],
             "caller":{"actor":"pinger/a"}}"""),
        bad(INBOX, "an empty idempotency key", """
            {"kind":"action","actor":"counter/a",%s,"mode":"get","action":"increment",
             "args":[5],"idempotencyKey":""}""".formatted(REPLY_TO)),
        bad(INBOX, "an idempotency key of 256 characters", """
            {"kind":"action","actor":"counter/a",%s,"mode":"get","action":"increment",
             "args":[5],"idempotencyKey":"%s"}""".formatted(REPLY_TO, "k".repeat(256))),
        bad(INBOX, "a destroy without replyTo", """
            {"kind":"destroy","actor":"life/a"}"""),
        bad(INBOX, "a destroy with a mode", """
            {"kind":"destroy","actor":"life/a",%s,"mode":"get"}""".formatted(REPLY_TO)),
        bad(INBOX, "a fire without due", """
            {"kind":"fire","actor":"clock/a","scheduleId":"s2.1","action":"ring","args":[]}"""),
        bad(INBOX, "a fire due as a string", """
            {"kind":"fire","actor":"clock/a","scheduleId":"s2.1","due":"2024-01-01T00:00:00Z",
             "action":"ring","args":[]}"""),
        bad(INBOX, "a continue with both output and error", """
            {"kind":"continue","actor":"pinger/a","source":"call","id":"c3.1",
             "continuation":"ponged","extra":[],"output":1,
             "error":{"group":"user","code":"x","message":"m"}}"""),
        bad(INBOX, "a continue with neither output nor error", """
            {"kind":"continue","actor":"pinger/a","source":"call","id":"c3.1",
             "continuation":"ponged","extra":[]}"""),
        bad(INBOX, "a continue from an unknown source", """
            {"kind":"continue","actor":"pinger/a","source":"timer","id":"c3.1",
             "continuation":"ponged","extra":[],"output":1}"""),
        bad(INBOX, "a continue without extra", """
            {"kind":"continue","actor":"pinger/a","source":"call","id":"c3.1",
             "continuation":"ponged","output":1}"""),
        bad(INBOX, "a raw HTTP request with an unrouted method", """
            {"kind":"request","actor":"site/a",%s,"mode":"get","method":"HEAD","path":"/"}"""
            .formatted(REPLY_TO)),
        bad(INBOX, "a raw HTTP request with a header name in upper case", """
            {"kind":"request","actor":"site/a",%s,"mode":"get","method":"GET","path":"/",
             "headers":{"Content-Type":"text/plain"}}""".formatted(REPLY_TO)),
        bad(INBOX, "a raw HTTP request with a relative path", """
            {"kind":"request","actor":"site/a",%s,"mode":"get","method":"GET","path":"home"}"""
            .formatted(REPLY_TO)),
        bad(INBOX, "a raw HTTP request whose body is not base64", """
            {"kind":"request","actor":"site/a",%s,"mode":"get","method":"PUT","path":"/",
             "body":"hello, world"}""".formatted(REPLY_TO)),
        bad(INBOX, "a raw HTTP request with one query value as a string", """
            {"kind":"request","actor":"site/a",%s,"mode":"get","method":"GET","path":"/",
             "query":{"lang":"en"}}""".formatted(REPLY_TO)),
        bad(INBOX, "a raw HTTP request without replyTo", """
            {"kind":"request","actor":"site/a","mode":"get","method":"GET","path":"/"}"""),

        // outbox
        good(OUTBOX, "a reply with output", """
            {"kind":"reply","requestId":"r-1","actor":"counter/a","output":5}"""),
        good(OUTBOX, "a reply with a null output", """
            {"kind":"reply","requestId":"r-1","actor":"counter/a","output":null}"""),
        good(OUTBOX, "a reply with an error", """
            {"kind":"reply","requestId":"r-1","actor":"counter/a",
             "error":{"group":"actor","code":"not_found","message":"m"}}"""),
        good(OUTBOX, "an event", """
            {"kind":"event","actor":"counter/a","eventSeq":3,"name":"newCount","args":[7]}"""),
        good(OUTBOX, "an event for some connections", """
            {"kind":"event","actor":"counter/a","eventSeq":3,"name":"newCount","args":[7],
             "connIds":["c-1"]}"""),
        bad(OUTBOX, "a reply with both output and error", """
            {"kind":"reply","requestId":"r-1","actor":"counter/a","output":1,
             "error":{"group":"actor","code":"not_found","message":"m"}}"""),
        bad(OUTBOX, "a reply with neither output nor error", """
            {"kind":"reply","requestId":"r-1","actor":"counter/a"}"""),
        bad(OUTBOX, "a reply with a malformed error", """
            {"kind":"reply","requestId":"r-1","actor":"counter/a","error":{"code":"x"}}"""),
        bad(OUTBOX, "an event without eventSeq", """
            {"kind":"event","actor":"counter/a","name":"newCount","args":[7]}"""),
        bad(OUTBOX, "an event with eventSeq 0", """
            {"kind":"event","actor":"counter/a","eventSeq":0,"name":"newCount","args":[7]}"""),
        bad(OUTBOX, "an event with a scalar for args", """
            {"kind":"event","actor":"counter/a","eventSeq":1,"name":"newCount","args":7}"""),
        good(OUTBOX, "a disconnect", """
            {"kind":"disconnect","actor":"lobby/a","connId":"c-1","reason":"kicked by the host"}"""),
        good(OUTBOX, "the reply to a destroy", """
            {"kind":"reply","requestId":"r-1","actor":"life/a",
             "output":{"destroyed":true,"generation":1}}"""),
        good(OUTBOX, "the reply to a raw HTTP request", """
            {"kind":"reply","requestId":"r-1","actor":"site/a","output":{"status":201,
             "headers":{"content-type":"application/json"},"body":"e30="}}"""),
        good(OUTBOX, "a reused idempotency key", """
            {"kind":"reply","requestId":"r-1","actor":"counter/a","error":{"group":"request",
             "code":"idempotency_key_reused","message":"m"}}"""),
        bad(OUTBOX, "a disconnect without reason", """
            {"kind":"disconnect","actor":"lobby/a","connId":"c-1"}"""),
        bad(OUTBOX, "a disconnect without connId", """
            {"kind":"disconnect","actor":"lobby/a","reason":"r"}"""),
        bad(OUTBOX, "a disconnect shaped like the inbox's", """
            {"kind":"disconnect","actor":"lobby/a","gateway":"gw-1","connId":"c-1","reason":"r"}"""),

        // journal
        good(JOURNAL, "a create with snapshot", """
            {"actor":"counter/a","seq":1,"generation":1,"kind":"create","at":1700000000000,
             "seed":-42,"request":{"kind":"create","actor":"counter/a",%s,"mode":"create"},
             "source":{"partition":3,"offset":0},"created":true,
             "output":{"actor":{"id":"counter/a","name":"counter","key":["a"],"generation":1},
                       "created":true},
             "patch":[{"op":"replace","path":"","value":{"count":0}}],"snapshot":{"count":0},
             "meta":{"eventSeq":0}}"""
            .formatted(REPLY_TO)),
        good(JOURNAL, "an action with broadcasts", """
            {"actor":"counter/a","seq":2,"generation":1,"kind":"action","at":1700000000001,
             "seed":7,"request":{"kind":"action","actor":"counter/a",%s,"mode":"get",
             "action":"increment","args":[5]},"source":{"partition":3,"offset":1},"output":5,
             "broadcasts":[{"eventSeq":1,"name":"newCount","args":[5]}],
             "patch":[{"op":"replace","path":"/count","value":5}]}""".formatted(REPLY_TO)),
        good(JOURNAL, "a failed action", """
            {"actor":"counter/a","seq":3,"generation":1,"kind":"action","at":1700000000002,
             "seed":8,"error":{"group":"user","code":"bad","message":"no"},"patch":[]}"""),
        good(JOURNAL, "a disconnect", """
            {"actor":"counter/a","seq":4,"generation":1,"kind":"disconnect","at":1700000000003,
             "seed":9,"output":null,"patch":[{"op":"remove","path":"/a~1b"}]}"""),
        bad(JOURNAL, "both output and error", """
            {"actor":"counter/a","seq":3,"generation":1,"kind":"action","at":1,"seed":8,
             "output":1,"error":{"group":"user","code":"bad","message":"no"}}"""),
        bad(JOURNAL, "neither output nor error", """
            {"actor":"counter/a","seq":3,"generation":1,"kind":"action","at":1,"seed":8}"""),
        bad(JOURNAL, "no seed", """
            {"actor":"counter/a","seq":3,"generation":1,"kind":"action","at":1,"output":1}"""),
        bad(JOURNAL, "seq 0", """
            {"actor":"counter/a","seq":0,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1}"""),
        bad(JOURNAL, "created false", """
            {"actor":"counter/a","seq":1,"generation":1,"kind":"create","at":1,"seed":1,
             "output":1,"created":false}"""),
        bad(JOURNAL, "a move operation", """
            {"actor":"counter/a","seq":1,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"patch":[{"op":"move","from":"/a","path":"/b"}]}"""),
        bad(JOURNAL, "an add without value", """
            {"actor":"counter/a","seq":1,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"patch":[{"op":"add","path":"/b"}]}"""),
        bad(JOURNAL, "a remove with a value", """
            {"actor":"counter/a","seq":1,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"patch":[{"op":"remove","path":"/b","value":1}]}"""),
        bad(JOURNAL, "a path that is not a JSON pointer", """
            {"actor":"counter/a","seq":1,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"patch":[{"op":"replace","path":"count","value":1}]}"""),
        bad(JOURNAL, "a broadcast without a name", """
            {"actor":"counter/a","seq":1,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"broadcasts":[{"eventSeq":1,"args":[]}]}"""),
        bad(JOURNAL, "a request that is not an inbox record", """
            {"actor":"counter/a","seq":1,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"request":{"kind":"action","actor":"counter/a"}}"""),
        bad(JOURNAL, "a null snapshot", """
            {"actor":"counter/a","seq":1,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"snapshot":null,"meta":{"eventSeq":0}}"""),

        // journal: the actor model
        good(JOURNAL, "a connect that created the actor, with a snapshot and meta", """
            {"actor":"lobby/a","seq":1,"generation":1,"kind":"connect","at":1,"seed":5,
             "created":true,"output":{"actorId":"lobby/a","connectionId":"c-1"},
             "broadcasts":[{"eventSeq":1,"name":"joined","args":["ada"]},
                           {"eventSeq":2,"name":"welcome","args":["ada",1],"connIds":["c-1"]}],
             "patch":[{"op":"replace","path":"","value":{"present":["ada"]}}],
             "snapshot":{"present":["ada"]},
             "connections":[{"op":"open","connId":"c-1","gateway":"gw-1","transport":"websocket",
                             "params":{"user":"ada"},"state":{"user":"ada"}}],
             "meta":{"eventSeq":2,"connections":{"c-1":{"gateway":"gw-1","transport":"websocket",
                     "params":{"user":"ada"},"state":{"user":"ada"}}}}}"""),
        good(JOURNAL, "a kick: state change and close", """
            {"actor":"lobby/a","seq":3,"generation":1,"kind":"action","at":1,"seed":5,"output":1,
             "patch":[],"connections":[{"op":"state","connId":"c-2","state":null},
             {"op":"close","connId":"c-1","reason":"kicked by the host"}]}"""),
        good(JOURNAL, "schedules set and cancelled", """
            {"actor":"clock/a","seq":2,"generation":1,"kind":"action","at":1,"seed":5,
             "output":"s2.1","patch":[],"schedules":[{"op":"cancel","id":"s1.1"},
             {"op":"set","id":"s2.1","at":1700000000200,"action":"ring","args":["tea",1]}]}"""),
        good(JOURNAL, "a fire", """
            {"actor":"clock/a","seq":3,"generation":1,"kind":"fire","at":1,"seed":5,
             "output":null,"patch":[{"op":"add","path":"/fired/0","value":{"note":"tea"}}],
             "schedules":[{"op":"fire","id":"s2.1"}]}"""),
        good(JOURNAL, "a call and a send, with pending calls at a snapshot", """
            {"actor":"pinger/a","seq":100,"generation":1,"kind":"action","at":1,"seed":5,
             "output":null,"patch":[],"snapshot":{"replies":[]},
             "messages":[{"to":"ponger/p","action":"pong","args":["hi"],"callId":"c100.1",
                          "continuation":"ponged"},{"to":"ponger/p","action":"note","args":["x"]}],
             "meta":{"eventSeq":0,"pending":{"c100.1":{"source":"call","continuation":"ponged"}},
                     "schedules":{"s9.1":{"at":5,"action":"ring","args":[]}}}}"""),
        good(JOURNAL, "an effect", """
            {"actor":"agent/a","seq":2,"generation":1,"kind":"action","at":1,"seed":5,
             "output":null,"patch":[],"effects":[{"effectId":"agent/a#e2.1","name":"shout",
             "args":["hi"],"continuation":"answered"}]}"""),
        good(JOURNAL, "a destroy", """
            {"actor":"life/a","seq":4,"generation":1,"kind":"destroy","at":1,"seed":5,
             "output":{"destroyed":true,"generation":1},
             "broadcasts":[{"eventSeq":3,"name":"goodbye","args":[7]}],
             "patch":[{"op":"replace","path":"","value":null}],
             "connections":[{"op":"close","connId":"c-1","reason":"actor destroyed"}],
             "schedules":[{"op":"cancel","id":"s2.1"}],"destroyed":true}"""),
        good(JOURNAL, "a failed hook", """
            {"actor":"life/a","seq":4,"generation":1,"kind":"action","at":1,"seed":5,"output":1,
             "patch":[{"op":"replace","path":"/value","value":1}],
             "meta":{"hookFailures":["onStateChange of life/a: user.bad: no"]}}"""),
        bad(JOURNAL, "a snapshot without meta", """
            {"actor":"counter/a","seq":1,"generation":1,"kind":"create","at":1,"seed":1,
             "output":1,"created":true,"snapshot":{"count":0}}"""),
        bad(JOURNAL, "a snapshot whose meta has no eventSeq", """
            {"actor":"counter/a","seq":1,"generation":1,"kind":"create","at":1,"seed":1,
             "output":1,"created":true,"snapshot":{"count":0},"meta":{"hookFailures":["x"]}}"""),
        bad(JOURNAL, "meta with eventSeq but no snapshot", """
            {"actor":"counter/a","seq":2,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"meta":{"eventSeq":0}}"""),
        bad(JOURNAL, "an empty meta", """
            {"actor":"counter/a","seq":2,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"meta":{}}"""),
        bad(JOURNAL, "meta with a field this version does not write", """
            {"actor":"counter/a","seq":1,"generation":1,"kind":"create","at":1,"seed":1,
             "output":1,"snapshot":{},"meta":{"eventSeq":0,"seq":1}}"""),
        bad(JOURNAL, "a pending entry of an unknown source", """
            {"actor":"counter/a","seq":1,"generation":1,"kind":"create","at":1,"seed":1,
             "output":1,"snapshot":{},"meta":{"eventSeq":0,
             "pending":{"t1":{"source":"timer","continuation":"x"}}}}"""),
        bad(JOURNAL, "destroyed false", """
            {"actor":"life/a","seq":2,"generation":1,"kind":"destroy","at":1,"seed":1,
             "output":1,"destroyed":false}"""),
        bad(JOURNAL, "a destroyed actor with a snapshot", """
            {"actor":"life/a","seq":2,"generation":1,"kind":"destroy","at":1,"seed":1,
             "output":1,"destroyed":true,"snapshot":{},"meta":{"eventSeq":0}}"""),
        bad(JOURNAL, "an unknown kind", """
            {"actor":"life/a","seq":2,"generation":1,"kind":"sleep","at":1,"seed":1,"output":1}"""),
        bad(JOURNAL, "an empty list of connection operations", """
            {"actor":"lobby/a","seq":2,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"connections":[]}"""),
        bad(JOURNAL, "an unknown connection operation", """
            {"actor":"lobby/a","seq":2,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"connections":[{"op":"reopen","connId":"c-1"}]}"""),
        bad(JOURNAL, "an open without its gateway", """
            {"actor":"lobby/a","seq":2,"generation":1,"kind":"connect","at":1,"seed":1,
             "output":1,"connections":[{"op":"open","connId":"c-1","transport":"sse"}]}"""),
        bad(JOURNAL, "a close without reason", """
            {"actor":"lobby/a","seq":2,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"connections":[{"op":"close","connId":"c-1"}]}"""),
        bad(JOURNAL, "a state operation without the state", """
            {"actor":"lobby/a","seq":2,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"connections":[{"op":"state","connId":"c-1"}]}"""),
        bad(JOURNAL, "a schedule set without its time", """
            {"actor":"clock/a","seq":2,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"schedules":[{"op":"set","id":"s1.1","action":"ring","args":[]}]}"""),
        bad(JOURNAL, "a schedule fire with the set's fields", """
            {"actor":"clock/a","seq":2,"generation":1,"kind":"fire","at":1,"seed":1,
             "output":1,"schedules":[{"op":"fire","id":"s1.1","at":1,"action":"ring","args":[]}]}"""),
        bad(JOURNAL, "a call without its continuation", """
            {"actor":"pinger/a","seq":2,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"messages":[{"to":"ponger/p","action":"pong","args":[],"callId":"c2.1"}]}"""),
        bad(JOURNAL, "a message to something that is not an actor id", """
            {"actor":"pinger/a","seq":2,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"messages":[{"to":"ponger","action":"note","args":[]}]}"""),
        bad(JOURNAL, "an effect without its continuation", """
            {"actor":"agent/a","seq":2,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"effects":[{"effectId":"e","name":"shout","args":[]}]}"""),

        // effects
        good(EFFECT, "an effect", """
            {"actor":"agent/a","effectId":"agent/a#e2.1","name":"shout","args":["hi"],
             "continuation":"answered","extra":["hi"],"at":1700000000000}"""),
        good(EFFECT, "an effect without extra arguments", """
            {"actor":"agent/a","effectId":"agent/a#e2.1","name":"shout","args":[],
             "continuation":"answered","extra":[],"at":0}"""),
        bad(EFFECT, "no continuation", """
            {"actor":"agent/a","effectId":"e","name":"shout","args":[],"extra":[],"at":1}"""),
        bad(EFFECT, "no at", """
            {"actor":"agent/a","effectId":"e","name":"shout","args":[],"continuation":"a",
             "extra":[]}"""),
        bad(EFFECT, "args as an object", """
            {"actor":"agent/a","effectId":"e","name":"shout","args":{"p":"hi"},
             "continuation":"a","extra":[],"at":1}"""),
        bad(EFFECT, "a kind, as if it were an inbox record", """
            {"kind":"effect","actor":"agent/a","effectId":"e","name":"shout","args":[],
             "continuation":"a","extra":[],"at":1}"""),

        // gateway heartbeats
        good(HEARTBEAT, "a live gateway", """
            {"gateway":"gw-03ba6fee","at":1700000000000,"alive":true}"""),
        good(HEARTBEAT, "a gateway that stopped", """
            {"gateway":"gw-03ba6fee","at":1700000000000,"alive":false}"""),
        bad(HEARTBEAT, "no alive", """
            {"gateway":"gw-03ba6fee","at":1700000000000}"""),
        bad(HEARTBEAT, "alive as a string", """
            {"gateway":"gw-03ba6fee","at":1,"alive":"true"}"""),
        bad(HEARTBEAT, "at as an ISO time", """
            {"gateway":"gw-03ba6fee","at":"2024-01-01T00:00:00Z","alive":true}"""),
        bad(HEARTBEAT, "an empty gateway id", """
            {"gateway":"","at":1,"alive":true}"""),

        // registry
        good(REGISTRY, "a counter", """
            {"name":"counter","javaClass":"dev.rivulet.examples.Counter",
             "state":{"type":"object","javaType":"dev.rivulet.examples.Counter$State",
                      "properties":{"count":{"type":"integer","javaType":"long"}}},
             "actions":[
               {"name":"getCount","readOnly":true,"args":[],
                "returns":{"type":"integer","javaType":"long"}},
               {"name":"increment","readOnly":false,
                "args":[{"name":"amount","type":"integer","javaType":"long"}],
                "returns":{"type":"integer","javaType":"long"}}]}"""),
        good(REGISTRY, "an input, an enum, a list and an any", """
            {"name":"game","javaClass":"x.Game","state":{"javaType":"Object"},
             "input":{"type":"string","javaType":"x.Game$Mode","enum":["FAST","SLOW"]},
             "actions":[{"name":"play","readOnly":false,
               "args":[{"name":"moves","type":"array","javaType":"java.util.List<Integer>",
                        "items":{"type":"integer","javaType":"Integer"}}],
               "returns":{"type":"null","javaType":"void"}}]}"""),
        good(REGISTRY, "an internal continuation", """
            {"name":"pinger","javaClass":"x.Pinger","state":{"javaType":"x.Pinger$State"},
             "actions":[{"name":"ponged","readOnly":false,"internal":true,
               "args":[{"name":"result","type":"object","javaType":"dev.rivulet.actor.Result"},
                       {"name":"word","type":"string","javaType":"String"}],
               "returns":{"type":"null","javaType":"void"}}]}"""),
        bad(REGISTRY, "internal false (it is left out instead)", """
            {"name":"pinger","javaClass":"x.Pinger","state":{"javaType":"x.Pinger$State"},
             "actions":[{"name":"ping","readOnly":false,"internal":false,"args":[],
               "returns":{"type":"null","javaType":"void"}}]}"""),
        bad(REGISTRY, "an action without returns", """
            {"name":"counter","javaClass":"C","state":{"javaType":"long"},
             "actions":[{"name":"getCount","readOnly":true,"args":[]}]}"""),
        bad(REGISTRY, "an argument without a name", """
            {"name":"counter","javaClass":"C","state":{"javaType":"long"},
             "actions":[{"name":"increment","readOnly":false,
               "args":[{"type":"integer","javaType":"long"}],
               "returns":{"javaType":"long"}}]}"""),
        bad(REGISTRY, "a type kind that is not JSON's", """
            {"name":"counter","javaClass":"C","state":{"type":"any","javaType":"Object"},
             "actions":[]}"""),
        bad(REGISTRY, "a name on a type that is not an argument", """
            {"name":"counter","javaClass":"C","state":{"name":"s","javaType":"long"},
             "actions":[]}"""),
        bad(REGISTRY, "no javaType", """
            {"name":"counter","javaClass":"C","state":{"type":"integer"},"actions":[]}"""),

        // WebSocket, client to server
        good(WS_TO_SERVER, "an ActionRequest with a $BigInt id", """
            {"body":{"tag":"ActionRequest","val":{"id":["$BigInt","1"],"name":"increment",
             "args":[5]}}}"""),
        good(WS_TO_SERVER, "an ActionRequest with a plain id and tagged values", """
            {"body":{"tag":"ActionRequest","val":{"id":7,"name":"save",
             "args":[["$BigInt","12345678901234567890"],["$$escaped",1],{"b":["$Uint8Array","AQI="]}]}}}"""),
        good(WS_TO_SERVER, "a SubscriptionRequest", """
            {"body":{"tag":"SubscriptionRequest","val":{"eventName":"newCount","subscribe":true}}}"""),
        bad(WS_TO_SERVER, "no body", """
            {"tag":"ActionRequest","val":{"id":1,"name":"increment","args":[]}}"""),
        bad(WS_TO_SERVER, "an unknown tag", """
            {"body":{"tag":"Ping","val":{}}}"""),
        bad(WS_TO_SERVER, "a negative id", """
            {"body":{"tag":"ActionRequest","val":{"id":-1,"name":"increment","args":[]}}}"""),
        bad(WS_TO_SERVER, "an id as a string", """
            {"body":{"tag":"ActionRequest","val":{"id":"1","name":"increment","args":[]}}}"""),
        bad(WS_TO_SERVER, "a $BigInt id that is not digits", """
            {"body":{"tag":"ActionRequest","val":{"id":["$BigInt","x"],"name":"a","args":[]}}}"""),
        bad(WS_TO_SERVER, "an unknown tagged value in args", """
            {"body":{"tag":"ActionRequest","val":{"id":1,"name":"a","args":[["$Date","2024"]]}}}"""),
        bad(WS_TO_SERVER, "a nested unknown tagged value", """
            {"body":{"tag":"ActionRequest","val":{"id":1,"name":"a","args":[{"x":["$Map",[]]}]}}}"""),
        bad(WS_TO_SERVER, "subscribe as a string", """
            {"body":{"tag":"SubscriptionRequest","val":{"eventName":"e","subscribe":"yes"}}}"""),

        // WebSocket, server to client
        good(WS_TO_CLIENT, "an Init", """
            {"body":{"tag":"Init","val":{"actorId":"counter/a","connectionId":"c-1"}}}"""),
        good(WS_TO_CLIENT, "an ActionResponse", """
            {"body":{"tag":"ActionResponse","val":{"id":["$BigInt","1"],"output":7}}}"""),
        good(WS_TO_CLIENT, "an ActionResponse with a null output", """
            {"body":{"tag":"ActionResponse","val":{"id":["$BigInt","0"],"output":null}}}"""),
        good(WS_TO_CLIENT, "an Event", """
            {"body":{"tag":"Event","val":{"name":"newCount","args":[7]}}}"""),
        good(WS_TO_CLIENT, "an Error of an action", """
            {"body":{"tag":"Error","val":{"group":"user","code":"bad","message":"no",
             "metadata":{"why":["$$x",1]},"actionId":["$BigInt","2"]}}}"""),
        good(WS_TO_CLIENT, "an Error of the connection", """
            {"body":{"tag":"Error","val":{"group":"actor","code":"not_found","message":"m",
             "actionId":null}}}"""),
        bad(WS_TO_CLIENT, "an ActionResponse with a numeric id", """
            {"body":{"tag":"ActionResponse","val":{"id":1,"output":7}}}"""),
        bad(WS_TO_CLIENT, "an ActionResponse id with a leading zero", """
            {"body":{"tag":"ActionResponse","val":{"id":["$BigInt","01"],"output":7}}}"""),
        bad(WS_TO_CLIENT, "an ActionResponse without output", """
            {"body":{"tag":"ActionResponse","val":{"id":["$BigInt","1"]}}}"""),
        bad(WS_TO_CLIENT, "an Error without actionId", """
            {"body":{"tag":"Error","val":{"group":"actor","code":"not_found","message":"m"}}}"""),
        bad(WS_TO_CLIENT, "an Error with a numeric actionId", """
            {"body":{"tag":"Error","val":{"group":"actor","code":"not_found","message":"m",
             "actionId":3}}}"""),
        bad(WS_TO_CLIENT, "an output with an unescaped tag-like array", """
            {"body":{"tag":"ActionResponse","val":{"id":["$BigInt","1"],"output":["$x",1]}}}"""),
        bad(WS_TO_CLIENT, "an Init whose actorId is not an actor id", """
            {"body":{"tag":"Init","val":{"actorId":"a","connectionId":"c-1"}}}"""),
        bad(WS_TO_CLIENT, "an Event with a scalar for args", """
            {"body":{"tag":"Event","val":{"name":"newCount","args":7}}}"""),
        bad(WS_TO_CLIENT, "a frame meant for the server", """
            {"body":{"tag":"SubscriptionRequest","val":{"eventName":"e","subscribe":true}}}"""));
  }

  private static Arguments good(String schema, String what, String json) {
    return Arguments.of(schema, "accepts", what, json);
  }

  private static Arguments bad(String schema, String what, String json) {
    return Arguments.of(schema, "rejects", what, json);
  }
}
