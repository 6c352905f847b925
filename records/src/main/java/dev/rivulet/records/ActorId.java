package dev.rivulet.records;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An actor's address: its type name and its key (a list of strings, possibly empty). Its string
 * form, {@code name/part1/part2} with {@code %} and {@code /} percent-escaped inside parts (the
 * bare {@code name} for the empty key), is the Kafka record key of the actor's inbox and journal
 * records, so one partition holds all of an actor's history.
 */
public record ActorId(String name, List<String> key) {
  /** Longest accepted string form, in UTF-8 bytes. */
  public static final int MAX_BYTES = 512;

  public ActorId {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    if (!validName(name)) {
      throw new IllegalArgumentException(
          "actor name must be 1 to 64 characters of [A-Za-z0-9_-], got \"" + name + "\"");
    }
    key = List.copyOf(key);
    if (!surelyShort(name, key)
        && toString(name, key).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new IllegalArgumentException("actor id is longer than " + MAX_BYTES + " bytes");
    }
  }

  /** {@code [A-Za-z0-9_-]{1,64}}, without a regex: ids are built for every record. */
  private static boolean validName(String name) {
    if (name.isEmpty() || name.length() > 64) return false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-';
      if (!ok) return false;
    }
    return true;
  }

  /**
   * Whether the string form is within {@link #MAX_BYTES} without writing it: an escaped character
   * takes at most 3 chars, and a char at most 3 bytes of UTF-8.
   */
  private static boolean surelyShort(String name, List<String> key) {
    long chars = name.length();
    for (String part : key) chars += 1 + 3L * part.length();
    return 3 * chars <= MAX_BYTES;
  }

  /** An actor id with a one-part key. */
  public static ActorId of(String name, String key) {
    return new ActorId(name, List.of(key));
  }

  /** Parses the string form; a bare name is the actor of that name with the empty key. */
  @JsonCreator
  public static ActorId parse(String id) {
    int slash = id.indexOf('/');
    if (slash < 0) return new ActorId(id, List.of());
    List<String> parts = new ArrayList<>();
    for (String p : id.substring(slash + 1).split("/", -1)) parts.add(unescape(p));
    return new ActorId(id.substring(0, slash), parts);
  }

  /** The string form, {@code counter/my-key}. */
  @JsonValue
  @Override
  public String toString() {
    return toString(name, key);
  }

  private static String toString(String name, List<String> key) {
    StringBuilder sb = new StringBuilder(name);
    for (String part : key) sb.append('/').append(escape(part));
    return sb.toString();
  }

  private static String escape(String part) {
    if (part.indexOf('%') < 0 && part.indexOf('/') < 0) return part;
    return part.replace("%", "%25").replace("/", "%2F");
  }

  private static String unescape(String part) {
    if (part.indexOf('%') < 0) return part;
    StringBuilder sb = new StringBuilder(part.length());
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '%' && part.startsWith("25", i + 1)) {
        sb.append('%');
        i += 2;
      } else if (c == '%' && (part.startsWith("2F", i + 1) || part.startsWith("2f", i + 1))) {
        sb.append('/');
        i += 2;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
