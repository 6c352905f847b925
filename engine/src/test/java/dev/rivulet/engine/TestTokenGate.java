package dev.rivulet.engine;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Secret;
import dev.rivulet.actor.UserError;

/** Params that are secret as a whole: a bare token, checked and never kept. */
@Actor("tokenGate")
public class TestTokenGate extends ActorBase<TestTokenGate.State> {
  public record State(int n) {}

  @Override
  protected State initialState() {
    return new State(0);
  }

  protected void onBeforeConnect(@Secret String token) {
    if (!"t0k".equals(token)) throw new UserError("bad_token", "no");
  }

  @Action
  public int ping() {
    setState(new State(state().n() + 1));
    return state().n();
  }
}
