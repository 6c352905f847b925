package dev.rivulet.compat;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Conn;
import dev.rivulet.actor.HttpRequest;
import dev.rivulet.actor.HttpResponse;
import dev.rivulet.actor.UserError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rivulet ports of the actors of RivetKit's driver test suite ({@code
 * rivetkit-typescript/packages/rivetkit/fixtures/driver-test-suite/} in the rivet-dev/rivet
 * repository): the same names, actions, events and answers, so that the compatibility suite's
 * JavaScript cases call them exactly as RivetKit's own tests call the originals.
 *
 * <p>Where Rivulet's model differs the port says so: an action cannot wait, so RivetKit's
 * asynchronous and timeout fixtures are not ported; {@code onWake} cannot change the state, so
 * what RivetKit's fixtures record there lives in the instance (its vars); time is {@code
 * context().now()}.
 */
public final class DriverSuiteActors {
  private DriverSuiteActors() {}

  /** Every ported actor, for the stack the suite runs against. */
  public static final List<Class<? extends ActorBase<?>>> ALL = List.of(
      Counter.class, CounterConn.class, CounterWithParams.class, CounterWithLifecycle.class,
      ConnStateActor.class, ErrorHandlingActor.class, BeforeConnectRejectActor.class,
      BeforeConnectGenericErrorActor.class, ConnErrorSerializationActor.class,
      StatelessActor.class, InputActor.class, SyncActionActor.class,
      LargePayloadActor.class, LargePayloadConnActor.class, Scheduled.class,
      DestroyActor.class, DestroyObserver.class, RawHttpActor.class, RawHttpNoHandlerActor.class,
      RawHttpRequestPropertiesActor.class, OnStateChangeActor.class,
      RawWebSocketActors.RawWebSocketActor.class,
      RawWebSocketActors.RawWebSocketBinaryActor.class, NestedActions.NestedActionActor.class);

  private static final String ITEM = "Item %d with some additional text to increase size";

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

  // ------------------------------------------------------------------ error-handling.ts

  /**
   * {@code errorHandlingActor}: user errors with and without details, an internal error. RivetKit's
   * {@code new UserError(message)} has the code {@code user_error}; its timeout actions wait,
   * which Rivulet's actions cannot, and are not ported.
   */
  @Actor("errorHandlingActor")
  public static class ErrorHandlingActor extends ActorBase<ErrorHandlingActor.State> {
    public record State(List<String> errorLog) {}

    @Override
    protected State initialState() {
      return new State(List.of());
    }

    @Action(readOnly = true)
    public void throwSimpleError() {
      throw new UserError("user_error", "Simple error message");
    }

    @Action(readOnly = true)
    public void throwDetailedError() {
      throw new UserError("detailed_error", "Detailed error message",
          Map.of("reason", "test", "timestamp", context().now().toEpochMilli()));
    }

    @Action(readOnly = true)
    public void throwInternalError() {
      throw new IllegalStateException("This is an internal error");
    }

    @Action(readOnly = true)
    public String successfulAction() {
      return "success";
    }

    @Action
    public List<String> logError(String error) {
      List<String> next = new ArrayList<>(state().errorLog());
      next.add(error);
      setState(new State(next));
      return next;
    }

    @Action(readOnly = true)
    public List<String> getErrorLog() {
      return state().errorLog();
    }

    @Action
    public boolean clearErrorLog() {
      setState(new State(List.of()));
      return true;
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

  // ------------------------------------------------------------------ stateless.ts

  /** {@code statelessActor}: actions without state. */
  @Actor("statelessActor")
  public static class StatelessActor extends ActorBase<Map<String, Object>> {
    @Override
    protected Map<String, Object> initialState() {
      return Map.of();
    }

    @Action(readOnly = true)
    public String ping() {
      return "pong";
    }

    @Action(readOnly = true)
    public String echo(String message) {
      return message;
    }

    @Action(readOnly = true)
    public String getActorId() {
      return context().actorId();
    }
  }

  // ------------------------------------------------------------------ action-inputs.ts

  /** {@code inputActor}: the creation input, as {@code createState} and {@code onCreate} saw it. */
  @Actor("inputActor")
  public static class InputActor extends ActorBase<InputActor.State> {
    public record State(Object initialInput, Object onCreateInput) {}

    @Override
    protected State initialState() {
      return new State(null, null);
    }

    protected State createState(Object input) {
      return new State(input, null);
    }

    @Override
    protected void onCreate() {
      // RivetKit hands onCreate the input too; Rivulet's onCreate reads it from the state.
      setState(new State(state().initialInput(), state().initialInput()));
    }

    @Action(readOnly = true)
    public State getInputs() {
      return state();
    }
  }

  // ------------------------------------------------------------------ action-types.ts

  /** {@code syncActionActor}: plain synchronous actions. */
  @Actor("syncActionActor")
  public static class SyncActionActor extends ActorBase<SyncActionActor.State> {
    public record State(long value) {}

    public record Info(long currentValue, long timestamp) {}

    @Override
    protected State initialState() {
      return new State(0);
    }

    @Action
    public long increment(long amount) {
      long next = state().value() + amount;
      setState(new State(next));
      return next;
    }

    @Action(readOnly = true)
    public Info getInfo() {
      return new Info(state().value(), context().now().toEpochMilli());
    }

    @Action
    public void reset() {
      setState(new State(0));
    }
  }

  // ------------------------------------------------------------------ large-payloads.ts

  public record Items(List<String> items) {}

  public record Processed(long itemCount, String firstItem, String lastItem) {}

  static Processed process(Items data) {
    List<String> items = data.items();
    return new Processed(items.size(), items.isEmpty() ? null : items.get(0),
        items.isEmpty() ? null : items.get(items.size() - 1));
  }

  static Items largeResponse(int itemCount) {
    List<String> items = new ArrayList<>(itemCount);
    for (int i = 0; i < itemCount; i++) items.add(String.format(ITEM, i));
    return new Items(items);
  }

  /** {@code largePayloadActor}: large arguments and results over HTTP. */
  @Actor("largePayloadActor")
  public static class LargePayloadActor extends ActorBase<Map<String, Object>> {
    @Override
    protected Map<String, Object> initialState() {
      return Map.of();
    }

    @Action(readOnly = true)
    public Processed processLargeRequest(Items data) {
      return process(data);
    }

    @Action(readOnly = true)
    public Items getLargeResponse(int itemCount) {
      return largeResponse(itemCount);
    }

    @Action(readOnly = true)
    public Object echo(Object data) {
      return data;
    }
  }

  /** {@code largePayloadConnActor}: the same over a connection, remembering the last size. */
  @Actor("largePayloadConnActor")
  public static class LargePayloadConnActor extends ActorBase<Map<String, Object>> {
    public record ConnState(long lastRequestSize) {}

    @Override
    protected Map<String, Object> initialState() {
      return Map.of();
    }

    protected ConnState createConnState(Object params) {
      return new ConnState(0);
    }

    @Action
    public Processed processLargeRequest(Items data) {
      Conn conn = context().conn();
      if (conn != null) conn.setState(new ConnState(data.items().size()));
      return process(data);
    }

    @Action(readOnly = true)
    public Items getLargeResponse(int itemCount) {
      return largeResponse(itemCount);
    }

    @Action(readOnly = true)
    public long getLastRequestSize() {
      return context().conn().state(ConnState.class).lastRequestSize();
    }
  }

  // ------------------------------------------------------------------ scheduled.ts

  /** {@code scheduled}: actions run later, at a time or after a delay. */
  @Actor("scheduled")
  public static class Scheduled extends ActorBase<Scheduled.State> {
    public record State(long lastRun, long scheduledCount, List<String> taskHistory) {}

    public record ScheduledFor(String taskId, long scheduledFor) {}

    @Override
    protected State initialState() {
      return new State(0, 0, List.of());
    }

    @Action
    public long scheduleTaskAt(long timestamp) {
      context().schedule().at(Instant.ofEpochMilli(timestamp), "onScheduledTask");
      return timestamp;
    }

    @Action
    public long scheduleTaskAfter(long delayMs) {
      context().schedule().after(Duration.ofMillis(delayMs), "onScheduledTask");
      return context().now().toEpochMilli() + delayMs;
    }

    @Action
    public ScheduledFor scheduleTaskAfterWithId(String taskId, long delayMs) {
      context().schedule().after(Duration.ofMillis(delayMs), "onScheduledTaskWithId", taskId);
      return new ScheduledFor(taskId, context().now().toEpochMilli() + delayMs);
    }

    @Action
    public long scheduleTask(long delayMs) {
      long at = context().now().toEpochMilli() + delayMs;
      context().schedule().at(Instant.ofEpochMilli(at), "onScheduledTask");
      return at;
    }

    @Action(readOnly = true)
    public long getLastRun() {
      return state().lastRun();
    }

    @Action(readOnly = true)
    public long getScheduledCount() {
      return state().scheduledCount();
    }

    @Action(readOnly = true)
    public List<String> getTaskHistory() {
      return state().taskHistory();
    }

    @Action
    public boolean clearHistory() {
      setState(new State(0, 0, List.of()));
      return true;
    }

    @Action
    public void onScheduledTask() {
      long now = context().now().toEpochMilli();
      long count = state().scheduledCount() + 1;
      setState(new State(now, count, state().taskHistory()));
      broadcast("scheduled", Map.of("time", now, "count", count));
    }

    @Action
    public void onScheduledTaskWithId(String taskId) {
      long now = context().now().toEpochMilli();
      long count = state().scheduledCount() + 1;
      List<String> history = new ArrayList<>(state().taskHistory());
      history.add(taskId);
      setState(new State(now, count, history));
      broadcast("scheduledWithId", Map.of("taskId", taskId, "time", now, "count", count));
    }
  }

  // ------------------------------------------------------------------ destroy.ts

  /** {@code destroyObserver}: which actors said they were destroyed. */
  @Actor("destroyObserver")
  public static class DestroyObserver extends ActorBase<DestroyObserver.State> {
    public record State(List<String> destroyedActors) {}

    @Override
    protected State initialState() {
      return new State(List.of());
    }

    @Action
    public void notifyDestroyed(String actorKey) {
      List<String> next = new ArrayList<>(state().destroyedActors());
      next.add(actorKey);
      setState(new State(next));
    }

    @Action(readOnly = true)
    public boolean wasDestroyed(String actorKey) {
      return state().destroyedActors().contains(actorKey);
    }

    @Action
    public void reset() {
      setState(new State(List.of()));
    }
  }

  /**
   * {@code destroyActor}: destroys itself and tells {@code destroyObserver/observer}. Its key is
   * written in {@code onCreate} (RivetKit writes it in {@code onWake}, which here cannot change
   * the state); its raw WebSocket greeting waits for the {@code onWebSocket} hook.
   */
  @Actor("destroyActor")
  public static class DestroyActor extends ActorBase<DestroyActor.State> {
    public record State(long value, String key) {}

    private String ephemeral = "fresh";

    @Override
    protected State initialState() {
      return new State(0, "");
    }

    @Override
    protected void onCreate() {
      setState(new State(state().value(), String.join("/", context().key())));
    }

    @Override
    protected HttpResponse onRequest(HttpRequest request) {
      if (request.path().equals("/state")) {
        return HttpResponse.json(200, Map.of("key", state().key(), "value", state().value()));
      }
      return HttpResponse.text(404, "Not Found");
    }

    @Override
    protected void onDestroy() {
      context().actor("destroyObserver", "observer").send("notifyDestroyed", state().key());
    }

    @Action
    public long setValue(long newValue) {
      setState(new State(newValue, state().key()));
      return newValue;
    }

    @Action(readOnly = true)
    public long getValue() {
      return state().value();
    }

    @Action
    public String setEphemeral(String value) {
      ephemeral = value;
      return ephemeral;
    }

    @Action(readOnly = true)
    public String getEphemeral() {
      return ephemeral;
    }

    @Action
    public void destroy() {
      context().destroy();
    }
  }

  // ------------------------------------------------------------------ raw-http.ts

  /** {@code rawHttpActor}: raw HTTP routes, counting requests. */
  @Actor("rawHttpActor")
  public static class RawHttpActor extends ActorBase<RawHttpActor.State> {
    public record State(long requestCount) {}

    @Override
    protected State initialState() {
      return new State(0);
    }

    @Override
    protected HttpResponse onRequest(HttpRequest request) {
      long count = state().requestCount() + 1;
      setState(new State(count));
      String path = request.path();
      if (path.equals("/api/hello")) {
        return HttpResponse.json(200, Map.of("message", "Hello from actor!"));
      }
      if (path.equals("/api/echo") && request.method().equals("POST")) {
        return new HttpResponse(200, echoHeaders(request), request.body());
      }
      if (path.equals("/api/state")) return HttpResponse.json(200, Map.of("requestCount", count));
      if (path.equals("/api/headers")) return HttpResponse.json(200, request.headers());
      return HttpResponse.text(404, "Not Found");
    }

    private static Map<String, String> echoHeaders(HttpRequest request) {
      Map<String, String> out = new LinkedHashMap<>();
      String type = request.header("content-type");
      if (type != null) out.put("content-type", type);
      return out;
    }
  }

  /** {@code rawHttpNoHandlerActor}: no {@code onRequest}, so every raw request is a 404. */
  @Actor("rawHttpNoHandlerActor")
  public static class RawHttpNoHandlerActor extends ActorBase<Map<String, Object>> {
    @Override
    protected Map<String, Object> initialState() {
      return Map.of();
    }
  }

  /** {@code rawHttpRequestPropertiesActor}: describes the raw request it received. */
  @Actor("rawHttpRequestPropertiesActor")
  public static class RawHttpRequestPropertiesActor extends ActorBase<Map<String, Object>> {
    @Override
    protected Map<String, Object> initialState() {
      return Map.of();
    }

    @Override
    protected HttpResponse onRequest(HttpRequest request) {
      if (request.method().equals("HEAD")) return new HttpResponse(200, Map.of(), new byte[0]);
      if (request.method().equals("OPTIONS")) return new HttpResponse(204, Map.of(), new byte[0]);
      StringBuilder search = new StringBuilder();
      Map<String, String> params = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> e : request.query().entrySet()) {
        for (String v : e.getValue()) {
          search.append(search.length() == 0 ? '?' : '&').append(e.getKey()).append('=').append(v);
          params.putIfAbsent(e.getKey(), v);
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("url", "http://actor" + request.path() + search);
      out.put("pathname", request.path());
      out.put("search", search.toString());
      out.put("searchParams", params);
      out.put("method", request.method());
      out.put("headers", request.headers());
      out.put("body", request.body().length == 0 ? null
          : new String(request.body(), StandardCharsets.UTF_8));
      return HttpResponse.json(200, out);
    }
  }

  // ------------------------------------------------------------------ actor-onstatechange.ts

  /** {@code onStateChangeActor}: counts state changes in its vars. */
  @Actor("onStateChangeActor")
  public static class OnStateChangeActor extends ActorBase<OnStateChangeActor.State> {
    public record State(long value) {}

    private long changeCount;

    @Override
    protected State initialState() {
      return new State(0);
    }

    @Override
    protected void onStateChange(State newState) {
      changeCount++;
    }

    @Action
    public long setValue(long newValue) {
      setState(new State(newValue));
      return newValue;
    }

    @Action
    public long incrementMultiple(long times) {
      long v = state().value();
      for (long i = 0; i < times; i++) setState(new State(++v));
      return v;
    }

    @Action(readOnly = true)
    public long getValue() {
      return state().value();
    }

    @Action(readOnly = true)
    public long getDoubled() {
      return state().value() * 2;
    }

    @Action(readOnly = true)
    public long getChangeCount() {
      return changeCount;
    }

    @Action(readOnly = true)
    public void resetChangeCount() {
      changeCount = 0;
    }
  }
}
