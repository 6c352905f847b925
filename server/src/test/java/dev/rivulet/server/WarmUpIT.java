package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.junit.jupiter.api.Test;

/**
 * The warm-up before serving ({@code --warm-up}): it makes its calls through a real engine and
 * gateway of its own on the shared broker, then leaves nothing behind (no topic, no consumer
 * group, no state directory), and the application it warmed up for has no record of it.
 */
class WarmUpIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void theWarmUpCallsAThrowawayApplicationAndLeavesNothingBehind() throws Exception {
    String app = "warm-" + UUID.randomUUID().toString().substring(0, 8);
    Path[] dataDir = new Path[1];
    try (RivuletServer server = TestStack.start(TestActors.ALL, c -> {
      c.application(app).warmUp(400);
      dataDir[0] = c.dataDir();
    })) {
      String bootstrap = server.bootstrapServers();
      assertThat(server.warmedUpCalls()).isGreaterThanOrEqualTo(400);

      // It served calls through Kafka like any application, then deleted its topics and group.
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
          bootstrap))) {
        Await.until("the warm-up's topics to be gone", WAIT, () -> warmUpTopics(admin, app)
            .isEmpty());
        Set<String> groups = Set.copyOf(admin.listConsumerGroups().all().get().stream()
            .map(ConsumerGroupListing::groupId).toList());
        assertThat(groups).noneMatch(g -> g.startsWith(app + "-warm-up-"));
        assertThat(groups).contains(app + "-engine");
      }

      // The warmed-up application serves, and its topics have no record of the warm-up.
      HttpProbe http = new HttpProbe(server.url());
      assertThat(http.action("tally", "after-warm-up", "add", "[2]").json().path("output")
          .asLong()).isEqualTo(2);
      List<TopicReader.Rec> journal = TopicReader.readToEnd(bootstrap, app + ".journal", WAIT);
      assertThat(journal).isNotEmpty().noneMatch(r -> r.key().startsWith("warm-up/"));
      List<TopicReader.Rec> registry = TopicReader.readToEnd(bootstrap, app + ".registry", WAIT);
      assertThat(registry).noneMatch(r -> r.key().contains("warm-up"));

      // Its state directory is gone too.
      Path warmUpDirs = dataDir[0].resolve("warm-up");
      if (Files.exists(warmUpDirs)) {
        try (Stream<Path> left = Files.list(warmUpDirs)) {
          assertThat(left.toList()).isEmpty();
        }
      }
    }
  }

  @Test
  void namedCallsRunTheUsersActorsThereAndAFailingOneStopsNothing() throws Exception {
    String app = "warm-" + UUID.randomUUID().toString().substring(0, 8);
    // tally.add is the users' action; tally.nope is no action: its error answers count too.
    try (RivuletServer server = TestStack.start(TestActors.ALL, c -> c.application(app)
        .warmUp(300).warmUpCall("tally.add [1]").warmUpCall("tally.nope"))) {
      assertThat(server.warmedUpCalls()).isGreaterThanOrEqualTo(300);
      String bootstrap = server.bootstrapServers();
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
          bootstrap))) {
        Await.until("the warm-up's topics to be gone", WAIT, () -> warmUpTopics(admin, app)
            .isEmpty());
      }
      // The warm-up's tallies (keys c0, c2, ...) were its own: this application's start at 0.
      HttpProbe http = new HttpProbe(server.url());
      assertThat(http.action("tally", "c0", "add", "[5]").json().path("output").asLong())
          .isEqualTo(5);
    }
  }

  private static List<String> warmUpTopics(Admin admin, String app) {
    try {
      return admin.listTopics().names().get().stream()
          .filter(t -> t.startsWith(app + "-warm-up-")).toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
