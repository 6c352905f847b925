package dev.rivulet.gateway.rivetkit;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Actor ids for RivetKit's client that route without a lookup table: the actor's name, key and
 * generation, written in BARE and then base64url without padding. The client treats an id as
 * opaque but puts it in a URL path segment, an {@code x-rivet-actor} header, a {@code
 * rivet_actor.} subprotocol token and a comma-separated {@code actor_ids} query, so its characters
 * are limited to {@code [A-Za-z0-9_-]}. The generation makes the id of a destroyed actor differ
 * from the id of the actor created again under its key, as RivetKit's ids do.
 */
public final class ActorIds {
  private static final int FORMAT = 1;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private ActorIds() {}

  /** What an id says. */
  public record Parts(String name, List<String> key, long generation) {
    public Parts {
      Objects.requireNonNull(name, "name");
      key = List.copyOf(key);
      if (generation < 0) throw new IllegalArgumentException("generation must not be negative");
    }
  }

  /** The id of generation {@code generation} of the actor {@code name} / {@code key}. */
  public static String of(String name, List<String> key, long generation) {
    BareWriter w = new BareWriter().u8(FORMAT).string(name).uint(generation).uint(key.size());
    for (String part : key) w.string(part);
    return ENCODER.encodeToString(w.toByteArray());
  }

  /** What {@code id} names; an id no actor can have is {@code actor.not_found}. */
  public static Parts parse(String id) throws RivetKitProtocolException {
    byte[] bytes;
    try {
      bytes = id.isEmpty() || id.indexOf('=') >= 0 ? null : Base64.getUrlDecoder().decode(id);
    } catch (IllegalArgumentException e) {
      bytes = null;
    }
    if (bytes == null) throw notFound(id);
    try {
      BareReader r = new BareReader(bytes);
      if (r.u8("id format") != FORMAT) throw notFound(id);
      String name = r.string("actor name");
      long generation = r.uint("generation").longValueExact();
      long parts = r.uint("key length").longValueExact();
      if (parts > bytes.length) throw notFound(id);
      List<String> key = new ArrayList<>((int) parts);
      for (int i = 0; i < parts; i++) key.add(r.string("key part"));
      r.finish("actor id");
      if (!of(name, key, generation).equals(id)) throw notFound(id); // one spelling per actor
      return new Parts(name, key, generation);
    } catch (RivetKitProtocolException | ArithmeticException e) {
      throw notFound(id);
    }
  }

  private static RivetKitProtocolException notFound(String id) {
    String shown = id.length() > 64 ? id.substring(0, 64) + "…" : id;
    return new RivetKitProtocolException(RivetKitProtocolException.Reason.ACTOR_NOT_FOUND,
        "no actor has the id \"" + shown + "\"");
  }
}
