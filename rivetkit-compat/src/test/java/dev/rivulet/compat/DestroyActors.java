package dev.rivulet.compat;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.HttpRequest;
import dev.rivulet.actor.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Ports of the driver suite's destruction: {@code destroy.ts}; see {@link DriverSuiteActors}. */
public final class DestroyActors {
  private DestroyActors() {}

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
}
