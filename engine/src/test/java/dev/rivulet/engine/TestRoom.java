package dev.rivulet.engine;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A mutable-state actor whose actions change the state in place. */
@Actor("room")
public class TestRoom extends ActorBase<TestRoom.State> {
  public static final class State {
    public String topic = "";
    public List<String> members = new ArrayList<>();
    public Map<String, Integer> scores = new LinkedHashMap<>();
  }

  @Override
  protected State initialState() {
    return new State();
  }

  @Action
  public int join(String member) {
    state().members.add(member);
    state().scores.put(member, 0);
    broadcast("joined", member);
    return state().members.size();
  }

  @Action
  public int leave(String member) {
    state().members.remove(member);
    state().scores.remove(member);
    return state().members.size();
  }

  @Action
  public void score(String member, int points) {
    state().scores.merge(member, points, Integer::sum);
  }

  @Action
  public void topic(String topic) {
    state().topic = topic;
  }

  @Action(readOnly = true)
  public List<String> members() {
    return state().members;
  }

  /** Read-only, yet changes the state in place. */
  @Action(readOnly = true)
  public int peek() {
    state().members.add("intruder");
    return state().members.size();
  }
}
