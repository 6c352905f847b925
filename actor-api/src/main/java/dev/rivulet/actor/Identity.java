package dev.rivulet.actor;

import dev.rivulet.actor.internal.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who made a request, as the gateway's authenticator established it (a verified token's subject
 * and claims, for example): {@code context().identity()} in an action or hook, {@code
 * conn.identity()} for a connection. Never the credentials themselves, which stay at the
 * gateway: the identity is journaled with the request, and a replay sees the same one.
 *
 * @param subject who the caller is, as the authenticator names them
 * @param claims what else the authenticator passes on (a token's claims, roles), never null
 */
public record Identity(String subject, Map<String, Object> claims) {
  public Identity {
    Objects.requireNonNull(subject, "subject");
    claims = claims == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(claims)); // claims may be null-valued
  }

  /** A claim, or null when the authenticator passed none of that name. */
  public Object claim(String name) {
    return claims.get(name);
  }

  /**
   * A claim converted to {@code type} (as JSON would be: a list of strings to a {@code List}, an
   * object to a record), or null when there is none of that name.
   *
   * @throws IllegalArgumentException when the claim does not fit {@code type}
   */
  public <T> T claim(String name, Class<T> type) {
    Object value = claims.get(name);
    if (value == null) return null;
    try {
      return Json.mapper().convertValue(value, type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("claim " + name + " (" + value + ") does not fit "
          + type.getName(), e);
    }
  }
}
