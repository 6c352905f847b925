package dev.rivulet.compat;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Conn;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports of the driver suite's the counters: {@code counter.ts}, {@code counter-conn.ts}, {@code
 * conn-params.ts} and {@code lifecycle.ts}; see {@link DriverSuiteActors}.
 */
public final class CounterActors {
  private CounterActors() {}

  // ------------------------------------------------------------------ counter.ts

  /** {@code counter}: a count, broadcast as {@code newCount}. */
  @Actor("counter")
  public static class Counter extends ActorBase<Counter.State> {
    public record State(long count) {}

    @Override
    protected State initialState() {
      return new State(0);
    }

    @Action
    public long increment(long x) {
      long next = state().count() + x;
      setState(new State(next));
      broadcast("newCount", next);
      return next;
    }

    @Action
    public long setCount(long x) {
      setState(new State(x));
      broadcast("newCount", x);
      return x;
    }

    @Action(readOnly = true)
    public long getCount() {
      return state().count();
    }

    @Action(readOnly = true)
    public List<String> getKey() {
      return context().key();
    }
  }

  // ------------------------------------------------------------------ counter-conn.ts

  /** {@code counterConn}: a count per connection, and how many are connected. */
  @Actor("counterConn")
  public static class CounterConn extends ActorBase<CounterConn.State> {
    public record State(long connectionCount) {}

    public record ConnState(long count) {}

    @Override
    protected State initialState() {
      return new State(0);
    }

    protected ConnState createConnState(Object params) {
      return new ConnState(0);
    }

    @Override
    protected void onConnect(Conn conn) {
      setState(new State(state().connectionCount() + 1));
    }

    @Override
    protected void onDisconnect(Conn conn) {
      setState(new State(state().connectionCount() - 1));
    }

    @Action
    public void increment(long x) {
      Conn conn = context().conn();
      long next = conn.state(ConnState.class).count() + x;
      conn.setState(new ConnState(next));
      broadcast("newCount", next);
    }

    @Action
    public void setCount(long x) {
      context().conn().setState(new ConnState(x));
      broadcast("newCount", x);
    }

    @Action
    public long getCount() {
      return context().conn().state(ConnState.class).count();
    }

    @Action(readOnly = true)
    public long getConnectionCount() {
      return state().connectionCount();
    }
  }

  // ------------------------------------------------------------------ conn-params.ts

  /** {@code counterWithParams}: who connected, from the connection params. */
  @Actor("counterWithParams")
  public static class CounterWithParams extends ActorBase<CounterWithParams.State> {
    public record State(long count, List<String> initializers) {}

    public record Params(String name) {}

    public record ConnState(String name) {}

    public record Counted(long count, String by) {}

    @Override
    protected State initialState() {
      return new State(0, List.of());
    }

    protected ConnState createConnState(Params params) {
      String name = params == null || params.name() == null || params.name().isEmpty()
          ? "anonymous" : params.name();
      return new ConnState(name);
    }

    @Override
    protected void onConnect(Conn conn) {
      List<String> next = new ArrayList<>(state().initializers());
      next.add(conn.state(ConnState.class).name());
      setState(new State(state().count(), next));
    }

    @Action
    public long increment(long x) {
      long next = state().count() + x;
      setState(new State(next, state().initializers()));
      Conn conn = context().conn();
      broadcast("newCount", new Counted(next, conn == null ? null : conn.state(ConnState.class).name()));
      return next;
    }

    @Action(readOnly = true)
    public List<String> getInitializers() {
      return state().initializers();
    }
  }

  // ------------------------------------------------------------------ lifecycle.ts

  /**
   * {@code counterWithLifecycle}: the hooks that ran, in order. RivetKit's records {@code onWake}
   * in its state; Rivulet's {@code onWake} cannot change the state, so the instance remembers it
   * woke and {@code getEvents} puts it first, where RivetKit's list has it.
   */
  @Actor("counterWithLifecycle")
  public static class CounterWithLifecycle extends ActorBase<CounterWithLifecycle.State> {
    public record State(long count, List<String> events) {}

    public record Params(Boolean trackLifecycle) {
      boolean tracked() {
        return Boolean.TRUE.equals(trackLifecycle);
      }
    }

    public record ConnState(long joinTime) {}

    private boolean woke;

    @Override
    protected State initialState() {
      return new State(0, List.of());
    }

    @Override
    protected void onWake() {
      woke = true;
    }

    protected ConnState createConnState(Params params) {
      return new ConnState(context().now().toEpochMilli());
    }

    protected void onBeforeConnect(Params params) {
      if (params != null && params.tracked()) record("onBeforeConnect");
    }

    @Override
    protected void onConnect(Conn conn) {
      Params params = conn.params(Params.class);
      if (params != null && params.tracked()) record("onConnect");
    }

    @Override
    protected void onDisconnect(Conn conn) {
      Params params = conn.params(Params.class);
      if (params != null && params.tracked()) record("onDisconnect");
    }

    private void record(String event) {
      List<String> next = new ArrayList<>(state().events());
      next.add(event);
      setState(new State(state().count(), next));
    }

    @Action(readOnly = true)
    public List<String> getEvents() {
      List<String> events = new ArrayList<>();
      if (woke) events.add("onWake");
      events.addAll(state().events());
      return events;
    }

    @Action
    public long increment(long x) {
      long next = state().count() + x;
      setState(new State(next, state().events()));
      return next;
    }
  }
}
