package dev.rivulet.server;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Conn;
import dev.rivulet.actor.RawSocket;
import dev.rivulet.actor.UserError;
import java.util.ArrayList;
import java.util.List;

/**
 * The actors of the schemas module's model contract test: the server's {@link ModelActors}
 * (package-private in the server's test jar, hence this class in its package), one more whose
 * hook always fails, so that a journal record carries {@code meta.hookFailures}, the account of
 * {@link SubscribedActors}, fed by a topic and publishing to another, and one of raw WebSockets,
 * connection hooks and nested action names for the records of RivetKit's protocol.
 */
public final class ContractActors {
  private ContractActors() {}

  /** Every actor type of the run. */
  public static List<Class<? extends ActorBase<?>>> all() {
    List<Class<? extends ActorBase<?>>> all = new ArrayList<>(ModelActors.ALL);
    all.add(Touchy.class);
    all.add(SubscribedActors.Account.class);
    all.add(Sockets.class);
    return all;
  }

  /** Counts pokes; its onStateChange always throws, which is logged and journaled in meta. */
  @Actor("touchy")
  public static class Touchy extends ActorBase<Touchy.State> {
    public record State(int pokes) {}

    @Override
    protected State initialState() {
      return new State(0);
    }

    @Override
    protected void onStateChange(State newState) {
      throw new UserError("touchy", "do not touch");
    }

    @Action
    public int poke() {
      setState(new State(state().pokes() + 1));
      return state().pokes();
    }
  }

  /**
   * Raw WebSockets (a welcome, echoes, reversed bytes, a close by the actor), connection hooks
   * with params (for stateless calls too), and actions with nested names.
   */
  @Actor("sockets")
  public static class Sockets extends ActorBase<Sockets.State> {
    public record Params(String user) {}

    public record Member(String user) {}

    public record State(int opened, int messages, List<String> log) {}

    @Override
    protected State initialState() {
      return new State(0, 0, List.of());
    }

    protected void onBeforeConnect(Params params) {
      if (params != null && "mallory".equals(params.user())) {
        throw new UserError("forbidden", "mallory may not connect");
      }
    }

    protected Member createConnState(Params params) {
      return new Member(params == null ? "anonymous" : params.user());
    }

    @Override
    protected void onConnect(Conn conn) {
      log("connect " + conn.state(Member.class).user() + " over " + conn.transport());
    }

    @Override
    protected void onDisconnect(Conn conn) {
      log("disconnect " + conn.state(Member.class).user());
    }

    @Override
    protected void onWebSocketOpen(RawSocket socket) {
      setState(new State(state().opened() + 1, state().messages(), state().log()));
      socket.send("welcome " + socket.conn().state(Member.class).user() + " to "
          + socket.path());
    }

    @Override
    protected void onWebSocketMessage(RawSocket socket, RawSocket.Message message) {
      setState(new State(state().opened(), state().messages() + 1, state().log()));
      if (!message.isText()) {
        byte[] in = message.bytes();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) out[i] = in[in.length - 1 - i];
        socket.send(out);
      } else if (message.text().equals("bye")) {
        socket.send("goodbye");
        socket.close(4000, "bye");
      } else {
        socket.send("echo " + message.text());
      }
    }

    @Override
    protected void onWebSocketClose(RawSocket socket, int code, String reason) {
      log("close " + code + " " + reason);
    }

    @Action(name = "stats.read", readOnly = true)
    public State read() {
      return state();
    }

    /** Who calls: the user of the calling connection (a stateless call's own). */
    @Action(name = "stats.whoAmI")
    public String whoAmI() {
      Conn conn = context().conn();
      return conn == null ? null : conn.state(Member.class).user() + " over " + conn.transport();
    }

    private void log(String line) {
      List<String> log = new ArrayList<>(state().log());
      log.add(line);
      setState(new State(state().opened(), state().messages(), log));
    }
  }
}
