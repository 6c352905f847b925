package dev.rivulet.engine;

import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.LogContext;
import dev.rivulet.records.OutboxRecord;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.records.TraceParent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path: applies each inbox record to its actor. The record comes from the inbox topic
 * (written by a gateway's {@code RequestPath}, by another actor's step, by the schedule
 * punctuator or an effect runner). Guard (decode, or dead-letter; answer a repeated idempotency
 * key) → load the stored actor → apply ({@link ActorMachine}, which returns a {@link Step}) →
 * persist → forward replies and events to the outbox (read by the gateway's {@code OutboxRouter})
 * → journal → forward to other actors, effect runners and output topics (and, for a record of a
 * subscribed topic whose action failed, to the dead-letter topic). Under exactly-once all of it
 * commits in one transaction with the input offset.
 *
 * <p>Wall-clock punctuators do the rest of the actor model's clockwork, each through the inbox
 * so that it is ordered and journaled like a request: due schedules ({@link ScheduleIndex}), the
 * connections of lost gateways ({@link GatewayLiveness}), and, outside the history, putting idle
 * actors to sleep and forgetting old idempotency keys.
 *
 * <p>Every record is applied with its trace ({@link TraceParent}, a new one when the record came
 * without) and its actor, request and trace ids in the logging context; what it produces keeps its
 * headers, and so its trace. The time each record took is recorded by {@link EngineMetrics}.
 */
final class ActionProcessor implements Processor<String, byte[], String, byte[]> {
  static final String STORE = "actors";
  /** The entries of the actors' stored logs and maps ({@link EntryStore}). */
  static final String ENTRIES = "entries";
  static final String JOURNAL = "journal-sink";
  static final String OUTBOX = "outbox-sink";
  static final String INBOX = "inbox-sink";
  static final String EFFECTS = "effects-sink";
  static final String DEAD_LETTER = "deadletter-sink";

  private static final Logger log = LoggerFactory.getLogger(ActionProcessor.class);
  private static final int MAX_FIRES_PER_PUNCTUATION = 1_000;
  /** Overdue schedules are counted up to this many. */
  private static final int MAX_OVERDUE_COUNTED = 100_000;

  private final EngineSettings settings;
  private final EngineMetrics metrics;
  private EngineMetrics.Recorder recorder;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> actors;
  private KeyValueStore<String, byte[]> entries;
  private KeyValueStore<String, byte[]> schedules;
  private KeyValueStore<String, byte[]> gatewayConns;
  private LiveActors live;
  private ActorMachine machine;
  private Idempotency idempotency;
  private GatewayLiveness liveness;
  private QueryAnswers queries;
  private boolean behindOnSchedules;

  ActionProcessor(EngineSettings settings, EngineMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.actors = context.getStateStore(STORE);
    this.entries = context.getStateStore(ENTRIES);
    this.schedules = context.getStateStore(Step.SCHEDULES);
    this.gatewayConns = context.getStateStore(Step.GATEWAY_CONNS);
    this.live = new LiveActors(settings.liveActorsPerTask(), settings.sleepAfterMillis());
    this.machine = new ActorMachine(settings.env(), live, EntryStore.of(entries));
    this.idempotency = new Idempotency(context.getStateStore(Idempotency.STORE),
        context.getStateStore(Idempotency.EXPIRY), settings.idempotencyTtlMillis());
    this.liveness = new GatewayLiveness(gatewayConns,
        context.getStateStore(GatewayLiveness.HEARTBEATS), settings.gatewayTimeoutMillis(),
        settings.witness(), settings.livenessSaidAt());
    this.queries = new QueryAnswers(actors,
        new JournalIndex(context.getStateStore(JournalIndex.STORE)));
    this.recorder = metrics.recorder();
    recorder.pendingSchedules = count(schedules);
    context.schedule(Duration.ofMillis(20), PunctuationType.WALL_CLOCK_TIME, this::fireDue);
    context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::sleepIdle);
    context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::countOverdue);
    context.schedule(GatewayLiveness.CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME,
        now -> liveness.lost(now).forEach(d -> forward(INBOX, d.actor().toString(), d, now)));
    context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, idempotency::expire);
  }

  @Override
  public void process(Record<String, byte[]> input) {
    final long start = System.nanoTime();
    final InboxRecord request = decode(input);
    if (request == null) return;
    final String requestId = requestIdOf(request);
    // Clients' requests (those a gateway waits on): how long they waited for the engine.
    if (requestId != null) recorder.waited(input.timestamp(), System.currentTimeMillis());
    TraceParent trace = traceOf(input.headers());
    Record<String, byte[]> record = input;
    if (trace == null) {
      trace = TraceParent.newTrace();
      record = input.withHeaders(withTrace(input.headers(), trace));
    }
    LogContext.enter(record.key(), requestId, trace.traceId());
    try {
      apply(record, request, start);
    } finally {
      LogContext.exit();
    }
  }

  private void apply(Record<String, byte[]> record, InboxRecord request, long start) {
    if (request instanceof InboxRecord.Query q) {
      int partition = context.recordMetadata().map(m -> m.partition()).orElse(-1);
      OutboxRecord.Reply answer;
      try {
        answer = queries.answer(q, partition);
      } catch (RuntimeException e) {
        log.error("query {} on {} failed", q.what(), q.actor(), e);
        answer = new OutboxRecord.Reply(q.replyTo().requestId(), q.actor(), null,
            ErrorCode.INTERNAL_ERROR.error(ErrorCode.INTERNAL_MESSAGE));
      }
      context.forward(record.withKey(q.replyTo().gateway()).withValue(RecordCodec.encode(answer)),
          OUTBOX);
      return;
    }

    final OutboxRecord.Reply repeated = idempotency.repeated(request);
    if (repeated != null) {
      InboxRecord.ReplyTo replyTo = request.replyTo();
      context.forward(record.withKey(replyTo.gateway()).withValue(RecordCodec.encode(repeated)),
          OUTBOX);
      return;
    }

    final byte[] stored = actors.get(record.key());
    final Step step;
    try {
      final ActorRecord current = stored == null ? null : ActorRecord.decode(stored);
      step = machine.apply(current, request, record.timestamp(), source());
    } catch (RuntimeException e) {
      deadLetter(record, "the engine failed to apply the record: " + e, e);
      replyInternalError(record, request);
      recorder.applied(request, INTERNAL, System.nanoTime() - start);
      return;
    }

    // The stores first, then the replies and events: the gateway reads the outbox uncommitted,
    // and a client that got its answer may at once ask a read-only action that StoreReads answers
    // from these stores, which must then hold what the answer said. Before them, the outbox goes
    // out ahead of the journal and the rest: the producer sends in order, and this is what the
    // client waits for. The transaction makes the order of all these writes invisible to every
    // committed reader.
    if (step.next() != null) actors.put(record.key(), step.next().encode());
    writeEntries(step.entries());
    for (Step.IndexChange change : step.indexes()) {
      if (change.store().equals(Step.SCHEDULES)) {
        changeSchedule(change);
      } else if (change.value() == null) {
        gatewayConns.delete(change.key());
      } else {
        gatewayConns.put(change.key(), change.value());
      }
    }
    for (Step.Outgoing out : step.outbox()) {
      context.forward(
          record.withKey(out.gateway()).withValue(RecordCodec.encode(out.record())), OUTBOX);
    }
    if (step.journal() != null) {
      idempotency.remember(request, step);
      context.forward(record.withValue(RecordCodec.encode(step.journal())), JOURNAL);
    }
    for (Step.Routed in : step.inbox()) {
      context.forward(record.withKey(in.key()).withValue(RecordCodec.encode(in.record())), INBOX);
    }
    for (var effect : step.effects()) {
      context.forward(
          record.withKey(effect.actor().toString()).withValue(RecordCodec.encode(effect)), EFFECTS);
    }
    for (Published p : step.published()) {
      context.forward(record.withKey(p.key()).withValue(p.value()), publishSink(p.topic()));
    }
    if (request instanceof InboxRecord.Action a && a.origin() != null) {
      deadLetterIfFailed(record, a, step);
    }
    recorder.applied(request, step.error(), System.nanoTime() - start);
  }

  /** Writes what the step changed in stored collections, in one batch. */
  private void writeEntries(Step.EntryWrites writes) {
    if (writes.isEmpty()) return;
    List<KeyValue<String, byte[]>> batch = new ArrayList<>();
    for (String prefix : writes.cleared()) {
      String end = EntryStore.end(prefix);
      try (var gone = entries.range(prefix, end)) {
        while (gone.hasNext()) {
          String key = gone.next().key;
          if (!key.equals(end)) batch.add(KeyValue.pair(key, null));
        }
      }
    }
    writes.puts().forEach((key, value) -> batch.add(KeyValue.pair(key, value)));
    entries.putAll(batch);
  }

  /** The sink of an output topic actions publish to. */
  static String publishSink(String topic) {
    return "publish-" + topic;
  }

  /**
   * A record of a subscribed topic whose action was refused or failed also goes to the dead-letter
   * topic (nobody waits for its reply): the inbox record, which names its origin, with the reason.
   * A failure stays journaled as well; the actor's next records go on.
   */
  private void deadLetterIfFailed(Record<String, byte[]> record, InboxRecord.Action action,
      Step step) {
    ErrorInfo error = step.journal() != null ? step.journal().error() : step.rejection();
    if (error == null) return;
    Subscribed.Reason reason =
        step.journal() != null ? Subscribed.Reason.FAILED : Subscribed.Reason.REJECTED;
    InboxRecord.Origin origin = action.origin();
    String message = error.qualifiedCode() + ": " + error.message();
    log.warn("dead-lettered record {} of subscription {}: {} {}", origin, origin.subscription(),
        reason.label, message);
    metrics.subscriptionDeadLettered(origin.subscription(), reason);
    Headers headers = SubscriptionProcessor.deadLetterHeaders(record.headers(), reason, message,
        origin.toString(), origin.subscription());
    headers.add("rivulet.source", where().getBytes(StandardCharsets.UTF_8));
    context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers),
        DEAD_LETTER);
  }

  private String where() {
    return context.recordMetadata()
        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
  }

  /** Keeps the schedule index, and the count of pending schedules, in step with the actor. */
  private void changeSchedule(Step.IndexChange change) {
    if (change.value() == null) {
      // Already gone when it fired (fireDue took it off), which the count knows.
      if (schedules.delete(change.key()) != null) recorder.pendingSchedules--;
    } else {
      if (schedules.get(change.key()) == null) recorder.pendingSchedules++;
      schedules.put(change.key(), change.value());
    }
  }

  @Override
  public void close() {
    if (live != null) live.clear();
    if (recorder != null) recorder.close();
  }

  /** Sends every due schedule to the inbox, where it runs in order with the actor's requests. */
  private void fireDue(long now) {
    int fired = 0;
    try (var due = schedules.range(ScheduleIndex.FIRST, ScheduleIndex.upTo(now))) {
      while (due.hasNext() && fired++ < MAX_FIRES_PER_PUNCTUATION) {
        var entry = due.next();
        InboxRecord fire = RecordCodec.decodeInbox(entry.value);
        forward(INBOX, fire.actor().toString(), fire, now);
        schedules.delete(entry.key);
        recorder.pendingSchedules--;
      }
      // Left for the next rounds: the engine is behind. Counted once a second, not here.
      behindOnSchedules = due.hasNext();
      if (!behindOnSchedules) recorder.overdueSchedules = 0;
    }
  }

  /** The schedules due but not sent yet, for the metrics: counted only when there is a backlog. */
  private void countOverdue(long now) {
    if (!behindOnSchedules) return;
    long overdue = 0;
    try (var due = schedules.range(ScheduleIndex.FIRST, ScheduleIndex.upTo(now))) {
      while (overdue < MAX_OVERDUE_COUNTED && due.hasNext()) {
        due.next();
        overdue++;
      }
    }
    recorder.overdueSchedules = overdue;
  }

  /** Lets idle actors go: {@code onSleep}, then their instance (and vars) is dropped. */
  private void sleepIdle(long now) {
    for (LiveActors.Sleeper s : live.sleepers(now)) {
      byte[] stored = actors.get(s.actor().toString());
      if (stored == null) continue;
      machine.sleep(s.type(), ActorRecord.decode(stored), s.instance());
    }
    recorder.liveActors = live.size();
  }

  private void forward(String sink, String key, Object value, long timestamp) {
    context.forward(new Record<>(key, RecordCodec.encode(value), timestamp), sink);
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

  private void replyInternalError(Record<String, byte[]> record, InboxRecord request) {
    InboxRecord.ReplyTo replyTo = request.replyTo();
    if (replyTo == null) return;
    OutboxRecord.Reply reply = new OutboxRecord.Reply(replyTo.requestId(), request.actor(),
        null, ErrorCode.INTERNAL_ERROR.error(ErrorCode.INTERNAL_MESSAGE));
    context.forward(record.withKey(replyTo.gateway()).withValue(RecordCodec.encode(reply)), OUTBOX);
  }

  private JournalRecord.Source source() {
    Optional<RecordMetadata> meta = context.recordMetadata();
    return meta.map(m -> new JournalRecord.Source(m.partition(), m.offset())).orElse(null);
  }

  private static final ErrorInfo INTERNAL =
      ErrorCode.INTERNAL_ERROR.error(ErrorCode.INTERNAL_MESSAGE);

  /** The id the gateway waits for the reply under, if the record has one. */
  private static String requestIdOf(InboxRecord request) {
    InboxRecord.ReplyTo replyTo = request.replyTo();
    return replyTo == null ? null : replyTo.requestId();
  }

  /** The record's traceparent, or null when it has none or an invalid one. */
  static TraceParent traceOf(Headers headers) {
    Header h = headers.lastHeader(TraceParent.HEADER);
    return h == null ? null : TraceParent.parse(h.value());
  }

  /** {@code headers} with {@code trace} instead of any traceparent and tracestate they had. */
  private static Headers withTrace(Headers headers, TraceParent trace) {
    RecordHeaders out = new RecordHeaders();
    for (Header h : headers) {
      if (!h.key().equals(TraceParent.HEADER) && !h.key().equals(TraceParent.STATE_HEADER)) {
        out.add(h);
      }
    }
    out.add(TraceParent.HEADER, trace.headerBytes());
    return out;
  }

  private static long count(KeyValueStore<String, byte[]> store) {
    long n = 0;
    try (var all = store.all()) {
      while (all.hasNext()) {
        all.next();
        n++;
      }
    }
    return n;
  }

  private void deadLetter(Record<String, byte[]> record, String reason, Throwable cause) {
    metrics.deadLettered();
    String where = where();
    if (cause == null) log.warn("dead-lettered inbox record {}: {}", where, reason);
    else log.error("dead-lettered inbox record {}: {}", where, reason, cause);
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.add("rivulet.error", reason.getBytes(StandardCharsets.UTF_8));
    headers.add("rivulet.source", where.getBytes(StandardCharsets.UTF_8));
    context.forward(
        new Record<>(record.key(), record.value(), record.timestamp(), headers), DEAD_LETTER);
  }
}
