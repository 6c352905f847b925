package dev.rivulet.client;

import java.util.ArrayDeque;

/**
 * Runs callbacks one at a time, in the order they were posted, outside the connection's lock: an
 * {@link ActorConnection}'s status, error and close handlers, which may call the connection.
 */
final class Notices {
  private static final System.Logger LOG = System.getLogger(ActorConnection.class.getName());

  private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
  private boolean draining;

  synchronized void post(Runnable notice) {
    pending.add(notice);
  }

  /** Runs what is pending, unless another thread (or this one, further up) already does. */
  void drain() {
    synchronized (this) {
      if (draining) return;
      draining = true;
    }
    while (true) {
      Runnable next;
      synchronized (this) {
        next = pending.poll();
        if (next == null) {
          draining = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a connection handler failed", e);
      }
    }
  }
}
