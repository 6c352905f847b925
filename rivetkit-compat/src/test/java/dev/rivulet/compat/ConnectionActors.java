package dev.rivulet.compat;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Conn;
import dev.rivulet.actor.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ports of the driver suite's connections: {@code conn-state.ts}, {@code lifecycle-hooks.ts} and
 * {@code conn-error-serialization.ts}; see {@link DriverSuiteActors}.
 */
public final class ConnectionActors {
  private ConnectionActors() {}

  // ------------------------------------------------------------------ conn-state.ts

  /** {@code connStateActor}: per-connection state, presence, messages to one connection. */
  @Actor("connStateActor")
  public static class ConnStateActor extends ActorBase<ConnStateActor.State> {
    public record State(long sharedCounter, long disconnectionCount) {}

    public record Params(String username, String role, Boolean noCount) {}

    public record ConnState(String username, String role, long counter, long createdAt,
        boolean noCount) {}

    public record Updates(String username, String role) {}

    @Override
    protected State initialState() {
      return new State(0, 0);
    }

    protected ConnState createConnState(Params params) {
      Params p = params == null ? new Params(null, null, null) : params;
      return new ConnState(p.username() == null || p.username().isEmpty() ? "anonymous" : p.username(),
          p.role() == null || p.role().isEmpty() ? "user" : p.role(), 0,
          context().now().toEpochMilli(), Boolean.TRUE.equals(p.noCount()));
    }

    @Override
    protected void onConnect(Conn conn) {
      ConnState s = conn.state(ConnState.class);
      conn.send("connectedFromOnConnect", Map.of("id", conn.id(), "username", s.username()));
      broadcast("userConnected", Map.of("id", conn.id(), "username", "anonymous", "role", "user"));
    }

    @Override
    protected void onDisconnect(Conn conn) {
      ConnState s = conn.state(ConnState.class);
      if (s == null || !s.noCount()) {
        setState(new State(state().sharedCounter(), state().disconnectionCount() + 1));
        broadcast("userDisconnected", Map.of("id", conn.id()));
      }
    }

    @Action
    public void incrementConnCounter(long amount) {
      Conn conn = context().conn();
      ConnState s = conn.state(ConnState.class);
      conn.setState(new ConnState(s.username(), s.role(), s.counter() + amount, s.createdAt(),
          s.noCount()));
    }

    @Action
    public long incrementSharedCounter(long amount) {
      long next = state().sharedCounter() + amount;
      setState(new State(next, state().disconnectionCount()));
      return next;
    }

    @Action
    public Map<String, Object> getConnectionState() {
      return withId(context().conn());
    }

    @Action(readOnly = true)
    public List<String> getConnectionIds() {
      List<String> ids = new ArrayList<>();
      for (Conn c : context().conns()) {
        ConnState s = c.state(ConnState.class);
        if (s == null || !s.noCount()) ids.add(c.id());
      }
      return ids;
    }

    @Action(readOnly = true)
    public long getDisconnectionCount() {
      return state().disconnectionCount();
    }

    @Action(readOnly = true)
    public List<Map<String, Object>> getAllConnectionStates() {
      List<Map<String, Object>> all = new ArrayList<>();
      for (Conn c : context().conns()) all.add(withId(c));
      return all;
    }

    @Action
    public boolean sendToConnection(String targetId, String message) {
      for (Conn c : context().conns()) {
        if (c.id().equals(targetId)) {
          c.send("directMessage", Map.of("from", context().conn().id(), "message", message));
          return true;
        }
      }
      return false;
    }

    @Action
    public ConnState updateConnection(Updates updates) {
      Conn conn = context().conn();
      ConnState s = conn.state(ConnState.class);
      ConnState next = new ConnState(updates.username() != null ? updates.username() : s.username(),
          updates.role() != null ? updates.role() : s.role(), s.counter(), s.createdAt(),
          s.noCount());
      conn.setState(next);
      return next;
    }

    @Action
    public boolean disconnectSelf(String reason) {
      context().conn().disconnect(reason == null ? "test.disconnect" : reason);
      return true;
    }

    private static Map<String, Object> withId(Conn conn) {
      ConnState s = conn.state(ConnState.class);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", conn.id());
      out.put("username", s.username());
      out.put("role", s.role());
      out.put("counter", s.counter());
      out.put("createdAt", s.createdAt());
      out.put("noCount", s.noCount());
      return out;
    }
  }

  // ------------------------------------------------------------------ lifecycle-hooks.ts

  /** {@code beforeConnectRejectActor}: refuses connections whose params say so. */
  @Actor("beforeConnectRejectActor")
  public static class BeforeConnectRejectActor extends ActorBase<Map<String, Object>> {
    public record Params(Boolean shouldReject) {}

    @Override
    protected Map<String, Object> initialState() {
      return Map.of();
    }

    protected void onBeforeConnect(Params params) {
      if (params != null && Boolean.TRUE.equals(params.shouldReject())) {
        throw new UserError("connection_rejected", "Connection rejected by policy",
            Map.of("reason", "test"));
      }
    }

    @Action(readOnly = true)
    public String ping() {
      return "pong";
    }
  }

  /** {@code beforeConnectGenericErrorActor}: fails in {@code onBeforeConnect} with a bug. */
  @Actor("beforeConnectGenericErrorActor")
  public static class BeforeConnectGenericErrorActor extends ActorBase<Map<String, Object>> {
    public record Params(Boolean shouldFail) {}

    @Override
    protected Map<String, Object> initialState() {
      return Map.of();
    }

    protected void onBeforeConnect(Params params) {
      if (params != null && Boolean.TRUE.equals(params.shouldFail())) {
        throw new IllegalStateException("internal failure in onBeforeConnect");
      }
    }

    @Action(readOnly = true)
    public String ping() {
      return "pong";
    }
  }

  // ------------------------------------------------------------------ conn-error-serialization.ts

  /**
   * {@code connErrorSerializationActor}: {@code createConnState} fails with {@code custom_error}.
   * RivetKit's fixture uses its own group {@code connection}; a Rivulet actor's errors are in the
   * group {@code user}.
   */
  @Actor("connErrorSerializationActor")
  public static class ConnErrorSerializationActor
      extends ActorBase<ConnErrorSerializationActor.State> {
    public record State(long value) {}

    public record Params(Boolean shouldThrow) {}

    public record ConnState(boolean initialized) {}

    @Override
    protected State initialState() {
      return new State(0);
    }

    protected ConnState createConnState(Params params) {
      if (params != null && Boolean.TRUE.equals(params.shouldThrow())) {
        throw new UserError("custom_error", "Test error from createConnState");
      }
      return new ConnState(true);
    }

    @Action(readOnly = true)
    public long getValue() {
      return state().value();
    }
  }
}
