package dev.rivulet.gateway.rivetkit;

import java.util.Objects;

/**
 * Which actor an error is about (protocol version 4 and later): its id, its generation, and its
 * key in RivetKit's string form (see {@link ActorKeys#serialize}), or null. The client copies it
 * onto the error it throws ({@code error.actor}) and logs it.
 */
public record ActorSpecifier(String actorId, long generation, String key) {
  public ActorSpecifier {
    Objects.requireNonNull(actorId, "actorId");
    if (generation < 0) throw new IllegalArgumentException("generation must not be negative");
  }
}
