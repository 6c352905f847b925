package dev.rivulet.engine;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts the open transactions of engine instances that are no longer members of the group: an
 * instance killed (or frozen past the session timeout) leaves the transaction it had open, and
 * until that transaction ends the instance taking over its partitions cannot read their committed
 * offsets. The broker aborts it by itself only after its timeout and its next check for timed-out
 * transactions ({@code transaction.abort.timed.out.transaction.cleanup.interval.ms}, every 10 s by
 * default, a broker setting managed clusters do not let you change); fencing it here ends it as
 * soon as the group has noticed the instance is gone.
 *
 * <p>Kafka Streams names an instance's transactions {@code <application.id>-<process id>-<thread>}
 * and its consumers {@code <application.id>-<process id>-StreamThread-<n>-consumer}. While the
 * engine rebalances, this looks (every half second, off the stream threads) at the group's
 * members and the application's ongoing transactions, and fences those of process ids that have
 * no member ({@link Admin#fenceProducers}: a new producer epoch for the transactional id, which
 * aborts its transaction at once). An instance that is a member is never touched, so a slow
 * instance is not fenced by this; one that is not a member any more is a zombie, whose writes
 * exactly-once must refuse anyway.
 */
final class OrphanedTransactions implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OrphanedTransactions.class);
  private static final Pattern PROCESS = Pattern.compile(
      "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-.*");

  private final String group;
  private final Properties adminProperties;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "rivulet-orphaned-transactions");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean looking = new AtomicBoolean();
  private Admin admin;

  /** For the instances of the Kafka Streams application {@code applicationId}. */
  OrphanedTransactions(Properties clientProperties, String applicationId) {
    this.group = applicationId;
    this.adminProperties = clientProperties;
  }

  /**
   * Looks for orphaned transactions every half second while {@code rebalancing} holds (and once
   * more after); returns at once.
   */
  void whileRebalancing(BooleanSupplier rebalancing) {
    if (!looking.compareAndSet(false, true)) return;
    try {
      executor.execute(() -> {
        try {
          boolean more = true;
          while (more) {
            more = rebalancing.getAsBoolean();
            fenceOrphans();
            if (more) Thread.sleep(500);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } finally {
          looking.set(false);
        }
        // A rebalance that began while this look was ending found it still going: look again.
        if (rebalancing.getAsBoolean()) whileRebalancing(rebalancing);
      });
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      looking.set(false);
    }
  }

  private void fenceOrphans() {
    try {
      if (admin == null) admin = Admin.create(adminProperties);
      ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
          .describedGroups().get(group).get(10, TimeUnit.SECONDS);
      if (description.groupState() != GroupState.STABLE) return; // members still changing
      Set<String> live = description.members().stream()
          .map(m -> processId(m.clientId())).filter(p -> p != null).collect(Collectors.toSet());
      if (live.isEmpty()) return;
      List<String> orphans = admin.listTransactions(new ListTransactionsOptions()
              .filterStates(List.of(TransactionState.ONGOING)))
          .all().get(10, TimeUnit.SECONDS).stream()
          .map(TransactionListing::transactionalId)
          .filter(id -> {
            String process = processId(id);
            return process != null && !live.contains(process);
          })
          .toList();
      if (orphans.isEmpty()) return;
      log.info("engine {}: aborting the open transactions of instances that left the group: {}",
          group, orphans);
      admin.fenceProducers(orphans).all().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.debug("engine {}: no look at orphaned transactions this time: {}", group, e.toString());
    }
  }

  /** The process id in {@code <group>-<process id>-...}, or null. */
  private String processId(String name) {
    if (name == null || !name.startsWith(group + "-")) return null;
    Matcher m = PROCESS.matcher(name.substring(group.length() + 1));
    return m.matches() ? m.group(1) : null;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (admin != null) admin.close(java.time.Duration.ofSeconds(5));
  }
}
