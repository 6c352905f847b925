package dev.rivulet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Subscribers} against a scripted WebSocket server on a real socket. */
class SubscribersTest {
  @Test
  void framesCutAcrossReadsFragmentsAndPingsAreAllHandled() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    CountDownLatch both = new CountDownLatch(2);
    try (ServerSocket server = new ServerSocket(0)) {
      CompletableFuture<String> heard = new CompletableFuture<>();
      CompletableFuture<String> script = CompletableFuture.supplyAsync(() -> serve(server, heard));
      URI uri = URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/api/actors/c/k/connect");
      try (Subscribers subs = new Subscribers(uri, 1, text -> {
        received.add(text);
        both.countDown();
      })) {
        subs.sendToAll("{\"subscribe\":1}");
        // What the server read from the client: the subscription (text), then the pong to its ping.
        assertThat(heard.get(10, TimeUnit.SECONDS)).isEqualTo("1:{\"subscribe\":1}|10:hi");
        assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(subs.failure()).isNull();
      }
      // Closing sent a close frame (1000, normal closure).
      assertThat(script.get(10, TimeUnit.SECONDS)).startsWith("8:");
    }
    assertThat(received).containsExactly("{\"Event\":1}", "{\"Event\":2}");
  }

  /**
   * Plays the server's side: tells {@code heard} what the client sent (unmasked) up to its pong,
   * then returns the client's next frame, its close.
   */
  private static String serve(ServerSocket server, CompletableFuture<String> heard) {
    try (Socket s = server.accept()) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.readUnsignedByte());
      OutputStream out = s.getOutputStream();
      byte[] init = frame(0x81, "{\"Init\":{}}");
      // The 101 and the first half of Init in one write, the rest in another.
      out.write(concat(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\n\r\n").getBytes(StandardCharsets.US_ASCII), slice(init, 0, 5)));
      out.flush();
      out.write(slice(init, 5, init.length));
      out.flush();
      String subscription = readFrame(in);
      // A message in two fragments, a ping, and a message split across two writes.
      byte[] second = frame(0x81, "{\"Event\":2}");
      out.write(concat(frame(0x01, "{\"Eve"), frame(0x80, "nt\":1}"), frame(0x89, "hi"),
          slice(second, 0, 3)));
      out.flush();
      out.write(slice(second, 3, second.length));
      out.flush();
      String pong = readFrame(in);
      heard.complete(subscription + "|" + pong);
      return readFrame(in);
    } catch (IOException e) {
      heard.completeExceptionally(e);
      throw new IllegalStateException(e);
    }
  }

  /** A masked client frame as {@code opcode:payload}. */
  private static String readFrame(DataInputStream in) throws IOException {
    int b0 = in.readUnsignedByte();
    int length = in.readUnsignedByte() & 0x7f;
    byte[] mask = new byte[4];
    in.readFully(mask);
    byte[] payload = new byte[length];
    in.readFully(payload);
    for (int i = 0; i < length; i++) payload[i] ^= mask[i & 3];
    return (b0 & 0x0f) + ":" + new String(payload, StandardCharsets.UTF_8);
  }

  private static byte[] frame(int b0, String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    return concat(new byte[] {(byte) b0, (byte) payload.length}, payload);
  }

  private static byte[] slice(byte[] b, int from, int to) {
    return Arrays.copyOfRange(b, from, to);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) n += p.length;
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
