package dev.rivulet.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.rivulet.gateway.WireFrames.ActionRequest;
import dev.rivulet.gateway.WireFrames.MalformedFrame;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.RecordCodec;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RivetKit's JSON compatibility escaping of user values, both ways, and the exact text of the
 * frames the gateway sends.
 */
class WireFramesEncodingTest {
  /** JSON with single quotes for readability; the CSV sources below quote with backticks. */
  private static JsonNode json(String singleQuoted) {
    try {
      return RecordCodec.mapper().readTree(singleQuoted.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(singleQuoted, e);
    }
  }

  private static String q(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "['$x',1]                      | ['$$x',1]",
      "['$$x',1]                     | ['$$$x',1]",
      "['$',null]                    | ['$$',null]",
      "['$BigInt','5']               | ['$$BigInt','5']",
      "[['$a',1],['$b',2]]           | [['$$a',1],['$$b',2]]",
      "{'k':['$t',{'n':['$u',[]]}]}  | {'k':['$$t',{'n':['$$u',[]]}]}",
      "['$x',['$y',1]]               | ['$$x',['$$y',1]]",
      "['x','$y']                    | ['x','$y']",
      "['$x']                        | ['$x']",
      "['$x',1,2]                    | ['$x',1,2]",
      "[5,'$x']                      | [5,'$x']",
      "['x$',1]                      | ['x$',1]",
      "{'$x':1}                      | {'$x':1}",
      "'$x'                          | '$x'",
      "12.50                         | 12.50",
      "null                          | null",
  })
  void encodingEscapesTwoElementArraysWhoseFirstElementIsADollarString(String in, String out) {
    JsonNode value = json(in);
    JsonNode before = value.deepCopy();
    assertThat(WireFrames.encodeValue(value)).hasToString(q(out));
    assertThat(value).isEqualTo(before); // the input is not changed in place
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "['$$x',1]                          | ['$x',1]",
      "['$$$x',1]                         | ['$$x',1]",
      "['$$BigInt','5']                   | ['$BigInt','5']",
      "['$$x',['$BigInt','2']]            | ['$x',2]",
      "['$BigInt','12345678901234567890'] | 12345678901234567890",
      "['$BigInt',5]                      | 5",
      "['$Undefined',0]                   | null",
      "{'a':[['$BigInt','1'],['$$t',{'b':['$Undefined',0]}]]} | {'a':[1,['$t',{'b':null}]]}",
      "['x','$y']                         | ['x','$y']",
      "['$x']                             | ['$x']",
      "['$x',1,2]                         | ['$x',1,2]",
      "{'$BigInt':'1'}                    | {'$BigInt':'1'}",
      "12.50                              | 12.50",
  })
  void decodingRevivesTaggedValuesAndUnescapes(String in, String out) throws Exception {
    assertThat(WireFrames.decodeValue(json(in))).hasToString(q(out));
  }

  @Test
  void binaryTagsAreRevivedFromBase64() throws Exception {
    JsonNode u8 = WireFrames.decodeValue(json("['$Uint8Array','AQID']"));
    JsonNode buf = WireFrames.decodeValue(json("[['$ArrayBuffer','']]"));
    assertThat(u8).isInstanceOf(BinaryNode.class);
    assertThat(u8.binaryValue()).containsExactly(1, 2, 3);
    assertThat(buf.get(0).binaryValue()).isEmpty();
  }

  @Test
  void aBigIntDecodesToAnIntegerNode() throws Exception {
    JsonNode n = WireFrames.decodeValue(json("['$BigInt','123456789012345678901234567890']"));
    assertThat(n.isIntegralNumber()).isTrue();
    assertThat(n.bigIntegerValue()).isEqualTo(new BigInteger("123456789012345678901234567890"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "['$Date','2024']             | unknown JSON encoding type $Date",
      "['$',1]                      | unknown JSON encoding type $",
      "['$bigint','1']              | unknown JSON encoding type $bigint",
      "{'a':[1,['$Map',[]]]}        | unknown JSON encoding type $Map",
      "['$BigInt','1.5']            | invalid $BigInt value '1.5'",
      "['$BigInt','']               | invalid $BigInt value ''",
      "['$BigInt',null]             | invalid $BigInt value null",
      "['$Uint8Array','not base64!'] | invalid base64 in $Uint8Array",
      "[['$ArrayBuffer','@@']]      | invalid base64 in $ArrayBuffer",
  })
  void unknownTagsAndBadPayloadsAreRefused(String in, String message) {
    assertThatThrownBy(() -> WireFrames.decodeValue(json(in)))
        .isInstanceOf(MalformedFrame.class)
        .hasMessage(q(message));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "['$x',1]", "[['$$y',{'z':['$w','v']}]]", "{'a':['$',0],'b':[1,2]}", "[]", "[[]]",
  })
  void decodingUndoesEncoding(String value) throws Exception {
    assertThat(WireFrames.decodeValue(WireFrames.encodeValue(json(value)))).isEqualTo(json(value));
  }

  // --- frames to the client ---

  @Test
  void initFrame() {
    assertThat(WireFrames.init("counter/my key", "c-1", 4))
        .isEqualTo(q("{'body':{'tag':'Init','val':{'actorId':'counter/my key','connectionId':'c-1',"
            + "'eventSeq':4}}}"));
  }

  @Test
  void actionResponseFrameWritesTheIdAsABigIntAndEscapesTheOutput() {
    assertThat(WireFrames.actionResponse(BigInteger.valueOf(7), json("5")))
        .isEqualTo(q("{'body':{'tag':'ActionResponse','val':{'id':['$BigInt','7'],'output':5}}}"));
    assertThat(WireFrames.actionResponse(BigInteger.ZERO, json("{'a':['$x',12.50]}")))
        .isEqualTo(q("{'body':{'tag':'ActionResponse','val':{'id':['$BigInt','0'],"
            + "'output':{'a':['$$x',12.50]}}}}"));
    assertThat(WireFrames.actionResponse(new BigInteger("123456789012345678901234567890"), null))
        .isEqualTo(q("{'body':{'tag':'ActionResponse','val':{"
            + "'id':['$BigInt','123456789012345678901234567890'],'output':null}}}"));
    assertThat(WireFrames.actionResponse(BigInteger.ONE, NullNode.instance))
        .isEqualTo(q("{'body':{'tag':'ActionResponse','val':{'id':['$BigInt','1'],'output':null}}}"));
  }

  @Test
  void eventFrameEscapesTheArgsArrayItself() {
    assertThat(WireFrames.event("newCount", json("[42]")))
        .isEqualTo(q("{'body':{'tag':'Event','val':{'name':'newCount','args':[42]}}}"));
    assertThat(WireFrames.event("said", json("['$ann','hi']")))
        .isEqualTo(q("{'body':{'tag':'Event','val':{'name':'said','args':['$$ann','hi']}}}"));
    assertThat(WireFrames.event("said", json("[['$ann','hi']]")))
        .isEqualTo(q("{'body':{'tag':'Event','val':{'name':'said','args':[['$$ann','hi']]}}}"));
  }

  @Test
  void errorFrameAlwaysHasAnActionIdWhichIsNullForConnectionErrors() {
    assertThat(WireFrames.error(ErrorCode.INVALID_REQUEST.error("bad frame"), null))
        .isEqualTo(q("{'body':{'tag':'Error','val':{'group':'actor','code':'invalid_request',"
            + "'message':'bad frame','actionId':null}}}"));
    assertThat(WireFrames.error(new ErrorInfo("user", "room_full", "full"), BigInteger.valueOf(3)))
        .isEqualTo(q("{'body':{'tag':'Error','val':{'group':'user','code':'room_full',"
            + "'message':'full','actionId':['$BigInt','3']}}}"));
  }

  @Test
  void errorFrameCarriesEscapedMetadataOnlyWhenPresent() {
    ErrorInfo error = new ErrorInfo("user", "room_full", "The \"red\" room\nis full",
        json("{'max':8,'who':['$ann',1]}"));
    assertThat(WireFrames.error(error, BigInteger.TEN))
        .isEqualTo(q("{'body':{'tag':'Error','val':{'group':'user','code':'room_full',"
            + "'message':'The \\'red\\' room\\nis full','metadata':{'max':8,'who':['$$ann',1]},"
            + "'actionId':['$BigInt','10']}}}"));
  }

  @Test
  void whatTheClientSentComesBackTheWayItWasSent() throws Exception {
    String sent = q("{'body':{'tag':'ActionRequest','val':{'id':['$BigInt','9'],'name':'echo',"
        + "'args':[['$$tag',['$BigInt','5']],{'k':['$$$v',0]}]}}}");
    ActionRequest r = (ActionRequest) WireFrames.parse(sent);
    assertThat(r.args()).hasToString(q("[['$tag',5],{'k':['$$v',0]}]"));
    assertThat(WireFrames.actionResponse(r.id(), r.args()))
        .isEqualTo(q("{'body':{'tag':'ActionResponse','val':{'id':['$BigInt','9'],"
            + "'output':[['$$tag',5],{'k':['$$$v',0]}]}}}"));
  }
}
