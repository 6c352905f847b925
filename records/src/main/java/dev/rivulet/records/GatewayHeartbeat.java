package dev.rivulet.records;

import java.util.Objects;

/**
 * A gateway's sign of life, on the compacted {@code <app>.gateways} topic, keyed by gateway id.
 * Gateways write one every few seconds, and {@code alive = false} when they stop; engines
 * disconnect the connections of a gateway whose last sign is older than their timeout.
 *
 * @param at the gateway's clock when it wrote the record, epoch milliseconds
 */
public record GatewayHeartbeat(String gateway, long at, boolean alive) {
  public GatewayHeartbeat {
    Objects.requireNonNull(gateway, "gateway");
  }
}
