package dev.rivulet.engine;

import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.records.TraceParent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one subscribed topic for one {@link Subscribed} subscription: each record becomes an
 * inbox action for its actor ({@link Subscribed#toAction}), keyed by the actor id, with the
 * record's timestamp and trace headers, written to the inbox in the stream thread's transaction
 * together with the topic's offset; a record that cannot become one goes to the dead-letter topic
 * as it was, with the reason, and the records behind it go on. The inbox then orders it with
 * everything else the actor receives, and {@link ActionProcessor} applies it.
 *
 * <p>A sub-topology of its own (its source, this processor, its two sinks): the subscribed
 * topic's partitions need not match the inbox's, and no store is read here.
 */
final class SubscriptionProcessor implements Processor<byte[], byte[], byte[], byte[]> {
  /** Dead-letter headers: why, and where the record was read. */
  static final String ERROR_HEADER = "rivulet.error";
  static final String REASON_HEADER = "rivulet.reason";
  static final String ORIGIN_HEADER = "rivulet.origin";
  static final String SUBSCRIPTION_HEADER = "rivulet.subscription";

  private static final Logger log = LoggerFactory.getLogger(SubscriptionProcessor.class);

  private final Subscribed subscription;
  private final EngineMetrics metrics;
  private final String inboxSink;
  private final String deadLetterSink;
  private ProcessorContext<byte[], byte[]> context;

  SubscriptionProcessor(Subscribed subscription, EngineMetrics metrics, String inboxSink,
      String deadLetterSink) {
    this.subscription = subscription;
    this.metrics = metrics;
    this.inboxSink = inboxSink;
    this.deadLetterSink = deadLetterSink;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata where = context.recordMetadata().orElseThrow();
    InboxRecord.Action action;
    try {
      action = subscription.toAction(record.key(), record.value(), where.partition(),
          where.offset());
    } catch (Subscribed.Refused e) {
      String origin = where.topic() + "-" + where.partition() + "@" + where.offset();
      log.warn("dead-lettered record {} of subscription {}: {}", origin, subscription.name(),
          e.getMessage());
      metrics.subscriptionDeadLettered(subscription.name(), e.reason);
      context.forward(new Record<>(record.key(), record.value(), record.timestamp(),
          deadLetterHeaders(record.headers(), e.reason, e.getMessage(), origin,
              subscription.name())), deadLetterSink);
      return;
    }
    metrics.subscriptionRead(subscription.name());
    // The actor id's UTF-8 bytes: the key (and so the partition) a gateway's string key has.
    context.forward(new Record<>(
        action.actor().toString().getBytes(StandardCharsets.UTF_8), RecordCodec.encode(action),
        record.timestamp(), traceOnly(record.headers())), inboxSink);
  }

  /**
   * The headers a dead-lettered record carries: its own, then the reason ({@code
   * rivulet.reason}: undecodable, bad_key, rejected, failed), the message, where it was read and
   * the subscription.
   */
  static Headers deadLetterHeaders(Headers original, Subscribed.Reason reason, String message,
      String origin, String subscription) {
    RecordHeaders headers = new RecordHeaders(original.toArray());
    headers.add(REASON_HEADER, reason.label.getBytes(StandardCharsets.UTF_8));
    headers.add(ERROR_HEADER, message.getBytes(StandardCharsets.UTF_8));
    headers.add(ORIGIN_HEADER, origin.getBytes(StandardCharsets.UTF_8));
    headers.add(SUBSCRIPTION_HEADER, subscription.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  /** The record's trace, if it has one: its other headers are the topic's, not the actor's. */
  private static Headers traceOnly(Headers headers) {
    RecordHeaders out = new RecordHeaders();
    Header parent = headers.lastHeader(TraceParent.HEADER);
    if (parent != null && TraceParent.parse(parent.value()) != null) {
      out.add(parent);
      Header state = headers.lastHeader(TraceParent.STATE_HEADER);
      if (state != null) out.add(state);
    }
    return out;
  }
}
