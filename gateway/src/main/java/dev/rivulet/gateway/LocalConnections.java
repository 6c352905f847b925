package dev.rivulet.gateway;

import dev.rivulet.records.ActorId;
import dev.rivulet.records.OutboxRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections this gateway holds, by actor, and the delivery of the actors' events to them.
 * Events of an actor arrive in order of their sequence number; one at or below the last delivered
 * is a duplicate from a retried transaction and is dropped.
 *
 * <p>A broadcast to many connections ({@link #SHARED_FROM} or more of one actor here) is written
 * by several threads, each to a share of them, and {@link #deliver} returns once every share is
 * written: the outbox reader goes on to the next record only then, so each connection still gets
 * its frames (events and replies) in the outbox's order, and the reader is held up for a large
 * room's broadcast a fraction of the time one thread would take.
 */
final class LocalConnections implements AutoCloseable {
  /** Connections of one actor from which a broadcast's writing is shared between threads. */
  static final int SHARED_FROM = 256;

  private static final Logger log = LoggerFactory.getLogger(LocalConnections.class);

  private static final class Subscribers {
    final CopyOnWriteArrayList<ClientConnection> connections = new CopyOnWriteArrayList<>();
    long lastEventSeq;
  }

  private final Map<ActorId, Subscribers> byActor = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
  private final int writers;
  private final ExecutorService helpers;

  /** One thread (the caller's) writes every broadcast. */
  LocalConnections() {
    this(1);
  }

  /**
   * Broadcasts to {@link #SHARED_FROM} connections or more are written by up to {@code writers}
   * threads: the caller's and {@code writers - 1} helpers (daemons, started when first needed).
   */
  LocalConnections(int writers) {
    this.writers = Math.max(1, writers);
    AtomicInteger n = new AtomicInteger();
    this.helpers = this.writers == 1 ? null : Executors.newFixedThreadPool(this.writers - 1, r -> {
      Thread t = new Thread(r, "rivulet-broadcast-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  void add(ClientConnection conn) {
    byActor.compute(conn.actor(), (id, subs) -> {
      Subscribers s = subs == null ? new Subscribers() : subs;
      if (s.connections.addIfAbsent(conn)) counter(conn.transport()).incrementAndGet();
      return s;
    });
  }

  void remove(ClientConnection conn) {
    byActor.computeIfPresent(conn.actor(), (id, subs) -> {
      if (subs.connections.remove(conn)) counter(conn.transport()).decrementAndGet();
      return subs.connections.isEmpty() ? null : subs;
    });
  }

  /** Open connections over {@code transport} ({@code websocket} or {@code sse}). */
  int active(String transport) {
    AtomicInteger n = active.get(transport);
    return n == null ? 0 : n.get();
  }

  private AtomicInteger counter(String transport) {
    return active.computeIfAbsent(transport, t -> new AtomicInteger());
  }

  /** Delivers an event to the actor's connections here; called by the outbox reader only. */
  void deliver(OutboxRecord.Event event) {
    Subscribers subs = byActor.get(event.actor());
    if (subs == null) return;
    synchronized (subs) {
      if (event.eventSeq() <= subs.lastEventSeq) return;
      subs.lastEventSeq = event.eventSeq();
    }
    OutgoingEvent out =
        new OutgoingEvent(event.name(), event.args(), event.eventSeq(), event.connIds() != null);
    if (event.connIds() == null && helpers != null && subs.connections.size() >= SHARED_FROM) {
      deliverShared(subs.connections.toArray(new ClientConnection[0]), out);
      return;
    }
    for (ClientConnection conn : subs.connections) {
      if (event.connIds() == null || event.connIds().contains(conn.connId())) conn.deliver(out);
    }
  }

  /** Writes {@code out} to {@code targets} in shares of at least half {@link #SHARED_FROM}. */
  private void deliverShared(ClientConnection[] targets, OutgoingEvent out) {
    int shares = Math.max(1, Math.min(writers, targets.length / (SHARED_FROM / 2)));
    CountDownLatch written = new CountDownLatch(shares - 1);
    for (int share = 1; share < shares; share++) {
      int from = share * targets.length / shares;
      int to = (share + 1) * targets.length / shares;
      Runnable write = () -> {
        try {
          deliver(targets, from, to, out);
        } finally {
          written.countDown();
        }
      };
      try {
        helpers.execute(write);
      } catch (RejectedExecutionException closing) {
        write.run();
      }
    }
    deliver(targets, 0, targets.length / shares, out);
    boolean interrupted = false;
    while (true) {
      try {
        written.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private static void deliver(ClientConnection[] targets, int from, int to, OutgoingEvent out) {
    for (int i = from; i < to; i++) {
      try {
        targets[i].deliver(out);
      } catch (RuntimeException e) {
        log.warn("event {} not delivered to connection {}: {}", out.eventSeq(),
            targets[i].connId(), e.toString());
      }
    }
  }

  /** Stops the helper threads (a broadcast after this is written by the caller's alone). */
  @Override
  public void close() {
    if (helpers != null) helpers.shutdown();
  }

  /** Closes a connection held here because its actor disconnected it. */
  void disconnect(OutboxRecord.Disconnect d) {
    Subscribers subs = byActor.get(d.actor());
    if (subs == null) return;
    for (ClientConnection conn : subs.connections) {
      if (conn.connId().equals(d.connId())) conn.closeByServer(d.reason(), d.code());
    }
  }

  /** A message an actor sent on one of its raw WebSockets held here. */
  void frame(OutboxRecord.SocketFrame frame) {
    Subscribers subs = byActor.get(frame.actor());
    if (subs == null) return;
    for (ClientConnection conn : subs.connections) {
      if (conn.connId().equals(frame.connId())) conn.frame(frame);
    }
  }

  int count(ActorId actor) {
    Subscribers s = byActor.get(actor);
    return s == null ? 0 : s.connections.size();
  }

  int count() {
    int n = 0;
    for (Subscribers s : byActor.values()) n += s.connections.size();
    return n;
  }
}
