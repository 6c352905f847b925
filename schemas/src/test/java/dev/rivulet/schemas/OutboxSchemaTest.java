package dev.rivulet.schemas;

import static dev.rivulet.schemas.ContractSchemas.OUTBOX;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Hand-written examples for outbox-record.schema.json: replies, events and disconnects for a
 * gateway.
 */
class OutboxSchemaTest extends SchemaExamplesTest {
  static Stream<Arguments> examples() {
    return Stream.of(
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

        // outbox: RivetKit's protocol
        good(OUTBOX, "the reply to a connect, with the generation", """
            {"kind":"reply","requestId":"r-1","actor":"counter/a","output":{"actorId":"counter/a",
             "connectionId":"c-1","seq":3,"eventSeq":1,"generation":2}}"""),
        good(OUTBOX, "a text frame for a raw WebSocket", """
            {"kind":"socketFrame","actor":"echo/a","connId":"w-1","text":"hello","seq":2,
             "index":0}"""),
        good(OUTBOX, "a binary frame for a raw WebSocket", """
            {"kind":"socketFrame","actor":"echo/a","connId":"w-1","binary":"BAMCAQ==","seq":2,
             "index":1}"""),
        good(OUTBOX, "a raw WebSocket closed by the actor with its code", """
            {"kind":"disconnect","actor":"echo/a","connId":"w-1","reason":"bye","code":4000}"""),
        bad(OUTBOX, "a frame with text and binary", """
            {"kind":"socketFrame","actor":"echo/a","connId":"w-1","text":"x","binary":"AQ==",
             "seq":2,"index":0}"""),
        bad(OUTBOX, "a frame with neither text nor binary", """
            {"kind":"socketFrame","actor":"echo/a","connId":"w-1","seq":2,"index":0}"""),
        bad(OUTBOX, "a frame without its step", """
            {"kind":"socketFrame","actor":"echo/a","connId":"w-1","text":"x","index":0}"""),
        bad(OUTBOX, "a frame with a negative index", """
            {"kind":"socketFrame","actor":"echo/a","connId":"w-1","text":"x","seq":2,
             "index":-1}"""),
        bad(OUTBOX, "a disconnect with a close code over 4999", """
            {"kind":"disconnect","actor":"echo/a","connId":"w-1","reason":"r","code":5000}"""));
  }
}
