package dev.rivulet.gateway.rivetkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Objects;

/** A WebSocket message to the client on a connection ({@code /connect}). */
public sealed interface ToClient
    permits ToClient.Init, ToClient.Error, ToClient.ActionResponse, ToClient.Event {

  /**
   * The connection is open: always the first message. The client holds back its calls and
   * subscriptions until it arrives, then re-sends every subscription and flushes its queue.
   */
  record Init(String actorId, String connectionId) implements ToClient {
    public Init {
      Objects.requireNonNull(actorId, "actorId");
      Objects.requireNonNull(connectionId, "connectionId");
    }
  }

  /**
   * An error. With an {@code actionId}, the failure of that call (the connection stays open);
   * without, an error of the connection itself (the client fails every call in flight and tells
   * its {@code onError} handlers; the server then closes the socket with reason {@code
   * group.code}). {@code metadata} and {@code actor} may be null.
   */
  record Error(String group, String code, String message, JsonNode metadata, BigInteger actionId,
      ActorSpecifier actor) implements ToClient {
    public Error {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }

  /** The result of the call {@code id}. */
  record ActionResponse(BigInteger id, JsonNode output) implements ToClient {
    public ActionResponse {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(output, "output");
    }
  }

  /** An event: the client calls its listeners of {@code name} with the items of {@code args}. */
  record Event(String name, JsonNode args) implements ToClient {
    public Event {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(args, "args");
      if (!args.isArray()) throw new IllegalArgumentException("args must be a JSON array");
    }
  }
}
