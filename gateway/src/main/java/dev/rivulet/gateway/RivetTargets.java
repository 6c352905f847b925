package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.gateway.rivetkit.ActorIds;
import dev.rivulet.gateway.rivetkit.GatewayTarget;
import dev.rivulet.gateway.rivetkit.RivetKitProtocolException;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * From what RivetKit's client addressed ({@link GatewayTarget}: an id, a name and key with {@code
 * rvt-} parameters, or headers) to the actor and how the inbox records ask for it: by id, mode
 * {@code get} and only the id's generation; by query, {@code get} or {@code getOrCreate} with the
 * creation input. Malformed addresses are the client's errors, with their stable codes.
 */
final class RivetTargets {
  private RivetTargets() {}

  /** An actor as a request asks for it. */
  record Resolved(ActorId actor, InboxRecord.Mode mode, JsonNode input, Long generation) {
    /**
     * A stateless action, inside a connection of its own ({@code connId}, opened with {@code
     * params}) as RivetKit runs them.
     */
    InboxRecord action(InboxRecord.ReplyTo replyTo, String name, JsonNode args, String connId,
        JsonNode params, InboxRecord.Identity identity) {
      return new InboxRecord.Action(actor, replyTo, mode, input, name, args, null, generation,
          new InboxRecord.Stateless(connId, params), identity);
    }

    /** Raw HTTP for {@code onRequest}, inside a connection of its own as an action is. */
    InboxRecord rawHttp(InboxRecord.ReplyTo replyTo, String method, String path,
        Map<String, List<String>> query, Map<String, String> headers, String body,
        String connId, JsonNode params, InboxRecord.Identity identity) {
      return new InboxRecord.RawHttp(actor, replyTo, mode, input, method, path, query, headers,
          body, generation, new InboxRecord.Stateless(connId, params), identity);
    }

    /** A connection ({@code raw}: a raw WebSocket's). */
    InboxRecord connect(InboxRecord.ReplyTo replyTo, String connId, JsonNode params,
        InboxRecord.RawSocket raw, InboxRecord.Identity identity) {
      return new InboxRecord.Connect(actor, replyTo, mode, input, connId, params,
          raw == null ? "websocket" : InboxRecord.RawSocket.TRANSPORT, generation, raw, identity);
    }
  }

  static GatewayTarget parse(String rawPath, String rawQuery) {
    try {
      return GatewayTarget.parse(rawPath, rawQuery);
    } catch (RivetKitProtocolException e) {
      throw error(e);
    }
  }

  static GatewayTarget fromHeaders(String target, String actorId, String token, String rawPath,
      String rawQuery) {
    try {
      return GatewayTarget.fromHeaders(target, actorId, token, rawPath, rawQuery);
    } catch (RivetKitProtocolException e) {
      throw error(e);
    }
  }

  static Resolved resolve(GatewayTarget target) {
    try {
      if (target instanceof GatewayTarget.Direct d) {
        ActorIds.Parts parts = ActorIds.parse(d.actorId());
        return new Resolved(new ActorId(parts.name(), parts.key()), InboxRecord.Mode.GET, null,
            parts.generation());
      }
      GatewayTarget.ActorQuery q = ((GatewayTarget.Query) target).actor();
      InboxRecord.Mode mode = q.method() == GatewayTarget.Method.GET ? InboxRecord.Mode.GET
          : InboxRecord.Mode.GET_OR_CREATE;
      return new Resolved(new ActorId(q.name(), q.key()), mode, q.input(), null);
    } catch (RivetKitProtocolException e) {
      throw error(e);
    } catch (IllegalArgumentException e) {
      throw new ApiError(ErrorCode.INVALID_KEY, e.getMessage());
    }
  }

  /** A raw query ({@code a=1&b=2}, form-encoded) as parameters, in order. */
  static Map<String, List<String>> queryParams(String rawQuery) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) return params;
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return params;
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiError(ErrorCode.INVALID_REQUEST, "the query is not form-encoded: " + raw);
    }
  }

  static ApiError error(RivetKitProtocolException e) {
    return new ApiError(new ErrorInfo(e.group(), e.code(), e.getMessage(), null));
  }
}
