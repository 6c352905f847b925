package dev.rivulet.compat;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.RawSocket;
import dev.rivulet.actor.RawSocket.Message;
import java.util.List;
import java.util.Map;

/** Ports of raw-websocket.ts: {@code rawWebSocketActor} and {@code rawWebSocketBinaryActor}. */
public final class RawWebSocketActors {
  private RawWebSocketActors() {}

  /**
   * {@code rawWebSocketActor}: a welcome on open, then echo, ping/pong, stats and the request's
   * URL; counts connections and messages in its state.
   */
  @Actor("rawWebSocketActor")
  public static class RawWebSocketActor extends ActorBase<RawWebSocketActor.State> {
    public record State(long connectionCount, long messageCount) {}

    @Override
    protected State initialState() {
      return new State(0, 0);
    }

    @Override
    protected void onWebSocketOpen(RawSocket socket) {
      State next = new State(state().connectionCount() + 1, state().messageCount());
      setState(next);
      socket.sendJson(Map.of("type", "welcome", "connectionCount", next.connectionCount()));
    }

    @Override
    protected void onWebSocketMessage(RawSocket socket, Message message) {
      State next = new State(state().connectionCount(), state().messageCount() + 1);
      setState(next);
      if (!message.isText()) {
        socket.send(message.bytes());
        return;
      }
      String type = typeOf(message);
      if ("ping".equals(type)) {
        socket.sendJson(Map.of("type", "pong", "timestamp", context().now().toEpochMilli()));
      } else if ("getStats".equals(type)) {
        socket.sendJson(Map.of("type", "stats", "connectionCount", next.connectionCount(),
            "messageCount", next.messageCount()));
      } else if ("getRequestInfo".equals(type)) {
        String search = search(socket.query());
        socket.sendJson(Map.of("type", "requestInfo",
            "url", "ws://actor/websocket" + socket.path() + search,
            "pathname", "/websocket" + socket.path(), "search", search));
      } else {
        socket.send(message.text());
      }
    }

    @Override
    protected void onWebSocketClose(RawSocket socket, int code, String reason) {
      setState(new State(state().connectionCount() - 1, state().messageCount()));
    }

    @Action(readOnly = true)
    public State getStats() {
      return state();
    }

    /** The message's {@code type} when it is a JSON object, else null (it is echoed). */
    private static String typeOf(Message message) {
      try {
        Object type = message.json(Map.class).get("type");
        return type == null ? null : type.toString();
      } catch (IllegalArgumentException notAJsonObject) {
        return null;
      }
    }

    /** The query as {@code ?a=1&b=2}, or empty. */
    private static String search(Map<String, List<String>> query) {
      StringBuilder search = new StringBuilder();
      query.forEach((name, values) -> {
        for (String v : values) {
          search.append(search.length() == 0 ? '?' : '&').append(name).append('=').append(v);
        }
      });
      return search.toString();
    }
  }

  /** {@code rawWebSocketBinaryActor}: answers binary messages with their bytes reversed. */
  @Actor("rawWebSocketBinaryActor")
  public static class RawWebSocketBinaryActor extends ActorBase<Map<String, Object>> {
    @Override
    protected Map<String, Object> initialState() {
      return Map.of();
    }

    @Override
    protected void onWebSocketMessage(RawSocket socket, Message message) {
      if (message.isText()) return;
      byte[] in = message.bytes();
      byte[] out = new byte[in.length];
      for (int i = 0; i < in.length; i++) out[i] = in[in.length - 1 - i];
      socket.send(out);
    }
  }
}
