package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.RecordCodec;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * The WebSocket protocol in RivetKit's JSON encoding (client protocol v4): every message is
 * {@code {"body":{"tag":T,"val":{...}}}}.
 *
 * <ul>
 *   <li>to the server: {@code ActionRequest{id, name, args}}, {@code SubscriptionRequest{eventName,
 *       subscribe}};
 *   <li>to the client: {@code Init{actorId, connectionId}} (always first), {@code
 *       ActionResponse{id, output}}, {@code Event{name, args}}, {@code Error{group, code, message,
 *       metadata?, actionId}}.
 * </ul>
 *
 * Action ids are written as {@code ["$BigInt","7"]} (and read as that or as a plain number). User
 * values go through RivetKit's JSON compatibility escaping: a two-element array whose first
 * element is a string starting with {@code $} is a tagged value, so such arrays in user data get
 * one more {@code $}.
 */
final class WireFrames {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private WireFrames() {}

  /** A message from the client. */
  sealed interface ToServer permits ActionRequest, SubscriptionRequest {}

  /**
   * Call action {@code name}; the reply carries {@code id}. A Rivulet addition RivetKit's client
   * does not send: {@code traceparent} (and {@code tracestate}), the W3C trace the action belongs
   * to; null when absent.
   */
  record ActionRequest(BigInteger id, String name, JsonNode args, String traceparent,
      String tracestate) implements ToServer {
    ActionRequest(BigInteger id, String name, JsonNode args) {
      this(id, name, args, null, null);
    }
  }

  /** Start or stop receiving an event. */
  record SubscriptionRequest(String eventName, boolean subscribe) implements ToServer {}

  /** A message the server cannot read; the message says why. */
  static final class MalformedFrame extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedFrame(String message) {
      super(message, null, false, false);
    }
  }

  static ToServer parse(String text) throws MalformedFrame {
    JsonNode root;
    try {
      root = RecordCodec.readTree(RecordCodec.mapper(), text);
    } catch (IOException e) {
      throw new MalformedFrame("message is not valid JSON");
    }
    JsonNode body = root == null ? null : root.get("body");
    if (body == null || !body.isObject()) {
      throw new MalformedFrame("message must be {\"body\":{\"tag\":...,\"val\":{...}}}");
    }
    String tag = body.path("tag").asText("");
    JsonNode val = body.get("val");
    if (val == null || !val.isObject()) throw new MalformedFrame("message body has no val object");
    switch (tag) {
      case "ActionRequest" -> {
        JsonNode name = val.get("name");
        if (name == null || !name.isTextual() || name.asText().isEmpty()) {
          throw new MalformedFrame("ActionRequest needs a name");
        }
        JsonNode args = val.get("args");
        if (args == null || args.isNull()) args = NODES.arrayNode();
        if (!args.isArray()) throw new MalformedFrame("ActionRequest args must be an array");
        return new ActionRequest(readId(val.get("id")), name.asText(), decodeValue(args),
            optionalText(val, "traceparent"), optionalText(val, "tracestate"));
      }
      case "SubscriptionRequest" -> {
        JsonNode event = val.get("eventName");
        JsonNode subscribe = val.get("subscribe");
        if (event == null || !event.isTextual() || subscribe == null || !subscribe.isBoolean()) {
          throw new MalformedFrame("SubscriptionRequest needs eventName and subscribe");
        }
        return new SubscriptionRequest(event.asText(), subscribe.asBoolean());
      }
      default -> throw new MalformedFrame("unknown message tag \"" + tag + "\"");
    }
  }

  /** A text field's value; null when it is absent or not text (never an error). */
  private static String optionalText(JsonNode val, String field) {
    JsonNode v = val.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /**
   * {@code Init}, with a Rivulet addition RivetKit's client ignores: {@code eventSeq}, the
   * actor's event sequence number when it accepted the connection. Every later event reaches the
   * connection (if it subscribes), so a client that reconnects with {@code ?lastEventId=} of it
   * misses nothing even when no event had reached it yet.
   */
  static String init(String actorId, String connectionId, long eventSeq) {
    ObjectNode val = NODES.objectNode();
    val.put("actorId", actorId);
    val.put("connectionId", connectionId);
    val.put("eventSeq", eventSeq);
    return frame("Init", val);
  }

  static String actionResponse(BigInteger id, JsonNode output) {
    ObjectNode val = NODES.objectNode();
    val.set("id", bigInt(id));
    val.set("output", encodeValue(output == null ? NODES.nullNode() : output));
    return frame("ActionResponse", val);
  }

  static String event(String name, JsonNode args) {
    ObjectNode val = NODES.objectNode();
    val.put("name", name);
    val.set("args", encodeValue(args));
    return frame("Event", val);
  }

  /**
   * An event with its sequence number in {@code id} (a Rivulet addition RivetKit's client
   * ignores): a client that reconnects with {@code ?lastEventId=} gets what it missed.
   */
  static String event(String name, JsonNode args, long eventSeq) {
    ObjectNode val = NODES.objectNode();
    val.put("name", name);
    val.set("args", encodeValue(args));
    val.put("id", eventSeq);
    return frame("Event", val);
  }

  /** An error frame; {@code actionId} is null for errors of the connection itself. */
  static String error(ErrorInfo error, BigInteger actionId) {
    ObjectNode val = NODES.objectNode();
    val.put("group", error.group());
    val.put("code", error.code());
    val.put("message", error.message());
    if (error.metadata() != null) val.set("metadata", encodeValue(error.metadata()));
    val.set("actionId", actionId == null ? NODES.nullNode() : bigInt(actionId));
    return frame("Error", val);
  }

  private static String frame(String tag, ObjectNode val) {
    ObjectNode body = NODES.objectNode();
    body.put("tag", tag);
    body.set("val", val);
    ObjectNode root = NODES.objectNode();
    root.set("body", body);
    return root.toString();
  }

  private static ArrayNode bigInt(BigInteger id) {
    return NODES.arrayNode().add("$BigInt").add(id.toString());
  }

  private static BigInteger readId(JsonNode id) throws MalformedFrame {
    if (id != null && id.isIntegralNumber() && id.bigIntegerValue().signum() >= 0) {
      return id.bigIntegerValue();
    }
    if (id != null && id.isArray() && id.size() == 2 && "$BigInt".equals(id.get(0).asText())) {
      try {
        BigInteger v = new BigInteger(id.get(1).asText());
        if (v.signum() >= 0) return v;
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new MalformedFrame("ActionRequest id must be a non-negative integer or [\"$BigInt\",\"n\"]");
  }

  /** User value → wire: escapes arrays that look like tagged values. */
  static JsonNode encodeValue(JsonNode value) {
    if (value.isArray()) {
      ArrayNode out = NODES.arrayNode(value.size());
      for (JsonNode item : value) out.add(encodeValue(item));
      if (looksTagged(out)) out.set(0, NODES.textNode("$" + out.get(0).asText()));
      return out;
    }
    if (value.isObject()) {
      ObjectNode out = NODES.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), encodeValue(e.getValue()));
      }
      return out;
    }
    return value;
  }

  /** Wire → user value: revives tagged values and removes the escaping. */
  static JsonNode decodeValue(JsonNode value) throws MalformedFrame {
    if (value.isArray()) {
      if (looksTagged(value)) {
        String tag = value.get(0).asText();
        JsonNode payload = value.get(1);
        if (tag.startsWith("$$")) {
          ArrayNode out = NODES.arrayNode(2);
          out.add(tag.substring(1));
          out.add(decodeValue(payload));
          return out;
        }
        switch (tag) {
          case "$BigInt":
            try {
              return NODES.numberNode(new BigInteger(payload.asText()));
            } catch (NumberFormatException e) {
              throw new MalformedFrame("invalid $BigInt value " + payload);
            }
          case "$Uint8Array":
          case "$ArrayBuffer":
            try {
              return NODES.binaryNode(Base64.getDecoder().decode(payload.asText()));
            } catch (IllegalArgumentException e) {
              throw new MalformedFrame("invalid base64 in " + tag);
            }
          case "$Undefined":
            return NODES.nullNode();
          default:
            throw new MalformedFrame("unknown JSON encoding type " + tag);
        }
      }
      ArrayNode out = NODES.arrayNode(value.size());
      for (JsonNode item : value) out.add(decodeValue(item));
      return out;
    }
    if (value.isObject()) {
      ObjectNode out = NODES.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), decodeValue(e.getValue()));
      }
      return out;
    }
    return value;
  }

  private static boolean looksTagged(JsonNode array) {
    return array.size() == 2 && array.get(0).isTextual() && array.get(0).asText().startsWith("$");
  }
}
