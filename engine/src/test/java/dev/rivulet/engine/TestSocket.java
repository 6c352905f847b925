package dev.rivulet.engine;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Conn;
import dev.rivulet.actor.RawSocket;
import dev.rivulet.actor.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An actor of raw WebSockets: a welcome, echoes, closes, failures, sends from actions. */
@Actor("echo")
public class TestSocket extends ActorBase<TestSocket.State> {
  public static final class State {
    public int messages;
    public List<String> log = new ArrayList<>();
  }

  @Override
  protected State initialState() {
    return new State();
  }

  @Override
  protected void onConnect(Conn conn) {
    state().log.add("connect " + conn.id() + " " + conn.transport());
  }

  @Override
  protected void onDisconnect(Conn conn) {
    state().log.add("disconnect " + conn.id());
  }

  @Override
  protected void onWebSocketOpen(RawSocket socket) {
    if (socket.path().equals("/refuse")) throw new UserError("refused", "not this path");
    state().log.add("open " + socket.id() + " " + socket.path());
    Map<String, Object> welcome = new LinkedHashMap<>();
    welcome.put("path", socket.path());
    welcome.put("x", socket.queryParam("x"));
    welcome.put("agent", socket.header("User-Agent"));
    welcome.put("conn", socket.conn().id());
    socket.sendJson(welcome);
  }

  @Override
  protected void onWebSocketMessage(RawSocket socket, RawSocket.Message message) {
    state().messages++;
    if (!message.isText()) {
      byte[] in = message.bytes();
      byte[] out = new byte[in.length];
      for (int i = 0; i < in.length; i++) out[i] = in[in.length - 1 - i];
      socket.send(out);
      return;
    }
    switch (message.text()) {
      case "boom" -> {
        socket.send("never sent");
        throw new IllegalStateException("boom");
      }
      case "bye" -> {
        socket.send("goodbye");
        socket.close(4000, "bye");
        socket.send("after close: never sent");
      }
      case "news" -> broadcast("news", "for connections, not sockets");
      case "direct" -> context().conn().send("direct", "an event to a raw socket goes nowhere");
      case "huge" -> socket.send("x".repeat(2_000));
      default -> {
        if (message.text().startsWith("{")) {
          socket.send("json " + message.json(Map.class).get("type"));
        } else {
          socket.send("echo " + message.text());
        }
      }
    }
  }

  @Override
  protected void onWebSocketClose(RawSocket socket, int code, String reason) {
    state().log.add("close " + socket.id() + " " + code + " " + reason);
    if (reason.equals("throw")) throw new IllegalStateException("close hook failed");
  }

  /** Sends {@code text} to every open raw socket; how many. */
  @Action
  public int tellAll(String text) {
    for (RawSocket s : context().sockets()) s.send(text);
    return context().sockets().size();
  }

  @Action(readOnly = true)
  public List<String> log() {
    return state().log;
  }
}
