package dev.rivulet.compat;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Conn;
import dev.rivulet.actor.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ports of the driver suite's actions: {@code error-handling.ts}, {@code stateless.ts}, {@code
 * action-inputs.ts}, {@code action-types.ts} and {@code large-payloads.ts} (its dotted names are
 * {@link NestedActions}); see {@link DriverSuiteActors}.
 */
public final class ActionActors {
  private ActionActors() {}

  private static final String ITEM = "Item %d with some additional text to increase size";

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
}
