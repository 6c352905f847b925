package dev.rivulet.examples;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.UserError;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rate limiter with fixed windows and persistent counters: {@code check(key)} allows at most
 * {@code limit} calls per key in each window of {@code windowMs} milliseconds. A key's window
 * starts with its first call and ends {@code windowMs} later; calls refused do not count.
 *
 * <p>The clock is {@code context().now()}, the time the call entered the actor's inbox, so a
 * replay of the journal makes the same decisions. One actor holds the counters of one limit (its
 * key names the limit, for example {@code api}); create it with {@code {"limit":100,
 * "windowMs":60000}}, or without input for {@value #DEFAULT_LIMIT} calls a minute.
 */
@Actor("rateLimiter")
public class RateLimiter extends ActorBase<RateLimiter.State> {
  /** The limit of an actor created without input. */
  public static final int DEFAULT_LIMIT = 10;

  /** The window of an actor created without input. */
  public static final long DEFAULT_WINDOW_MS = 60_000;

  /** What a limiter is created with. */
  public record Config(int limit, long windowMs) {}

  /** A key's current window: when it started and how many calls it allowed. */
  public record Window(Instant start, int count) {}

  /** The answer to a check: whether the call may go ahead, how many more may, until when. */
  public record Decision(boolean allowed, int remaining, Instant resetAt) {}

  /** The persistent state: the configuration and the open windows by key. */
  public record State(Config config, Map<String, Window> windows) {}

  @Override
  protected State initialState() {
    return new State(new Config(DEFAULT_LIMIT, DEFAULT_WINDOW_MS), Map.of());
  }

  /** A limiter with its own limit and window; both must be positive. */
  protected State createState(Config config) {
    if (config == null || config.limit() < 1 || config.windowMs() < 1) {
      throw new UserError("invalid_config", "limit and windowMs must be at least 1");
    }
    return new State(config, Map.of());
  }

  /** Counts a call for {@code key} if the limit allows it. */
  @Action
  public Decision check(String key) {
    if (key == null || key.isEmpty()) throw new UserError("invalid_key", "key is empty");
    Config config = state().config();
    Instant now = context().now();
    Map<String, Window> windows = new LinkedHashMap<>();
    // Only open windows are kept: an expired one counts nothing any more.
    state().windows().forEach((k, w) -> {
      if (now.isBefore(end(w, config))) windows.put(k, w);
    });
    Window window = windows.getOrDefault(key, new Window(now, 0));
    boolean allowed = window.count() < config.limit();
    if (allowed) window = new Window(window.start(), window.count() + 1);
    windows.put(key, window);
    setState(new State(config, windows));
    return new Decision(allowed, config.limit() - window.count(), end(window, config));
  }

  /** The limit and window. */
  @Action(readOnly = true)
  public Config getConfig() {
    return state().config();
  }

  private static Instant end(Window w, Config config) {
    return w.start().plusMillis(config.windowMs());
  }
}
