package dev.rivulet.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders the events one connection receives by the actor's event sequence number, each once.
 * While a resuming connection catches up from the journal, live events wait here; then the missed
 * ones go first and the held ones after, skipping any the client already has.
 */
final class EventGate {
  /** An event to send, with its sequence number. */
  record Held(long seq, Runnable send) {}

  private boolean open = true;
  private long last;
  private final List<Held> held = new ArrayList<>();

  /** Holds live events from now on; {@code seen} is the last event the client had. */
  synchronized void hold(long seen) {
    open = false;
    last = seen;
  }

  /** A live event: sent now, held while catching up, or dropped when the client has it. */
  synchronized void admit(long seq, Runnable send) {
    if (!open) {
      held.add(new Held(seq, send));
      return;
    }
    if (seq <= last) return;
    last = seq;
    send.run();
  }

  /** Ends the catch-up: the missed events, in order, then those held meanwhile. */
  synchronized void release(List<Held> missed) {
    List<Held> all = new ArrayList<>(missed);
    all.addAll(held);
    held.clear();
    all.sort(Comparator.comparingLong(Held::seq));
    for (Held h : all) {
      if (h.seq() <= last) continue;
      last = h.seq();
      h.send().run();
    }
    open = true;
  }
}
