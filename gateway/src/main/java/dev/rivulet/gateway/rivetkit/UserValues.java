package dev.rivulet.gateway.rivetkit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.rivulet.records.RecordCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * User values (action arguments and outputs, event arguments, error metadata, creation input) on
 * RivetKit's wire, as Jackson trees.
 *
 * <p>RivetKit's client sends JavaScript values. Those JSON has no form for travel as tagged
 * two-element arrays, in every encoding ("JSON compat"): {@code ["$BigInt","7"]}, {@code
 * ["$Uint8Array","<base64>"]}, {@code ["$ArrayBuffer","<base64>"]}, {@code ["$Set",[...]]},
 * {@code ["$Undefined",0]}; a user array that merely looks like one (two elements, a first string
 * starting with {@code $}) gets one more {@code $}. In the {@code bare} encoding the value is then
 * CBOR, in {@code cbor} it is part of the CBOR message. {@link #fromWire} undoes this into the
 * JSON Rivulet's actors take, {@link #toWire} does it for values going to the client.
 *
 * <p>Numbers follow JavaScript's: an integral number is an integer whatever its encoding (CBOR
 * writes integers beyond 32 bits as doubles, as the client's CBOR library does, so they arrive as
 * numbers and not as BigInts); fractions become {@link BigDecimal}s, as Rivulet reads JSON;
 * integers beyond 2^53 travel as BigInts. What has no JSON form in Rivulet becomes the closest
 * JSON: a Set its items, bytes a binary node, {@code undefined} null (an object drops the key).
 */
public final class UserValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
  private static final BigInteger MAX_SAFE = BigInteger.valueOf(MAX_SAFE_INTEGER);
  private static final BigInteger MIN_SAFE = MAX_SAFE.negate();
  private static final ArrayNode UNDEFINED = NODES.arrayNode(); // identity marker, never returned

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .nodeFactory(NODES)
      .build();
  private static final CBORMapper CBOR = CBORMapper.builder(new CBORFactory())
      .nodeFactory(NODES)
      .build();

  private UserValues() {}

  /** The JSON mapper of the {@code json} encoding (exact decimals, no trailing tokens). */
  static ObjectMapper json() {
    return JSON;
  }

  static JsonNodeFactory nodes() {
    return NODES;
  }

  // ------------------------------------------------------------------ wire -> Rivulet

  /**
   * A value as the client sent it (already parsed from JSON or CBOR) to Rivulet's JSON: tagged
   * arrays revived, escaped ones unescaped, integral numbers made integers.
   */
  public static JsonNode fromWire(JsonNode wire) throws RivetKitProtocolException {
    JsonNode v = revive(wire, true);
    return v == UNDEFINED ? NODES.nullNode() : v;
  }

  /**
   * A value the client sent in the {@code cbor} encoding's own messages, which it writes without
   * JSON compat escaping (a BigInt is a CBOR integer, bytes a byte string): only the numbers are
   * made JavaScript's. RivetKit's server revives these too, and fails on a user array like
   * {@code ["$x",1]}; Rivulet takes it as the data it is.
   */
  public static JsonNode fromRaw(JsonNode raw) throws RivetKitProtocolException {
    return revive(raw, false);
  }

  private static JsonNode revive(JsonNode wire, boolean compat) throws RivetKitProtocolException {
    if (wire == null || wire.isMissingNode()) return NODES.nullNode();
    if (wire.isArray()) {
      if (compat && looksTagged(wire)) return tagged(wire.get(0).asText(), wire.get(1));
      ArrayNode out = NODES.arrayNode(wire.size());
      for (JsonNode item : wire) {
        JsonNode v = revive(item, compat);
        out.add(v == UNDEFINED ? NODES.nullNode() : v);
      }
      return out;
    }
    if (wire.isObject()) {
      ObjectNode out = NODES.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = wire.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = revive(e.getValue(), compat);
        if (v != UNDEFINED) out.set(e.getKey(), v);
      }
      return out;
    }
    if (wire.isNumber()) return number(wire);
    return wire;
  }

  private static JsonNode tagged(String tag, JsonNode payload) throws RivetKitProtocolException {
    if (tag.startsWith("$$")) {
      ArrayNode out = NODES.arrayNode(2);
      out.add(tag.substring(1));
      JsonNode v = revive(payload, true);
      out.add(v == UNDEFINED ? NODES.nullNode() : v);
      return out;
    }
    switch (tag) {
      case "$BigInt" -> {
        if (!payload.isTextual()) throw bad("$BigInt needs a decimal string, got " + payload);
        try {
          return integer(new BigInteger(payload.asText()));
        } catch (NumberFormatException e) {
          throw bad("$BigInt needs a decimal string, got " + payload);
        }
      }
      case "$Uint8Array", "$ArrayBuffer" -> {
        try {
          return NODES.binaryNode(Base64.getDecoder().decode(payload.asText()));
        } catch (IllegalArgumentException e) {
          throw bad(tag + " needs base64, got " + payload);
        }
      }
      case "$Set" -> {
        if (!payload.isArray()) throw bad("$Set needs an array, got " + payload);
        return revive(payload, true); // the items, in order; Rivulet's JSON has no sets
      }
      case "$Undefined" -> {
        return UNDEFINED;
      }
      default -> throw bad("unknown JSON compat type " + tag);
    }
  }

  /** JavaScript has one number type: integral values are integers, fractions exact decimals. */
  private static JsonNode number(JsonNode n) {
    if (n.isIntegralNumber()) return n.canConvertToLong() ? NODES.numberNode(n.longValue()) : n;
    if (n.isDouble() || n.isFloat()) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) return n;
      if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER) return NODES.numberNode((long) d);
      return NODES.numberNode(BigDecimal.valueOf(d));
    }
    BigDecimal dec = n.decimalValue();
    if (dec.signum() == 0 || dec.stripTrailingZeros().scale() <= 0) {
      BigInteger i = dec.toBigIntegerExact();
      if (i.compareTo(MAX_SAFE) <= 0 && i.compareTo(MIN_SAFE) >= 0) {
        return NODES.numberNode(i.longValue());
      }
    }
    return n;
  }

  private static JsonNode integer(BigInteger i) {
    return i.bitLength() < 64 ? NODES.numberNode(i.longValue()) : NODES.numberNode(i);
  }

  private static boolean looksTagged(JsonNode array) {
    return array.size() == 2 && array.get(0).isTextual() && array.get(0).asText().startsWith("$");
  }

  // ------------------------------------------------------------------ Rivulet -> wire

  /**
   * A Rivulet value as RivetKit's client expects it: arrays that look tagged escaped, bytes as
   * {@code $Uint8Array}, and, when {@code forJson}, integers beyond 2^53 as {@code $BigInt} (JSON
   * numbers that large lose digits in JavaScript; CBOR carries them as 64-bit integers).
   */
  public static JsonNode toWire(JsonNode value, boolean forJson) {
    if (value == null || value.isMissingNode()) return NODES.nullNode();
    if (value.isArray()) {
      ArrayNode out = NODES.arrayNode(value.size());
      for (JsonNode item : value) out.add(toWire(item, forJson));
      if (looksTagged(out)) out.set(0, NODES.textNode("$" + out.get(0).asText()));
      return out;
    }
    if (value.isObject()) {
      ObjectNode out = NODES.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), toWire(e.getValue(), forJson));
      }
      return out;
    }
    if (value.isBinary()) {
      try {
        return NODES.arrayNode(2).add("$Uint8Array")
            .add(Base64.getEncoder().encodeToString(value.binaryValue()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (forJson && value.isIntegralNumber() && !value.canConvertToLong()
        || forJson && value.isIntegralNumber() && Math.abs(value.longValue()) > MAX_SAFE_INTEGER) {
      return NODES.arrayNode(2).add("$BigInt").add(value.bigIntegerValue().toString());
    }
    return value;
  }

  // ------------------------------------------------------------------ CBOR

  /**
   * A user value as CBOR, as the client's CBOR library writes the same JavaScript value (see
   * {@link CborWriter}), after {@link #toWire}.
   */
  public static byte[] toCbor(JsonNode value) {
    return toCborAsIs(toWire(value, false));
  }

  /** A tree already in wire form (see {@link #toWire}) as CBOR. */
  static byte[] toCborAsIs(JsonNode wire) {
    return new CborWriter().value(wire).toByteArray();
  }

  /** A user value from CBOR: parsed, then {@link #fromWire}. */
  public static JsonNode fromCbor(byte[] cbor) throws RivetKitProtocolException {
    return fromWire(readCbor(cbor, "CBOR value"));
  }

  /** One CBOR item, as a tree; nothing may follow it. */
  static JsonNode readCbor(byte[] cbor, String what) throws RivetKitProtocolException {
    try (JsonParser p = CBOR.getFactory().createParser(cbor)) {
      if (p.nextToken() == null) throw bad(what + " is empty");
      JsonNode tree = RecordCodec.readTree(CBOR, p);
      if (p.nextToken() != null) throw bad(what + " has bytes after its end");
      return tree == null ? NODES.nullNode() : tree;
    } catch (IOException e) {
      throw bad(what + " is not valid CBOR: " + firstLine(e.getMessage()));
    }
  }

  /** A JSON text as a tree (exact decimals); nothing may follow it. */
  static JsonNode readJson(String json, String what) throws RivetKitProtocolException {
    try {
      JsonNode tree = RecordCodec.readTree(JSON, json);
      if (tree == null || tree.isMissingNode()) throw bad(what + " is empty");
      return tree;
    } catch (IOException e) {
      throw bad(what + " is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  static String firstLine(String message) {
    if (message == null) return "unreadable";
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static RivetKitProtocolException bad(String message) {
    return RivetKitProtocolException.invalid(message);
  }
}
