package dev.rivulet.gateway.rivetkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Actor keys in the two string forms RivetKit's client writes.
 *
 * <ul>
 *   <li>The REST form ({@code PUT/POST /actors} bodies, {@code GET /actors?key=}, the {@code key}
 *       of an actor in answers and of an error's actor): parts joined with {@code /}; inside a
 *       part {@code \} is written {@code \\} and {@code /} is written {@code \/}; an empty part is
 *       {@code \0}; the empty key is {@code /}.
 *   <li>The gateway query form ({@code rvt-key}): parts joined with {@code ,}, unescaped (so a
 *       part cannot contain a comma, and the empty key and a key of one empty part both leave
 *       {@code rvt-key} out or empty).
 * </ul>
 */
public final class ActorKeys {
  private ActorKeys() {}

  /** The REST form of {@code key}. */
  public static String serialize(List<String> key) {
    if (key.isEmpty()) return "/";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < key.size(); i++) {
      if (i > 0) sb.append('/');
      String part = key.get(i);
      if (part.isEmpty()) {
        sb.append("\\0");
        continue;
      }
      for (int j = 0; j < part.length(); j++) {
        char c = part.charAt(j);
        if (c == '\\' || c == '/') sb.append('\\');
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * A key from its REST form. Strict where the client's own reader guesses: an escape other than
   * {@code \\}, {@code \/} or a whole-part {@code \0} is an error.
   */
  public static List<String> deserialize(String text) throws RivetKitProtocolException {
    if (text == null || text.isEmpty() || text.equals("/")) return List.of();
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean emptyMarker = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '/') {
        parts.add(emptyMarker ? "" : part.toString());
        part.setLength(0);
        emptyMarker = false;
      } else if (c == '\\') {
        if (i + 1 == text.length()) throw bad(text, "it ends with a lone \\");
        char next = text.charAt(++i);
        if (next == '0') {
          boolean wholePart = part.length() == 0 && !emptyMarker
              && (i + 1 == text.length() || text.charAt(i + 1) == '/');
          if (!wholePart) throw bad(text, "\\0 must be a whole part (the empty string)");
          emptyMarker = true;
        } else if (next == '\\' || next == '/') {
          part.append(next);
        } else {
          throw bad(text, "\\" + next + " is not an escape (only \\\\, \\/ and \\0 are)");
        }
      } else {
        if (emptyMarker) throw bad(text, "\\0 must be a whole part (the empty string)");
        part.append(c);
      }
    }
    parts.add(emptyMarker ? "" : part.toString());
    return List.copyOf(parts);
  }

  /** A key from the gateway query's {@code rvt-key}: absent or empty is the empty key. */
  public static List<String> fromQuery(String rvtKey) {
    if (rvtKey == null || rvtKey.isEmpty()) return List.of();
    return List.of(rvtKey.split(",", -1));
  }

  /** The gateway query form of {@code key}, or null when {@code rvt-key} is left out. */
  public static String toQuery(List<String> key) {
    return key.isEmpty() ? null : String.join(",", key);
  }

  private static RivetKitProtocolException bad(String text, String why) {
    return new RivetKitProtocolException(RivetKitProtocolException.Reason.INVALID_KEY,
        "actor key \"" + text + "\" cannot be read: " + why);
  }
}
