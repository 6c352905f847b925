package dev.rivulet.actor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The actor's durable schedule: actions it runs on itself later. A scheduled action survives
 * restarts and failover; when it is due it enters the actor's inbox like any request, so it is
 * applied in order with the others and recorded in the journal. It runs with no connection and no
 * caller to answer; its result is only journaled.
 */
public interface Schedule {
  /**
   * Runs {@code action} with {@code args} after {@code delay}, measured from the current record's
   * time ({@link ActorContext#now()}).
   *
   * @return the schedule's id
   * @throws IllegalArgumentException when the actor has no such action or the delay is negative
   */
  String after(Duration delay, String action, Object... args);

  /**
   * Runs {@code action} with {@code args} at {@code when} (at once when it is in the past).
   *
   * @return the schedule's id
   */
  String at(Instant when, String action, Object... args);

  /** Cancels a pending schedule; returns whether there was one with that id. */
  boolean cancel(String id);

  /** The pending schedules, earliest first. */
  List<ScheduledAction> list();
}
