package dev.rivulet.gateway.rivetkit;

import static dev.rivulet.gateway.rivetkit.WireParts.NODES;
import static dev.rivulet.gateway.rivetkit.WireParts.actorBare;
import static dev.rivulet.gateway.rivetkit.WireParts.actorCbor;
import static dev.rivulet.gateway.rivetkit.WireParts.actorFromBare;
import static dev.rivulet.gateway.rivetkit.WireParts.actorFromTree;
import static dev.rivulet.gateway.rivetkit.WireParts.actorJson;
import static dev.rivulet.gateway.rivetkit.WireParts.args;
import static dev.rivulet.gateway.rivetkit.WireParts.argsFromCbor;
import static dev.rivulet.gateway.rivetkit.WireParts.bad;
import static dev.rivulet.gateway.rivetkit.WireParts.checkVersion;
import static dev.rivulet.gateway.rivetkit.WireParts.jsonBytes;
import static dev.rivulet.gateway.rivetkit.WireParts.name;
import static dev.rivulet.gateway.rivetkit.WireParts.string;
import static dev.rivulet.gateway.rivetkit.WireParts.tree;
import static dev.rivulet.gateway.rivetkit.WireParts.treeBytes;
import static dev.rivulet.gateway.rivetkit.WireParts.version;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;

/**
 * The bodies of RivetKit's HTTP calls in its three encodings: an action's request and answer,
 * an error answer, a queue message and its answer, a resolve answer. Server side: {@link
 * #decodeActionRequest}, {@link #encodeActionResponse} and {@link #encodeResponseError}; the
 * opposite directions are here too (a client's side, and tests that check the codec against
 * bytes the real client sent and read). Bare bodies start with the protocol version, as {@link
 * ClientProtocol} says.
 */
public final class HttpBodies {
  private HttpBodies() {}

  /** The body of {@code POST .../action/{name}}. */
  public static Http.ActionRequest decodeActionRequest(Encoding encoding, byte[] body)
      throws RivetKitProtocolException {
    if (encoding == Encoding.BARE) {
      BareReader r = new BareReader(body);
      version(r);
      JsonNode args = argsFromCbor(r.data("HttpActionRequest args"));
      r.finish("HttpActionRequest");
      return new Http.ActionRequest(args);
    }
    JsonNode root = tree(encoding, body, "action request body");
    if (!root.isObject()) throw bad("action request body must be an object {\"args\": [...]}");
    return new Http.ActionRequest(args(root.get("args"), "action request",
        encoding == Encoding.JSON));
  }

  public static byte[] encodeActionRequest(Encoding encoding, Http.ActionRequest request) {
    return switch (encoding) {
      case JSON -> jsonBytes(NODES.objectNode().set("args", UserValues.toWire(request.args(), true)));
      case CBOR -> new CborWriter().map(1).text("args").value(request.args()).toByteArray();
      case BARE -> new BareWriter().u16(ClientProtocol.CURRENT_VERSION).data(UserValues.toCbor(request.args()))
          .toByteArray();
    };
  }

  /** The body of a successful action call's answer. */
  public static byte[] encodeActionResponse(Encoding encoding, Http.ActionResponse response) {
    return switch (encoding) {
      case JSON -> jsonBytes(
          NODES.objectNode().set("output", UserValues.toWire(response.output(), true)));
      case CBOR -> new CborWriter().map(1).text("output").raw(UserValues.toCbor(response.output()))
          .toByteArray();
      case BARE -> new BareWriter().u16(ClientProtocol.CURRENT_VERSION)
          .data(UserValues.toCbor(response.output())).toByteArray();
    };
  }

  public static Http.ActionResponse decodeActionResponse(Encoding encoding, byte[] body)
      throws RivetKitProtocolException {
    if (encoding == Encoding.BARE) {
      BareReader r = new BareReader(body);
      version(r);
      JsonNode output = UserValues.fromCbor(r.data("HttpActionResponse output"));
      r.finish("HttpActionResponse");
      return new Http.ActionResponse(output);
    }
    JsonNode root = tree(encoding, body, "action response body");
    if (!root.isObject()) throw bad("action response body must be an object {\"output\": ...}");
    return new Http.ActionResponse(UserValues.fromWire(root.get("output")));
  }

  /** The body of an error answer, in {@link ClientProtocol#CURRENT_VERSION}. */
  public static byte[] encodeResponseError(Encoding encoding, Http.ResponseError error) {
    return encodeResponseError(encoding, error, ClientProtocol.CURRENT_VERSION);
  }

  /** The body of an error answer; a bare {@code version} before 4 leaves out the actor. */
  public static byte[] encodeResponseError(Encoding encoding, Http.ResponseError error,
      int version) {
    checkVersion(version);
    switch (encoding) {
      case JSON -> {
        ObjectNode body = NODES.objectNode();
        body.put("group", error.group());
        body.put("code", error.code());
        body.put("message", error.message());
        if (error.metadata() != null) body.set("metadata", UserValues.toWire(error.metadata(), true));
        if (error.actor() != null) body.set("actor", actorJson(error.actor()));
        return jsonBytes(body);
      }
      case CBOR -> {
        int fields = 3 + (error.metadata() != null ? 1 : 0) + (error.actor() != null ? 1 : 0);
        CborWriter w = new CborWriter().map(fields)
            .text("group").text(error.group())
            .text("code").text(error.code())
            .text("message").text(error.message());
        if (error.metadata() != null) w.text("metadata").raw(UserValues.toCbor(error.metadata()));
        if (error.actor() != null) actorCbor(w.text("actor"), error.actor(), false);
        return w.toByteArray();
      }
      default -> {
        BareWriter w = new BareWriter().u16(version)
            .string(error.group()).string(error.code()).string(error.message())
            .optionalData(error.metadata() == null ? null : UserValues.toCbor(error.metadata()));
        if (version >= 4) actorBare(w, error.actor());
        return w.toByteArray();
      }
    }
  }

  public static Http.ResponseError decodeResponseError(Encoding encoding, byte[] body)
      throws RivetKitProtocolException {
    if (encoding == Encoding.BARE) {
      BareReader r = new BareReader(body);
      int version = version(r);
      String group = r.string("error group");
      String code = r.string("error code");
      String message = r.string("error message");
      byte[] metadata = r.optionalData("error metadata");
      ActorSpecifier actor = version >= 4 ? actorFromBare(r) : null;
      r.finish("error");
      return new Http.ResponseError(group, code, message,
          metadata == null ? null : UserValues.fromCbor(metadata), actor);
    }
    JsonNode root = tree(encoding, body, "error body");
    if (!root.isObject()) throw bad("error body must be an object");
    JsonNode metadata = root.get("metadata");
    return new Http.ResponseError(string(root, "group", "error"), string(root, "code", "error"),
        string(root, "message", "error"), metadata == null ? null : UserValues.fromWire(metadata),
        actorFromTree(root.get("actor")));
  }

  /** The body of {@code POST .../queue/{name}}. */
  public static Http.QueueSendRequest decodeQueueSendRequest(Encoding encoding, byte[] body)
      throws RivetKitProtocolException {
    if (encoding == Encoding.BARE) {
      BareReader r = new BareReader(body);
      int version = version(r);
      if (version < 3) throw bad("queue messages exist from protocol version 3, got " + version);
      JsonNode value = UserValues.fromCbor(r.data("queue body"));
      String name = r.optionalString("queue name");
      Boolean wait = r.bool("queue wait presence") ? r.bool("queue wait") : null;
      BigInteger timeout = r.bool("queue timeout presence") ? r.u64("queue timeout") : null;
      r.finish("queue request");
      if (timeout != null && timeout.bitLength() > 63) throw bad("queue timeout is too large");
      return new Http.QueueSendRequest(value, name, wait,
          timeout == null ? null : timeout.longValue());
    }
    JsonNode root = tree(encoding, body, "queue request body");
    if (!root.isObject()) throw bad("queue request body must be an object");
    JsonNode name = root.get("name");
    JsonNode wait = root.get("wait");
    JsonNode timeout = root.get("timeout");
    if (name != null && !name.isNull() && !name.isTextual()) throw bad("queue name must be a string");
    if (wait != null && !wait.isNull() && !wait.isBoolean()) throw bad("queue wait must be a boolean");
    if (timeout != null && !timeout.isNull() && !timeout.canConvertToLong()) {
      throw bad("queue timeout must be a number of milliseconds");
    }
    JsonNode value = root.get("body");
    return new Http.QueueSendRequest(
        encoding == Encoding.JSON ? UserValues.fromWire(value) : UserValues.fromRaw(value),
        name == null || name.isNull() ? null : name.asText(),
        wait == null || wait.isNull() ? null : wait.booleanValue(),
        timeout == null || timeout.isNull() ? null : timeout.longValue());
  }

  public static byte[] encodeQueueSendRequest(Encoding encoding, Http.QueueSendRequest request) {
    if (encoding == Encoding.BARE) {
      BareWriter w = new BareWriter().u16(ClientProtocol.CURRENT_VERSION)
          .data(UserValues.toCbor(request.body())).optionalString(request.name());
      w.bool(request.waitForCompletion() != null);
      if (request.waitForCompletion() != null) w.bool(request.waitForCompletion());
      w.bool(request.timeoutMillis() != null);
      if (request.timeoutMillis() != null) w.u64(request.timeoutMillis());
      return w.toByteArray();
    }
    ObjectNode body = NODES.objectNode();
    body.set("body", encoding == Encoding.JSON ? UserValues.toWire(request.body(), true)
        : request.body()); // the client's cbor is raw
    if (request.waitForCompletion() != null) body.put("wait", request.waitForCompletion());
    if (request.timeoutMillis() != null) body.put("timeout", request.timeoutMillis());
    if (request.name() != null) body.put("name", request.name());
    return treeBytes(encoding, body);
  }

  /** The answer to a queue message. */
  public static byte[] encodeQueueSendResponse(Encoding encoding,
      Http.QueueSendResponse response) {
    if (encoding == Encoding.BARE) {
      return new BareWriter().u16(ClientProtocol.CURRENT_VERSION).string(response.status())
          .optionalData(response.response() == null ? null : UserValues.toCbor(response.response()))
          .toByteArray();
    }
    ObjectNode body = NODES.objectNode();
    body.put("status", response.status());
    if (response.response() != null) {
      body.set("response", UserValues.toWire(response.response(), encoding == Encoding.JSON));
    }
    return treeBytes(encoding, body);
  }

  public static Http.QueueSendResponse decodeQueueSendResponse(Encoding encoding, byte[] body)
      throws RivetKitProtocolException {
    if (encoding == Encoding.BARE) {
      BareReader r = new BareReader(body);
      version(r);
      String status = r.string("queue status");
      byte[] response = r.optionalData("queue response");
      r.finish("queue response");
      return new Http.QueueSendResponse(status,
          response == null ? null : UserValues.fromCbor(response));
    }
    JsonNode root = tree(encoding, body, "queue response body");
    JsonNode response = root.get("response");
    return new Http.QueueSendResponse(string(root, "status", "queue response"),
        response == null ? null : UserValues.fromWire(response));
  }

  /** The answer to a resolve request. */
  public static byte[] encodeResolveResponse(Encoding encoding, Http.ResolveResponse response) {
    if (encoding == Encoding.BARE) {
      return new BareWriter().u16(ClientProtocol.CURRENT_VERSION).string(response.actorId()).toByteArray();
    }
    return treeBytes(encoding, NODES.objectNode().put("actorId", response.actorId()));
  }

  public static Http.ResolveResponse decodeResolveResponse(Encoding encoding, byte[] body)
      throws RivetKitProtocolException {
    if (encoding == Encoding.BARE) {
      BareReader r = new BareReader(body);
      version(r);
      String actorId = r.string("actorId");
      r.finish("resolve response");
      return new Http.ResolveResponse(actorId);
    }
    return new Http.ResolveResponse(
        string(tree(encoding, body, "resolve response body"), "actorId", "resolve response"));
  }
}
