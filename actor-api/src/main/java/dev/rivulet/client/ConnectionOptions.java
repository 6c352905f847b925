package dev.rivulet.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link ActorConnection} behaves when its socket drops: whether and how fast it
 * reconnects, and how many calls may wait for it meanwhile. Immutable: each {@code with…} method
 * returns a changed copy.
 *
 * <p>The defaults are those of RivetKit's JavaScript client: reconnect without end, the first
 * attempt at once, then after 250 ms, doubling up to 30 s between attempts; the delay starts over
 * once a connection is accepted again. Calls made while the connection is away wait for it, at
 * most 1,000 of them.
 *
 * <pre>{@code
 * ConnectionOptions options = ConnectionOptions.defaults()
 *     .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(5))
 *     .withMaxAttempts(20)
 *     .withMaxQueuedCalls(100);
 * ActorConnection<ChatApi> conn = client.actor("chatRoom", ChatApi.class)
 *     .getOrCreate("general").connect(params, options);
 * }</pre>
 */
public final class ConnectionOptions {
  private static final ConnectionOptions DEFAULTS = new ConnectionOptions(true,
      Duration.ofMillis(250), Duration.ofSeconds(30), Integer.MAX_VALUE, 1_000);

  private final boolean reconnect;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final int maxAttempts;
  private final int maxQueuedCalls;

  private ConnectionOptions(boolean reconnect, Duration initialDelay, Duration maxDelay,
      int maxAttempts, int maxQueuedCalls) {
    this.reconnect = reconnect;
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
    this.maxAttempts = maxAttempts;
    this.maxQueuedCalls = maxQueuedCalls;
  }

  /** RivetKit's behaviour: reconnect forever, at once, then 250 ms doubling to 30 s; 1,000 calls. */
  public static ConnectionOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Whether a connection that was accepted reconnects when its socket drops (default true). When
   * false, a drop ends it: its status becomes {@link ConnectionStatus#IDLE}.
   */
  public ConnectionOptions withReconnect(boolean reconnect) {
    return new ConnectionOptions(reconnect, initialDelay, maxDelay, maxAttempts, maxQueuedCalls);
  }

  /**
   * The wait after the first failed attempt ({@code initialDelay}, default 250 ms), doubled after
   * each further failure up to {@code maxDelay} (default 30 s). The first attempt after a drop is
   * always made at once.
   *
   * @throws IllegalArgumentException when {@code initialDelay} is under 1 ms or {@code maxDelay}
   *     is shorter than it
   */
  public ConnectionOptions withBackoff(Duration initialDelay, Duration maxDelay) {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (initialDelay.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("the initial reconnect delay must be at least 1 ms, got "
          + initialDelay);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("the maximum reconnect delay (" + maxDelay
          + ") is shorter than the initial one (" + initialDelay + ")");
    }
    return new ConnectionOptions(reconnect, initialDelay, maxDelay, maxAttempts, maxQueuedCalls);
  }

  /**
   * How many attempts in a row may fail before the connection gives up (default: no limit). It
   * then ends with {@code client.reconnect_failed}, given to its {@link ActorConnection#onError}
   * handlers.
   *
   * @throws IllegalArgumentException when {@code maxAttempts} is under 1
   */
  public ConnectionOptions withMaxAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    return new ConnectionOptions(reconnect, initialDelay, maxDelay, maxAttempts, maxQueuedCalls);
  }

  /**
   * How many calls may wait for the connection while it is away (default 1,000); a call over the
   * bound fails at once with {@code client.queue_full}. 0 fails every call made while away.
   *
   * @throws IllegalArgumentException when {@code maxQueuedCalls} is negative
   */
  public ConnectionOptions withMaxQueuedCalls(int maxQueuedCalls) {
    if (maxQueuedCalls < 0) {
      throw new IllegalArgumentException("maxQueuedCalls must not be negative, got " + maxQueuedCalls);
    }
    return new ConnectionOptions(reconnect, initialDelay, maxDelay, maxAttempts, maxQueuedCalls);
  }

  /** Whether a dropped connection reconnects. */
  public boolean reconnects() {
    return reconnect;
  }

  /** The wait after the first failed attempt. */
  public Duration initialDelay() {
    return initialDelay;
  }

  /** The longest wait between attempts. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** How many attempts in a row may fail ({@link Integer#MAX_VALUE}: no limit). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** How many calls may wait for the connection while it is away. */
  public int maxQueuedCalls() {
    return maxQueuedCalls;
  }

  /**
   * The wait before the next attempt when {@code failedAttempts} attempts in a row have failed: 0
   * for the first attempt after a drop, then the initial delay, doubling up to the maximum.
   */
  Duration delayBefore(int failedAttempts) {
    if (failedAttempts <= 0) return Duration.ZERO;
    Duration delay = initialDelay;
    for (int i = 1; i < failedAttempts && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }

  @Override
  public String toString() {
    return "ConnectionOptions[reconnect=" + reconnect + ", backoff=" + initialDelay + ".."
        + maxDelay + ", maxAttempts=" + (maxAttempts == Integer.MAX_VALUE ? "unlimited" : maxAttempts)
        + ", maxQueuedCalls=" + maxQueuedCalls + "]";
  }
}
