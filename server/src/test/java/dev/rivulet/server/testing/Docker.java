package dev.rivulet.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.internals.AppInfoParser;

/**
 * The Docker engine through its command line, for tests that run containers: whether there is
 * one, which images it has, and commands with a deadline. Images are never pulled here: a test
 * uses what {@code docker/setup.sh} built or loaded, and says what is missing when it is not.
 */
public final class Docker {
  /** A finished command: its exit status and its output (standard error included). */
  public record Result(int exit, String out) {
    /** The output, trimmed, when the command succeeded; fails with the output otherwise. */
    public String ok() {
      if (exit != 0) throw new AssertionError("exit " + exit + ": " + out);
      return out.trim();
    }
  }

  private Docker() {}

  /** The Rivulet image the tests run: {@code RIVULET_IMAGE}, by default {@code rivulet:latest}. */
  public static String rivuletImage() {
    String image = System.getenv("RIVULET_IMAGE");
    return image == null || image.isBlank() ? "rivulet:latest" : image;
  }

  /**
   * The Kafka image the tests run: {@code KAFKA_IMAGE} when set; otherwise the official {@code
   * apache/kafka} of the clients' version when the engine has it, else the one {@code
   * docker/setup.sh} builds from Kafka's jars ({@code rivulet-kafka}); null when it has neither.
   */
  public static String kafkaImage() {
    String image = System.getenv("KAFKA_IMAGE");
    if (image != null && !image.isBlank()) return image;
    for (String candidate : List.of("apache/kafka:" + AppInfoParser.getVersion(),
        "rivulet-kafka:" + AppInfoParser.getVersion())) {
      if (hasImage(candidate)) return candidate;
    }
    return null;
  }

  /**
   * Why containers cannot be run here, or null when they can: no {@code docker} command, no engine
   * answering it, or one of {@code images} missing (a null image counts as missing).
   */
  public static String unavailable(String... images) {
    Result info;
    try {
      info = run(Duration.ofSeconds(20), List.of("docker", "info", "--format",
          "{{.ServerVersion}}"));
    } catch (UncheckedIOException e) {
      return "no docker command (" + e.getCause().getMessage() + ")";
    }
    if (info.exit() != 0 || info.out().isBlank()) {
      return "no Docker engine answers (docker info: " + info.out().trim() + ")";
    }
    List<String> missing = new ArrayList<>();
    for (String image : images) {
      if (image == null) {
        missing.add("a Kafka image (apache/kafka or rivulet-kafka:" + AppInfoParser.getVersion()
            + ")");
      } else if (!hasImage(image)) {
        missing.add(image);
      }
    }
    return missing.isEmpty() ? null
        : "the Docker engine has no " + String.join(", ", missing) + " (docker/setup.sh builds them)";
  }

  /** Whether the engine has {@code image} locally. */
  public static boolean hasImage(String image) {
    try {
      return run(Duration.ofSeconds(20), List.of("docker", "image", "inspect", "--format",
          "{{.Id}}", image)).exit() == 0;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  /** {@code docker <args>}, which must succeed within two minutes; its output, trimmed. */
  public static String docker(String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    return run(Duration.ofMinutes(2), command).ok();
  }

  /** Runs {@code command}; kills it after {@code timeout}. */
  public static Result run(Duration timeout, List<String> command) {
    return run(timeout, command, Map.of());
  }

  /** Runs {@code command} with {@code env} added to this JVM's environment. */
  public static Result run(Duration timeout, List<String> command, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> copy(process.getInputStream(), out), "docker-output");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        reader.join(5_000);
        return new Result(-1, String.join(" ", command) + " timed out after " + timeout + ": "
            + out.toString(StandardCharsets.UTF_8));
      }
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError(e);
    }
    synchronized (out) {
      return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8));
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        synchronized (out) {
          out.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }
}
