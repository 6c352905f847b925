package dev.rivulet.gateway.rivetkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encodes and decodes every message of RivetKit's client protocol in its three encodings.
 *
 * <p>Server side: {@link #decodeToServer} and {@link #encodeToClient} for a connection's
 * WebSocket, {@link #decodeHttpActionRequest}, {@link #encodeHttpActionResponse} and {@link
 * #encodeHttpResponseError} for HTTP calls. The opposite directions are here too (a client's
 * side, and tests that check the codec against bytes the real client sent and read).
 *
 * <p>In {@link Encoding#BARE} every message starts with its protocol version, two bytes
 * little-endian. Clients send {@link #CURRENT_VERSION}; this codec reads versions {@value
 * #OLDEST_VERSION} to {@value #CURRENT_VERSION} (they differ only in what servers send: version 1's
 * {@code Init} has a connection token, versions before 4 have no actor on errors, and queue
 * messages exist from version 3) and writes the version it is asked for.
 */
public final class ClientProtocol {
  /** The protocol version the pinned client sends, and the one this server answers in. */
  public static final int CURRENT_VERSION = 4;
  /** The oldest protocol version this codec reads and writes. */
  public static final int OLDEST_VERSION = 1;

  private static final JsonNodeFactory NODES = UserValues.nodes();

  private ClientProtocol() {}

  /** One message on the wire: text (JSON encoding over a WebSocket) or bytes. */
  public record Frame(String text, byte[] bytes) {
    public Frame {
      if ((text == null) == (bytes == null)) {
        throw new IllegalArgumentException("a frame is either text or bytes");
      }
    }

    public static Frame text(String text) {
      return new Frame(Objects.requireNonNull(text), null);
    }

    public static Frame binary(byte[] bytes) {
      return new Frame(null, Objects.requireNonNull(bytes));
    }

    public boolean isText() {
      return text != null;
    }

    /** The frame's bytes: the text's UTF-8 for a text frame. */
    public byte[] payload() {
      return text != null ? text.getBytes(StandardCharsets.UTF_8) : bytes;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Frame f && Objects.equals(text, f.text) && Arrays.equals(bytes, f.bytes);
    }

    @Override
    public int hashCode() {
      return Objects.hash(text, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
      return text != null ? "Frame[text=" + text + "]" : "Frame[" + Hex.of(bytes) + "]";
    }
  }

  // ====================================================================== WebSocket, to server

  /** A message a client sent on its connection. */
  public static ToServer decodeToServer(Encoding encoding, Frame frame)
      throws RivetKitProtocolException {
    return switch (encoding) {
      case JSON -> toServerFromTree(UserValues.readJson(text(frame), "message"), true);
      case CBOR -> toServerFromTree(UserValues.readCbor(binary(frame, encoding), "message"), false);
      case BARE -> toServerFromBare(binary(frame, encoding));
    };
  }

  /** A client's message as the client writes it (version {@link #CURRENT_VERSION} in bare). */
  public static Frame encodeToServer(Encoding encoding, ToServer message) {
    return switch (encoding) {
      case JSON -> Frame.text(jsonText(envelope(toServerJson(message))));
      case CBOR -> Frame.binary(toServerCbor(message));
      case BARE -> Frame.binary(toServerBare(message));
    };
  }

  /** {@code compat}: values in JSON compat form (json); false for the client's raw cbor. */
  private static ToServer toServerFromTree(JsonNode root, boolean compat)
      throws RivetKitProtocolException {
    JsonNode val = val(root);
    String tag = root.get("body").get("tag").asText();
    switch (tag) {
      case "ActionRequest" -> {
        return new ToServer.ActionRequest(id(val.get("id"), "ActionRequest id"),
            name(val.get("name"), "ActionRequest name"),
            args(val.get("args"), "ActionRequest", compat));
      }
      case "SubscriptionRequest" -> {
        JsonNode event = val.get("eventName");
        JsonNode subscribe = val.get("subscribe");
        if (event == null || !event.isTextual()) {
          throw bad("SubscriptionRequest needs a string eventName");
        }
        if (subscribe == null || !subscribe.isBoolean()) {
          throw bad("SubscriptionRequest needs a boolean subscribe");
        }
        return new ToServer.SubscriptionRequest(event.asText(), subscribe.booleanValue());
      }
      default -> throw bad("unknown message tag \"" + tag + "\" (expected ActionRequest or "
          + "SubscriptionRequest)");
    }
  }

  private static ToServer toServerFromBare(byte[] bytes) throws RivetKitProtocolException {
    BareReader r = new BareReader(bytes);
    version(r);
    int tag = r.u8("message tag");
    ToServer message = switch (tag) {
      case 0 -> new ToServer.ActionRequest(r.uint("ActionRequest id"),
          r.string("ActionRequest name"), argsFromCbor(r.data("ActionRequest args")));
      case 1 -> new ToServer.SubscriptionRequest(r.string("SubscriptionRequest eventName"),
          r.bool("SubscriptionRequest subscribe"));
      default -> throw bad("unknown message tag " + tag + " (expected 0 ActionRequest or 1 "
          + "SubscriptionRequest)");
    };
    r.finish("message");
    return message;
  }

  private static ObjectNode toServerJson(ToServer message) {
    ObjectNode val = NODES.objectNode();
    if (message instanceof ToServer.ActionRequest a) {
      val.set("id", bigIntJson(a.id()));
      val.put("name", a.name());
      val.set("args", UserValues.toWire(a.args(), true));
      return tagged("ActionRequest", val);
    }
    ToServer.SubscriptionRequest s = (ToServer.SubscriptionRequest) message;
    val.put("eventName", s.eventName());
    val.put("subscribe", s.subscribe());
    return tagged("SubscriptionRequest", val);
  }

  private static byte[] toServerCbor(ToServer message) {
    CborWriter w = new CborWriter().map(1).text("body").map(2).text("tag");
    if (message instanceof ToServer.ActionRequest a) {
      return w.text("ActionRequest").text("val").map(3)
          .text("id").u64(a.id())
          .text("name").text(a.name())
          .text("args").value(a.args()) // raw, as the client writes it: no JSON compat
          .toByteArray();
    }
    ToServer.SubscriptionRequest s = (ToServer.SubscriptionRequest) message;
    return w.text("SubscriptionRequest").text("val").map(2)
        .text("eventName").text(s.eventName())
        .text("subscribe").bool(s.subscribe())
        .toByteArray();
  }

  private static byte[] toServerBare(ToServer message) {
    BareWriter w = new BareWriter().u16(CURRENT_VERSION);
    if (message instanceof ToServer.ActionRequest a) {
      w.u8(0).uint(a.id()).string(a.name()).data(UserValues.toCbor(a.args()));
    } else {
      ToServer.SubscriptionRequest s = (ToServer.SubscriptionRequest) message;
      w.u8(1).string(s.eventName()).bool(s.subscribe());
    }
    return w.toByteArray();
  }

  // ====================================================================== WebSocket, to client

  /** A message for a client, in {@link #CURRENT_VERSION}. */
  public static Frame encodeToClient(Encoding encoding, ToClient message) {
    return encodeToClient(encoding, message, CURRENT_VERSION);
  }

  /**
   * A message for a client; {@code version} matters only in bare (json and cbor have none): a
   * version before 4 leaves out an error's actor, version 1 adds {@code Init}'s empty connection
   * token.
   */
  public static Frame encodeToClient(Encoding encoding, ToClient message, int version) {
    checkVersion(version);
    return switch (encoding) {
      case JSON -> Frame.text(jsonText(envelope(toClientJson(message))));
      case CBOR -> Frame.binary(toClientCbor(message));
      case BARE -> Frame.binary(toClientBare(message, version));
    };
  }

  /** A server's message as a client reads it. */
  public static ToClient decodeToClient(Encoding encoding, Frame frame)
      throws RivetKitProtocolException {
    return switch (encoding) {
      case JSON -> toClientFromTree(UserValues.readJson(text(frame), "message"));
      case CBOR -> toClientFromTree(UserValues.readCbor(binary(frame, encoding), "message"));
      case BARE -> toClientFromBare(binary(frame, encoding));
    };
  }

  private static ObjectNode toClientJson(ToClient message) {
    ObjectNode val = NODES.objectNode();
    if (message instanceof ToClient.Init i) {
      val.put("actorId", i.actorId());
      val.put("connectionId", i.connectionId());
      return tagged("Init", val);
    }
    if (message instanceof ToClient.Error e) {
      val.put("group", e.group());
      val.put("code", e.code());
      val.put("message", e.message());
      if (e.metadata() != null) val.set("metadata", UserValues.toWire(e.metadata(), true));
      if (e.actor() != null) val.set("actor", actorJson(e.actor()));
      val.set("actionId", e.actionId() == null ? NODES.nullNode() : bigIntJson(e.actionId()));
      return tagged("Error", val);
    }
    if (message instanceof ToClient.ActionResponse r) {
      val.set("id", bigIntJson(r.id()));
      val.set("output", UserValues.toWire(r.output(), true));
      return tagged("ActionResponse", val);
    }
    ToClient.Event ev = (ToClient.Event) message;
    val.put("name", ev.name());
    val.set("args", UserValues.toWire(ev.args(), true));
    return tagged("Event", val);
  }

  private static byte[] toClientCbor(ToClient message) {
    CborWriter w = new CborWriter().map(1).text("body").map(2).text("tag");
    if (message instanceof ToClient.Init i) {
      return w.text("Init").text("val").map(2)
          .text("actorId").text(i.actorId())
          .text("connectionId").text(i.connectionId())
          .toByteArray();
    }
    if (message instanceof ToClient.Error e) {
      int fields = 4 + (e.metadata() != null ? 1 : 0) + (e.actor() != null ? 1 : 0);
      w.text("Error").text("val").map(fields)
          .text("group").text(e.group())
          .text("code").text(e.code())
          .text("message").text(e.message());
      if (e.metadata() != null) w.text("metadata").raw(UserValues.toCbor(e.metadata()));
      if (e.actor() != null) actorCbor(w.text("actor"), e.actor(), true);
      w.text("actionId");
      if (e.actionId() == null) w.nil();
      else w.u64(e.actionId());
      return w.toByteArray();
    }
    if (message instanceof ToClient.ActionResponse r) {
      return w.text("ActionResponse").text("val").map(2)
          .text("id").u64(r.id())
          .text("output").raw(UserValues.toCbor(r.output()))
          .toByteArray();
    }
    ToClient.Event ev = (ToClient.Event) message;
    return w.text("Event").text("val").map(2)
        .text("name").text(ev.name())
        .text("args").raw(UserValues.toCbor(ev.args()))
        .toByteArray();
  }

  private static byte[] toClientBare(ToClient message, int version) {
    BareWriter w = new BareWriter().u16(version);
    if (message instanceof ToClient.Init i) {
      w.u8(0).string(i.actorId()).string(i.connectionId());
      if (version == 1) w.string(""); // version 1's connectionToken
    } else if (message instanceof ToClient.Error e) {
      w.u8(1).string(e.group()).string(e.code()).string(e.message())
          .optionalData(e.metadata() == null ? null : UserValues.toCbor(e.metadata()))
          .optionalUint(e.actionId());
      if (version >= 4) actorBare(w, e.actor());
    } else if (message instanceof ToClient.ActionResponse r) {
      w.u8(2).uint(r.id()).data(UserValues.toCbor(r.output()));
    } else {
      ToClient.Event ev = (ToClient.Event) message;
      w.u8(3).string(ev.name()).data(UserValues.toCbor(ev.args()));
    }
    return w.toByteArray();
  }

  private static ToClient toClientFromTree(JsonNode root) throws RivetKitProtocolException {
    JsonNode val = val(root);
    String tag = root.get("body").get("tag").asText();
    switch (tag) {
      case "Init" -> {
        return new ToClient.Init(string(val, "actorId", "Init"),
            string(val, "connectionId", "Init"));
      }
      case "Error" -> {
        JsonNode actionId = val.get("actionId");
        JsonNode metadata = val.get("metadata");
        return new ToClient.Error(string(val, "group", "Error"), string(val, "code", "Error"),
            string(val, "message", "Error"),
            metadata == null ? null : UserValues.fromWire(metadata),
            actionId == null || actionId.isNull() ? null : id(actionId, "Error actionId"),
            actorFromTree(val.get("actor")));
      }
      case "ActionResponse" -> {
        return new ToClient.ActionResponse(id(val.get("id"), "ActionResponse id"),
            UserValues.fromWire(val.get("output")));
      }
      case "Event" -> {
        return new ToClient.Event(string(val, "name", "Event"),
            args(val.get("args"), "Event", true));
      }
      default -> throw bad("unknown message tag \"" + tag + "\"");
    }
  }

  private static ToClient toClientFromBare(byte[] bytes) throws RivetKitProtocolException {
    BareReader r = new BareReader(bytes);
    int version = version(r);
    int tag = r.u8("message tag");
    ToClient message;
    switch (tag) {
      case 0 -> {
        message = new ToClient.Init(r.string("Init actorId"), r.string("Init connectionId"));
        if (version == 1) r.string("Init connectionToken");
      }
      case 1 -> {
        String group = r.string("Error group");
        String code = r.string("Error code");
        String text = r.string("Error message");
        byte[] metadata = r.optionalData("Error metadata");
        BigInteger actionId = r.optionalUint("Error actionId");
        ActorSpecifier actor = version >= 4 ? actorFromBare(r) : null;
        message = new ToClient.Error(group, code, text,
            metadata == null ? null : UserValues.fromCbor(metadata), actionId, actor);
      }
      case 2 -> message = new ToClient.ActionResponse(r.uint("ActionResponse id"),
          UserValues.fromCbor(r.data("ActionResponse output")));
      case 3 -> message = new ToClient.Event(r.string("Event name"),
          argsFromCbor(r.data("Event args")));
      default -> throw bad("unknown message tag " + tag);
    }
    r.finish("message");
    return message;
  }

  // ====================================================================== HTTP

  /** The body of {@code POST .../action/{name}}. */
  public static Http.ActionRequest decodeHttpActionRequest(Encoding encoding, byte[] body)
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

  public static byte[] encodeHttpActionRequest(Encoding encoding, Http.ActionRequest request) {
    return switch (encoding) {
      case JSON -> jsonBytes(NODES.objectNode().set("args", UserValues.toWire(request.args(), true)));
      case CBOR -> new CborWriter().map(1).text("args").value(request.args()).toByteArray();
      case BARE -> new BareWriter().u16(CURRENT_VERSION).data(UserValues.toCbor(request.args()))
          .toByteArray();
    };
  }

  /** The body of a successful action call's answer. */
  public static byte[] encodeHttpActionResponse(Encoding encoding, Http.ActionResponse response) {
    return switch (encoding) {
      case JSON -> jsonBytes(
          NODES.objectNode().set("output", UserValues.toWire(response.output(), true)));
      case CBOR -> new CborWriter().map(1).text("output").raw(UserValues.toCbor(response.output()))
          .toByteArray();
      case BARE -> new BareWriter().u16(CURRENT_VERSION)
          .data(UserValues.toCbor(response.output())).toByteArray();
    };
  }

  public static Http.ActionResponse decodeHttpActionResponse(Encoding encoding, byte[] body)
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

  /** The body of an error answer, in {@link #CURRENT_VERSION}. */
  public static byte[] encodeHttpResponseError(Encoding encoding, Http.ResponseError error) {
    return encodeHttpResponseError(encoding, error, CURRENT_VERSION);
  }

  /** The body of an error answer; a bare {@code version} before 4 leaves out the actor. */
  public static byte[] encodeHttpResponseError(Encoding encoding, Http.ResponseError error,
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

  public static Http.ResponseError decodeHttpResponseError(Encoding encoding, byte[] body)
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
  public static Http.QueueSendRequest decodeHttpQueueSendRequest(Encoding encoding, byte[] body)
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

  public static byte[] encodeHttpQueueSendRequest(Encoding encoding, Http.QueueSendRequest request) {
    if (encoding == Encoding.BARE) {
      BareWriter w = new BareWriter().u16(CURRENT_VERSION)
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
  public static byte[] encodeHttpQueueSendResponse(Encoding encoding,
      Http.QueueSendResponse response) {
    if (encoding == Encoding.BARE) {
      return new BareWriter().u16(CURRENT_VERSION).string(response.status())
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

  public static Http.QueueSendResponse decodeHttpQueueSendResponse(Encoding encoding, byte[] body)
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
  public static byte[] encodeHttpResolveResponse(Encoding encoding, Http.ResolveResponse response) {
    if (encoding == Encoding.BARE) {
      return new BareWriter().u16(CURRENT_VERSION).string(response.actorId()).toByteArray();
    }
    return treeBytes(encoding, NODES.objectNode().put("actorId", response.actorId()));
  }

  public static Http.ResolveResponse decodeHttpResolveResponse(Encoding encoding, byte[] body)
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

  /** The protocol version a bare message starts with (not checked against what is supported). */
  public static int bareVersion(byte[] message) throws RivetKitProtocolException {
    return new BareReader(message).u16("protocol version");
  }

  // ====================================================================== pieces

  private static int version(BareReader r) throws RivetKitProtocolException {
    int version = r.u16("protocol version");
    if (version < OLDEST_VERSION || version > CURRENT_VERSION) {
      throw bad("unsupported protocol version " + version + " (this server reads "
          + OLDEST_VERSION + " to " + CURRENT_VERSION + ")");
    }
    return version;
  }

  private static void checkVersion(int version) {
    if (version < OLDEST_VERSION || version > CURRENT_VERSION) {
      throw new IllegalArgumentException("protocol version must be " + OLDEST_VERSION + " to "
          + CURRENT_VERSION + ", got " + version);
    }
  }

  private static String text(Frame frame) {
    return frame.isText() ? frame.text() : new String(frame.bytes(), StandardCharsets.UTF_8);
  }

  private static byte[] binary(Frame frame, Encoding encoding) throws RivetKitProtocolException {
    if (frame.isText()) {
      throw bad("a text message on a " + encoding.wireName() + " connection; its messages are "
          + "binary");
    }
    return frame.bytes();
  }

  private static JsonNode tree(Encoding encoding, byte[] body, String what)
      throws RivetKitProtocolException {
    return encoding == Encoding.JSON
        ? UserValues.readJson(new String(body, StandardCharsets.UTF_8), what)
        : UserValues.readCbor(body, what);
  }

  private static byte[] treeBytes(Encoding encoding, ObjectNode body) {
    if (encoding == Encoding.JSON) return jsonBytes(body);
    return UserValues.toCborAsIs(body);
  }

  /** {@code body.val} of a tagged message, checked. */
  private static JsonNode val(JsonNode root) throws RivetKitProtocolException {
    JsonNode body = root.get("body");
    if (body == null || !body.isObject()) {
      throw bad("message must be {\"body\":{\"tag\":...,\"val\":{...}}}");
    }
    if (!body.path("tag").isTextual()) throw bad("message body needs a string tag");
    JsonNode val = body.get("val");
    if (val == null || !val.isObject()) throw bad("message body needs a val object");
    return val;
  }

  private static ObjectNode tagged(String tag, ObjectNode val) {
    ObjectNode body = NODES.objectNode();
    body.put("tag", tag);
    body.set("val", val);
    return body;
  }

  private static ObjectNode envelope(ObjectNode body) {
    ObjectNode root = NODES.objectNode();
    root.set("body", body);
    return root;
  }

  private static String jsonText(JsonNode node) {
    try {
      return UserValues.json().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static byte[] jsonBytes(JsonNode node) {
    return jsonText(node).getBytes(StandardCharsets.UTF_8);
  }

  private static ArrayNode bigIntJson(BigInteger value) {
    return NODES.arrayNode(2).add("$BigInt").add(value.toString());
  }

  /** An action id: a non-negative integer below 2^64, as a number or {@code ["$BigInt","n"]}. */
  private static BigInteger id(JsonNode id, String what) throws RivetKitProtocolException {
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

  private static String name(JsonNode name, String what) throws RivetKitProtocolException {
    if (name == null || !name.isTextual() || name.asText().isEmpty()) {
      throw bad(what + " must be a non-empty string");
    }
    return name.asText();
  }

  private static String string(JsonNode obj, String field, String what)
      throws RivetKitProtocolException {
    JsonNode v = obj.get(field);
    if (v == null || !v.isTextual()) throw bad(what + " needs a string " + field);
    return v.asText();
  }

  /** Arguments: a JSON array (none when absent or null); {@code compat}: in JSON compat form. */
  private static JsonNode args(JsonNode args, String what, boolean compat)
      throws RivetKitProtocolException {
    if (args == null || args.isNull()) return NODES.arrayNode();
    if (!args.isArray()) throw bad(what + " args must be an array, got " + args.getNodeType());
    return compat ? UserValues.fromWire(args) : UserValues.fromRaw(args);
  }

  private static JsonNode argsFromCbor(byte[] cbor) throws RivetKitProtocolException {
    JsonNode args = UserValues.fromCbor(cbor);
    if (!args.isArray()) throw bad("args must be a CBOR array, got " + args.getNodeType());
    return args;
  }

  private static ObjectNode actorJson(ActorSpecifier actor) {
    ObjectNode node = NODES.objectNode();
    node.put("actorId", actor.actorId());
    node.put("generation", actor.generation());
    if (actor.key() != null) node.put("key", actor.key());
    return node;
  }

  private static void actorCbor(CborWriter w, ActorSpecifier actor, boolean forced64) {
    w.map(actor.key() != null ? 3 : 2).text("actorId").text(actor.actorId()).text("generation");
    if (forced64) w.u64(BigInteger.valueOf(actor.generation()));
    else w.raw(UserValues.toCbor(NODES.numberNode(actor.generation())));
    if (actor.key() != null) w.text("key").text(actor.key());
  }

  private static void actorBare(BareWriter w, ActorSpecifier actor) {
    w.bool(actor != null);
    if (actor != null) {
      w.string(actor.actorId()).uint(actor.generation()).optionalString(actor.key());
    }
  }

  private static ActorSpecifier actorFromBare(BareReader r) throws RivetKitProtocolException {
    if (!r.bool("actor presence")) return null;
    String actorId = r.string("actor id");
    BigInteger generation = r.uint("actor generation");
    String key = r.optionalString("actor key");
    if (generation.bitLength() > 63) throw bad("actor generation is too large");
    return new ActorSpecifier(actorId, generation.longValue(), key);
  }

  private static ActorSpecifier actorFromTree(JsonNode actor) throws RivetKitProtocolException {
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

  private static RivetKitProtocolException bad(String message) {
    return RivetKitProtocolException.invalid(message);
  }
}
