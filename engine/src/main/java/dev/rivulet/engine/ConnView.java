package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.rivulet.actor.Conn;
import dev.rivulet.actor.Identity;
import dev.rivulet.actor.internal.Json;
import dev.rivulet.records.InboxRecord;
import java.util.Map;

/** A connection as a run sees it: reads from the run's draft, changes go into it. */
final class ConnView implements Conn {
  private final Draft draft;
  private final String id;

  ConnView(Draft draft, String id) {
    this.draft = draft;
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String transport() {
    ActorRecord.Connection c = draft.connections().get(id);
    return c == null ? null : c.transport();
  }

  @Override
  public <P> P params(Class<P> type) {
    ActorRecord.Connection c = draft.connections().get(id);
    return c == null ? null : convert(c.params(), type);
  }

  @Override
  public Identity identity() {
    ActorRecord.Connection c = draft.connections().get(id);
    return c == null ? null : identityOf(c.identity());
  }

  /** An identity as the actor sees it, from the one the gateway recorded (or null). */
  static Identity identityOf(InboxRecord.Identity identity) {
    if (identity == null) return null;
    Map<String, Object> claims = identity.claims() == null ? Map.of()
        : Json.mapper().convertValue(identity.claims(), CLAIMS);
    return new Identity(identity.subject(), claims);
  }

  private static final TypeReference<Map<String, Object>> CLAIMS = new TypeReference<>() {};

  @Override
  public <T> T state(Class<T> type) {
    ActorRecord.Connection c = draft.connections().get(id);
    return c == null ? null : convert(c.state(), type);
  }

  @Override
  public void setState(Object state) {
    draft.setConnState(id, state);
  }

  @Override
  public void send(String event, Object... args) {
    draft.sendTo(id, event, args);
  }

  @Override
  public void disconnect(String reason) {
    draft.disconnect(id, reason);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnView other && other.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Conn[" + id + "]";
  }

  private static <T> T convert(JsonNode json, Class<T> type) {
    if (json == null || json.isNull()) return null;
    try {
      return Json.mapper().treeToValue(json, type);
    } catch (Exception e) {
      throw new IllegalArgumentException(json + " does not fit " + type.getName(), e);
    }
  }
}
