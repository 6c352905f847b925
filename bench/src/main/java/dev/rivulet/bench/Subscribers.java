package dev.rivulet.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Many RivetKit-protocol WebSockets read by one selector thread: the fan-out's subscribers. A
 * thousand subscribers are a thousand machines in real life; here they share the bench's cores
 * with the gateway, so each costs as little as a socket can — one non-blocking read per wake-up,
 * frames cut out of a byte buffer, no executor hand-offs (with the JDK's client in its place, the
 * fan-out's p99 measured 47–51 ms instead of 36–44 ms). RFC 6455 client side: masked frames out,
 * pings answered, no extensions.
 */
final class Subscribers implements AutoCloseable {
  /** One socket: its channel and the bytes read but not yet a whole frame. */
  private static final class Conn {
    final SocketChannel channel;
    ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    byte[] partial = new byte[0];
    boolean initialised;

    Conn(SocketChannel channel) {
      this.channel = channel;
    }
  }

  private final Selector selector = Selector.open();
  private final List<Conn> conns = new ArrayList<>();
  private final Consumer<String> onFrame;
  private final CountDownLatch initialised;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private Thread reader;
  private volatile boolean closing;

  /**
   * Opens {@code count} sockets to {@code uri}, each handed every text message after its Init to
   * {@code onFrame} (on the reader thread); returns once every socket got its Init.
   */
  Subscribers(URI uri, int count, Consumer<String> onFrame)
      throws IOException, InterruptedException {
    this.onFrame = onFrame;
    this.initialised = new CountDownLatch(count);
    try {
      for (int i = 0; i < count; i++) conns.add(handshake(uri));
      for (Conn c : conns) {
        c.channel.configureBlocking(false);
        c.channel.register(selector, SelectionKey.OP_READ, c);
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    reader = new Thread(this::read, "bench-subscribers");
    reader.setDaemon(true);
    reader.start();
    if (!initialised.await(60, TimeUnit.SECONDS)) {
      close();
      throw new IOException("not every subscriber got its Init within 60 s: " + failure.get());
    }
  }

  /** Sends {@code text} on every socket. */
  void sendToAll(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    for (Conn c : conns) write(c, 0x1, payload);
  }

  /** The first failure of the reader thread, or null. */
  Throwable failure() {
    return failure.get();
  }

  private static Conn handshake(URI uri) throws IOException {
    SocketChannel channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
    channel.socket().setTcpNoDelay(true);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
        + uri.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
        + Base64.getEncoder().encodeToString(nonce)
        + "\r\nSec-WebSocket-Protocol: rivet, rivet_encoding.json\r\n\r\n";
    ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
    while (out.hasRemaining()) channel.write(out);
    Conn c = new Conn(channel);
    // Read the response head; what follows it (the Init frame, perhaps) stays in the buffer.
    while (true) {
      if (channel.read(c.in) < 0) throw new IOException("closed during the WebSocket handshake");
      int end = headEnd(c.in);
      if (end < 0) continue;
      String head = new String(c.in.array(), 0, end, StandardCharsets.US_ASCII);
      if (!head.startsWith("HTTP/1.1 101")) {
        throw new IOException("WebSocket handshake refused: "
            + head.lines().findFirst().orElse(""));
      }
      c.in.flip().position(end + 4);
      c.in.compact();
      return c;
    }
  }

  /** Where "\r\n\r\n" starts among the bytes read so far, or -1. */
  private static int headEnd(ByteBuffer in) {
    byte[] b = in.array();
    for (int i = 0; i + 3 < in.position(); i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i;
    }
    return -1;
  }

  private void read() {
    try {
      // Bytes read during the handshakes may already hold frames.
      for (Conn c : conns) frames(c);
      while (!closing) {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          Conn c = (Conn) key.attachment();
          if (c.channel.read(c.in) < 0) {
            key.cancel();
            if (!closing) throw new IOException("the gateway closed a subscriber's socket");
            continue;
          }
          frames(c);
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | RuntimeException e) {
      if (!closing) {
        failure.compareAndSet(null, e);
        while (initialised.getCount() > 0) initialised.countDown();
      }
    }
  }

  /** Cuts the whole frames out of {@code c}'s buffer and handles them. */
  private void frames(Conn c) throws IOException {
    ByteBuffer in = c.in.flip();
    while (in.remaining() >= 2) {
      int start = in.position();
      int b0 = in.get(start) & 0xff;
      int b1 = in.get(start + 1) & 0x7f; // the server does not mask
      int header = b1 < 126 ? 2 : b1 == 126 ? 4 : 10;
      if (in.remaining() < header) break;
      long length = b1 < 126 ? b1
          : b1 == 126 ? in.getShort(start + 2) & 0xffff : in.getLong(start + 2);
      if (in.remaining() < header + length) {
        if (header + length > in.capacity()) { // a frame larger than the buffer: grow it
          ByteBuffer bigger = ByteBuffer.allocate(Math.toIntExact(header + length));
          bigger.put(in);
          c.in = bigger;
          return;
        }
        break;
      }
      byte[] payload = new byte[(int) length];
      in.position(start + header);
      in.get(payload);
      handle(c, b0, payload);
    }
    in.compact();
  }

  private void handle(Conn c, int b0, byte[] payload) throws IOException {
    int opcode = b0 & 0x0f;
    boolean fin = (b0 & 0x80) != 0;
    switch (opcode) {
      case 0x9 -> write(c, 0xA, payload);
      case 0xA -> { }
      case 0x8 -> throw new IOException("the gateway closed a subscriber: " + (payload.length > 2
          ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : ""));
      case 0x0, 0x1 -> {
        byte[] whole = payload;
        if (c.partial.length > 0 || !fin) {
          whole = new byte[c.partial.length + payload.length];
          System.arraycopy(c.partial, 0, whole, 0, c.partial.length);
          System.arraycopy(payload, 0, whole, c.partial.length, payload.length);
          c.partial = fin ? new byte[0] : whole;
          if (!fin) return;
        }
        String text = new String(whole, StandardCharsets.UTF_8);
        if (c.initialised) {
          onFrame.accept(text);
        } else if (text.contains("\"Init\"")) {
          c.initialised = true;
          initialised.countDown();
        } else {
          throw new IOException("expected Init, got " + text);
        }
      }
      default -> throw new IOException("unexpected WebSocket opcode " + opcode);
    }
  }

  /** Writes one masked frame; frames are small, so the loop rarely turns twice. */
  private static void write(Conn c, int opcode, byte[] payload) throws IOException {
    int n = payload.length;
    int header = n < 126 ? 2 : n < 65_536 ? 4 : 10;
    ByteBuffer frame = ByteBuffer.allocate(header + 4 + n);
    frame.put((byte) (0x80 | opcode));
    if (n < 126) {
      frame.put((byte) (0x80 | n));
    } else if (n < 65_536) {
      frame.put((byte) (0x80 | 126)).putShort((short) n);
    } else {
      frame.put((byte) (0x80 | 127)).putLong(n);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.put(mask);
    for (int i = 0; i < n; i++) frame.put((byte) (payload[i] ^ mask[i & 3]));
    frame.flip();
    synchronized (c) {
      while (frame.hasRemaining()) {
        if (c.channel.write(frame) == 0) Thread.onSpinWait();
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    byte[] normal = {0x03, (byte) 0xe8}; // 1000, normal closure
    for (Conn c : conns) {
      try {
        write(c, 0x8, normal);
      } catch (IOException e) {
        // already closed
      }
    }
    selector.wakeup();
    try {
      if (reader != null) reader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Conn c : conns) {
      try {
        c.channel.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
