package dev.rivulet.engine;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Conn;
import dev.rivulet.actor.Identity;
import dev.rivulet.actor.Secret;
import dev.rivulet.actor.UserError;
import java.util.LinkedHashMap;
import java.util.Map;

/** Secret params, the caller's identity and per-action authorization. */
@Actor("vault")
public class TestVault extends ActorBase<TestVault.State> {
  public record State(long opened) {}

  public record Login(String user, @Secret String password) {}

  public record Member(String user, boolean sawPassword) {}

  @Override
  protected State initialState() {
    return new State(0);
  }

  protected void onBeforeConnect(Login params) {
    if (!"sesame".equals(params.password())) throw new UserError("wrong_password", "no");
  }

  @Override
  protected void onConnect(Conn conn) {
    setState(new State(state().opened() + 1));
  }

  protected Member createConnState(Login params) {
    return new Member(params.user(), params.password() != null);
  }

  @Override
  protected void onBeforeAction(String action, Object[] args) {
    Identity who = context().identity();
    if (action.equals("adminOnly") && (who == null || !"admin".equals(who.claim("role")))) {
      throw new UserError("forbidden", "admins only");
    }
  }

  @Action(readOnly = true)
  public Map<String, Object> whoAmI() {
    Identity who = context().identity();
    Conn conn = context().conn();
    Map<String, Object> seen = new LinkedHashMap<>(); // in order: Map.of's depends on the JVM
    seen.put("subject", who == null ? "-" : who.subject());
    seen.put("conn", conn == null ? "-" : conn.id());
    seen.put("connSubject", conn == null || conn.identity() == null ? "-"
        : conn.identity().subject());
    seen.put("password", conn == null || conn.params(Login.class).password() == null ? "-"
        : conn.params(Login.class).password());
    return seen;
  }

  @Action
  public String adminOnly() {
    return "open";
  }
}
