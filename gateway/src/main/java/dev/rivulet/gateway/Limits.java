package dev.rivulet.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's limits on what one client may take, in one place: connections per client address
 * ({@link #connect}), HTTP requests per second per client address ({@link #request}), messages
 * per second per connection ({@link Rate}), bytes waiting to be written to one connection ({@link
 * Budget}). Request and message sizes are checked where they
 * are read ({@link RequestBodies}, {@link WsConnection#tooLarge}). A limit of 0 is none.
 */
final class Limits {
  private final int connectionsPerAddress;
  private final int messagesPerSecond;
  private final long outgoingBufferBytes;
  private final int requestsPerSecond;
  private final Map<String, AtomicLong> byAddress = new ConcurrentHashMap<>();
  private final Map<String, Rate> requestsByAddress = new ConcurrentHashMap<>();
  /** When idle addresses were last forgotten ({@link System#nanoTime()}), or {@link #NEVER}. */
  private final AtomicLong lastSweep = new AtomicLong(NEVER);
  private static final long NEVER = Long.MIN_VALUE;

  Limits(int connectionsPerAddress, int messagesPerSecond, long outgoingBufferBytes) {
    this(connectionsPerAddress, messagesPerSecond, outgoingBufferBytes, 0);
  }

  Limits(int connectionsPerAddress, int messagesPerSecond, long outgoingBufferBytes,
      int requestsPerSecond) {
    this.connectionsPerAddress = connectionsPerAddress;
    this.messagesPerSecond = messagesPerSecond;
    this.outgoingBufferBytes = outgoingBufferBytes;
    this.requestsPerSecond = requestsPerSecond;
  }

  /**
   * Counts an HTTP request of {@code address}: false when the address has used up its requests
   * per second (a token bucket per address, as {@link Rate}: bursts of a second's worth).
   */
  boolean request(String address) {
    return request(address, System.nanoTime());
  }

  boolean request(String address, long nanos) {
    if (requestsPerSecond <= 0) return true;
    forgetIdle(nanos);
    return requestsByAddress.computeIfAbsent(address, a -> new Rate(requestsPerSecond, nanos))
        .admit(nanos);
  }

  /**
   * Once a second at most, forgets the addresses whose bucket has filled up again: they are where
   * a new one would start, so the map holds only the addresses of the last second or so. A
   * request racing with it may find its bucket forgotten and start a full one: one burst more.
   */
  private void forgetIdle(long nanos) {
    long last = lastSweep.get();
    if (last != NEVER && nanos - last < 1_000_000_000L) return;
    if (!lastSweep.compareAndSet(last, nanos)) return;
    requestsByAddress.values().removeIf(rate -> rate.fullAt(nanos));
  }

  /** Addresses whose request rate is being followed now. */
  int addressesFollowed() {
    return requestsByAddress.size();
  }

  int requestsPerSecond() {
    return requestsPerSecond;
  }

  /**
   * Counts a new connection of {@code address}; false (and nothing counted) when the address
   * already holds as many as allowed. Every true is followed by one {@link #disconnected}.
   */
  boolean connect(String address) {
    if (connectionsPerAddress <= 0) return true;
    boolean[] ok = {false};
    byAddress.compute(address, (a, n) -> {
      AtomicLong count = n == null ? new AtomicLong() : n;
      if (count.get() < connectionsPerAddress) {
        count.incrementAndGet();
        ok[0] = true;
      }
      return count.get() == 0 ? null : count;
    });
    return ok[0];
  }

  /** A connection counted by {@link #connect} has ended. */
  void disconnected(String address) {
    if (connectionsPerAddress <= 0) return;
    byAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
  }

  /** Connections counted for {@code address} now. */
  long connections(String address) {
    AtomicLong n = byAddress.get(address);
    return n == null ? 0 : n.get();
  }

  int connectionsPerAddress() {
    return connectionsPerAddress;
  }

  int messagesPerSecond() {
    return messagesPerSecond;
  }

  long outgoingBufferBytes() {
    return outgoingBufferBytes;
  }

  /** A new connection's message rate. */
  Rate rate() {
    return new Rate(messagesPerSecond);
  }

  /** A new connection's budget of bytes waiting to be written. */
  Budget budget() {
    return new Budget(outgoingBufferBytes);
  }

  /**
   * Messages from one connection: a token bucket of {@code perSecond} tokens, refilled
   * continuously, so a connection may send a burst of up to a second's worth, and that many per
   * second on average.
   */
  static final class Rate {
    private final int perSecond;
    private double tokens;
    private long last;

    Rate(int perSecond) {
      this(perSecond, System.nanoTime());
    }

    /** A full bucket at {@code nanos} ({@link System#nanoTime()}'s clock). */
    Rate(int perSecond, long nanos) {
      this.perSecond = perSecond;
      this.tokens = perSecond;
      this.last = nanos;
    }

    /** Whether one more message may go now (it takes a token). */
    synchronized boolean admit() {
      return admit(System.nanoTime());
    }

    /** Whether the bucket would be full at {@code nanos}: no message for a second or so. */
    synchronized boolean fullAt(long nanos) {
      return perSecond <= 0 || tokensAt(nanos) >= perSecond;
    }

    /** The tokens the bucket holds at {@code nanos}, refilled since the last message. */
    private double tokensAt(long nanos) {
      return nanos <= last ? tokens
          : Math.min(perSecond, tokens + (nanos - last) * perSecond / 1e9);
    }

    synchronized boolean admit(long nanos) {
      if (perSecond <= 0) return true;
      if (nanos > last) {
        tokens = tokensAt(nanos);
        last = nanos;
      }
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    }
  }

  /**
   * The bytes given to the network for one connection and not written yet. A client that stops
   * reading makes them grow: past the limit the connection must be dropped.
   */
  static final class Budget {
    private final long max;
    private final AtomicLong waiting = new AtomicLong();

    Budget(long max) {
      this.max = max;
    }

    /** Counts {@code bytes} more waiting; false when that goes over the limit. */
    boolean take(long bytes) {
      long now = waiting.addAndGet(bytes);
      return max <= 0 || now <= max;
    }

    /** {@code bytes} were written (or dropped). */
    void give(long bytes) {
      waiting.addAndGet(-bytes);
    }

    long waiting() {
      return waiting.get();
    }
  }
}
