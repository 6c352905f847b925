package dev.rivulet.gateway;

import dev.rivulet.records.GatewayHeartbeat;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This gateway's sign of life on {@code <app>.gateways}: one every interval while it runs, and a
 * last one saying it stopped. Engines end the connections of a gateway that stopped or fell
 * silent, so a dead gateway does not leave its connections registered with their actors.
 */
final class Heartbeats implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

  private final InboxSender sender;
  private final String topic;
  private final String gatewayId;
  private final ScheduledExecutorService timer;

  Heartbeats(InboxSender sender, String topic, String gatewayId, Duration interval) {
    this.sender = sender;
    this.topic = topic;
    this.gatewayId = gatewayId;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rivulet-heartbeat-" + gatewayId);
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void beat() {
    sender.heartbeat(topic, new GatewayHeartbeat(gatewayId, System.currentTimeMillis(), true))
        .exceptionally(e -> {
          log.warn("gateway {} could not send its heartbeat: {}", gatewayId, e.toString());
          return null;
        });
  }

  /** Stops beating and says this gateway is gone. */
  @Override
  public void close() {
    timer.shutdown(); // a beat already running finishes before the last word below
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      sender.heartbeat(topic, new GatewayHeartbeat(gatewayId, System.currentTimeMillis(), false))
          .get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("gateway {} could not say it stopped: {}", gatewayId, e.toString());
    }
  }
}
