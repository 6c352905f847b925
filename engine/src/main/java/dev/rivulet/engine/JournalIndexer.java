package dev.rivulet.engine;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.rivulet.records.RecordCodec;
import java.io.IOException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the journal back (committed records only) and keeps the {@link JournalIndex} of each
 * actor: where every record is, which hold snapshots or checkpoints and which broadcast events.
 * It reads only the few fields it needs, skipping the rest of the record unparsed.
 */
final class JournalIndexer implements Processor<String, byte[], Void, Void> {
  private static final Logger log = LoggerFactory.getLogger(JournalIndexer.class);

  private ProcessorContext<Void, Void> context;
  private JournalIndex index;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.index = new JournalIndex(context.getStateStore(JournalIndex.STORE));
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null || record.value() == null) return;
    long offset = context.recordMetadata().map(m -> m.offset()).orElse(-1L);
    try (JsonParser p = RecordCodec.mapper().getFactory().createParser(record.value())) {
      long seq = -1;
      boolean snapshot = false;
      boolean checkpoint = false;
      long lastEventSeq = 0;
      if (p.nextToken() != JsonToken.START_OBJECT) return;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "seq" -> seq = p.getLongValue();
          case "snapshot" -> {
            snapshot = value != JsonToken.VALUE_NULL;
            p.skipChildren();
          }
          case "collectionsSnapshot" -> {
            checkpoint = value != JsonToken.VALUE_NULL;
            p.skipChildren();
          }
          case "broadcasts" -> lastEventSeq = lastBroadcast(p);
          default -> p.skipChildren();
        }
      }
      if (seq > 0) index.record(record.key(), seq, offset, snapshot, checkpoint, lastEventSeq);
    } catch (IOException | RuntimeException e) {
      log.warn("cannot index journal record at offset {}: {}", offset, e.toString());
    }
  }

  /** The event sequence number of the last broadcast (to every connection) in the array. */
  private static long lastBroadcast(JsonParser p) throws IOException {
    long last = 0;
    while (p.nextToken() == JsonToken.START_OBJECT) {
      long eventSeq = 0;
      boolean toAll = true;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("eventSeq")) eventSeq = p.getLongValue();
        else if (field.equals("connIds")) {
          toAll = false;
          p.skipChildren();
        } else p.skipChildren();
      }
      if (toAll) last = Math.max(last, eventSeq);
    }
    return last;
  }
}
