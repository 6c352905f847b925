package dev.rivulet.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A class's {@code main} in a JVM of its own, on this JVM's class path, for fault tests: it can be
 * killed outright ({@link #kill()}: SIGKILL, no shutdown hook, no goodbye to Kafka) or stopped
 * ({@link #stop()}: SIGTERM, its shutdown hooks run). Its output (stdout and stderr) is kept,
 * line by line, in memory and in a log file, so a test can wait for a line and a failure can
 * point at the log.
 */
public final class JvmProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final List<String> lines = new ArrayList<>();
  private boolean ended;

  private JvmProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} with {@code args} in a JVM with a heap of {@code heap} (such as
   * {@code 384m}); {@code name} names it in messages and its log file.
   */
  public static JvmProcess start(String name, String heap, Class<?> mainClass, List<String> args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(args);
    try {
      Path log = TempDirs.create("rivulet-" + name + "-").resolve(name + ".log");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      JvmProcess jvm = new JvmProcess(name, process, log);
      Thread reader = new Thread(jvm::copyOutput, name + "-output");
      reader.setDaemon(true);
      reader.start();
      return jvm;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  private void copyOutput() {
    try (BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter copy = new PrintWriter(Files.newBufferedWriter(log), true)) {
      for (String line; (line = out.readLine()) != null; ) {
        copy.println(line);
        synchronized (this) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      // the process is gone; what it wrote so far is kept
    } finally {
      synchronized (this) {
        ended = true;
      }
    }
  }

  /** Waits for a line of output matching {@code test}; fails when the process ends first. */
  public String awaitLine(String what, Predicate<String> test, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (true) {
      synchronized (this) {
        for (; seen < lines.size(); seen++) {
          if (test.test(lines.get(seen))) return lines.get(seen);
        }
        if (ended) {
          throw new AssertionError(name + " ended before " + what + "; its output: " + log);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + name + ": " + what + "; its output: "
            + log);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Whether a line of its output so far matches {@code test}. */
  public synchronized boolean printed(Predicate<String> test) {
    return lines.stream().anyMatch(test);
  }

  /** The lines of its output so far matching {@code test}. */
  public synchronized List<String> lines(Predicate<String> test) {
    return lines.stream().filter(test).toList();
  }

  /**
   * Prints what a failed test needs from its output to stderr: every warning and error line (the
   * last {@code problems} of them) and the last {@code lines} lines, under a header naming it. A
   * fault test calls it when it fails, since the process's log file does not outlive the run.
   */
  public synchronized void printTail(int problems, int lines) {
    List<String> warnings = this.lines.stream()
        .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("Exception"))
        .toList();
    StringBuilder out = new StringBuilder("----- " + this + ": its last "
        + Math.min(problems, warnings.size()) + " warnings and errors (of " + warnings.size()
        + ") -----\n");
    warnings.subList(Math.max(0, warnings.size() - problems), warnings.size())
        .forEach(l -> out.append(l).append('\n'));
    out.append("----- ").append(name).append(": its last ").append(lines).append(" lines -----\n");
    this.lines.subList(Math.max(0, this.lines.size() - lines), this.lines.size())
        .forEach(l -> out.append(l).append('\n'));
    System.err.print(out.append("----- end of ").append(name).append(" -----\n"));
  }

  /** Its process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether it still runs. */
  public boolean alive() {
    return process.isAlive();
  }

  /** Where its output is copied. */
  public Path log() {
    return log;
  }

  /** SIGKILL, and waits until it is gone: nothing of it runs any more, not even a shutdown hook. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  /** SIGTERM, and waits until it has stopped (its shutdown hooks ran). */
  public void stop() {
    process.destroy();
    if (!awaitExit(Duration.ofSeconds(60))) kill();
  }

  private boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Kills it when it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) kill();
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", output in " + log + ")";
  }
}
