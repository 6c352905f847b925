package dev.rivulet.schemas;

import static dev.rivulet.schemas.ContractSchemas.WS_TO_CLIENT;
import static dev.rivulet.schemas.ContractSchemas.WS_TO_SERVER;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Hand-written examples for ws-to-server and ws-to-client.schema.json: WebSocket frames. */
class FrameSchemaTest extends SchemaExamplesTest {
  static Stream<Arguments> examples() {
    return Stream.of(
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
            {"body":{"tag":"Init","val":{"actorId":"not an id","connectionId":"c-1"}}}"""),
        bad(WS_TO_CLIENT, "an Event with a scalar for args", """
            {"body":{"tag":"Event","val":{"name":"newCount","args":7}}}"""),
        bad(WS_TO_CLIENT, "a frame meant for the server", """
            {"body":{"tag":"SubscriptionRequest","val":{"eventName":"e","subscribe":true}}}"""));
  }
}
