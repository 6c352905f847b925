package dev.rivulet.server;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.UserError;
import java.util.ArrayList;
import java.util.List;

/**
 * The actors of the schemas module's model contract test: the server's {@link ModelActors}
 * (package-private in the server's test jar, hence this class in its package), one more whose
 * hook always fails, so that a journal record carries {@code meta.hookFailures}, and the account
 * of {@link SubscribedActors}, fed by a topic and publishing to another.
 */
public final class ContractActors {
  private ContractActors() {}

  /** Every actor type of the run. */
  public static List<Class<? extends ActorBase<?>>> all() {
    List<Class<? extends ActorBase<?>>> all = new ArrayList<>(ModelActors.ALL);
    all.add(Touchy.class);
    all.add(SubscribedActors.Account.class);
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
}
