package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.Effect;
import dev.rivulet.actor.UserError;
import dev.rivulet.actor.internal.Json;
import dev.rivulet.records.EffectRecord;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.KafkaTuning;
import dev.rivulet.records.LogContext;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.records.Topics;
import dev.rivulet.records.TraceParent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs effects off the actors' threads. Reads {@code <app>.effects} {@code read_committed} (an
 * effect runs only for an action that committed), runs each on a pool of threads with a timeout,
 * writes its result to the inbox as a {@code continue} record, and only then commits its offsets.
 * An engine that dies between the two runs the effect again; the actor applies the first result
 * and ignores the other.
 */
final class EffectRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EffectRunner.class);

  private final Topics topics;
  private final Map<String, Effect> effects;
  private final Duration timeout;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final ExecutorService pool;
  private final Thread thread;
  private volatile boolean running = true;

  EffectRunner(Properties connection, Topics topics, Map<String, Effect> effects, int threads,
      Duration timeout) {
    this.topics = topics;
    this.effects = Map.copyOf(effects);
    this.timeout = timeout;
    Properties c = new Properties();
    c.putAll(connection);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, topics.app() + "-effects");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, threads * 4);
    c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
        (int) Math.min(Integer.MAX_VALUE, timeout.toMillis() * 2 + 60_000));
    c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, KafkaTuning.FETCH_MAX_WAIT_MS);
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    Properties p = new Properties();
    p.putAll(connection);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, TopicSetup.MESSAGE_MAX_BYTES);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "rivulet-effect-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.thread = new Thread(this::run, "rivulet-effects-" + topics.app());
    this.thread.setDaemon(true);
  }

  void start() {
    consumer.subscribe(List.of(topics.effects()));
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
        if (batch.isEmpty()) continue;
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : batch) sent.add(handle(r));
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        consumer.commitSync();
      }
    } catch (WakeupException e) {
      if (running) log.error("effect runner woken up while running", e);
    } catch (RuntimeException e) {
      log.error("effect runner of {} stopped", topics.app(), e);
    } finally {
      consumer.close();
    }
  }

  /** Runs one effect and writes its result; completes when the result is durable. */
  private CompletableFuture<?> handle(ConsumerRecord<String, byte[]> r) {
    EffectRecord effect;
    try {
      effect = RecordCodec.decodeEffect(r.value());
    } catch (RuntimeException e) {
      log.warn("skipping unreadable effect record {}-{}@{}: {}", r.topic(), r.partition(),
          r.offset(), e.getMessage());
      return CompletableFuture.completedFuture(null);
    }
    Effect handler = effects.get(effect.name());
    // The result goes back in the trace of the action that asked for the effect.
    Headers trace = new RecordHeaders();
    for (String name : new String[] {TraceParent.HEADER, TraceParent.STATE_HEADER}) {
      Header h = r.headers().lastHeader(name);
      if (h != null) trace.add(h);
    }
    TraceParent parent = ActionProcessor.traceOf(trace);
    String traceId = parent == null ? null : parent.traceId();
    CompletableFuture<JsonNode> result = handler == null
        ? CompletableFuture.failedFuture(new NoSuchEffect(effect.name()))
        : CompletableFuture.supplyAsync(() -> run(handler, effect, traceId), pool)
            .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return result.handle((output, error) -> {
      ErrorInfo failure = error == null ? null : errorOf(effect, error);
      return new InboxRecord.Continue(effect.actor(), "effect", effect.effectId(),
          effect.continuation(), effect.extra(), failure == null ? output : null, failure);
    }).thenCompose(done -> send(done, trace));
  }

  private static JsonNode run(Effect handler, EffectRecord effect, String traceId) {
    LogContext.enter(effect.actor().toString(), null, traceId);
    try {
      Object value = handler.run(new Call(effect));
      return RecordCodec.mapper().readTree(Json.mapper().writeValueAsBytes(value));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new CompletionException(e);
    } finally {
      LogContext.exit();
    }
  }

  private CompletableFuture<Void> send(InboxRecord.Continue result, Headers headers) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    producer.send(new ProducerRecord<>(topics.inbox(), null, result.actor().toString(),
        RecordCodec.encode(result), headers), (meta, e) -> {
          if (e == null) done.complete(null);
          else done.completeExceptionally(e);
        });
    return done;
  }

  private static ErrorInfo errorOf(EffectRecord effect, Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (e instanceof UserError u) return RunFailure.userError(u);
    if (e instanceof TimeoutException) {
      return new ErrorInfo("effect", "timed_out", "effect " + effect.name() + " took too long");
    }
    if (e instanceof NoSuchEffect) {
      return new ErrorInfo("effect", "not_registered",
          "no effect named " + effect.name() + " is registered with this engine");
    }
    log.warn("effect {} for {} failed", effect.name(), effect.actor(), e);
    return new ErrorInfo("effect", "failed", "effect " + effect.name() + " failed: " + e);
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
    producer.close(Duration.ofSeconds(10));
  }

  private static final class NoSuchEffect extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoSuchEffect(String name) {
      super(name, null, false, false);
    }
  }

  /** One request for an effect, as its handler sees it. */
  private record Call(EffectRecord record) implements Effect.Call {
    @Override
    public String name() {
      return record.name();
    }

    @Override
    public String actorId() {
      return record.actor().toString();
    }

    @Override
    public String effectId() {
      return record.effectId();
    }

    @Override
    public JsonNode args() {
      return record.args();
    }

    @Override
    public <T> T arg(int index, Class<T> type) {
      try {
        return Json.mapper().treeToValue(record.args().get(index), type);
      } catch (Exception e) {
        throw new IllegalArgumentException("argument " + index + " of effect " + record.name()
            + " does not fit " + type.getName(), e);
      }
    }
  }
}
