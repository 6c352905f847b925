package dev.rivulet.records;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which outbox partition a gateway reads: the engine writes a gateway's records there, and the
 * gateway reads only that partition, so adding gateways does not make each one read everyone's
 * traffic. The mapping is Kafka's default one (murmur2 of the key), written down here so both
 * sides share it explicitly.
 */
public final class OutboxPartitioning {
  private OutboxPartitioning() {}

  /** The partition of {@code gatewayId} among {@code partitions}. */
  public static int partitionOf(String gatewayId, int partitions) {
    byte[] bytes = gatewayId.getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(bytes)) % partitions;
  }
}
