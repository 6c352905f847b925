package dev.rivulet.gateway.rivetkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Objects;

/** A WebSocket message from the client on a connection ({@code /connect}). */
public sealed interface ToServer permits ToServer.ActionRequest, ToServer.SubscriptionRequest {

  /**
   * Call action {@code name} with {@code args} (a JSON array); the answer ({@link
   * ToClient.ActionResponse} or {@link ToClient.Error}) carries the same {@code id}. The client
   * numbers its calls from 0 per connection object, and keeps counting across reconnects.
   */
  record ActionRequest(BigInteger id, String name, JsonNode args) implements ToServer {
    public ActionRequest {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(args, "args");
      if (!args.isArray()) throw new IllegalArgumentException("args must be a JSON array");
    }
  }

  /**
   * Start ({@code subscribe} true) or stop receiving the events named {@code eventName} on this
   * connection. The client sends it when the first listener of a name is added and when the last
   * is removed, and again for every name after each {@code Init} of a reconnect.
   */
  record SubscriptionRequest(String eventName, boolean subscribe) implements ToServer {
    public SubscriptionRequest {
      Objects.requireNonNull(eventName, "eventName");
    }
  }
}
