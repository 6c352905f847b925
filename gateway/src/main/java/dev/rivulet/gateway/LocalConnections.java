package dev.rivulet.gateway;

import dev.rivulet.records.ActorId;
import dev.rivulet.records.OutboxRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections this gateway holds, by actor, and the delivery of the actors' events to them.
 * Events of an actor arrive in order of their sequence number; one at or below the last delivered
 * is a duplicate from a retried transaction and is dropped.
 */
final class LocalConnections {
  private static final class Subscribers {
    final CopyOnWriteArrayList<ClientConnection> connections = new CopyOnWriteArrayList<>();
    long lastEventSeq;
  }

  private final Map<ActorId, Subscribers> byActor = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

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
    for (ClientConnection conn : subs.connections) {
      if (event.connIds() == null || event.connIds().contains(conn.connId())) conn.deliver(out);
    }
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
