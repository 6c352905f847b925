package dev.rivulet.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.actor.internal.Json;
import java.math.BigInteger;

/**
 * The frames of RivetKit's connection protocol (JSON encoding) that {@link ActorConnection} sends
 * and reads: {@code {"body": {"tag": ..., "val": ...}}}, with call ids as RivetKit's {@code
 * ["$BigInt", "n"]}, and the {@code group.code} close reasons the server gives its errors in.
 */
final class ConnectionFrames {
  private ConnectionFrames() {}

  /** A close reason of the form {@code group.code}, as the server gives its errors; else null. */
  static ActorError closeReasonError(String reason) {
    if (reason == null || !reason.matches("[A-Za-z0-9_]+\\.[A-Za-z0-9_.]+")) return null;
    int dot = reason.indexOf('.');
    return new ActorError(reason.substring(0, dot), reason.substring(dot + 1),
        "connection closed: " + reason, null);
  }

  static BigInteger id(JsonNode node) {
    if (node == null) return null;
    if (node.isArray() && node.size() == 2) {
      try {
        return new BigInteger(node.get(1).asText());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return node.isIntegralNumber() ? node.bigIntegerValue() : null;
  }

  static String actionRequest(BigInteger id, String action, ArrayNode args) {
    ObjectNode val = Json.mapper().createObjectNode();
    val.set("id", Json.mapper().createArrayNode().add("$BigInt").add(id.toString()));
    val.put("name", action);
    val.set("args", args);
    return frame("ActionRequest", val);
  }

  static String subscription(String event, boolean on) {
    ObjectNode val = Json.mapper().createObjectNode();
    val.put("eventName", event);
    val.put("subscribe", on);
    return frame("SubscriptionRequest", val);
  }

  static String frame(String tag, ObjectNode val) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("tag", tag);
    body.set("val", val);
    ObjectNode frame = Json.mapper().createObjectNode();
    frame.set("body", body);
    return frame.toString();
  }
}
