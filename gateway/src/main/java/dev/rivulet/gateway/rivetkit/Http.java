package dev.rivulet.gateway.rivetkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** The bodies of RivetKit's HTTP calls to an actor, as records. */
public final class Http {
  private Http() {}

  /** {@code POST .../action/{name}}: the call's arguments, a JSON array. */
  public record ActionRequest(JsonNode args) {
    public ActionRequest {
      Objects.requireNonNull(args, "args");
      if (!args.isArray()) throw new IllegalArgumentException("args must be a JSON array");
    }
  }

  /** The answer to an {@link ActionRequest}: what the action returned. */
  public record ActionResponse(JsonNode output) {
    public ActionResponse {
      Objects.requireNonNull(output, "output");
    }
  }

  /**
   * The body of every error answer (any status that is not 2xx) to an encoded request: {@code
   * metadata} and {@code actor} may be null.
   */
  public record ResponseError(String group, String code, String message, JsonNode metadata,
      ActorSpecifier actor) {
    public ResponseError {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * {@code POST .../queue/{name}} (protocol version 3 and later): a message for the actor's queue.
   * {@code name}, {@code waitForCompletion} and {@code timeoutMillis} may be null.
   */
  public record QueueSendRequest(JsonNode body, String name, Boolean waitForCompletion,
      Long timeoutMillis) {
    public QueueSendRequest {
      Objects.requireNonNull(body, "body");
    }
  }

  /** The answer to a {@link QueueSendRequest}: {@code completed} or {@code timedOut}. */
  public record QueueSendResponse(String status, JsonNode response) {
    public QueueSendResponse {
      Objects.requireNonNull(status, "status");
    }
  }

  /** The answer to a resolve request: the actor's id. */
  public record ResolveResponse(String actorId) {
    public ResolveResponse {
      Objects.requireNonNull(actorId, "actorId");
    }
  }
}
