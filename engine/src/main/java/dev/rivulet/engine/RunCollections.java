package dev.rivulet.engine;

import dev.rivulet.actor.internal.Json;
import dev.rivulet.records.ErrorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The stored collections one run ({@link Draft}) uses: the layer its writes go to, made on first
 * use over its turn's; the kind and type each collection was asked for, which must fit what the
 * actor holds and stay the same within the run; and the entries handed to the run, checked after
 * it for changes made in place ({@link #keepChangesInPlace}).
 */
final class RunCollections {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** How a run asked for a collection. */
  private record Asked(String kind, Class<?> type) {}

  /** An entry of a stored collection handed to the run, as it was read. */
  private record Handed(String kind, String name, String key, Object value, byte[] bytes) {}

  private final Draft draft;
  private EntryLayer layer; // made on first use
  private final Map<String, Asked> asked = new HashMap<>();
  private final List<Handed> handed = new ArrayList<>();

  RunCollections(Draft draft) {
    this.draft = draft;
  }

  /** The stored collections as this run sees them; null when it used none. */
  EntryLayer used() {
    return layer;
  }

  /** The stored collections as this run sees them (a layer over its turn's, made on first use). */
  EntryLayer layer() {
    if (layer == null) layer = draft.turn().entries().child();
    return layer;
  }

  /** A collection's name, kind and type, as asked for: each must fit what the actor holds. */
  void check(String name, String kind, Class<?> type) {
    String what = (kind.equals(EntryLayer.LOG) ? "storedLog" : "storedMap") + "(\"" + name
        + "\")";
    if (draft.ended()) {
      throw new IllegalStateException(what + " called after the run (" + draft.where()
          + ") ended");
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(draft.where() + ": " + what + ": a collection's name is "
          + "1 to 64 characters of [A-Za-z0-9_-]");
    }
    Objects.requireNonNull(type, "the type of " + what);
    ActorRecord.Collection held = layer().meta(name);
    if (held != null && !held.kind().equals(kind)) {
      throw new IllegalStateException(draft.where() + ": " + what + ", but "
          + draft.turn().actor() + " holds a stored " + held.kind() + " named " + name);
    }
    Asked before = asked.putIfAbsent(name, new Asked(kind, type));
    if (before != null && !before.equals(new Asked(kind, type))) {
      throw new IllegalStateException(draft.where() + ": " + what + " of " + type.getName()
          + ", but this run asked for it as a " + before.kind() + " of "
          + before.type().getName() + " before");
    }
  }

  /** A value of a stored collection handed to the run: checked for changes in place. */
  void handedOut(String kind, String name, String key, Object value, byte[] bytes) {
    if (!Immutability.of(value.getClass())) handed.add(new Handed(kind, name, key, value, bytes));
  }

  /** The run wrote {@code key} of map {@code name} (null: all of it): earlier reads are stale. */
  void written(String name, String key) {
    handed.removeIf(h -> h.name().equals(name) && (key == null || h.key().equals(key)));
  }

  /**
   * The entries handed to the run that it changed in place. A map's are kept as if put back (with
   * the limits of a put, which may refuse them); a log's fail the run (an appended entry does not
   * change); in a run that may change nothing, any is a violation.
   *
   * @throws RunFailure when a change in place cannot be kept
   */
  void keepChangesInPlace() throws RunFailure {
    for (Handed h : List.copyOf(handed)) {
      byte[] now;
      try {
        now = Json.mapper().writeValueAsBytes(h.value());
      } catch (java.io.IOException e) {
        throw RunFailure.internal(draft.where() + ": entry " + h.key() + " of " + h.kind() + " "
            + h.name() + " was changed in place into a value that cannot be written as JSON: "
            + e.getMessage());
      }
      if (Arrays.equals(now, h.bytes())) continue;
      String what = "changed entry " + h.key() + " of " + h.kind() + " " + h.name() + " in place";
      ErrorInfo readOnly = draft.readOnlyError(what);
      if (readOnly != null) throw new RunFailure(readOnly);
      if (h.kind().equals(EntryLayer.LOG)) {
        throw RunFailure.internal(draft.where() + " " + what
            + "; the entries of a log do not change once appended");
      }
      ErrorInfo tooLarge = StoredViews.entryTooLarge(draft, now.length, "put into", h.kind(),
          h.name());
      if (tooLarge == null) {
        layer().put(h.name(), h.key(), now, StoredViews.tree(now));
        tooLarge = StoredViews.overLimit(draft, layer());
      }
      if (tooLarge != null) throw new RunFailure(tooLarge);
    }
    handed.clear();
  }
}
