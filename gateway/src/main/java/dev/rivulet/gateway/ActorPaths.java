package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.RecordCodec;
import java.io.IOException;
import java.util.List;

/** Reads the actor address and the request options from a route's path and query. */
final class ActorPaths {
  private ActorPaths() {}

  /** The actor of {@code /api/actors/{name}/{key}/...}; the key is one URL path segment. */
  static ActorId actorId(String name, String key) {
    try {
      return new ActorId(name, List.of(key));
    } catch (IllegalArgumentException e) {
      throw new ApiError(ErrorCode.INVALID_KEY, e.getMessage());
    }
  }

  /** The {@code mode} query parameter: {@code getOrCreate} (default), {@code get}, {@code create}. */
  static InboxRecord.Mode mode(String value, InboxRecord.Mode fallback) {
    if (value == null || value.isEmpty()) return fallback;
    return switch (value) {
      case "get" -> InboxRecord.Mode.GET;
      case "getOrCreate" -> InboxRecord.Mode.GET_OR_CREATE;
      case "create" -> InboxRecord.Mode.CREATE;
      default -> throw new ApiError(ErrorCode.INVALID_REQUEST,
          "mode must be get, getOrCreate or create, got \"" + value + "\"");
    };
  }

  /** A JSON value given in a query parameter ({@code input}, {@code params}), or null. */
  static JsonNode jsonParam(String name, String value) {
    if (value == null || value.isEmpty()) return null;
    try {
      return RecordCodec.readTree(RecordCodec.mapper(), value);
    } catch (IOException e) {
      throw new ApiError(ErrorCode.INVALID_JSON, "query parameter " + name + " is not valid JSON");
    }
  }
}
