package dev.rivulet.engine;

import dev.rivulet.records.GatewayHeartbeat;
import dev.rivulet.records.InboxRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the connections held by gateways that stopped: one that said so ({@code alive = false}),
 * or whose last heartbeat is older than the timeout. Their connections end through the inbox, as
 * {@code disconnect} records, so {@code onDisconnect} runs in order and is journaled.
 *
 * <p>Silence is judged only while this engine sees its own {@link LivenessWitness} marks come
 * back fresh (no older than half the timeout): when they do not, the broker is away or out of
 * reach, every gateway's heartbeats are held up alike, and none is lost for it. Once the marks
 * come back, every gateway gets one more timeout to be heard from before it is judged.
 *
 * <p>The engine only sees what it looks at: a check that did not run for a while (its stream
 * thread held up, as a broker outage does, blocked in a transaction's commit) cannot tell whether
 * the marks stayed fresh meanwhile, so such a gap counts as a blind moment too. Without this, the
 * first check after a long outage could find the engine's fresh marks back before any gateway's
 * heartbeat, and judge every gateway lost.
 */
final class GatewayLiveness {
  static final String HEARTBEATS = "gateway-heartbeats";
  /** How often the check runs (a wall-clock punctuation of each task). */
  static final Duration CHECK_EVERY = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(GatewayLiveness.class);

  private final KeyValueStore<String, byte[]> connections;
  private final ReadOnlyKeyValueStore<String, byte[]> heartbeats;
  private final long timeoutMillis;
  private final String witness;
  /** The last time this engine did not see its own marks: a blind moment, like a start. */
  private long blindAt = System.currentTimeMillis();
  /** When the check last ran. */
  private long lookedAt = blindAt;
  private final Set<String> reported = new HashSet<>();
  private final AtomicLong saidAt;

  /**
   * The check of one task: {@code witness} is the key of its engine's marks, {@code saidAt} when
   * one of the engine's tasks last said why it does not judge (shared by them all).
   */
  GatewayLiveness(KeyValueStore<String, byte[]> connections,
      ReadOnlyKeyValueStore<String, byte[]> heartbeats, long timeoutMillis, String witness,
      AtomicLong saidAt) {
    this.connections = connections;
    this.heartbeats = heartbeats;
    this.timeoutMillis = timeoutMillis;
    this.witness = witness;
    this.saidAt = saidAt;
  }

  /** Disconnect records for the connections of lost gateways, each reported once. */
  List<InboxRecord.Disconnect> lost(long now) {
    long notLooking = now - lookedAt;
    lookedAt = now;
    if (notLooking > CHECK_EVERY.toMillis() + timeoutMillis / 2) {
      if (firstToSay(now)) {
        log.info("not judging gateways for one timeout: the check did not run for {} ms (the "
            + "engine's stream thread held up), so every gateway gets to be heard again",
            notLooking);
      }
      blindAt = now;
      return List.of();
    }
    GatewayHeartbeat mark = HeartbeatProcessor.readable(heartbeats.get(witness));
    if (mark == null || now - mark.at() > timeoutMillis / 2) {
      if (now - blindAt >= timeoutMillis && firstToSay(now)) {
        log.warn("not judging gateways: this engine's own liveness marks are {} old (the broker "
            + "away or out of reach?)", mark == null ? "not seen" : (now - mark.at()) + " ms");
      }
      blindAt = now;
      return List.of();
    }
    if (now - blindAt < timeoutMillis) return List.of(); // every gateway gets to be heard again
    List<InboxRecord.Disconnect> lost = new ArrayList<>();
    String from = null;
    while (true) {
      String gateway;
      try (var it = connections.range(from, null)) {
        if (!it.hasNext()) break;
        var first = it.next();
        gateway = GatewayIndex.gateway(first.key);
        if (!alive(gateway, now)) {
          var entry = first;
          while (GatewayIndex.gateway(entry.key).equals(gateway)) {
            String connId = GatewayIndex.connId(entry.key);
            if (reported.add(connId)) {
              lost.add(InboxRecord.Disconnect.gatewayLost(GatewayIndex.actor(entry.key), gateway,
                  connId));
            }
            if (!it.hasNext()) break;
            entry = it.next();
          }
        }
      }
      from = GatewayIndex.after(gateway);
    }
    if (!lost.isEmpty()) log.info("disconnecting {} connections of lost gateways", lost.size());
    if (reported.size() > 100_000) reported.clear(); // those were long applied
    return lost;
  }

  /** Whether this task is the engine's first to say why it does not judge, this timeout. */
  private boolean firstToSay(long now) {
    long said = saidAt.get();
    return now - said >= timeoutMillis && saidAt.compareAndSet(said, now);
  }

  private boolean alive(String gateway, long now) {
    GatewayHeartbeat hb = HeartbeatProcessor.readable(heartbeats.get(gateway));
    if (hb == null) return false; // not heard of for a whole timeout since this engine could see
    return hb.alive() && now - hb.at() <= timeoutMillis;
  }
}
