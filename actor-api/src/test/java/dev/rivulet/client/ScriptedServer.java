package dev.rivulet.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket server (RFC 6455, over a plain socket) that a test drives frame by frame: it
 * accepts sockets, hands each to the test as a {@link Peer} that sends and receives text frames,
 * closes with a code and reason, or drops the TCP connection without a word. Plain HTTP requests
 * get a 404. Closing the server refuses further connections; a new one can listen on the same
 * port.
 */
final class ScriptedServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_SECONDS = 30;
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket listener;
  private final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile int accepted;

  private ScriptedServer(int port) throws IOException {
    listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    Thread acceptor = new Thread(this::acceptLoop, "scripted-server-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A server on a free port. */
  static ScriptedServer start() {
    return start(0);
  }

  /** A server on {@code port} (0: a free one). */
  static ScriptedServer start(int port) {
    try {
      return new ScriptedServer(port);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on port " + port, e);
    }
  }

  int port() {
    return listener.getLocalPort();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  /** How many WebSockets were opened so far. */
  int accepted() {
    return accepted;
  }

  /** The next WebSocket opened, waiting for it. */
  Peer accept() {
    return poll(peers, "a WebSocket");
  }

  /** Stops listening (connections are refused from now on) and drops every socket. */
  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : sockets) drop(s);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      sockets.add(socket);
      Thread t = new Thread(() -> serve(socket), "scripted-peer-" + socket.getPort());
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      String requestLine = line(in);
      Map<String, String> headers = new HashMap<>();
      for (String l; !(l = line(in)).isEmpty(); ) {
        int colon = l.indexOf(':');
        if (colon > 0) headers.put(l.substring(0, colon).trim().toLowerCase(), l.substring(colon + 1).trim());
      }
      String target = requestLine.split(" ")[1];
      if (!"websocket".equalsIgnoreCase(headers.get("upgrade"))) {
        answer(socket, target);
        return;
      }
      String protocols = headers.getOrDefault("sec-websocket-protocol", "");
      String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
          .digest((headers.get("sec-websocket-key") + GUID).getBytes(StandardCharsets.ISO_8859_1)));
      String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n"
          + (protocols.isEmpty() ? "" : "Sec-WebSocket-Protocol: rivet\r\n") + "\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(response.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Peer peer = new Peer(socket, target, List.of(protocols.split("\\s*,\\s*")));
      accepted++;
      peers.add(peer);
      peer.readLoop(new DataInputStream(in));
    } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
      drop(socket);
    }
  }

  /** A plain HTTP request: nothing here but WebSockets. */
  private void answer(Socket socket, String target) throws IOException {
    byte[] bytes = "{\"group\":\"request\",\"code\":\"route_not_found\"}"
        .getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 404 Not Found"
        + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
        + "\r\nConnection: close\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.flush();
    socket.close();
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) throw new EOFException();
      if (c != '\r') sb.append((char) c);
    }
    return sb.toString();
  }

  private static void drop(Socket socket) {
    try {
      socket.setSoLinger(true, 0); // a reset, not a goodbye
      socket.close();
    } catch (IOException e) {
      // gone already
    }
  }

  private static <E> E poll(BlockingQueue<E> queue, String what) {
    try {
      E e = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (e == null) throw new AssertionError("no " + what + " within " + WAIT_SECONDS + " s");
      return e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The server's end of one WebSocket. */
  static final class Peer {
    /** A close frame the client sent. */
    record Closed(int code, String reason) {}

    private final Socket socket;
    private final String target;
    private final List<String> protocols;
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final BlockingQueue<Boolean> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closedByClient = new CompletableFuture<>();
    private final CompletableFuture<Void> gone = new CompletableFuture<>();

    private Peer(Socket socket, String target, List<String> protocols) {
      this.socket = socket;
      this.target = target;
      this.protocols = protocols;
    }

    /** The request's path and query. */
    String target() {
      return target;
    }

    /** The subprotocols the client offered. */
    List<String> protocols() {
      return protocols;
    }

    /** A query parameter of the request, decoded; null when absent. */
    String query(String name) {
      int q = target.indexOf('?');
      if (q < 0) return null;
      for (String pair : target.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        if (k.equals(name)) {
          return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
      return null;
    }

    /** Sends a text frame. */
    void send(String text) {
      write(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code Init}, without Rivulet's {@code eventSeq} (as RivetKit's servers do). */
    void init(String actorId, String connectionId) {
      send("{\"body\":{\"tag\":\"Init\",\"val\":{\"actorId\":\"" + actorId
          + "\",\"connectionId\":\"" + connectionId + "\"}}}");
    }

    /** Sends Rivulet's {@code Init}: with where the actor's events stand. */
    void init(String actorId, String connectionId, long eventSeq) {
      send("{\"body\":{\"tag\":\"Init\",\"val\":{\"actorId\":\"" + actorId
          + "\",\"connectionId\":\"" + connectionId + "\",\"eventSeq\":" + eventSeq + "}}}");
    }

    /** Sends an {@code Event} with its sequence number. */
    void event(String name, String argsJson, long id) {
      send("{\"body\":{\"tag\":\"Event\",\"val\":{\"name\":\"" + name + "\",\"args\":" + argsJson
          + ",\"id\":" + id + "}}}");
    }

    /** Answers the action request with id {@code id}. */
    void respond(long id, String outputJson) {
      send("{\"body\":{\"tag\":\"ActionResponse\",\"val\":{\"id\":[\"$BigInt\",\"" + id
          + "\"],\"output\":" + outputJson + "}}}");
    }

    /** Sends a connection-level {@code Error} (no action id). */
    void error(String group, String code, String message) {
      send("{\"body\":{\"tag\":\"Error\",\"val\":{\"group\":\"" + group + "\",\"code\":\"" + code
          + "\",\"message\":\"" + message + "\",\"actionId\":null}}}");
    }

    /** The next text frame from the client, parsed; waits for it. */
    JsonNode receive() {
      return poll(frames, "frame from the client");
    }

    /** The frames received and not taken yet. */
    List<JsonNode> pending() {
      List<JsonNode> list = new ArrayList<>();
      frames.drainTo(list);
      return list;
    }

    /**
     * Pings and waits for the pong: every frame the client sent before it has been received
     * (one TCP stream, in order), so {@link #pending()} then holds all of them.
     */
    void roundTrip() {
      write(0x9, new byte[0]);
      poll(pongs, "pong");
    }

    /**
     * Sends a close frame with {@code code} and {@code reason} (unless the client is gone), then
     * closes the socket.
     */
    void close(int code, String reason) {
      byte[] r = reason.getBytes(StandardCharsets.UTF_8);
      byte[] payload = new byte[2 + r.length];
      payload[0] = (byte) (code >> 8);
      payload[1] = (byte) code;
      System.arraycopy(r, 0, payload, 2, r.length);
      try {
        write(0x8, payload);
      } catch (AssertionError e) {
        // the client dropped the socket first: nothing to say goodbye to
      }
      closeQuietly();
    }

    /** Resets the TCP connection, without a close frame. */
    void drop() {
      ScriptedServer.drop(socket);
    }

    /** The close frame the client sent, waiting for it. */
    Closed closedByClient() {
      try {
        return closedByClient.get(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("the client did not close the socket", e);
      }
    }

    /** Waits until the socket is gone (the client closed or dropped it). */
    void awaitGone() {
      try {
        gone.get(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("the socket is still open", e);
      }
    }

    private synchronized void write(int opcode, byte[] payload) {
      try {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
          frame.write(payload.length);
        } else if (payload.length < 65536) {
          frame.write(126);
          frame.write(payload.length >> 8);
          frame.write(payload.length);
        } else {
          frame.write(127);
          for (int i = 7; i >= 0; i--) frame.write((int) ((long) payload.length >> (8 * i)));
        }
        frame.write(payload);
        OutputStream out = socket.getOutputStream();
        out.write(frame.toByteArray());
        out.flush();
      } catch (IOException e) {
        throw new AssertionError("cannot write to the client", e);
      }
    }

    private void closeQuietly() {
      try {
        socket.close();
      } catch (IOException e) {
        // gone
      }
    }

    private void readLoop(DataInputStream in) throws IOException {
      ByteArrayOutputStream message = new ByteArrayOutputStream();
      try {
        while (true) {
          int b0 = in.readUnsignedByte();
          int b1 = in.readUnsignedByte();
          int opcode = b0 & 0x0F;
          long length = b1 & 0x7F;
          if (length == 126) length = in.readUnsignedShort();
          else if (length == 127) length = in.readLong();
          byte[] mask = new byte[4];
          if ((b1 & 0x80) != 0) in.readFully(mask);
          byte[] payload = new byte[(int) length];
          in.readFully(payload);
          for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
          switch (opcode) {
            case 0x0, 0x1 -> {
              message.write(payload);
              if ((b0 & 0x80) != 0) {
                frames.add(JSON.readTree(message.toString(StandardCharsets.UTF_8)));
                message.reset();
              }
            }
            case 0x8 -> {
              int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
              String reason = payload.length > 2
                  ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
              closedByClient.complete(new Closed(code, reason));
              write(0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
              closeQuietly();
              return;
            }
            case 0x9 -> write(0xA, payload);
            case 0xA -> pongs.add(true);
            default -> { /* binary: not used */ }
          }
        }
      } catch (IOException e) {
        // the socket is gone
      } finally {
        gone.complete(null);
      }
    }
  }
}
