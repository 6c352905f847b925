package dev.rivulet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sequential latency through RivetKit's own JavaScript client (the version the compatibility
 * suite pins, in {@code rivetkit-compat/js}), next to Rivulet's own routes called from the same
 * node process: {@code latency.mjs} there. Needs node and the installed client; without them the
 * bench says why and goes on.
 */
final class NodeClients {
  /** A figure: its name and each run's p50 and p99. */
  record Figure(String name, Measurement measurement) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeClients() {}

  /** Why the figures cannot be measured from {@code dir}, or null when they can. */
  static String unavailable(Path dir) {
    if (!Files.isRegularFile(dir.resolve("latency.mjs"))) return "no " + dir.resolve("latency.mjs");
    if (!Files.isDirectory(dir.resolve("node_modules/rivetkit"))) {
      return "the pinned client is not installed (" + dir.resolve("install.sh") + ")";
    }
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) return "node does not run";
    } catch (IOException e) {
      return "node is not installed";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
    return null;
  }

  /** Runs the script against the gateway at {@code base}. */
  static List<Figure> measure(Path dir, String base, int runs, int requests, int warmup)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("node", "latency.mjs").directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("RIVULET_URL", base);
    pb.environment().put("LATENCY_RUNS", String.valueOf(runs));
    pb.environment().put("LATENCY_REQUESTS", String.valueOf(requests));
    pb.environment().put("LATENCY_WARMUP", String.valueOf(warmup));
    Process node = pb.start();
    List<Figure> figures = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (!line.startsWith("{")) continue;
        JsonNode f = JSON.readTree(line);
        figures.add(new Figure(f.path("figure").asText(), new Measurement(f.path("figure").asText(),
            doubles(f.path("p50_runs_ms")), doubles(f.path("p99_runs_ms")))));
      }
    }
    if (!node.waitFor(10, TimeUnit.MINUTES)) {
      node.destroyForcibly();
      throw new IOException("latency.mjs did not finish in 10 minutes");
    }
    if (node.exitValue() != 0) {
      throw new IOException("latency.mjs failed (exit " + node.exitValue() + ")");
    }
    return figures;
  }

  private static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) values[i] = array.get(i).asDouble();
    return values;
  }
}
