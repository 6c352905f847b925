package dev.rivulet.gateway.rivetkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * Which actor a request under the client's endpoint is for, and what is left of its path.
 *
 * <p>RivetKit's client addresses an actor in one of three ways:
 *
 * <ul>
 *   <li>{@code /gateway/{actorId}/rest} or {@code /gateway/{actorId}@{token}/rest}: by id ({@link
 *       Direct});
 *   <li>{@code /gateway/{name}/rest?rvt-namespace=..&rvt-method=get|getOrCreate&...}: by name and
 *       key, resolved by the server ({@link Query}); any {@code rvt-} parameter makes it a query;
 *   <li>{@code /rest} with headers {@code x-rivet-target: actor} and {@code x-rivet-actor: {id}}
 *       ({@link #fromHeaders}), when the client skips the wait for a ready actor.
 * </ul>
 *
 * {@code rest} is what the actor's own router sees: {@code /action/{name}}, {@code /connect},
 * {@code /request/...}, {@code /websocket/...}, {@code /queue/{name}}; the {@code rvt-}
 * parameters are removed from its query, the others kept as sent.
 */
public sealed interface GatewayTarget permits GatewayTarget.Direct, GatewayTarget.Query {

  /** The path after the actor's segment, starting with {@code /} ({@code /} when nothing). */
  String path();

  /** The query without {@code rvt-} parameters, raw as sent, without {@code ?}; may be empty. */
  String query();

  /** The token the client sent in the path ({@code @token}) or as {@code rvt-token}; or null. */
  String token();

  /** An actor by id. */
  record Direct(String actorId, String token, String path, String query) implements GatewayTarget {
    public Direct {
      Objects.requireNonNull(actorId, "actorId");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(query, "query");
    }
  }

  /** An actor by name and key, to get or to get or create. */
  record Query(ActorQuery actor, String token, String path, String query) implements GatewayTarget {
    public Query {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(query, "query");
    }
  }

  /** How a query gateway path asks for its actor. */
  enum Method {
    /** {@code rvt-method=get}: the actor must exist. */
    GET,
    /** {@code rvt-method=getOrCreate}: created (with {@code rvt-input}) when it does not. */
    GET_OR_CREATE
  }

  /**
   * The actor a query gateway path names. {@code input} (the creation input, decoded from
   * {@code rvt-input}), {@code runner}, {@code region} and {@code crashPolicy} may be null and
   * are only ever set for {@link Method#GET_OR_CREATE}.
   */
  record ActorQuery(Method method, String namespace, String name, List<String> key,
      JsonNode input, String runner, String region, String crashPolicy, boolean skipReadyWait) {
    public ActorQuery {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
      key = List.copyOf(key);
    }
  }

  /** The prefix of gateway paths. */
  String PREFIX = "/gateway/";

  /** The largest {@code rvt-input} the client sends: 4 KiB of CBOR, base64url-encoded. */
  int MAX_INPUT_BYTES = 4096;

  /**
   * The target of {@code path} (starting with {@code /gateway/}, relative to the client's
   * endpoint) and {@code rawQuery} (without {@code ?}, undecoded; null when none).
   */
  static GatewayTarget parse(String path, String rawQuery) throws RivetKitProtocolException {
    return GatewayTargetParser.parse(path, rawQuery);
  }

  /**
   * The target of a request routed by headers: {@code x-rivet-target: actor} and {@code
   * x-rivet-actor}; {@code path} is the whole path under the endpoint.
   */
  static GatewayTarget fromHeaders(String target, String actorId, String token, String path,
      String rawQuery) throws RivetKitProtocolException {
    return GatewayTargetParser.fromHeaders(target, actorId, token, path, rawQuery);
  }
}
