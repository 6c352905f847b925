package dev.rivulet.server.tsnames;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;

/**
 * An actor class, and its input, named like helpers of the TypeScript declaration ({@code State},
 * {@code Input}): see {@code TypeScriptDeclarationTest}.
 */
@Actor("named")
public class State extends ActorBase<Input> {
  @Override
  protected Input initialState() {
    return new Input(0);
  }

  protected Input createState(Input input) {
    return input;
  }

  @Action
  public Input get() {
    return state();
  }
}
