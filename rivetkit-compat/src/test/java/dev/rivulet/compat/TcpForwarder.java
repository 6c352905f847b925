package dev.rivulet.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder on a loopback port of its own, standing where a load balancer stands in front of
 * gateways: the client's endpoint stays the same while the gateway behind it changes ({@link
 * #target}), and every forwarded connection can be cut at once ({@link #dropAll}), as a network
 * failure or a load balancer would. One thread per direction and connection: the suite opens a
 * few dozen.
 *
 * <p>A drop cuts the connections accepted before it, never one accepted while it runs: a client
 * that reconnects at once (RivetKit's does) must not lose its new socket to the same drop. Each
 * connection carries the drop generation it was accepted in; a drop starts a new generation and
 * closes the older ones. (RivetKit 2.3.11's client gives up for good when a reconnecting socket
 * closes before it opens, so cutting it would fail the suite's reconnect cases now and then.)
 */
final class TcpForwarder implements AutoCloseable {
  private final ServerSocket listener;
  /** Each forwarded socket, both sides, with the drop generation it was accepted in. */
  private final Map<Socket, Long> open = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private volatile int targetPort;

  TcpForwarder(int targetPort) throws IOException {
    this.targetPort = targetPort;
    listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tcp-forwarder");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The port clients connect to. */
  int port() {
    return listener.getLocalPort();
  }

  /** Where new connections go from now on; open ones stay where they are. */
  void target(int port) {
    this.targetPort = port;
  }

  /** Cuts every connection forwarded before this call, both sides. */
  void dropAll() {
    dropBefore(generation.incrementAndGet());
  }

  private void dropBefore(long cut) {
    open.forEach((socket, accepted) -> {
      if (accepted < cut) closeQuietly(socket);
    });
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      long accepted = generation.get();
      Socket upstream = new Socket();
      try {
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      open.put(client, accepted);
      open.put(upstream, accepted);
      pump(client, upstream);
      pump(upstream, client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side went away: close both below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-forwarder-pump");
    t.setDaemon(true);
    t.start();
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    dropBefore(Long.MAX_VALUE);
  }
}
