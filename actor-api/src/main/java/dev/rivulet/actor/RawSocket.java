package dev.rivulet.actor;

import dev.rivulet.actor.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A raw WebSocket to an actor ({@code /websocket/*} on RivetKit's gateway routes), as its hooks
 * ({@link ActorBase#onWebSocketOpen}, {@link ActorBase#onWebSocketMessage}, {@link
 * ActorBase#onWebSocketClose}) and its actions ({@link ActorContext#sockets()}) see it. The
 * messages are the application's own, text or binary.
 *
 * <p>A raw socket is a connection of the actor: the connection hooks run for it ({@code
 * onBeforeConnect}, {@code createConnState}, {@code onConnect}, {@code onDisconnect}) and {@link
 * #conn()} is that connection, with its params and state. It never receives events ({@code
 * broadcast} and {@code conn.send} skip it): send to it with {@link #send(String)}.
 *
 * <p>What is durable: every message received is an inbox record, applied in order in a step of
 * its own and kept in the journal; what the hooks change, and the frames they send, are kept with
 * that step. The socket itself is not: frames are sent at most once, only if the step succeeds and
 * only while the socket is open; a socket whose gateway stops is closed ({@code onWebSocketClose}
 * runs with code 1006) and nothing resumes it.
 */
public interface RawSocket {
  /** The socket's connection id (the same as {@code conn().id()}). */
  String id();

  /** The path after {@code /websocket}, starting with {@code /} ({@code /} for none). */
  String path();

  /** The query parameters of the upgrade request, every value of each, in order. */
  Map<String, List<String>> query();

  /** The first value of a query parameter, or null. */
  default String queryParam(String name) {
    List<String> values = query().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The upgrade request's headers, names in lower case. */
  Map<String, String> headers();

  /** A header of the upgrade request by its name in any case, or null. */
  default String header(String name) {
    return headers().get(name.toLowerCase(Locale.ROOT));
  }

  /** The connection this socket is: its params, its state. */
  Conn conn();

  /**
   * Sends a text message to the client. Like every change, it happens only if the running action
   * or hook succeeds; nothing is sent when the socket is already closed.
   */
  void send(String text);

  /** Sends a binary message to the client (as {@link #send(String)} does a text one). */
  void send(byte[] bytes);

  /** Sends {@code value} written as JSON, as a text message. */
  void sendJson(Object value);

  /**
   * Closes the socket from the server with {@code code} (1000, or 3000 to 4999) and {@code
   * reason} (at most 123 UTF-8 bytes): in the same step, {@code onWebSocketClose} and then {@code
   * onDisconnect} run, and the gateway closes the client's socket with that code and reason.
   *
   * @throws IllegalArgumentException for another code or a longer reason
   */
  void close(int code, String reason);

  /** One message a client sent on a raw socket: text or binary. */
  final class Message {
    private final String text;
    private final byte[] bytes;

    private Message(String text, byte[] bytes) {
      this.text = text;
      this.bytes = bytes;
    }

    /** A text message. */
    public static Message text(String text) {
      return new Message(Objects.requireNonNull(text, "text"), null);
    }

    /** A binary message. */
    public static Message binary(byte[] bytes) {
      return new Message(null, Objects.requireNonNull(bytes, "bytes").clone());
    }

    /** Whether the message is text (else binary). */
    public boolean isText() {
      return text != null;
    }

    /** The text of a text message; null for a binary one. */
    public String text() {
      return text;
    }

    /** The bytes of a binary message, or the UTF-8 bytes of a text one. */
    public byte[] bytes() {
      return text != null ? text.getBytes(StandardCharsets.UTF_8) : bytes.clone();
    }

    /**
     * The text read as JSON into {@code type}.
     *
     * @throws IllegalArgumentException when the message is binary, or its text is not JSON that
     *     fits {@code type}
     */
    public <T> T json(Class<T> type) {
      if (text == null) throw new IllegalArgumentException("a binary message is not JSON text");
      try {
        return Json.mapper().readValue(text, type);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException("the message is not JSON that fits "
            + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
      }
    }

    @Override
    public String toString() {
      return text != null ? "text message of " + text.length() + " chars"
          : "binary message of " + bytes.length + " bytes";
    }
  }
}
