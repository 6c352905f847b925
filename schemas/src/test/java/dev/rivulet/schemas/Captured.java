package dev.rivulet.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Questions the contract tests ask of what a run captured, and the samples they write. */
final class Captured {
  private Captured() {}

  /**
   * Holds every record against {@code schema} and its key against {@code keyOf}; fails on an
   * empty list, which would make the check vacuous.
   */
  static void eachFits(ContractSchemas schemas, String schema, List<TopicRecord> records,
      Function<JsonNode, String> keyOf) {
    if (records.isEmpty()) throw new AssertionError("no " + schema + " captured");
    for (TopicRecord r : records) {
      schemas.assertValid(schema, r.value(), schema + " " + r.where());
      String key = keyOf.apply(r.value());
      if (!key.equals(r.key())) {
        throw new AssertionError("key of " + r.where() + " should be " + key);
      }
    }
  }

  /** The distinct values at {@code pointer}; a {@code *} segment stands for every element. */
  static List<String> values(List<TopicRecord> records, Predicate<JsonNode> filter,
      String pointer) {
    return records.stream().map(TopicRecord::value).filter(filter)
        .flatMap(v -> at(v, pointer)).distinct().toList();
  }

  /** The distinct values at {@code pointer} of the frames. */
  static List<String> frameValues(List<JsonNode> frames, String pointer) {
    synchronized (frames) {
      return frames.stream().map(f -> f.at(pointer).asText()).distinct().toList();
    }
  }

  private static Stream<String> at(JsonNode v, String pointer) {
    int star = pointer.indexOf("/*");
    if (star < 0) {
      JsonNode n = v.at(pointer);
      return n.isMissingNode() ? Stream.empty() : Stream.of(n.asText());
    }
    JsonNode list = v.at(pointer.substring(0, star));
    List<String> out = new ArrayList<>();
    for (JsonNode e : list) at(e, pointer.substring(star + 2)).forEach(out::add);
    return out.stream();
  }

  static boolean kind(JsonNode v, String kind) {
    return v.path("kind").asText().equals(kind);
  }

  static boolean any(JsonNode array, Predicate<JsonNode> test) {
    for (JsonNode n : array) if (test.test(n)) return true;
    return false;
  }

  static long count(List<TopicRecord> records, Predicate<TopicRecord> filter) {
    return records.stream().filter(filter).count();
  }

  static TopicRecord firstRec(List<TopicRecord> records, Predicate<TopicRecord> filter) {
    return records.stream().filter(filter).findFirst()
        .orElseThrow(() -> new AssertionError("no such record captured"));
  }

  static JsonNode first(List<TopicRecord> records, Predicate<TopicRecord> filter) {
    return firstRec(records, filter).value();
  }

  static JsonNode firstFrame(List<JsonNode> frames, String tag) {
    synchronized (frames) {
      return frames.stream().filter(f -> f.at("/body/tag").asText().equals(tag)).findFirst()
          .orElseThrow(() -> new AssertionError("no " + tag + " frame captured"));
    }
  }

  /** Writes each sample as {@code <name>.json} under {@code dir}, for schemas/README.md. */
  static void writeSamples(Path dir, Map<String, JsonNode> samples) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, JsonNode> s : samples.entrySet()) {
      Files.writeString(dir.resolve(s.getKey() + ".json"), s.getValue().toPrettyString() + "\n");
    }
  }
}
