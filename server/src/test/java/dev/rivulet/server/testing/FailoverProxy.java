package dev.rivulet.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP load balancer in front of several gateways, as a client meets one in production: each new
 * connection goes to the first backend, in order, that accepts it; bytes are copied both ways
 * untouched (HTTP, WebSocket, SSE alike). When a backend dies its connections break, and the
 * client's reconnect lands on the next backend that answers. No health checks, no stickiness.
 */
public final class FailoverProxy implements AutoCloseable {
  private final ServerSocket server;
  private final List<InetSocketAddress> backends;
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;

  private FailoverProxy(ServerSocket server, List<InetSocketAddress> backends) {
    this.server = server;
    this.backends = backends;
    this.acceptor = new Thread(this::accept, "failover-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy on a free loopback port for the backends' loopback {@code ports}, in order. */
  public static FailoverProxy start(int... ports) {
    try {
      ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
      List<InetSocketAddress> backends = java.util.Arrays.stream(ports)
          .mapToObj(p -> new InetSocketAddress(InetAddress.getLoopbackAddress(), p)).toList();
      return new FailoverProxy(server, backends);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException closed) {
        return;
      }
      connections.incrementAndGet();
      Socket backend = connect();
      if (backend == null) {
        closeQuietly(client); // no backend answers: the client sees a broken connection
        continue;
      }
      pipe(client, backend);
      pipe(backend, client);
    }
  }

  private Socket connect() {
    for (InetSocketAddress address : backends) {
      Socket s = new Socket();
      try {
        s.connect(address, 2_000);
        return s;
      } catch (IOException refused) {
        closeQuietly(s);
      }
    }
    return null;
  }

  private static void pipe(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException broken) {
        // one side went away: both are closed below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "failover-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
