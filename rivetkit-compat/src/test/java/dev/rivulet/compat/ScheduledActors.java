package dev.rivulet.compat;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Ports of the driver suite's schedules: {@code scheduled.ts}; see {@link DriverSuiteActors}. */
public final class ScheduledActors {
  private ScheduledActors() {}

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
}
