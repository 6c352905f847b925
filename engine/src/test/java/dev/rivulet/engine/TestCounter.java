package dev.rivulet.engine;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.UserError;
import java.util.LinkedHashMap;
import java.util.Map;

/** An immutable-state actor with one action for each way an action can end. */
@Actor("counter")
public class TestCounter extends ActorBase<TestCounter.State> {
  public record State(long count) {}

  /** A var: lives with the instance, never persisted. */
  private int calls;

  @Override
  protected State initialState() {
    return new State(0);
  }

  @Action
  public long increment(long amount) {
    State next = new State(state().count() + amount);
    setState(next);
    broadcast("newCount", next.count());
    return next.count();
  }

  @Action(readOnly = true)
  public long getCount() {
    return state().count();
  }

  @Action
  public void fail() {
    throw new IllegalStateException("boom: secret detail");
  }

  /** Changes the state and broadcasts, then throws: neither may survive. */
  @Action
  public long incrementThenFail(long amount) {
    setState(new State(state().count() + amount));
    broadcast("newCount", state().count());
    throw new IllegalStateException("failed after setState");
  }

  @Action
  public void reject(String reason) {
    throw new UserError("limit_reached", reason, Map.of("limit", 10));
  }

  @Action(readOnly = true)
  public long sneakySet() {
    setState(new State(99));
    return 99;
  }

  @Action(readOnly = true)
  public void sneakyBroadcast() {
    broadcast("sneaky", 1);
  }

  /** Read-only, calls setState and swallows the violation. */
  @Action(readOnly = true)
  public long swallowViolation() {
    try {
      setState(new State(42));
    } catch (RuntimeException e) {
      // ignored on purpose
    }
    return state().count();
  }

  @Action
  public void burst(int events) {
    for (int i = 1; i <= events; i++) broadcast("tick", i, "t" + i);
  }

  @Action
  public void shout(int events, int chars) {
    for (int i = 0; i < events; i++) broadcast("big", "x".repeat(chars));
  }

  /** Changes the state and the schedules, then broadcasts an event that may be too large. */
  @Action
  public long incrementAndShout(long amount, int chars) {
    setState(new State(state().count() + amount));
    context().schedule().after(java.time.Duration.ofMinutes(1), "increment", 1L);
    broadcast("big", "x".repeat(chars));
    return state().count();
  }

  @Action
  public String huge(int chars) {
    return "x".repeat(chars);
  }

  @Action
  public String label(String prefix, int times, boolean upper) {
    String s = prefix.repeat(times);
    return upper ? s.toUpperCase(java.util.Locale.ROOT) : s;
  }

  /** What the context tells the action, plus two random draws. */
  @Action
  public Map<String, Object> clock() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("now", context().now().toEpochMilli());
    out.put("random1", context().random().nextLong());
    out.put("random2", context().random().nextLong());
    out.put("sequence", context().sequence());
    out.put("generation", context().generation());
    out.put("actorId", context().actorId());
    out.put("name", context().name());
    out.put("key", context().key());
    return out;
  }

  /** Counts the calls this instance served. */
  @Action(readOnly = true)
  public int vars() {
    return ++calls;
  }
}
