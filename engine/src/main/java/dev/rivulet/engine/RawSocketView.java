package dev.rivulet.engine;

import dev.rivulet.actor.Conn;
import dev.rivulet.actor.RawSocket;
import dev.rivulet.actor.internal.Json;
import dev.rivulet.records.InboxRecord;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A raw WebSocket as a run sees it: what it was opened with (fixed for its life), its connection
 * as a {@link ConnView}; sends and closes go into the run's draft, like a connection's.
 */
final class RawSocketView implements RawSocket {
  /** The largest close reason a WebSocket close frame can carry, in UTF-8 bytes. */
  static final int MAX_REASON_BYTES = 123;

  private final Draft draft;
  private final String id;
  private final InboxRecord.RawSocket opened;

  RawSocketView(Draft draft, String id, InboxRecord.RawSocket opened) {
    this.draft = draft;
    this.id = id;
    this.opened = opened;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String path() {
    return opened.path();
  }

  @Override
  public Map<String, List<String>> query() {
    return opened.query() == null ? Map.of() : opened.query();
  }

  @Override
  public Map<String, String> headers() {
    return opened.headers() == null ? Map.of() : opened.headers();
  }

  @Override
  public Conn conn() {
    return new ConnView(draft, id);
  }

  @Override
  public void send(String text) {
    if (text == null) throw new IllegalArgumentException("a text message must not be null");
    draft.sendFrame(id, text, null);
  }

  @Override
  public void send(byte[] bytes) {
    if (bytes == null) throw new IllegalArgumentException("a binary message must not be null");
    draft.sendFrame(id, null, Base64.getEncoder().encodeToString(bytes));
  }

  @Override
  public void sendJson(Object value) {
    String text;
    try {
      text = Json.mapper().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("the message cannot be written as JSON: "
          + e.getOriginalMessage(), e);
    }
    send(text);
  }

  @Override
  public void close(int code, String reason) {
    if (code != 1000 && (code < 3000 || code > 4999)) {
      throw new IllegalArgumentException("a server may close a WebSocket with code 1000 or 3000 "
          + "to 4999, got " + code);
    }
    String r = reason == null ? "" : reason;
    if (r.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
      throw new IllegalArgumentException("a close reason is at most " + MAX_REASON_BYTES
          + " UTF-8 bytes, got " + r.getBytes(StandardCharsets.UTF_8).length);
    }
    draft.disconnect(id, r, code);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawSocketView other && other.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "RawSocket[" + id + " " + opened.path() + "]";
  }
}
