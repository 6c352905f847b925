package dev.rivulet.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A blocking RFC 6455 client socket for sequential latency: text frames written and read on the
 * calling thread (see {@link LeanHttp} for why not the JDK's client). Speaks RivetKit's JSON
 * protocol by subprotocol, answers pings, no extensions.
 */
final class LeanWebSocket implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;

  LeanWebSocket(URI uri, String... subprotocols) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
    socket.setSoTimeout(30_000);
    out = socket.getOutputStream();
    in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String handshake = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13"
        + "\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
        + (subprotocols.length == 0 ? ""
            : "\r\nSec-WebSocket-Protocol: " + String.join(", ", subprotocols))
        + "\r\n\r\n";
    out.write(handshake.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = line();
    if (!status.contains(" 101")) throw new IOException("WebSocket handshake refused: " + status);
    while (!line().isEmpty()) {
      // response headers
    }
  }

  /** Sends one text message in one masked frame. */
  void send(String text) throws IOException {
    writeFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The next text message (pings answered, continuation frames joined). */
  String receive() throws IOException {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    while (true) {
      int b0 = in.readUnsignedByte();
      int b1 = in.readUnsignedByte();
      boolean fin = (b0 & 0x80) != 0;
      int opcode = b0 & 0x0f;
      long length = b1 & 0x7f;
      if (length == 126) length = in.readUnsignedShort();
      else if (length == 127) length = in.readLong();
      byte[] mask = null;
      if ((b1 & 0x80) != 0) {
        mask = new byte[4];
        in.readFully(mask);
      }
      byte[] payload = new byte[Math.toIntExact(length)];
      in.readFully(payload);
      if (mask != null) for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
      switch (opcode) {
        case 0x9 -> writeFrame(0xA, payload);
        case 0xA -> { }
        case 0x8 -> throw new IOException("WebSocket closed by the server: "
            + (payload.length > 2 ? new String(payload, 2, payload.length - 2,
                StandardCharsets.UTF_8) : "no reason"));
        case 0x0, 0x1 -> {
          message.write(payload);
          if (fin) return message.toString(StandardCharsets.UTF_8);
        }
        default -> throw new IOException(String.format(Locale.ROOT, "unexpected opcode %x", opcode));
      }
    }
  }

  private void writeFrame(int opcode, byte[] payload) throws IOException {
    int n = payload.length;
    int header = n < 126 ? 2 : n < 65_536 ? 4 : 10;
    byte[] frame = new byte[header + 4 + n];
    frame[0] = (byte) (0x80 | opcode);
    if (n < 126) {
      frame[1] = (byte) (0x80 | n);
    } else if (n < 65_536) {
      frame[1] = (byte) (0x80 | 126);
      frame[2] = (byte) (n >>> 8);
      frame[3] = (byte) n;
    } else {
      frame[1] = (byte) (0x80 | 127);
      for (int i = 0; i < 8; i++) frame[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    System.arraycopy(mask, 0, frame, header, 4);
    for (int i = 0; i < n; i++) frame[header + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
    out.write(frame);
    out.flush();
  }

  private String line() throws IOException {
    return LeanHttp.line(in);
  }

  @Override
  public void close() throws IOException {
    try {
      writeFrame(0x8, new byte[] {0x03, (byte) 0xe8}); // 1000, normal closure
    } finally {
      socket.close();
    }
  }
}
