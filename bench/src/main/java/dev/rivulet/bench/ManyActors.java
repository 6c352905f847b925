package dev.rivulet.bench;

import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.records.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A million actors: creates them by writing {@code create} records straight to the inbox (what a
 * gateway writes for {@code PUT /api/actors/counter/<key>}, without a million HTTP round trips),
 * waits until the engine applied them all, and measures the heap and the disk they take; then the
 * latency of a first action on actors long out of the engine's live-actor cache.
 */
final class ManyActors {
  /** What a million actors cost. */
  record Footprint(int actors, double seconds, long heapBefore, long heapAfter, long stateBytes,
      long kafkaBytes) {
    double heapPerActor() {
      return (heapAfter - heapBefore) / (double) actors;
    }
  }

  private final String bootstrap;
  private final Topics topics;
  private final String engineGroup;
  private final Path dataDir;

  ManyActors(String bootstrap, String app, Path dataDir) {
    this.bootstrap = bootstrap;
    this.topics = new Topics(app);
    this.engineGroup = app + "-engine";
    this.dataDir = dataDir;
  }

  static String key(int i) {
    return "m-" + i;
  }

  Footprint create(int actors) throws Exception {
    long heapBefore = usedHeapAfterGc();
    long stateBefore = du(dataDir.resolve("streams"));
    long kafkaBefore = logBytes(dataDir.resolve("kafka"));
    long start = System.nanoTime();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < actors; i++) {
        ActorId id = ActorId.of("counter", key(i));
        InboxRecord create = new InboxRecord.Create(id,
            new InboxRecord.ReplyTo("bench-creator", "c" + i), InboxRecord.Mode.CREATE, null);
        producer.send(new ProducerRecord<>(topics.inbox(), id.toString(), RecordCodec.encode(create)));
        if (i % 100_000 == 99_999) System.err.printf("  %,d create records written%n", i + 1);
      }
    }
    awaitEngineCaughtUp(Math.max(300, actors / 1_000));
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Footprint(actors, seconds, heapBefore, usedHeapAfterGc(),
        du(dataDir.resolve("streams")) - stateBefore, logBytes(dataDir.resolve("kafka")) - kafkaBefore);
  }

  /** Waits until the engine's committed inbox offsets reach the inbox's end. */
  private void awaitEngineCaughtUp(int timeoutSeconds) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      int partitions = admin.describeTopics(List.of(topics.inbox())).allTopicNames()
          .get(30, TimeUnit.SECONDS).get(topics.inbox()).partitions().size();
      Map<TopicPartition, OffsetSpec> ends = new java.util.HashMap<>();
      for (int i = 0; i < partitions; i++) ends.put(new TopicPartition(topics.inbox(), i), OffsetSpec.latest());
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
          admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      long lastReport = 0;
      while (true) {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(engineGroup)
            .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        long lag = 0;
        for (var e : end.entrySet()) {
          OffsetAndMetadata c = committed.get(e.getKey());
          lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
        }
        if (lag == 0) return;
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the engine still has " + lag + " inbox records to apply");
        }
        if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
          System.err.printf("  engine: %,d inbox records to go%n", lag);
          lastReport = System.nanoTime();
        }
        Thread.sleep(200); // polling an external condition, not waiting for time to pass
      }
    }
  }

  /**
   * First actions, one at a time, on {@code count} of the actors {@link #create} made, the
   * {@code first}-th on, picked {@code stride} apart from the early ones (long evicted).
   */
  static long[] coldActions(String base, int count, int first, int stride) throws Exception {
    long[] latencies = new long[count];
    try (LeanHttp http = new LeanHttp(URI.create(base))) {
      for (int i = 0; i < count; i++) {
        String path = "/api/actors/counter/" + key((first + i) * stride)
            + "/actions/increment?mode=get";
        long start = System.nanoTime();
        LeanHttp.Response response = http.post(path, "[1]");
        latencies[i] = System.nanoTime() - start;
        if (response.status() != 200 || !response.body().equals("{\"output\":1}")) {
          throw new IllegalStateException("cold action: HTTP " + response.status() + " "
              + response.body());
        }
      }
    }
    return latencies;
  }

  static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Bytes of Kafka log segments under {@code dir} (index files are preallocated and sparse). */
  static long logBytes(Path dir) {
    return du(dir, ".log");
  }

  static long du(Path dir) {
    return du(dir, "");
  }

  /**
   * The bytes of the regular files under {@code dir} whose names end with {@code suffix}. The
   * broker and RocksDB write while this walks: a file or folder that goes away meanwhile (a
   * checkpoint's temporary file, a compacted segment) takes no space and is passed over.
   */
  private static long du(Path dir, String suffix) {
    if (!Files.exists(dir)) return 0;
    long[] total = {0};
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && file.toString().endsWith(suffix)) total[0] += attrs.size();
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
          throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
          if (e != null && !(e instanceof NoSuchFileException)) throw e;
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return total[0];
  }
}
