package dev.rivulet.server;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Conn;
import dev.rivulet.actor.HttpRequest;
import dev.rivulet.actor.HttpResponse;
import dev.rivulet.actor.Identity;
import dev.rivulet.actor.RawSocket;
import dev.rivulet.actor.Secret;
import dev.rivulet.actor.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Actors for the access, isolation, limits and secrets tests. */
final class SecureActors {
  private SecureActors() {}

  static final List<Class<? extends ActorBase<?>>> ALL = List.of(Vault.class, Channel.class);

  /** What an actor saw of its caller. */
  public record Seen(String subject, Object role, String connId, String connSubject,
      String user) {}

  /**
   * A vault: connections log in with a password ({@link Secret}), which only {@code
   * onBeforeConnect} sees; {@code onBeforeAction} lets only callers with the role {@code admin}
   * run {@code adminOnly}; every action and hook reports whom it saw.
   */
  @Actor("vault")
  public static class Vault extends ActorBase<Vault.State> {
    public record State(List<String> notes, List<String> passwordsSeenByConnState) {}

    /** The params: the password is secret. */
    public record Login(String user, @Secret String password) {}

    /** A connection's state: who it is, and who the gateway said it is. */
    public record Member(String user, String subject) {}

    static final String PASSWORD = "open-sesame-3141";

    @Override
    protected State initialState() {
      return new State(List.of(), List.of());
    }

    protected void onBeforeConnect(Login params) {
      if (params == null || !PASSWORD.equals(params.password())) {
        throw new UserError("wrong_password", "wrong password");
      }
    }

    protected Member createConnState(Login params) {
      Identity who = context().identity();
      return new Member(params.user(), who == null ? null : who.subject());
    }

    @Override
    protected void onBeforeAction(String action, Object[] args) {
      if (!action.equals("adminOnly")) return;
      Identity who = context().identity();
      if (who == null || !"admin".equals(who.claim("role"))) {
        throw new UserError("forbidden", "adminOnly is for admins; you are "
            + (who == null ? "anonymous" : who.subject()));
      }
    }

    /** Whom this call came from. */
    @Action(readOnly = true)
    public Seen whoAmI() {
      return seen();
    }

    @Action(readOnly = true)
    public String adminOnly() {
      return "the vault is open";
    }

    @Action
    public int note(String text) {
      List<String> notes = new ArrayList<>(state().notes());
      notes.add(text);
      setState(new State(notes, state().passwordsSeenByConnState()));
      return notes.size();
    }

    /** The params of the calling connection, as the actor keeps them. */
    @Action(readOnly = true)
    public Login myParams() {
      Conn conn = context().conn();
      return conn == null ? null : conn.params(Login.class);
    }

    @Override
    protected HttpResponse onRequest(HttpRequest request) {
      Identity who = context().identity();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("subject", who == null ? null : who.subject());
      body.put("authorization", request.headers().get("authorization"));
      return HttpResponse.json(200, body);
    }

    @Override
    protected void onWebSocketOpen(RawSocket socket) {
      Identity who = context().identity();
      socket.send("hello " + (who == null ? "anonymous" : who.subject()));
    }

    private Seen seen() {
      Identity who = context().identity();
      Conn conn = context().conn();
      Identity connWho = conn == null ? null : conn.identity();
      Member member = conn == null ? null : conn.state(Member.class);
      return new Seen(who == null ? null : who.subject(), who == null ? null : who.claim("role"),
          conn == null ? null : conn.id(), connWho == null ? null : connWho.subject(),
          member == null ? null : member.user());
    }
  }

  /**
   * A channel: broadcasts posts to its subscribers, whispers to one connection, and blasts large
   * events (for the outgoing buffers).
   */
  @Actor("channel")
  public static class Channel extends ActorBase<Channel.State> {
    public record State(long posts) {}

    @Override
    protected State initialState() {
      return new State(0);
    }

    @Action
    public long post(String text) {
      setState(new State(state().posts() + 1));
      broadcast("post", text);
      return state().posts();
    }

    /** Sends {@code text} to the connection {@code connId} of this channel only. */
    @Action
    public boolean whisper(String connId, String text) {
      for (Conn c : context().conns()) {
        if (c.id().equals(connId)) {
          c.send("whisper", text);
          return true;
        }
      }
      return false;
    }

    /** Broadcasts {@code count} events named {@code post} of {@code size} characters each. */
    @Action
    public int blast(int count, int size, String tag) {
      String filler = "x".repeat(size);
      for (int i = 0; i < count; i++) broadcast("post", tag + "-" + i + ":" + filler);
      return count;
    }
  }
}
