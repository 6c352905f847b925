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
import static dev.rivulet.gateway.rivetkit.WireParts.bigIntJson;
import static dev.rivulet.gateway.rivetkit.WireParts.checkVersion;
import static dev.rivulet.gateway.rivetkit.WireParts.envelope;
import static dev.rivulet.gateway.rivetkit.WireParts.id;
import static dev.rivulet.gateway.rivetkit.WireParts.jsonText;
import static dev.rivulet.gateway.rivetkit.WireParts.name;
import static dev.rivulet.gateway.rivetkit.WireParts.string;
import static dev.rivulet.gateway.rivetkit.WireParts.tagged;
import static dev.rivulet.gateway.rivetkit.WireParts.val;
import static dev.rivulet.gateway.rivetkit.WireParts.version;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encodes and decodes the WebSocket messages of RivetKit's client protocol in its three
 * encodings.
 *
 * <p>Server side: {@link #decodeToServer} and {@link #encodeToClient} for a connection's
 * WebSocket; the bodies of HTTP calls are {@link HttpBodies}'. The opposite directions are here
 * too (a client's side, and tests that check the codec against bytes the real client sent and
 * read).
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

  /** The protocol version a bare message starts with (not checked against what is supported). */
  public static int bareVersion(byte[] message) throws RivetKitProtocolException {
    return new BareReader(message).u16("protocol version");
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
}
