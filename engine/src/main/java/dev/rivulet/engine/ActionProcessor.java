package dev.rivulet.engine;

import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.OutboxRecord;
import dev.rivulet.records.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path: applies each inbox record to its actor. Guard (decode, or dead-letter) → load the
 * stored actor → apply ({@link ActorMachine}) → persist → journal → forward to gateways. Under
 * exactly-once all of it commits in one transaction with the input offset.
 */
final class ActionProcessor implements Processor<String, byte[], String, byte[]> {
  static final String STORE = "actors";
  static final String JOURNAL = "journal-sink";
  static final String OUTBOX = "outbox-sink";
  static final String DEAD_LETTER = "deadletter-sink";

  private static final Logger log = LoggerFactory.getLogger(ActionProcessor.class);

  private final EngineSettings settings;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> actors;
  private LiveActors live;
  private ActorMachine machine;

  ActionProcessor(EngineSettings settings) {
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.actors = context.getStateStore(STORE);
    this.live = new LiveActors(settings.liveActorsPerTask());
    this.machine = new ActorMachine(settings.types(), live, settings.snapshotEvery(),
        settings.maxStateBytes(), settings.maxMessageBytes());
  }

  @Override
  public void process(Record<String, byte[]> record) {
    final InboxRecord request = decode(record);
    if (request == null) return;

    final byte[] stored = actors.get(record.key());

    final ActorMachine.Step step;
    try {
      final ActorRecord current = stored == null ? null : ActorRecord.decode(stored);
      step = machine.apply(current, request, record.timestamp(), source());
    } catch (RuntimeException e) {
      deadLetter(record, "the engine failed to apply the record: " + e, e);
      InboxRecord.ReplyTo replyTo = ActorMachine.replyTo(request);
      if (replyTo != null) {
        OutboxRecord.Reply reply = new OutboxRecord.Reply(replyTo.requestId(), request.actor(),
            null, ErrorCode.INTERNAL_ERROR.error(ErrorCode.INTERNAL_MESSAGE));
        context.forward(
            record.withKey(replyTo.gateway()).withValue(RecordCodec.encode(reply)), OUTBOX);
      }
      return;
    }

    if (step.next() != null) actors.put(record.key(), step.next().encode());
    if (step.journal() != null) {
      context.forward(record.withValue(RecordCodec.encode(step.journal())), JOURNAL);
    }
    for (ActorMachine.Outgoing out : step.outbox()) {
      context.forward(
          record.withKey(out.gateway()).withValue(RecordCodec.encode(out.record())), OUTBOX);
    }
  }

  @Override
  public void close() {
    if (live != null) live.clear();
  }

  /** The inbox record, or null after sending an unreadable one to the dead-letter topic. */
  private InboxRecord decode(Record<String, byte[]> record) {
    if (record.key() == null) {
      deadLetter(record, "inbox record has no key (the key must be the actor id)", null);
      return null;
    }
    final InboxRecord request;
    try {
      request = RecordCodec.decodeInbox(record.value());
    } catch (RecordCodec.MalformedRecordException e) {
      deadLetter(record, e.getMessage(), null);
      return null;
    }
    if (!record.key().equals(request.actor().toString())) {
      deadLetter(record, "inbox record key \"" + record.key() + "\" is not its actor id \""
          + request.actor() + "\"", null);
      return null;
    }
    return request;
  }

  private JournalRecord.Source source() {
    Optional<RecordMetadata> meta = context.recordMetadata();
    return meta.map(m -> new JournalRecord.Source(m.partition(), m.offset())).orElse(null);
  }

  private void deadLetter(Record<String, byte[]> record, String reason, Throwable cause) {
    String where = context.recordMetadata()
        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
    if (cause == null) log.warn("dead-lettered inbox record {}: {}", where, reason);
    else log.error("dead-lettered inbox record {}: {}", where, reason, cause);
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.add("rivulet.error", reason.getBytes(StandardCharsets.UTF_8));
    headers.add("rivulet.source", where.getBytes(StandardCharsets.UTF_8));
    context.forward(
        new Record<>(record.key(), record.value(), record.timestamp(), headers), DEAD_LETTER);
  }
}
