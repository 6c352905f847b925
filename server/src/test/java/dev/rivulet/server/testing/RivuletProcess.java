package dev.rivulet.server.testing;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.server.RivuletMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The launcher ({@link RivuletMain}) in a JVM of its own, in one role, for fault tests: an engine
 * to kill and start again on its state directory, a gateway to kill while clients use it.
 */
public final class RivuletProcess {
  private static final Pattern GATEWAY = Pattern.compile("gateway\\s+http://localhost:(\\d+)");
  private static final Duration START = Duration.ofSeconds(120);
  /** What the launcher prints once it runs. */
  public static final String RUNNING = "Rivulet is running";

  private RivuletProcess() {}

  /**
   * An engine ({@code --role engine}) of {@code app} on {@code bootstrap} running {@code actors},
   * its state under {@code dataDir}, with {@code more} launcher options; returns once it says it
   * runs. It serves no metrics port (a fixed port would clash with other engines).
   */
  public static JvmProcess engine(String name, String bootstrap, String app, Path dataDir,
      List<Class<? extends ActorBase<?>>> actors, String... more) {
    JvmProcess engine = startEngine(name, bootstrap, app, dataDir, actors, more);
    engine.awaitLine("it to run", l -> l.contains(RUNNING), START);
    return engine;
  }

  /** As {@link #engine}, without waiting for it to run. */
  public static JvmProcess startEngine(String name, String bootstrap, String app, Path dataDir,
      List<Class<? extends ActorBase<?>>> actors, String... more) {
    List<String> args = new ArrayList<>(List.of("--role", "engine", "--kafka", bootstrap,
        "--app", app, "--data-dir", dataDir.toString(), "--metrics-port", "-1",
        "--actors", actors.stream().map(Class::getName).collect(Collectors.joining(","))));
    args.addAll(List.of(more));
    return JvmProcess.start(name, "384m", RivuletMain.class, args);
  }

  /** A gateway ({@code --role gateway}) of {@code app} on a free port, once it runs. */
  public static Gateway gateway(String name, String bootstrap, String app, String... more) {
    List<String> args = new ArrayList<>(List.of("--role", "gateway", "--kafka", bootstrap,
        "--app", app, "--port", "0", "--gateway-id", name));
    args.addAll(List.of(more));
    JvmProcess process = JvmProcess.start(name, "256m", RivuletMain.class, args);
    Matcher m = GATEWAY.matcher(process.awaitLine("its port", l -> GATEWAY.matcher(l).find(),
        START));
    if (!m.find()) throw new AssertionError("no port in the banner of " + process);
    return new Gateway(process, Integer.parseInt(m.group(1)));
  }

  /** A gateway process and the port it listens on (loopback). */
  public record Gateway(JvmProcess process, int port) implements AutoCloseable {
    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
      return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
      process.close();
    }
  }
}
