package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.StoredLog;
import dev.rivulet.actor.StoredMap;
import dev.rivulet.actor.internal.Json;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.RecordCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The views user code gets of an actor's stored logs and maps ({@link StoredLog}, {@link
 * StoredMap}), over the {@link EntryLayer} of its run's {@link Draft}: every call checks that the
 * run is still going and, for a change, that the run may change things; values cross as JSON, at
 * most the message limit each, the collections at most their limit together and a step's changes
 * at most the state's limit. Every failure names the actor and the run.
 */
final class StoredViews {
  /** Longest map key, in UTF-8 bytes. */
  static final int MAX_KEY_BYTES = 512;

  private StoredViews() {}

  /** What a view shares: the draft it belongs to, its collection and its element type. */
  private abstract static class View<T> {
    final Draft draft;
    final String name;
    final Class<T> type;

    View(Draft draft, String name, Class<T> type) {
      this.draft = draft;
      this.name = name;
      this.type = type;
    }

    abstract String kind();

    EntryLayer layer() {
      draft.checkOpen(kind(), name);
      return draft.collections().layer();
    }

    EntryLayer changing(String what) {
      EntryLayer layer = layer();
      draft.requireChange(what + " " + kind() + " " + name);
      return layer;
    }

    /** {@code value} as stored: its JSON bytes, within the limits. */
    byte[] encode(T value, String what) {
      if (value == null) {
        throw new IllegalArgumentException(draft.where() + ": null cannot be stored in " + kind()
            + " " + name + (kind().equals(EntryLayer.MAP) ? "; remove the key instead" : ""));
      }
      byte[] bytes;
      try {
        bytes = Json.mapper().writeValueAsBytes(value);
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException(draft.where() + ": the value " + what + " " + kind()
            + " " + name + " cannot be written as JSON: " + e.getMessage(), e);
      }
      ErrorInfo tooLarge = entryTooLarge(draft, bytes.length, what, kind(), name);
      if (tooLarge != null) throw draft.refuse(tooLarge);
      return bytes;
    }

    /** Refuses a change that takes the collections or the step past their limits. */
    void checkLimits(EntryLayer layer) {
      ErrorInfo over = overLimit(draft, layer);
      if (over != null) throw draft.refuse(over);
    }

    T decode(byte[] bytes, String key) {
      T value;
      try {
        value = Json.mapper().readValue(bytes, type);
      } catch (IOException e) {
        throw new IllegalStateException(draft.where() + ": entry " + key + " of " + kind() + " "
            + name + " does not fit " + type.getName() + ": " + e.getMessage(), e);
      }
      draft.collections().handedOut(kind(), name, key, value, bytes);
      return value;
    }

  }

  /** The error of an entry of {@code size} bytes over the limit, or null. */
  static ErrorInfo entryTooLarge(Draft draft, long size, String what, String kind, String name) {
    int max = draft.env().maxMessageBytes();
    return size <= max ? null : ErrorCode.STATE_TOO_LARGE.error(draft.where() + ": an entry "
        + what + " " + kind + " " + name + " is " + size + " bytes, more than " + max);
  }

  /** The error of collections or a step's changes over their limits after a change, or null. */
  static ErrorInfo overLimit(Draft draft, EntryLayer layer) {
    long total = layer.totalBytes();
    if (total > draft.env().maxCollectionBytes()) {
      return ErrorCode.STATE_TOO_LARGE.error(draft.where() + ": the stored collections of "
          + draft.actorId() + " would hold " + total + " bytes, more than "
          + draft.env().maxCollectionBytes());
    }
    if (layer.stepOpBytes() > draft.env().maxStateBytes()) {
      return ErrorCode.STATE_TOO_LARGE.error(draft.where() + " changed more than "
          + draft.env().maxStateBytes() + " bytes of stored collections in one step");
    }
    return null;
  }

  static JsonNode tree(byte[] bytes) {
    try {
      return RecordCodec.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A run's view of a stored log. */
  static final class LogView<T> extends View<T> implements StoredLog<T> {
    LogView(Draft draft, String name, Class<T> type) {
      super(draft, name, type);
    }

    @Override
    String kind() {
      return EntryLayer.LOG;
    }

    private ActorRecord.Collection meta(EntryLayer layer) {
      ActorRecord.Collection c = layer.meta(name);
      return c == null ? ActorRecord.Collection.emptyLog() : c;
    }

    @Override
    public long append(T entry) {
      EntryLayer layer = changing("appended to");
      byte[] bytes = encode(entry, "appended to");
      long number = layer.append(name, bytes, tree(bytes));
      checkLimits(layer);
      return number;
    }

    @Override
    public T get(long number) {
      EntryLayer layer = layer();
      ActorRecord.Collection c = meta(layer);
      if (c.size() == 0 || number < c.first() || number >= c.next()) return null;
      byte[] bytes = layer.read(name, EntryLayer.number(number));
      return bytes == null ? null : decode(bytes, String.valueOf(number));
    }

    @Override
    public long size() {
      return meta(layer()).size();
    }

    @Override
    public long firstNumber() {
      ActorRecord.Collection c = meta(layer());
      return c.size() == 0 ? c.next() : c.first();
    }

    @Override
    public long lastNumber() {
      return meta(layer()).next() - 1;
    }

    @Override
    public List<T> last(int n) {
      ActorRecord.Collection c = meta(layer());
      if (n <= 0 || c.size() == 0) return List.of();
      return range(Math.max(c.first(), c.next() - n), n);
    }

    @Override
    public List<T> range(long from, int limit) {
      EntryLayer layer = layer();
      ActorRecord.Collection c = meta(layer);
      List<T> out = new ArrayList<>();
      if (limit <= 0 || c.size() == 0 || from >= c.next()) return out;
      long start = Math.max(from, c.first());
      layer.scan(name, EntryLayer.number(start), limit, (key, bytes) -> {
        out.add(decode(bytes, String.valueOf(Long.parseLong(key))));
        return true;
      });
      return out;
    }

    @Override
    public void keepLast(long n) {
      if (n < 0) {
        throw new IllegalArgumentException(draft.where() + ": keepLast(" + n + ") on log " + name
            + ": the number of entries to keep cannot be negative");
      }
      EntryLayer layer = layer();
      if (meta(layer).size() <= n) return;
      changing("dropped entries of").keepLast(name, n);
    }
  }

  /** A run's view of a stored map. */
  static final class MapView<V> extends View<V> implements StoredMap<V> {
    MapView(Draft draft, String name, Class<V> type) {
      super(draft, name, type);
    }

    @Override
    String kind() {
      return EntryLayer.MAP;
    }

    private String checkedKey(String key) {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException(draft.where() + ": a key of map " + name
            + " cannot be " + (key == null ? "null" : "empty"));
      }
      if (EntryLayer.keyBytes(key) > MAX_KEY_BYTES) {
        throw new IllegalArgumentException(draft.where() + ": a key of map " + name
            + " is longer than " + MAX_KEY_BYTES + " bytes");
      }
      return key;
    }

    @Override
    public V get(String key) {
      byte[] bytes = layer().read(name, checkedKey(key));
      return bytes == null ? null : decode(bytes, key);
    }

    @Override
    public boolean containsKey(String key) {
      return layer().read(name, checkedKey(key)) != null;
    }

    @Override
    public void put(String key, V value) {
      EntryLayer layer = changing("put into");
      checkedKey(key);
      byte[] bytes = encode(value, "put into");
      draft.collections().written(name, key);
      layer.put(name, key, bytes, tree(bytes));
      checkLimits(layer);
    }

    @Override
    public boolean remove(String key) {
      EntryLayer layer = layer();
      checkedKey(key);
      if (layer.read(name, key) == null) return false;
      draft.collections().written(name, key);
      return changing("removed from").remove(name, key);
    }

    @Override
    public long size() {
      ActorRecord.Collection c = layer().meta(name);
      return c == null ? 0 : c.size();
    }

    @Override
    public List<Entry<V>> entries(String after, int limit) {
      EntryLayer layer = layer();
      List<Entry<V>> out = new ArrayList<>();
      if (limit <= 0) return out;
      layer.scan(name, after == null ? null : after + "\0", limit, (key, bytes) -> {
        out.add(new Entry<>(key, decode(bytes, key)));
        return true;
      });
      return out;
    }

    @Override
    public void clear() {
      if (size() == 0) return;
      draft.collections().written(name, null);
      changing("cleared").clear(name);
    }
  }
}
