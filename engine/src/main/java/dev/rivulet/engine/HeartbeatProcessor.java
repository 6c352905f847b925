package dev.rivulet.engine;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the global store of gateway heartbeats: the last one of each gateway. */
final class HeartbeatProcessor implements Processor<String, byte[], Void, Void> {
  private KeyValueStore<String, byte[]> heartbeats;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    heartbeats = context.getStateStore(GatewayLiveness.HEARTBEATS);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) return;
    if (record.value() == null) heartbeats.delete(record.key());
    else heartbeats.put(record.key(), record.value());
  }
}
