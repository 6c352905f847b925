package dev.rivulet.gateway.rivetkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class UserValuesTest {
  private static JsonNode json(String text) throws Exception {
    return UserValues.readJson(text, "test value");
  }

  /** A value as Rivulet holds it after reading: integers as longs. */
  private static JsonNode value(String text) throws Exception {
    return UserValues.fromWire(json(text));
  }

  @Test
  void taggedArraysAreRevived() throws Exception {
    assertThat(UserValues.fromWire(json("[\"$BigInt\",\"12345678901234567890\"]")).bigIntegerValue())
        .isEqualTo(new BigInteger("12345678901234567890"));
    assertThat(UserValues.fromWire(json("[\"$BigInt\",\"7\"]"))).isEqualTo(value("7"));
    assertThat(UserValues.fromWire(json("[\"$Uint8Array\",\"AQID\"]")).binaryValue())
        .containsExactly(1, 2, 3);
    assertThat(UserValues.fromWire(json("[\"$ArrayBuffer\",\"AQID\"]")).binaryValue())
        .containsExactly(1, 2, 3);
    assertThat(UserValues.fromWire(json("[\"$Set\",[1,[\"$BigInt\",\"2\"]]]")))
        .isEqualTo(value("[1,2]"));
    assertThat(UserValues.fromWire(json("[\"$$ref\",[\"$BigInt\",\"3\"]]")))
        .isEqualTo(UserValues.nodes().arrayNode().add("$ref").add(3L));
    assertThat(UserValues.fromWire(json("[\"$$$x\",1]")))
        .isEqualTo(UserValues.nodes().arrayNode().add("$$x").add(1L));
  }

  @Test
  void undefinedIsNullAndDropsObjectKeys() throws Exception {
    assertThat(UserValues.fromWire(json("[\"$Undefined\",0]")).isNull()).isTrue();
    assertThat(UserValues.fromWire(json("{\"a\":[\"$Undefined\",0],\"b\":1}")))
        .isEqualTo(value("{\"b\":1}"));
    assertThat(UserValues.fromWire(json("[1,[\"$Undefined\",0]]"))).isEqualTo(value("[1,null]"));
  }

  @Test
  void numbersAreJavaScriptNumbers() throws Exception {
    assertThat(UserValues.fromWire(json("1.0E3"))).isEqualTo(UserValues.nodes().numberNode(1000L));
    assertThat(UserValues.fromWire(json("12.50")).decimalValue())
        .isEqualTo(new BigDecimal("12.50"));
    assertThat(UserValues.fromWire(UserValues.nodes().numberNode(1.7e12)))
        .isEqualTo(UserValues.nodes().numberNode(1_700_000_000_000L));
    assertThat(UserValues.fromWire(UserValues.nodes().numberNode(0.1)).decimalValue())
        .isEqualTo(new BigDecimal("0.1"));
  }

  @Test
  void unknownOrBrokenTagsAreErrors() {
    assertThatThrownBy(() -> UserValues.fromWire(json("[\"$Date\",1]")))
        .isInstanceOf(RivetKitProtocolException.class)
        .hasMessageContaining("unknown JSON compat type $Date");
    assertThatThrownBy(() -> UserValues.fromWire(json("[\"$BigInt\",\"x\"]")))
        .hasMessageContaining("$BigInt needs a decimal string");
    assertThatThrownBy(() -> UserValues.fromWire(json("[\"$BigInt\",7]")))
        .hasMessageContaining("$BigInt needs a decimal string");
    assertThatThrownBy(() -> UserValues.fromWire(json("[\"$Uint8Array\",\"%%\"]")))
        .hasMessageContaining("needs base64");
    assertThatThrownBy(() -> UserValues.fromWire(json("[\"$Set\",1]")))
        .hasMessageContaining("$Set needs an array");
  }

  @Test
  void valuesForTheClientAreEscaped() throws Exception {
    assertThat(UserValues.toWire(json("[\"$ref\",1]"), true)).isEqualTo(json("[\"$$ref\",1]"));
    assertThat(UserValues.toWire(json("{\"a\":[\"$x\",[\"$y\",2]]}"), true))
        .isEqualTo(json("{\"a\":[\"$$x\",[\"$$y\",2]]}"));
    assertThat(UserValues.toWire(json("[\"$ref\",1,2]"), true)).isEqualTo(json("[\"$ref\",1,2]"));
    assertThat(UserValues.toWire(UserValues.nodes().binaryNode(new byte[] {1, 2, 3}), true))
        .isEqualTo(json("[\"$Uint8Array\",\"AQID\"]"));
    assertThat(UserValues.toWire(json("9007199254740993"), true))
        .isEqualTo(json("[\"$BigInt\",\"9007199254740993\"]"));
    assertThat(UserValues.toWire(json("9007199254740991"), true)).isEqualTo(json("9007199254740991"));
    assertThat(UserValues.toWire(json("9007199254740993"), false)).isEqualTo(json("9007199254740993"));
  }

  @Test
  void escapingRoundTrips() throws Exception {
    for (String v : new String[] {"[\"$ref\",1]", "[[\"$a\",[\"$$b\",null]]]", "{\"k\":\"$v\"}",
        "[1,\"two\",{\"three\":[3.5,true,null]}]"}) {
      // compared as text: integers come back as longs, whatever node type they were
      assertThat(UserValues.fromWire(UserValues.toWire(json(v), true)).toString())
          .isEqualTo(json(v).toString());
      assertThat(UserValues.fromCbor(UserValues.toCbor(json(v))).toString())
          .isEqualTo(json(v).toString());
    }
  }

  @Test
  void cborIntegersAreWrittenAsTheClientWritesNumbers() throws Exception {
    assertThat(cbor("0")).isEqualTo("00");
    assertThat(cbor("23")).isEqualTo("17");
    assertThat(cbor("24")).isEqualTo("18 18");
    assertThat(cbor("256")).isEqualTo("19 01 00");
    assertThat(cbor("4294967295")).isEqualTo("1a ff ff ff ff");
    assertThat(cbor("-1")).isEqualTo("20");
    assertThat(cbor("-2147483648")).isEqualTo("3a 7f ff ff ff");
    // beyond 32 bits a JavaScript number is a double in CBOR (a 64-bit integer would be a BigInt)
    assertThat(cbor("4294967296")).isEqualTo("fb 41 f0 00 00 00 00 00 00");
    assertThat(cbor("-2147483649")).isEqualTo("3a 80 00 00 00"); // cbor-x: negatives to -2^32
    assertThat(cbor("-4294967296")).isEqualTo("3a ff ff ff ff");
    assertThat(cbor("-4294967297")).isEqualTo("fb c1 f0 00 00 00 10 00 00");
    assertThat(cbor("-9007199254740993")).isEqualTo("3b 00 20 00 00 00 00 00 00");
    assertThat(cbor("9007199254740993")).isEqualTo("1b 00 20 00 00 00 00 00 01");
    assertThat(cbor("18446744073709551616")).isEqualTo("c2 49 01 00 00 00 00 00 00 00 00");
    assertThat(cbor("5.0")).isEqualTo("05");
    assertThat(cbor("0.5")).isEqualTo("fb 3f e0 00 00 00 00 00 00");
  }

  @Test
  void cborContainersHaveDefiniteLengths() throws Exception {
    assertThat(cbor("[5]")).isEqualTo("81 05");
    assertThat(cbor("{\"a\":\"b\"}")).isEqualTo("b9 00 01 61 61 61 62"); // cbor-x's object header
    assertThat(cbor("\"" + "x".repeat(24) + "\"")).startsWith("78 18 78");
    assertThat(cbor("[]")).isEqualTo("80");
    assertThat(cbor("[true,false,null]")).isEqualTo("83 f5 f4 f6");
  }

  @Test
  void cborFromTheClientIsRead() throws Exception {
    assertThat(UserValues.fromCbor(Hex.parse("fb 42 78 bc fe 56 80 00 00")))
        .isEqualTo(UserValues.nodes().numberNode(1_700_000_000_000L));
    assertThat(UserValues.fromCbor(Hex.parse("1b 00 00 00 00 00 00 00 07")))
        .isEqualTo(UserValues.nodes().numberNode(7L));
    assertThat(UserValues.fromCbor(Hex.parse("c2 49 01 00 00 00 00 00 00 00 00")).bigIntegerValue())
        .isEqualTo(BigInteger.ONE.shiftLeft(64));
    assertThat(UserValues.fromCbor(Hex.parse("43 01 02 03")).binaryValue()).containsExactly(1, 2, 3);
    assertThat(UserValues.fromCbor(Hex.parse("82 f7 f6"))).isEqualTo(json("[null,null]"));
    assertThat(UserValues.fromCbor(Hex.parse("b9 00 01 61 61 f9 3e 00")).toString())
        .isEqualTo("{\"a\":1.5}"); // a half float, as RivetKit's server writes 1.5
    assertThat(UserValues.fromCbor(Hex.parse("3a 80 00 00 00")))
        .isEqualTo(UserValues.nodes().numberNode(-2147483649L));
  }

  @Test
  void badCborIsAClearError() {
    assertThatThrownBy(() -> UserValues.fromCbor(new byte[0]))
        .isInstanceOf(RivetKitProtocolException.class).hasMessageContaining("is empty");
    assertThatThrownBy(() -> UserValues.fromCbor(Hex.parse("05 06")))
        .hasMessageContaining("bytes after its end");
    assertThatThrownBy(() -> UserValues.fromCbor(Hex.parse("82 01")))
        .hasMessageContaining("not valid CBOR");
  }

  private static String cbor(String jsonValue) throws Exception {
    return Hex.of(UserValues.toCbor(json(jsonValue)));
  }
}
