package dev.rivulet.server.testing;

import dev.rivulet.gateway.rivetkit.ClientProtocol.Frame;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client that sends and receives text and binary frames alike (RivetKit's CBOR and
 * BARE encodings are binary), for tests that speak the protocol frame by frame, well-formed or
 * not. {@link WsProbe} is the simpler one for JSON text.
 */
public final class FrameSocket implements AutoCloseable {
  /** How the server closed the socket. */
  public record Closed(int status, String reason) {}

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  private final WebSocket socket;
  private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final List<Frame> received = new ArrayList<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();

  private FrameSocket(URI uri, List<String> subprotocols, Duration timeout) {
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(timeout);
    if (!subprotocols.isEmpty()) {
      builder.subprotocols(subprotocols.get(0),
          subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
    }
    this.socket = builder.buildAsync(uri, new Listener()).orTimeout(timeout.toMillis(),
        TimeUnit.MILLISECONDS).join();
  }

  /**
   * Opens {@code uri} offering {@code subprotocols}; throws {@link
   * java.util.concurrent.CompletionException} when the handshake fails (its cause a {@link
   * java.net.http.WebSocketHandshakeException} when the server answered without upgrading).
   */
  public static FrameSocket open(URI uri, List<String> subprotocols, Duration timeout) {
    return new FrameSocket(uri, subprotocols, timeout);
  }

  /** Sends one frame; false when the socket is closed (or closing) already. */
  public boolean send(Frame frame) {
    try {
      if (frame.isText()) socket.sendText(frame.text(), true).get(10, TimeUnit.SECONDS);
      else socket.sendBinary(ByteBuffer.wrap(frame.bytes()), true).get(10, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** The next frame matching {@code test}, skipping others; null once closed or after timeout. */
  public Frame await(Predicate<Frame> test, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        Frame frame = left <= 0 ? null : frames.poll(Math.min(left, 50_000_000L),
            TimeUnit.NANOSECONDS);
        if (frame != null && test.test(frame)) return frame;
        if (frame == null && (closed.isDone() && frames.isEmpty() || left <= 0)) return null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every frame received so far. */
  public synchronized List<Frame> received() {
    return List.copyOf(received);
  }

  /** How the server closed it, or null while open. */
  public Closed closedBy() {
    return closed.getNow(null);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      try {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // the socket is going away either way
      }
    }
    socket.abort();
  }

  private synchronized void add(Frame frame) {
    received.add(frame);
    frames.add(frame);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        add(Frame.text(text.toString()));
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      binary.writeBytes(bytes);
      if (last) {
        add(Frame.binary(binary.toByteArray()));
        binary.reset();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      closed.complete(new Closed(status, reason));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete(new Closed(-1, String.valueOf(error)));
    }
  }
}
