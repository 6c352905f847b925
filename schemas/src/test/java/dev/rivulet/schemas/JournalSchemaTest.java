package dev.rivulet.schemas;

import static dev.rivulet.schemas.ContractSchemas.JOURNAL;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Hand-written examples for journal-record.schema.json: one applied inbox record, the actor
 * model's fields included.
 */
class JournalSchemaTest extends SchemaExamplesTest {
  static Stream<Arguments> examples() {
    return Stream.of(
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
        good(JOURNAL, "stored collections changed, with a checkpoint", """
            {"actor":"chatRoom/a","seq":5,"generation":1,"kind":"action","at":1700000000004,
             "seed":10,"output":{"user":"u","text":"hi"},"patch":[],
             "collections":[
               {"op":"append","log":"messages","number":9,"value":{"user":"u","text":"hi"}},
               {"op":"trim","log":"messages","before":8},
               {"op":"put","map":"users","key":"u","value":{"posts":3}},
               {"op":"remove","map":"users","key":"v"},{"op":"clear","map":"drafts"}],
             "collectionsSnapshot":{
               "messages":{"kind":"log","first":8,"values":[{"text":"x"},{"text":"hi"}]},
               "users":{"kind":"map","entries":{"u":{"posts":3}}},
               "drafts":{"kind":"map","entries":{}}}}"""),
        good(JOURNAL, "a snapshot's meta with the collections' sizes", """
            {"actor":"chatRoom/a","seq":100,"generation":1,"kind":"action","at":1,"seed":1,
             "output":null,"patch":[],"snapshot":{"keep":500},
             "meta":{"eventSeq":99,"collections":{"messages":{"kind":"log","size":2,
               "bytes":40,"first":8,"next":10},"drafts":{"kind":"map"}}}}"""),
        bad(JOURNAL, "a collection operation of another kind", """
            {"actor":"chatRoom/a","seq":5,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"collections":[{"op":"move","log":"messages","number":2}]}"""),
        bad(JOURNAL, "an append of null", """
            {"actor":"chatRoom/a","seq":5,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"collections":[{"op":"append","log":"messages","number":2,
             "value":null}]}"""),
        bad(JOURNAL, "a checkpoint on the record that destroyed the actor", """
            {"actor":"chatRoom/a","seq":5,"generation":1,"kind":"destroy","at":1,"seed":1,
             "output":{"destroyed":true,"generation":1},"destroyed":true,
             "collectionsSnapshot":{"m":{"kind":"map","entries":{}}}}"""),
        bad(JOURNAL, "a collection name with a space", """
            {"actor":"chatRoom/a","seq":5,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"collections":[{"op":"clear","map":"my drafts"}]}"""),
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
             "output":1,"messages":[{"to":"not an id","action":"note","args":[]}]}"""),
        bad(JOURNAL, "an effect without its continuation", """
            {"actor":"agent/a","seq":2,"generation":1,"kind":"action","at":1,"seed":1,
             "output":1,"effects":[{"effectId":"e","name":"shout","args":[]}]}"""),

        // Kafka topics in and out
        good(JOURNAL, "a record of a subscribed topic that published JSON, bytes and a tombstone",
            """
            {"actor":"account/a1","seq":2,"generation":1,"kind":"action","at":1,"seed":1,
             "request":{"kind":"action","actor":"account/a1","mode":"getOrCreate",
             "action":"entry","args":[{"n":2}],"origin":{"subscription":"account.entry",
             "topic":"entries","partition":1,"offset":41}},"output":7,
             "published":[{"topic":"totals","key":"a1","value":{"total":7}},
                          {"topic":"audit","bytes":"AAEC"},{"topic":"totals","key":"a1",
                           "tombstone":true}]}"""),
        bad(JOURNAL, "a published record without its topic", """
            {"actor":"account/a1","seq":2,"generation":1,"kind":"action","at":1,"seed":1,
             "output":7,"published":[{"key":"a1","value":7}]}"""),
        bad(JOURNAL, "a published record with neither value nor bytes", """
            {"actor":"account/a1","seq":2,"generation":1,"kind":"action","at":1,"seed":1,
             "output":7,"published":[{"topic":"totals","key":"a1"}]}"""),
        bad(JOURNAL, "an empty list of published records", """
            {"actor":"account/a1","seq":2,"generation":1,"kind":"action","at":1,"seed":1,
             "output":7,"published":[]}"""),
        // journal: RivetKit's protocol
        good(JOURNAL, "a stateless call in a connection of its own", """
            {"actor":"gate/a","seq":2,"generation":1,"kind":"action","at":1,"seed":1,
             "request":{"kind":"action","actor":"gate/a",%s,"mode":"get","action":"whoAmI",
              "args":[],"generation":1,"stateless":{"connId":"s-1","params":{"user":"ann"}}},
             "output":"ann","patch":[],
             "connections":[{"op":"open","connId":"s-1","gateway":"gw-1","transport":"http",
               "params":{"user":"ann"},"state":{"user":"ann"}},
              {"op":"close","connId":"s-1","reason":"stateless call ended"}]}"""
            .formatted(REPLY_TO)),
        good(JOURNAL, "a raw WebSocket opened, with its welcome", """
            {"actor":"echo/a","seq":1,"generation":1,"kind":"connect","at":1,"seed":1,
             "created":true,"output":{"actorId":"echo/a","connectionId":"w-1","seq":0,
              "eventSeq":0,"generation":1},
             "patch":[{"op":"replace","path":"","value":{}}],"snapshot":{},
             "connections":[{"op":"open","connId":"w-1","gateway":"gw-1",
               "transport":"raw-websocket","raw":{"path":"/","query":{},"headers":{}}},
              {"op":"frame","connId":"w-1","text":"welcome"}],
             "meta":{"eventSeq":0,"connections":{"w-1":{"gateway":"gw-1",
               "transport":"raw-websocket","raw":{"path":"/"}}}}}"""),
        good(JOURNAL, "a raw socket's message answered with a binary frame", """
            {"actor":"echo/a","seq":2,"generation":1,"kind":"socketMessage","at":1,"seed":1,
             "request":{"kind":"socketMessage","actor":"echo/a","gateway":"gw-1",
              "connId":"w-1","binary":"AQI="},
             "output":null,"patch":[],
             "connections":[{"op":"frame","connId":"w-1","binary":"AgE="}]}"""),
        good(JOURNAL, "a raw socket closed with its code", """
            {"actor":"echo/a","seq":3,"generation":1,"kind":"disconnect","at":1,"seed":1,
             "output":null,"patch":[],
             "connections":[{"op":"close","connId":"w-1","reason":"bye","code":4000}]}"""),
        bad(JOURNAL, "a frame with neither text nor binary", """
            {"actor":"echo/a","seq":2,"generation":1,"kind":"socketMessage","at":1,"seed":1,
             "output":null,"connections":[{"op":"frame","connId":"w-1"}]}"""),
        bad(JOURNAL, "a frame with text and binary", """
            {"actor":"echo/a","seq":2,"generation":1,"kind":"socketMessage","at":1,"seed":1,
             "output":null,"connections":[{"op":"frame","connId":"w-1","text":"x",
              "binary":"AQ=="}]}"""),
        bad(JOURNAL, "a connection over an unknown transport", """
            {"actor":"echo/a","seq":2,"generation":1,"kind":"connect","at":1,"seed":1,
             "output":null,"connections":[{"op":"open","connId":"w-1","gateway":"gw-1",
              "transport":"tcp"}]}"""),
        bad(JOURNAL, "a stateless call's connection kept in meta", """
            {"actor":"gate/a","seq":100,"generation":1,"kind":"action","at":1,"seed":1,
             "output":null,"snapshot":{},"meta":{"eventSeq":0,"connections":{"s-1":{
              "gateway":"gw-1","transport":"http"}}}}"""),
        bad(JOURNAL, "a close with a code under 1000", """
            {"actor":"echo/a","seq":3,"generation":1,"kind":"disconnect","at":1,"seed":1,
             "output":null,"connections":[{"op":"close","connId":"w-1","reason":"r",
              "code":2}]}"""));
  }
}
