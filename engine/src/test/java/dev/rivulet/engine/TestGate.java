package dev.rivulet.engine;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Conn;
import dev.rivulet.actor.HttpRequest;
import dev.rivulet.actor.HttpResponse;
import dev.rivulet.actor.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An actor with every connection hook, each leaving a trace: the hooks that may not change the
 * state note themselves in a var ({@link #calls}), the others in the state's log.
 */
@Actor("gate")
public class TestGate extends ActorBase<TestGate.State> {
  public record Params(String user) {}

  public record Member(String user, int number) {}

  public static final class State {
    public List<String> log = new ArrayList<>();
  }

  /** The hooks and actions this instance ran, in order (a var: never persisted). */
  private final List<String> calls = new ArrayList<>();

  @Override
  protected State initialState() {
    return new State();
  }

  protected void onBeforeConnect(Params params) {
    calls.add("onBeforeConnect " + (params == null ? null : params.user()));
    if (params != null && "mallory".equals(params.user())) {
      throw new UserError("forbidden", "mallory may not connect");
    }
  }

  protected Member createConnState(Params params) {
    calls.add("createConnState");
    return new Member(params == null ? "anonymous" : params.user(), state().log.size());
  }

  @Override
  protected void onConnect(Conn conn) {
    calls.add("onConnect");
    state().log.add("connect " + conn.state(Member.class).user() + " over " + conn.transport());
  }

  @Override
  protected void onDisconnect(Conn conn) {
    calls.add("onDisconnect");
    state().log.add("disconnect " + conn.state(Member.class).user());
  }

  /** What the action sees of its connection, and the calls so far. */
  @Action
  public Map<String, Object> whoAmI() {
    calls.add("whoAmI");
    Conn conn = context().conn();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("connId", conn == null ? null : conn.id());
    out.put("transport", conn == null ? null : conn.transport());
    out.put("params", conn == null ? null : conn.params(Params.class));
    out.put("state", conn == null ? null : conn.state(Member.class));
    out.put("conns", context().conns().size());
    out.put("calls", List.copyOf(calls));
    if (conn != null) state().log.add("action " + conn.state(Member.class).user());
    return out;
  }

  /** Sends an event to its own connection and broadcasts one. */
  @Action
  public void shout(String text) {
    context().conn().send("toYou", text);
    broadcast("toAll", text);
  }

  @Action
  public void fail() {
    state().log.add("never kept");
    throw new UserError("failed", "as asked");
  }

  /** The calls this instance served, without leaving a trace. */
  @Action(readOnly = true)
  public List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  protected HttpResponse onRequest(HttpRequest request) {
    Conn conn = context().conn();
    return HttpResponse.text(200, (conn == null ? "no connection" : conn.id() + " "
        + conn.transport() + " " + conn.state(Member.class).user()) + "\n");
  }
}
