package dev.rivulet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's bench command, end to end at tiny sizes: its own embedded stack, the bare
 * pipelines, the lean HTTP and WebSocket clients, the throughput client in its own process, the
 * CPU breakdown, the JSON report. Checks that every figure is there and plausible, not how fast.
 */
class BenchIT {
  private static final Path NODE_CLIENTS = Path.of("..", "rivetkit-compat", "js");

  /** Whether node runs here. */
  private static boolean nodeRuns() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Runs {@code dir}'s install.sh (npm ci of the pinned client, unless already there). Its output
   * goes to a file: written straight to this JVM's stdout it would corrupt the channel failsafe
   * reads the forked test JVM by.
   */
  private static void install(Path dir) throws IOException, InterruptedException {
    Path log = Files.createTempFile("bench-it-install-", ".log");
    Process p = new ProcessBuilder("bash", "install.sh").directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("install.sh finished").isTrue();
    assertThat(p.exitValue()).as("install.sh's exit status; its output: %s",
        Files.readString(log)).isZero();
    System.out.println(Files.readString(log).strip());
  }

  @Test
  void theBenchRunsEveryPhaseAndReportsEveryFigure() throws Exception {
    Path json = Files.createTempFile("bench-it-", ".json");
    Set<Path> before = benchDirs();
    // RivetKit's pinned client, where node runs: installed as the compatibility suite installs it
    // (its module builds after this one), then measured from node like the bench's own clients.
    boolean node = nodeRuns();
    if (node) install(NODE_CLIENTS);
    Bench.run(new String[] {"--runs", "1", "--requests", "30", "--warmup", "30",
        "--node-clients", NODE_CLIENTS.toString(),
        "--actors", "20", "--window", "10", "--actions", "200", "--subscribers", "5",
        "--broadcasts", "3", "--history", "200", "--million", "300", "--cold", "5",
        "--room-sizes", "1,30", "--message-chars", "50", "--room-requests", "10",
        "--start-requests", "20", "--start-warmup", "10", "--start-warm-up-calls", "200",
        // Section 8 (crash recovery: eight engine JVMs) is not part of this test.
        "--recovery", "", "--json", json.toString()});

    // The broker's and the stores' files (gigabytes at full size) are gone with the run.
    assertThat(benchDirs()).isSubsetOf(before);
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    List<String> figures = new ArrayList<>();
    for (JsonNode f : report.get("figures")) {
      String name = f.get("figure").asText();
      figures.add(name);
      if (f.has("p50_ms")) {
        assertThat(f.get("p50_ms").asDouble()).as(name).isPositive();
        assertThat(f.get("p99_ms").asDouble()).as(name)
            .isGreaterThanOrEqualTo(f.get("p50_ms").asDouble());
      }
      if (f.has("median") && name.contains("throughput")) {
        assertThat(f.get("median").asDouble()).as(name).isPositive();
      }
    }
    if (node) {
      // Their p50 and p99 are checked above with every other latency.
      assertThat(figures).contains("1. from node: rivetkit client, stateless (HTTP, bare)",
          "1. from node: rivetkit client, connection (WebSocket, bare)",
          "1. from node: Rivulet's route from node (HTTP, JSON)",
          "1. from node: Rivulet's route from node (WebSocket, JSON)");
    } else {
      System.out.println("BenchIT: node does not run here: the figures through RivetKit's "
          + "client were not measured");
    }
    assertThat(figures).anyMatch(n -> n.startsWith("1. sequential increment over HTTP"))
        .anyMatch(n -> n.startsWith("1. sequential increment over WebSocket"))
        .anyMatch(n -> n.startsWith("2. throughput over WebSockets, 20 actors"))
        .anyMatch(n -> n.startsWith("2. engine only: straight to the inbox and back, 20 actors"))
        .anyMatch(n -> n.startsWith("2. engine only: straight to the inbox and back, the WebSockets' 20"))
        .anyMatch(n -> n.startsWith("3. fan-out to 5 subscribers"))
        .anyMatch(n -> n.startsWith("4. first action on a cold actor"))
        .anyMatch(n -> n.startsWith("5. 300 actors"))
        .anyMatch(n -> n.startsWith("6. replay"))
        .anyMatch(n -> n.startsWith("7. floor: bare Streams throughput draining a burst"))
        .anyMatch(n -> n.startsWith("7. subscription throughput"));
    // The client process and the engine's stream thread did measurable work.
    for (JsonNode f : report.get("figures")) {
      String name = f.get("figure").asText();
      if (name.equals("2. CPU per action: client process")
          || name.equals("2. CPU per action: engine: stream thread")) {
        assertThat(f.get("rivulet_us_per_action").asDouble()).as(name).isPositive();
      }
    }
    // The broker's own counters: every path appended at least the floor's three records
    // (input, output, changelog) per action. (The commits' bookkeeping records, per 100 ms, weigh
    // too much at these sizes to tell the paths apart.)
    for (JsonNode f : report.get("figures")) {
      if (f.get("figure").asText().startsWith("2. broker: records appended per action, all")) {
        for (String path : new String[] {"floor_per_record", "rivulet_per_action",
            "engine_only_connected_per_action", "engine_only_without_connections_per_action"}) {
          assertThat(f.get(path).asDouble()).as(path + " in " + f).isGreaterThanOrEqualTo(3);
        }
      }
      if (f.get("figure").asText().startsWith("2. broker: produce requests per action")) {
        assertThat(f.get("rivulet_per_action").asDouble()).as(f.toString()).isPositive();
      }
      if (f.get("figure").asText().startsWith("2. engine only, CPU per action")
          && f.get("figure").asText().endsWith("engine: stream thread")) {
        assertThat(f.get("connected_us_per_action").asDouble()).as(f.toString()).isPositive();
        assertThat(f.get("without_connections_us_per_action").asDouble()).as(f.toString())
            .isPositive();
      }
    }
    assertThat(figures)
        .anyMatch(n -> n.startsWith("2. broker: records appended per action, all topics"))
        .anyMatch(n -> n.startsWith("2. broker: produce requests per action"))
        .anyMatch(n -> n.startsWith("2. broker: fetch requests per action"))
        .anyMatch(n -> n.startsWith("2. engine only, CPU per action")
            && n.endsWith("engine: stream thread"));
    // The split of a sequential action read from the stack's own metrics.
    for (JsonNode f : report.get("figures")) {
      if (f.get("figure").asText().contains("mean: " + TimeSplit.TERMS)) {
        assertThat(f.get("engine_apply_ms").asDouble()).as(f.toString()).isPositive();
        assertThat(f.get("gateway_ms").asDouble()).as(f.toString()).isPositive();
        // Millisecond timestamps: a mean of zero or more, never nothing.
        assertThat(f.get("inbox_hop_ms").asDouble()).as(f.toString()).isNotNaN().isNotNegative();
        assertThat(f.get("outbox_hop_ms").asDouble()).as(f.toString()).isNotNaN();
      }
    }
    assertThat(figures).contains("1. HTTP, mean: " + TimeSplit.TERMS,
        "1. WebSocket, mean: " + TimeSplit.TERMS);
    assertThat(figures).contains("2. CPU per action: client process",
        "2. CPU per action: engine: stream thread");
    // The large-state figure: each room's sends, their bytes against the message's size.
    assertThat(figures)
        .contains("8. floor: bare Streams, exactly-once, read_uncommitted, beside the rooms")
        .contains("8. sendMessage on a chat room keeping 30 messages of 50 characters (HTTP)")
        .contains("8. the same, against the room keeping 1 (the empty room)");
    for (JsonNode f : report.get("figures")) {
      String name = f.get("figure").asText();
      if (name.startsWith("8. Kafka bytes per sendMessage")) {
        // At least the request, the journal record and the reply each carried the message.
        assertThat(f.get("message_bytes").asDouble()).as(name).isGreaterThan(50);
        assertThat(f.get("ratio_to_message").asDouble()).as(name).isGreaterThan(1);
        assertThat(f.get("bytes_per_action_by_topic").has("bench.journal")).as(name).isTrue();
      }
      if (name.startsWith("8. Kafka bytes stored per sendMessage")) {
        // The journal, kept forever, grows with every send, compressed or not.
        assertThat(f.get("bytes_per_action_by_topic").path("bench.journal").asDouble()).as(name)
            .isPositive();
      }
      if (name.equals("8. floor: Kafka bytes per record, all its topics")) {
        assertThat(f.get("bytes_per_action").asDouble()).as(name).isPositive();
      }
    }
    assertThat(figures).filteredOn(n -> n.startsWith("8. Kafka bytes per sendMessage"))
        .hasSize(2);
    assertThat(figures).filteredOn(n -> n.startsWith("8. Kafka bytes stored per sendMessage"))
        .hasSize(2);
    // The first requests after a start, and the steady ones of the same process.
    for (String side : new String[] {"floor: bare Streams", "Rivulet, restarted",
        "Rivulet, restarted with --warm-up 200 (counter.increment)"}) {
      assertThat(figures).contains(
          "9. " + side + " in a fresh process: serving after / first 20 answered after",
          "9. " + side + ": steady, after 30 requests",
          "9. " + side + ": the first 20 requests after the start");
    }
    for (JsonNode f : report.get("figures")) {
      if (f.get("figure").asText().contains("in a fresh process: serving after")) {
        assertThat(f.get("ready_s").asDouble()).as(f.toString()).isPositive();
        assertThat(f.get("first_done_s").asDouble()).as(f.toString())
            .isGreaterThan(f.get("ready_s").asDouble());
      }
    }
  }

  private static Set<Path> benchDirs() throws IOException {
    try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return tmp.filter(p -> p.getFileName().toString().startsWith("rivulet-bench-"))
          .collect(Collectors.toSet());
    }
  }
}
