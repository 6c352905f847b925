package dev.rivulet.compat;

// NOT COMPILED YET: written against the onWebSocket hooks Rivulet does not have yet (see
// rivetkit-compat/README.md, "Raw WebSocket"). Phase 2 adds the hooks to actor-api, moves this
// file to src/test/java and adds both actors to DriverSuiteActors.ALL.

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.RawSocket;
import dev.rivulet.actor.RawSocket.Message;
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
      socket.send(json(Map.of("type", "welcome", "connectionCount", next.connectionCount())));
    }

    @Override
    protected void onWebSocketMessage(RawSocket socket, Message message) {
      State next = new State(state().connectionCount(), state().messageCount() + 1);
      setState(next);
      if (!message.isText()) {
        socket.send(message.bytes());
        return;
      }
      Map<?, ?> parsed = message.json(Map.class); // null when the text is not a JSON object
      String type = parsed == null ? null : String.valueOf(parsed.get("type"));
      if ("ping".equals(type)) {
        socket.send(json(Map.of("type", "pong", "timestamp", context().now().toEpochMilli())));
      } else if ("getStats".equals(type)) {
        socket.send(json(Map.of("type", "stats", "connectionCount", next.connectionCount(),
            "messageCount", next.messageCount())));
      } else if ("getRequestInfo".equals(type)) {
        String url = "ws://actor/websocket" + socket.path()
            + (socket.query().isEmpty() ? "" : "?" + socket.query());
        socket.send(json(Map.of("type", "requestInfo", "url", url, "pathname",
            "/websocket" + socket.path(), "search",
            socket.query().isEmpty() ? "" : "?" + socket.query())));
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

    private String json(Map<String, Object> value) {
      return context().json(value);
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
