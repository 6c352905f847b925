package dev.rivulet.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.gateway.WireFrames.ActionRequest;
import dev.rivulet.gateway.WireFrames.MalformedFrame;
import dev.rivulet.gateway.WireFrames.SubscriptionRequest;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Messages from RivetKit's client, in its JSON encoding, and everything the gateway refuses. */
class WireFramesParseTest {
  private static final String BAD_ID =
      "ActionRequest id must be a non-negative integer or [\"$BigInt\",\"n\"]";

  /** {"body":{"tag":T,"val":V}} with single quotes for readability. */
  private static String frame(String tag, String val) {
    return ("{'body':{'tag':'" + tag + "','val':" + val + "}}").replace('\'', '"');
  }

  private static String action(String id) {
    return frame("ActionRequest", "{'id':" + id + ",'name':'increment','args':[5]}");
  }

  @Test
  void anActionRequestWithANumericId() throws Exception {
    ActionRequest r = (ActionRequest) WireFrames.parse(action("7"));
    assertThat(r.id()).isEqualTo(BigInteger.valueOf(7));
    assertThat(r.name()).isEqualTo("increment");
    assertThat(r.args()).hasToString("[5]");
  }

  @Test
  void anActionRequestMayNameItsTraceAndAnythingElseThereIsIgnored() throws Exception {
    String tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    ActionRequest r = (ActionRequest) WireFrames.parse(frame("ActionRequest",
        "{'id':1,'name':'increment','args':[],'traceparent':'" + tp + "','tracestate':'a=b'}"));
    assertThat(r.traceparent()).isEqualTo(tp);
    assertThat(r.tracestate()).isEqualTo("a=b");
    ActionRequest odd = (ActionRequest) WireFrames.parse(frame("ActionRequest",
        "{'id':1,'name':'increment','args':[],'traceparent':5}"));
    assertThat(odd.traceparent()).isNull();
    assertThat(((ActionRequest) WireFrames.parse(action("1"))).traceparent()).isNull();
  }

  @Test
  void anActionRequestWithABigIntId() throws Exception {
    assertThat(((ActionRequest) WireFrames.parse(action("['$BigInt','7']"))).id())
        .isEqualTo(BigInteger.valueOf(7));
    assertThat(((ActionRequest) WireFrames.parse(action("['$BigInt','0']"))).id())
        .isEqualTo(BigInteger.ZERO);
  }

  @Test
  void idsBeyondLongKeepEveryDigit() throws Exception {
    BigInteger big = new BigInteger("123456789012345678901234567890");
    assertThat(((ActionRequest) WireFrames.parse(action(big.toString()))).id()).isEqualTo(big);
    assertThat(((ActionRequest) WireFrames.parse(action("['$BigInt','" + big + "']"))).id())
        .isEqualTo(big);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "['$BigInt','-1']", "['$BigInt','x']", "['$BigInt','']",
      "['$BigInt','1.5']", "['$BigInt']", "['$Other','7']", "'7'", "1.5", "1.0", "null", "true",
      "{}", "[7]"})
  void negativeFractionalOrGarbageIdsAreRefused(String id) {
    assertMalformed(action(id), BAD_ID);
  }

  @Test
  void aMissingIdIsRefused() {
    assertMalformed(frame("ActionRequest", "{'name':'increment','args':[]}"), BAD_ID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{'id':1,'args':[]}", "{'id':1,'name':'','args':[]}",
      "{'id':1,'name':5,'args':[]}", "{'id':1,'name':null,'args':[]}",
      "{'id':1,'name':['x'],'args':[]}"})
  void anActionRequestNeedsANonEmptyStringName(String val) {
    assertMalformed(frame("ActionRequest", val), "ActionRequest needs a name");
  }

  @Test
  void missingOrNullArgsAreAnEmptyArray() throws Exception {
    ActionRequest missing = (ActionRequest) WireFrames.parse(frame("ActionRequest",
        "{'id':1,'name':'getCount'}"));
    ActionRequest nul = (ActionRequest) WireFrames.parse(frame("ActionRequest",
        "{'id':1,'name':'getCount','args':null}"));
    assertThat(missing.args()).hasToString("[]");
    assertThat(nul.args()).hasToString("[]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", "'x'", "{}", "true"})
  void argsThatAreNotAnArrayAreRefused(String args) {
    assertMalformed(frame("ActionRequest", "{'id':1,'name':'a','args':" + args + "}"),
        "ActionRequest args must be an array");
  }

  @Test
  void argsAreDecodedAndNumbersKeepTheirExactValue() throws Exception {
    ActionRequest r = (ActionRequest) WireFrames.parse(frame("ActionRequest",
        "{'id':1,'name':'a','args':[12.50,['$BigInt','9007199254740993'],['$$x',1],{'k':null}]}"));
    assertThat(r.args()).hasToString("[12.50,9007199254740993,[\"$x\",1],{\"k\":null}]");
  }

  @Test
  void aBadTaggedValueInTheArgsIsRefused() {
    assertMalformed(frame("ActionRequest", "{'id':1,'name':'a','args':[['$Date','x']]}"),
        "unknown JSON encoding type $Date");
  }

  @Test
  void subscriptionRequests() throws Exception {
    assertThat(WireFrames.parse(frame("SubscriptionRequest",
        "{'eventName':'newCount','subscribe':true}")))
        .isEqualTo(new SubscriptionRequest("newCount", true));
    assertThat(WireFrames.parse(frame("SubscriptionRequest",
        "{'eventName':'newCount','subscribe':false}")))
        .isEqualTo(new SubscriptionRequest("newCount", false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{'eventName':'e'}", "{'subscribe':true}",
      "{'eventName':'e','subscribe':'true'}", "{'eventName':'e','subscribe':1}",
      "{'eventName':5,'subscribe':true}", "{'eventName':null,'subscribe':true}"})
  void aSubscriptionRequestNeedsAStringEventNameAndABooleanSubscribe(String val) {
    assertMalformed(frame("SubscriptionRequest", val),
        "SubscriptionRequest needs eventName and subscribe");
  }

  @Test
  void anUnknownOrMissingTagIsRefusedNamingIt() {
    assertMalformed(frame("Init", "{}"), "unknown message tag \"Init\"");
    assertMalformed(frame("actionRequest", "{'id':1,'name':'a'}"),
        "unknown message tag \"actionRequest\"");
    assertMalformed("{\"body\":{\"val\":{}}}", "unknown message tag \"\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nope", "{", "{\"body\":{}} x", "{'body':1}", "\u0000"})
  void textThatIsNotJsonIsRefused(String text) {
    assertMalformed(text, "message is not valid JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "{}", "null", "[]", "5", "\"body\"", "{\"body\":null}",
      "{\"body\":[1]}", "{\"body\":\"x\"}", "{\"tag\":\"ActionRequest\",\"val\":{}}"})
  void jsonWithoutABodyObjectIsRefused(String text) {
    assertMalformed(text, "message must be {\"body\":{\"tag\":...,\"val\":{...}}}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"body\":{\"tag\":\"ActionRequest\"}}",
      "{\"body\":{\"tag\":\"ActionRequest\",\"val\":null}}",
      "{\"body\":{\"tag\":\"ActionRequest\",\"val\":[1]}}",
      "{\"body\":{\"tag\":\"Nope\",\"val\":5}}"})
  void aBodyWithoutAValObjectIsRefused(String text) {
    assertMalformed(text, "message body has no val object");
  }

  private static void assertMalformed(String text, String message) {
    assertThatThrownBy(() -> WireFrames.parse(text))
        .isInstanceOf(MalformedFrame.class)
        .hasMessage(message);
  }
}
