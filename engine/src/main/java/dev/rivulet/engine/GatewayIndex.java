package dev.rivulet.engine;

import dev.rivulet.records.ActorId;

/**
 * Keys of the {@code gateway-conns} store: {@code <gateway>\0<actor id>\0<connection id>}, so that
 * the connections a gateway holds in a task are one contiguous range, skipped at once while the
 * gateway is alive.
 */
final class GatewayIndex {
  static final byte[] VALUE = {1};
  static final char SEP = '\0';

  private GatewayIndex() {}

  static String key(String gateway, ActorId actor, String connId) {
    return gateway + SEP + actor + SEP + connId;
  }

  /** The first key after every key of {@code gateway}. */
  static String after(String gateway) {
    return gateway + (char) (SEP + 1);
  }

  static String gateway(String key) {
    return key.substring(0, key.indexOf(SEP));
  }

  static ActorId actor(String key) {
    int first = key.indexOf(SEP);
    return ActorId.parse(key.substring(first + 1, key.indexOf(SEP, first + 1)));
  }

  static String connId(String key) {
    return key.substring(key.lastIndexOf(SEP) + 1);
  }
}
