package dev.rivulet.schemas;

import static dev.rivulet.schemas.ContractSchemas.INBOX;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Hand-written examples for inbox-record.schema.json: requests to actors, the actor model's ones
 * included.
 */
class InboxSchemaTest extends SchemaExamplesTest {
  static Stream<Arguments> examples() {
    return Stream.of(
        good(INBOX, "a create", """
            {"kind":"create","actor":"counter/a",%s,"mode":"create"}""".formatted(REPLY_TO)),
        good(INBOX, "a getOrCreate with input and an escaped key", """
            {"kind":"create","actor":"chatRoom/a%%2Fb/c",%s,"mode":"getOrCreate","input":{"x":1}}"""
            .formatted(REPLY_TO)),
        good(INBOX, "a fork with stored collections", """
            {"kind":"create","actor":"chatRoom/b",%s,"mode":"create","state":{"keep":500},
             "forkOf":{"actor":"chatRoom/a","seq":12},
             "collections":{"messages":{"kind":"log","first":3,"values":[{"text":"hi"}]}}}"""
            .formatted(REPLY_TO)),
        bad(INBOX, "collections without a fork", """
            {"kind":"create","actor":"chatRoom/b",%s,"mode":"create",
             "collections":{"messages":{"kind":"log","first":3,"values":[]}}}"""
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
        good(INBOX, "the actor of the empty key (its bare name)", """
            {"kind":"create","actor":"counter",%s,"mode":"create"}""".formatted(REPLY_TO)),
        bad(INBOX, "an actor id whose name is not an actor name", """
            {"kind":"create","actor":"bad name/a",%s,"mode":"create"}""".formatted(REPLY_TO)),
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
             "reason":"gateway gw-1 lost","lost":true}"""),
        bad(INBOX, "a disconnect with lost false (absent is the only other form)", """
            {"kind":"disconnect","actor":"lobby/a","gateway":"gw-1","connId":"c-1","lost":false}"""),
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
             "caller":{"actor":"not an id"}}"""),
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

        // Kafka topics in
        good(INBOX, "an action from a record of a subscribed topic", """
            {"kind":"action","actor":"account/a1","mode":"getOrCreate","action":"entry",
             "args":[{"account":"a1","n":1,"amount":5}],"origin":{"subscription":"account.entry",
             "topic":"entries","partition":0,"offset":12}}"""),
        bad(INBOX, "an action from a topic with a caller too", """
            {"kind":"action","actor":"account/a1","mode":"getOrCreate","action":"entry",
             "args":[1],"caller":{"actor":"pinger/a"},"origin":{"subscription":"s",
             "topic":"entries","partition":0,"offset":12}}"""),
        bad(INBOX, "an action from a topic with two arguments", """
            {"kind":"action","actor":"account/a1","mode":"getOrCreate","action":"entry",
             "args":[1,2],"origin":{"subscription":"s","topic":"entries","partition":0,
             "offset":12}}"""),
        bad(INBOX, "an action from a topic in mode get", """
            {"kind":"action","actor":"account/a1","mode":"get","action":"entry","args":[1],
             "origin":{"subscription":"s","topic":"entries","partition":0,"offset":12}}"""),
        bad(INBOX, "an origin with a negative offset", """
            {"kind":"action","actor":"account/a1","mode":"getOrCreate","action":"entry",
             "args":[1],"origin":{"subscription":"s","topic":"entries","partition":0,
             "offset":-1}}"""),
        // inbox: RivetKit's protocol (generations, stateless calls, raw WebSockets)
        good(INBOX, "an action for one generation", """
            {"kind":"action","actor":"counter/a",%s,"mode":"get","action":"increment",
             "args":[5],"generation":2}""".formatted(REPLY_TO)),
        good(INBOX, "a stateless action with params", """
            {"kind":"action","actor":"counter/a",%s,"mode":"getOrCreate","action":"increment",
             "args":[5],"stateless":{"connId":"s-1","params":{"token":"t"}}}"""
            .formatted(REPLY_TO)),
        good(INBOX, "a stateless action of a nested name without params", """
            {"kind":"action","actor":"counter/a",%s,"mode":"get","action":"calculator.add",
             "args":[5],"generation":1,"stateless":{"connId":"s-1"}}""".formatted(REPLY_TO)),
        good(INBOX, "a stateless raw HTTP request for one generation", """
            {"kind":"request","actor":"site/a",%s,"mode":"get","method":"GET","path":"/",
             "query":{},"headers":{},"generation":3,"stateless":{"connId":"s-2","params":null}}"""
            .formatted(REPLY_TO)),
        good(INBOX, "a destroy of one generation", """
            {"kind":"destroy","actor":"life/a",%s,"generation":1}""".formatted(REPLY_TO)),
        good(INBOX, "a connect for one generation", """
            {"kind":"connect","actor":"counter/a",%s,"mode":"get","connId":"c-1",
             "transport":"websocket","generation":4}""".formatted(REPLY_TO)),
        good(INBOX, "a raw WebSocket's connect", """
            {"kind":"connect","actor":"echo/a",%s,"mode":"getOrCreate","connId":"w-1",
             "params":{"token":"t"},"transport":"raw-websocket",
             "raw":{"path":"/chat","query":{"x":["1"]},"headers":{"user-agent":"node"}}}"""
            .formatted(REPLY_TO)),
        good(INBOX, "a raw WebSocket's connect without query or headers", """
            {"kind":"connect","actor":"echo/a",%s,"mode":"get","connId":"w-1",
             "transport":"raw-websocket","raw":{"path":"/"}}""".formatted(REPLY_TO)),
        good(INBOX, "a text message on a raw WebSocket", """
            {"kind":"socketMessage","actor":"echo/a","gateway":"gw-1","connId":"w-1",
             "text":"hello"}"""),
        good(INBOX, "a binary message on a raw WebSocket", """
            {"kind":"socketMessage","actor":"echo/a","gateway":"gw-1","connId":"w-1",
             "binary":"AQIDBA=="}"""),
        good(INBOX, "a disconnect with its close code", """
            {"kind":"disconnect","actor":"echo/a","gateway":"gw-1","connId":"w-1",
             "reason":"going away","code":1001}"""),
        bad(INBOX, "generation 0", """
            {"kind":"action","actor":"counter/a",%s,"mode":"get","action":"increment",
             "args":[5],"generation":0}""".formatted(REPLY_TO)),
        bad(INBOX, "a stateless action over a connection", """
            {"kind":"action","actor":"counter/a",%s,"mode":"get","action":"increment",
             "args":[5],"connId":"c-1","stateless":{"connId":"s-1"}}""".formatted(REPLY_TO)),
        bad(INBOX, "a stateless call without its connection id", """
            {"kind":"action","actor":"counter/a",%s,"mode":"get","action":"increment",
             "args":[5],"stateless":{"params":{}}}""".formatted(REPLY_TO)),
        bad(INBOX, "an action from an actor for one generation", """
            {"kind":"action","actor":"ponger/p","mode":"getOrCreate","action":"note","args":[],
             "generation":1,"caller":{"actor":"pinger/a"}}"""),
        bad(INBOX, "a stateless action from an actor", """
            {"kind":"action","actor":"ponger/p","mode":"getOrCreate","action":"note","args":[],
             "stateless":{"connId":"s-1"},"caller":{"actor":"pinger/a"}}"""),
        bad(INBOX, "a raw WebSocket's connect over another transport", """
            {"kind":"connect","actor":"echo/a",%s,"mode":"get","connId":"w-1",
             "transport":"websocket","raw":{"path":"/"}}""".formatted(REPLY_TO)),
        bad(INBOX, "a raw-websocket transport without raw", """
            {"kind":"connect","actor":"echo/a",%s,"mode":"get","connId":"w-1",
             "transport":"raw-websocket"}""".formatted(REPLY_TO)),
        bad(INBOX, "a raw WebSocket with a relative path", """
            {"kind":"connect","actor":"echo/a",%s,"mode":"get","connId":"w-1",
             "transport":"raw-websocket","raw":{"path":"chat"}}""".formatted(REPLY_TO)),
        bad(INBOX, "a raw WebSocket with a header name in upper case", """
            {"kind":"connect","actor":"echo/a",%s,"mode":"get","connId":"w-1",
             "transport":"raw-websocket","raw":{"path":"/","headers":{"User-Agent":"x"}}}"""
            .formatted(REPLY_TO)),
        bad(INBOX, "a socket message with text and binary", """
            {"kind":"socketMessage","actor":"echo/a","gateway":"gw-1","connId":"w-1",
             "text":"hello","binary":"AQ=="}"""),
        bad(INBOX, "a socket message with neither text nor binary", """
            {"kind":"socketMessage","actor":"echo/a","gateway":"gw-1","connId":"w-1"}"""),
        bad(INBOX, "a socket message whose binary is not base64", """
            {"kind":"socketMessage","actor":"echo/a","gateway":"gw-1","connId":"w-1",
             "binary":"not base64!"}"""),
        bad(INBOX, "a socket message with replyTo instead of gateway", """
            {"kind":"socketMessage","actor":"echo/a",%s,"connId":"w-1","text":"x"}"""
            .formatted(REPLY_TO)),
        bad(INBOX, "a disconnect with a close code under 1000", """
            {"kind":"disconnect","actor":"echo/a","gateway":"gw-1","connId":"w-1","code":999}"""));
  }
}
