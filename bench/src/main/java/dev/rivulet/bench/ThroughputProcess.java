package dev.rivulet.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link Throughput}'s WebSockets in a process of their own: 10,000 sockets need 10,000 open
 * files at each end, and one process holding both ends (plus the broker's files) would pass the
 * 20,000 this machine allows. The bench starts it on its own class path and drives it over
 * stdin/stdout, one line per command: {@code run N} answers {@code rate R cpu C} (actions/s and
 * the process's CPU nanoseconds during the run) or {@code error MESSAGE}.
 */
final class ThroughputProcess implements AutoCloseable {
  private final Process process;
  private final PrintWriter commands;
  private final BufferedReader answers;
  private final int actors;
  private long lastCpuNanos;

  /** Starts the client process and waits until its {@code actors} sockets are open. */
  ThroughputProcess(String base, String prefix, int actors, int window) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process = new ProcessBuilder(java, "-Xmx1g", "-XX:+UseParallelGC",
        "-cp", System.getProperty("java.class.path"), ThroughputProcess.class.getName(),
        base, prefix, String.valueOf(actors), String.valueOf(window))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    answers = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String ready = answer();
    if (!ready.startsWith("ready ")) throw new IOException("throughput client: " + ready);
    this.actors = Integer.parseInt(ready.substring(6).trim());
  }

  int actors() {
    return actors;
  }

  /** Sends {@code actions} increments from the client process; returns actions per second. */
  double run(int actions) throws IOException {
    commands.println("run " + actions);
    String answer = answer();
    String[] words = answer.split(" ");
    if (words.length != 4 || !words[0].equals("rate")) {
      throw new IOException("throughput client: " + answer);
    }
    lastCpuNanos = Long.parseLong(words[3]);
    return Double.parseDouble(words[1]);
  }

  /** CPU nanoseconds the client process used during the last {@link #run}. */
  long lastCpuNanos() {
    return lastCpuNanos;
  }

  private String answer() throws IOException {
    String line = answers.readLine();
    if (line == null) {
      throw new IOException("the throughput client process exited (status "
          + exitStatus() + "); its errors are above");
    }
    return line;
  }

  private String exitStatus() {
    try {
      return process.waitFor(10, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "none";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  @Override
  public void close() throws InterruptedException {
    commands.println("quit");
    if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
  }

  /** The client process: {@code base prefix actors window}, then commands on stdin. */
  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    System.setOut(System.err); // only answers on stdout
    try (Throughput throughput = new Throughput(args[0], args[1], Integer.parseInt(args[2]),
        Integer.parseInt(args[3]))) {
      out.println("ready " + throughput.actors());
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
        List<String> words = List.of(line.trim().split("\\s+"));
        try {
          if (words.size() != 2 || !words.get(0).equals("run")) {
            throw new IllegalArgumentException("unknown command: " + line);
          }
          long cpu = CpuBreakdown.processCpu();
          double rate = throughput.run(Integer.parseInt(words.get(1)));
          out.println("rate " + rate + " cpu " + (CpuBreakdown.processCpu() - cpu));
        } catch (Exception e) {
          out.println("error " + e.toString().replace('\n', ' '));
        }
        out.flush();
      }
    }
  }
}
