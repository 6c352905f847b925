package dev.rivulet.gateway.rivetkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The pieces of RivetKit's client protocol that its WebSocket messages ({@link ClientProtocol})
 * and its HTTP bodies ({@link HttpBodies}) share: the bare version prefix, tagged JSON messages,
 * action ids and arguments, the actor an error names, and the protocol's errors.
 */
final class WireParts {
  static final JsonNodeFactory NODES = UserValues.nodes();

  private WireParts() {}

  static int version(BareReader r) throws RivetKitProtocolException {
    int version = r.u16("protocol version");
    if (version < ClientProtocol.OLDEST_VERSION || version > ClientProtocol.CURRENT_VERSION) {
      throw bad("unsupported protocol version " + version + " (this server reads "
          + ClientProtocol.OLDEST_VERSION + " to " + ClientProtocol.CURRENT_VERSION + ")");
    }
    return version;
  }

  static void checkVersion(int version) {
    if (version < ClientProtocol.OLDEST_VERSION || version > ClientProtocol.CURRENT_VERSION) {
      throw new IllegalArgumentException("protocol version must be " + ClientProtocol.OLDEST_VERSION + " to "
          + ClientProtocol.CURRENT_VERSION + ", got " + version);
    }
  }

  static JsonNode tree(Encoding encoding, byte[] body, String what)
      throws RivetKitProtocolException {
    return encoding == Encoding.JSON
        ? UserValues.readJson(new String(body, StandardCharsets.UTF_8), what)
        : UserValues.readCbor(body, what);
  }

  static byte[] treeBytes(Encoding encoding, ObjectNode body) {
    if (encoding == Encoding.JSON) return jsonBytes(body);
    return UserValues.toCborAsIs(body);
  }

  /** {@code body.val} of a tagged message, checked. */
  static JsonNode val(JsonNode root) throws RivetKitProtocolException {
    JsonNode body = root.get("body");
    if (body == null || !body.isObject()) {
      throw bad("message must be {\"body\":{\"tag\":...,\"val\":{...}}}");
    }
    if (!body.path("tag").isTextual()) throw bad("message body needs a string tag");
    JsonNode val = body.get("val");
    if (val == null || !val.isObject()) throw bad("message body needs a val object");
    return val;
  }

  static ObjectNode tagged(String tag, ObjectNode val) {
    ObjectNode body = NODES.objectNode();
    body.put("tag", tag);
    body.set("val", val);
    return body;
  }

  static ObjectNode envelope(ObjectNode body) {
    ObjectNode root = NODES.objectNode();
    root.set("body", body);
    return root;
  }

  static String jsonText(JsonNode node) {
    try {
      return UserValues.json().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static byte[] jsonBytes(JsonNode node) {
    return jsonText(node).getBytes(StandardCharsets.UTF_8);
  }

  static ArrayNode bigIntJson(BigInteger value) {
    return NODES.arrayNode(2).add("$BigInt").add(value.toString());
  }

  /** An action id: a non-negative integer below 2^64, as a number or {@code ["$BigInt","n"]}. */
  static BigInteger id(JsonNode id, String what) throws RivetKitProtocolException {
    BigInteger value = null;
    if (id != null && id.isIntegralNumber()) {
      value = id.bigIntegerValue();
    } else if (id != null && id.isArray() && id.size() == 2 && "$BigInt".equals(id.get(0).asText())
        && id.get(1).isTextual()) {
      try {
        value = new BigInteger(id.get(1).asText());
      } catch (NumberFormatException e) {
        value = null;
      }
    }
    if (value == null || value.signum() < 0 || value.bitLength() > 64) {
      throw bad(what + " must be an unsigned 64-bit integer or [\"$BigInt\",\"n\"], got " + id);
    }
    return value;
  }

  static String name(JsonNode name, String what) throws RivetKitProtocolException {
    if (name == null || !name.isTextual() || name.asText().isEmpty()) {
      throw bad(what + " must be a non-empty string");
    }
    return name.asText();
  }

  static String string(JsonNode obj, String field, String what)
      throws RivetKitProtocolException {
    JsonNode v = obj.get(field);
    if (v == null || !v.isTextual()) throw bad(what + " needs a string " + field);
    return v.asText();
  }

  /** Arguments: a JSON array (none when absent or null); {@code compat}: in JSON compat form. */
  static JsonNode args(JsonNode args, String what, boolean compat)
      throws RivetKitProtocolException {
    if (args == null || args.isNull()) return NODES.arrayNode();
    if (!args.isArray()) throw bad(what + " args must be an array, got " + args.getNodeType());
    return compat ? UserValues.fromWire(args) : UserValues.fromRaw(args);
  }

  static JsonNode argsFromCbor(byte[] cbor) throws RivetKitProtocolException {
    JsonNode args = UserValues.fromCbor(cbor);
    if (!args.isArray()) throw bad("args must be a CBOR array, got " + args.getNodeType());
    return args;
  }

  static ObjectNode actorJson(ActorSpecifier actor) {
    ObjectNode node = NODES.objectNode();
    node.put("actorId", actor.actorId());
    node.put("generation", actor.generation());
    if (actor.key() != null) node.put("key", actor.key());
    return node;
  }

  static void actorCbor(CborWriter w, ActorSpecifier actor, boolean forced64) {
    w.map(actor.key() != null ? 3 : 2).text("actorId").text(actor.actorId()).text("generation");
    if (forced64) w.u64(BigInteger.valueOf(actor.generation()));
    else w.raw(UserValues.toCbor(NODES.numberNode(actor.generation())));
    if (actor.key() != null) w.text("key").text(actor.key());
  }

  static void actorBare(BareWriter w, ActorSpecifier actor) {
    w.bool(actor != null);
    if (actor != null) {
      w.string(actor.actorId()).uint(actor.generation()).optionalString(actor.key());
    }
  }

  static ActorSpecifier actorFromBare(BareReader r) throws RivetKitProtocolException {
    if (!r.bool("actor presence")) return null;
    String actorId = r.string("actor id");
    BigInteger generation = r.uint("actor generation");
    String key = r.optionalString("actor key");
    if (generation.bitLength() > 63) throw bad("actor generation is too large");
    return new ActorSpecifier(actorId, generation.longValue(), key);
  }

  static ActorSpecifier actorFromTree(JsonNode actor) throws RivetKitProtocolException {
    if (actor == null || actor.isNull()) return null;
    if (!actor.isObject()) throw bad("actor must be an object");
    JsonNode generation = actor.get("generation");
    if (generation == null || !generation.canConvertToLong() || generation.longValue() < 0) {
      throw bad("actor needs a non-negative generation");
    }
    JsonNode key = actor.get("key");
    return new ActorSpecifier(string(actor, "actorId", "actor"), generation.longValue(),
        key == null || key.isNull() ? null : key.asText());
  }

  static RivetKitProtocolException bad(String message) {
    return RivetKitProtocolException.invalid(message);
  }
}
