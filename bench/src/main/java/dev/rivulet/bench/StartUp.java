package dev.rivulet.bench;

import dev.rivulet.examples.ChatRoom;
import dev.rivulet.examples.Counter;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The first requests after a start: a fresh JVM (a process of its own, as {@code ./rivulet}
 * starts one: no JVM options but those in {@code JAVA_OPTS}) runs Rivulet's engine and gateway against the bench's broker, under
 * an application of its own (its topics new); from the moment the process is started, the bench
 * times how long until it serves, then sends increments one at a time over HTTP ({@link
 * LeanHttp}, from the bench's own, warm JVM): the first {@code first} of them, then {@code
 * warmup} more, then {@code steady} whose latencies are the steady state of the same process. The
 * floor does the same with the bare pipeline ({@link BarePipeline}) started in a fresh JVM of its
 * own; its client lives in that JVM too, so the floor's first records pay for a cold client as
 * well.
 */
final class StartUp {
  /**
   * One start: how long the process took to serve, each of the first requests' round trip, and
   * the steady requests' after the warm-up.
   */
  record Figures(double readyMillis, long[] first, long[] steady, TimeSplit.Split firstSplit,
      TimeSplit.Split steadySplit) {
    /** From the process's start to the last of the first requests' answer, in milliseconds. */
    double firstDoneMillis() {
      return readyMillis + Arrays.stream(first).sum() / 1e6;
    }
  }

  private StartUp() {}

  /**
   * Starts Rivulet in a fresh process under application {@code app} and measures it; {@code
   * warmUpCalls} is its {@code --warm-up} (0: none), part of the time until it serves, {@code
   * warmUpLimit} its {@code --warm-up-limit}.
   */
  static Figures rivulet(String bootstrap, String app, Path dataDir, Duration commit, int first,
      int warmup, int steady, int warmUpCalls, Duration warmUpLimit) throws Exception {
    long start = System.nanoTime();
    try (Child child = new Child("rivulet", bootstrap, app, dataDir.toString(),
        String.valueOf(commit.toMillis()), String.valueOf(warmUpCalls),
        String.valueOf(warmUpLimit.toMillis()))) {
      String ready = child.answer();
      if (!ready.startsWith("ready ")) throw new IOException("the started process: " + ready);
      double readyMillis = (System.nanoTime() - start) / 1e6;
      String base = ready.substring(6).trim();
      SequentialLatency http = new SequentialLatency(base);
      TimeSplit split = new TimeSplit(base, "http");
      long[] firsts = http.http("counter", "start", first, split);
      TimeSplit.Split firstSplit = split.of(firsts);
      http.http("counter", "start", warmup, null);
      long[] steadies = http.http("counter", "start", steady, split);
      return new Figures(readyMillis, firsts, steadies, firstSplit, split.of(steadies));
    }
  }

  /** Starts the bare pipeline and its client in a fresh process and measures it. */
  static Figures bare(String bootstrap, String name, Path stateDir, Duration commit, int first,
      int warmup, int steady) throws Exception {
    long start = System.nanoTime();
    try (Child child = new Child("bare", bootstrap, name, stateDir.toString(),
        String.valueOf(commit.toMillis()), String.valueOf(first), String.valueOf(warmup),
        String.valueOf(steady))) {
      String ready = child.answer();
      if (!ready.startsWith("ready")) throw new IOException("the started process: " + ready);
      double readyMillis = (System.nanoTime() - start) / 1e6;
      long[] firsts = nanos(child.answer(), "first");
      long[] steadies = nanos(child.answer(), "steady");
      return new Figures(readyMillis, firsts, steadies, null, null);
    }
  }

  private static long[] nanos(String line, String tag) throws IOException {
    if (!line.startsWith(tag + " ")) throw new IOException("the started process: " + line);
    return Arrays.stream(line.substring(tag.length() + 1).trim().split(","))
        .mapToLong(Long::parseLong).toArray();
  }

  /** A child JVM on the bench's class path, answering on stdout, told to quit on stdin. */
  private static final class Child implements AutoCloseable {
    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader answers;

    Child(String... args) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command = new ArrayList<>(List.of(java));
      // As ./rivulet does: JAVA_OPTS are the JVM's options.
      String options = System.getenv().getOrDefault("JAVA_OPTS", "").strip();
      if (!options.isEmpty()) command.addAll(List.of(options.split("\\s+")));
      command.addAll(List.of("-cp", System.getProperty("java.class.path"),
          StartUp.class.getName()));
      command.addAll(List.of(args));
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
      answers = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    String answer() throws IOException {
      String line = answers.readLine();
      if (line == null) throw new IOException("the started process exited; its errors are above");
      return line;
    }

    @Override
    public void close() throws InterruptedException {
      commands.println("quit");
      if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
  }

  /**
   * The child: {@code rivulet BOOTSTRAP APP DATA_DIR COMMIT_MS WARM_UP_CALLS WARM_UP_LIMIT_MS}
   * serves until told
   * {@code quit};
   * {@code bare BOOTSTRAP NAME STATE_DIR COMMIT_MS FIRST WARMUP STEADY} measures itself and
   * answers {@code first} and {@code steady} with each request's nanoseconds.
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    System.setOut(System.err); // only answers on stdout
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Duration commit = Duration.ofMillis(Long.parseLong(args[4]));
    if (args[0].equals("rivulet")) {
      try (RivuletServer server = RivuletServer.start(new ServerConfig()
          .bootstrapServers(args[1]).application(args[2]).dataDir(Path.of(args[3]))
          .actors(Counter.class, ChatRoom.class)
          .engine(e -> e.commitInterval(commit))
          .warmUp(Integer.parseInt(args[5]))
          .warmUpLimit(Duration.ofMillis(Long.parseLong(args[6])))
          // What an operator would name: the calls the clients make.
          .warmUpCall("counter.increment [1]")
          // The time split reads this process's /metrics, part of the admin API: open on loopback.
          .gateway(g -> g.port(0).adminOpen(true)))) {
        out.println("ready " + server.url());
        out.flush();
        for (String line = in.readLine(); line != null && !line.equals("quit");
            line = in.readLine()) {
          // nothing else to do
        }
      }
      return;
    }
    try (BarePipeline bare = new BarePipeline(args[1], args[2], true, false, commit, 8,
        Path.of(args[3]))) {
      out.println("ready");
      out.flush();
      long[] first = bare.sequential("start", Integer.parseInt(args[5]));
      bare.sequential("start", Integer.parseInt(args[6]));
      long[] steady = bare.sequential("start", Integer.parseInt(args[7]));
      out.println("first " + join(first));
      out.println("steady " + join(steady));
      out.flush();
      for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
        // wait to be told
      }
    }
  }

  private static String join(long[] values) {
    StringBuilder sb = new StringBuilder();
    for (long v : values) {
      if (!sb.isEmpty()) sb.append(',');
      sb.append(v);
    }
    return sb.toString();
  }
}
