package dev.rivulet.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.internal.Json;
import java.util.concurrent.CompletionException;

/**
 * The actors of one type: hands out {@link ActorHandle}s by key. {@code getOrCreate} and {@code
 * get} make no request (the actor is found or created by the first call); {@code create} creates
 * the actor at once.
 *
 * @param <T> the interface the handles' {@link ActorHandle#api()} implements, or {@code Void}
 */
public final class ActorKind<T> {
  private final RivuletClient client;
  private final String name;
  private final Class<T> api;

  ActorKind(RivuletClient client, String name, Class<T> api) {
    this.client = client;
    this.name = name;
    this.api = api;
  }

  /** The actor under {@code key}, created (without input) by the first call when missing. */
  public ActorHandle<T> getOrCreate(String key) {
    return new ActorHandle<>(client, name, key, api, "getOrCreate", null);
  }

  /** The actor under {@code key}, created from {@code input} by the first call when missing. */
  public ActorHandle<T> getOrCreate(String key, Object input) {
    return new ActorHandle<>(client, name, key, api, "getOrCreate",
        Json.mapper().valueToTree(input));
  }

  /** The existing actor under {@code key}; calls fail with {@code actor.not_found} when missing. */
  public ActorHandle<T> get(String key) {
    return new ActorHandle<>(client, name, key, api, "get", null);
  }

  /**
   * Creates the actor under {@code key} from {@code input} (null for none).
   *
   * @throws ActorError {@code actor.duplicate_key} when it exists
   */
  public ActorHandle<T> create(String key, Object input) {
    JsonNode body = input == null ? null : Json.mapper().valueToTree(input);
    try {
      client.send("PUT", client.actorPath(name, key), body).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
    return new ActorHandle<>(client, name, key, api, "get", null);
  }
}
