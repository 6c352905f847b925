package dev.rivulet.engine;

import dev.rivulet.records.GatewayHeartbeat;
import dev.rivulet.records.RecordCodec;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global store of gateway heartbeats: the last readable one of each gateway. A record
 * of the gateways' topic that is no heartbeat (written by something else, or damaged) is logged
 * and passed over, so that it neither replaces the gateway's last heartbeat nor stops the
 * liveness check that reads them ({@link GatewayLiveness}).
 */
final class HeartbeatProcessor implements Processor<String, byte[], Void, Void> {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatProcessor.class);

  private KeyValueStore<String, byte[]> heartbeats;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    heartbeats = context.getStateStore(GatewayLiveness.HEARTBEATS);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) return;
    if (record.value() == null) {
      heartbeats.delete(record.key());
    } else if (readable(record.value()) != null) {
      heartbeats.put(record.key(), record.value());
    } else {
      log.warn("passing over a record of the gateways' topic under {} that is no heartbeat",
          record.key());
    }
  }

  /** The heartbeat {@code value} holds, or null when it is none (or absent). */
  static GatewayHeartbeat readable(byte[] value) {
    if (value == null) return null;
    try {
      return RecordCodec.decodeHeartbeat(value);
    } catch (RuntimeException notAHeartbeat) {
      return null;
    }
  }
}
