package dev.rivulet.server.testing;

import dev.rivulet.server.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded broker ({@link EmbeddedBroker}) in a JVM of its own, for the fault tests that
 * restart it, kill it or fill its disk: the JVM's shared broker must stay up for every other test.
 * It listens on one port for its whole life, so clients find it again after a restart, and keeps
 * its data in one directory, so a restart has every topic and record it had.
 */
public final class BrokerProcess implements AutoCloseable {
  private static final String READY = "rivulet test broker ready on ";

  private final Path dataDir;
  private final int port;
  private JvmProcess process;

  private BrokerProcess(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  /** A broker with its data under {@code dataDir}, on a free port; returns once it serves. */
  public static BrokerProcess start(Path dataDir) {
    BrokerProcess broker = new BrokerProcess(dataDir, freePort());
    broker.startAgain();
    return broker;
  }

  /** Starts it (again) on its directory and port; returns once it serves. */
  public void startAgain() {
    if (process != null && process.alive()) throw new IllegalStateException("it runs");
    process = JvmProcess.start("broker", "512m", BrokerProcess.class,
        List.of(dataDir.toString(), String.valueOf(port)));
    process.awaitLine("it to serve", l -> l.startsWith(READY), Duration.ofSeconds(120));
  }

  /** {@code 127.0.0.1:<port>}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The directory of its data; its log segments are under {@code kafka/}. */
  public Path dataDir() {
    return dataDir;
  }

  /** The process running it now. */
  public JvmProcess process() {
    return process;
  }

  /** SIGKILL: no shutdown, no flush beyond what the OS already has. */
  public void kill() {
    process.kill();
  }

  @Override
  public void close() {
    if (process != null) process.close();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The broker process: {@code <dataDir> <port>}; runs until it is killed or stopped. */
  public static void main(String[] args) throws InterruptedException {
    EmbeddedBroker broker = EmbeddedBroker.start(Path.of(args[0]), Integer.parseInt(args[1]));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      stopped.countDown();
    }, "broker-stop"));
    System.out.println(READY + broker.bootstrapServers());
    stopped.await();
  }
}
