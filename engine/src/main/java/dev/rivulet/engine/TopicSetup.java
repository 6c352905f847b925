package dev.rivulet.engine;

import dev.rivulet.records.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the application's topics when they are missing and checks the ones that exist: the
 * inbox and the journal must have the same number of partitions, or an actor's journal would not
 * live beside its inbox.
 */
final class TopicSetup {
  /** Largest journal record: a result, events, a patch and a snapshot of the largest state. */
  static final int JOURNAL_MAX_BYTES = 16 << 20;

  static final int MESSAGE_MAX_BYTES = 4 << 20;

  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

  private TopicSetup() {}

  /** Describes inbox and journal, waiting for new topics to reach the broker's metadata. */
  private static Map<String, TopicDescription> describe(Admin admin, Topics topics)
      throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return admin.describeTopics(List.of(topics.inbox(), topics.journal()))
            .allTopicNames().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50); // a topic just created is not described at once
      }
    }
  }

  /**
   * Checks that the topics of others the engine reads or writes exist: Rivulet does not create
   * them (their owners choose partitions, retention and access).
   *
   * @param needed each topic, with why the engine needs it (for the error)
   * @throws IllegalStateException naming the first missing topic and what needs it
   */
  static void requireExisting(Admin admin, Map<String, String> needed)
      throws InterruptedException {
    if (needed.isEmpty()) return;
    Set<String> existing;
    try {
      existing = admin.listTopics().names().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot list the cluster's topics: "
          + e.getCause().getMessage(), e.getCause());
    }
    for (Map.Entry<String, String> topic : needed.entrySet()) {
      if (!existing.contains(topic.getKey())) {
        throw new IllegalStateException("topic " + topic.getKey() + " does not exist, and "
            + topic.getValue() + "; Rivulet does not create topics it does not own: create it "
            + "first");
      }
    }
  }

  /** Creates what is missing; returns the inbox's partition count. */
  static int ensure(Admin admin, Topics topics, int partitions, short replication)
      throws InterruptedException {
    List<NewTopic> wanted = List.of(
        new NewTopic(topics.inbox(), partitions, replication).configs(Map.of(
            TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7L * 24 * 3600 * 1000),
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MESSAGE_MAX_BYTES))),
        new NewTopic(topics.journal(), partitions, replication).configs(Map.of(
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.RETENTION_BYTES_CONFIG, "-1",
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(JOURNAL_MAX_BYTES))),
        new NewTopic(topics.outbox(), partitions, replication).configs(Map.of(
            TopicConfig.RETENTION_MS_CONFIG, String.valueOf(3600L * 1000),
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MESSAGE_MAX_BYTES))),
        new NewTopic(topics.registry(), 1, replication).configs(Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
        new NewTopic(topics.effects(), partitions, replication).configs(Map.of(
            TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7L * 24 * 3600 * 1000),
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MESSAGE_MAX_BYTES))),
        new NewTopic(topics.gateways(), 1, replication).configs(Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(3600L * 1000))),
        new NewTopic(topics.deadLetter(), 1, replication).configs(Map.of(
            TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30L * 24 * 3600 * 1000),
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MESSAGE_MAX_BYTES))));
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (NewTopic t : wanted) if (!existing.contains(t.name())) missing.add(t);
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get();
          log.info("created topics {}", missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) throw e; // another engine won
        }
      }
      Map<String, TopicDescription> described = describe(admin, topics);
      int inbox = described.get(topics.inbox()).partitions().size();
      int journal = described.get(topics.journal()).partitions().size();
      if (inbox != journal) {
        throw new IllegalStateException(topics.inbox() + " has " + inbox + " partitions but "
            + topics.journal() + " has " + journal + "; they must have the same number");
      }
      return inbox;
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot set up the topics of " + topics.app() + ": "
          + e.getCause().getMessage(), e.getCause());
    }
  }
}
