package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.PrometheusText;
import dev.rivulet.server.testing.SseProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.WsProbe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's limits per client, each refusing what goes over it with a stable code and
 * counting it in {@code rivulet_gateway_limited_total{limit}}: connections per address, messages
 * per second per connection, bytes waiting for a client that does not read (it is dropped, the
 * others go on), request and message sizes.
 */
class LimitsIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final long BUFFER = 256 << 10;
  static RivuletServer server;
  static HttpProbe http;
  static String ws;

  @BeforeAll
  static void start() {
    server = TestStack.start(SecureActors.ALL, c -> c.gateway(g -> g
        .maxConnectionsPerAddress(4).maxMessagesPerSecond(50).maxOutgoingBufferBytes(BUFFER)
        .maxBodyBytes(64 << 10).maxWsMessageBytes(16 << 10)
        // A closed SSE client is noticed at the next heartbeat.
        .sseHeartbeat(Duration.ofMillis(300))));
    http = new HttpProbe(server.url());
    ws = server.url().replace("http://", "ws://");
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  /** Each test starts with no connection counted against this machine's address. */
  @BeforeEach
  void noConnectionsLeft() {
    Await.until("the previous test's connections closed", WAIT,
        () -> server.gateway().openConnections() == 0);
  }

  @Test
  void anAddressHoldsNoMoreConnectionsThanAllowed() {
    double before = limited("connections_per_address");
    List<WsProbe> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        WsProbe s = WsProbe.connect(ws + "/api/actors/channel/conns/connect");
        s.awaitTag("Init");
        sockets.add(s);
      }
      try (SseProbe sse = new SseProbe(server.url() + "/api/actors/channel/conns/events")) {
        sse.await("rivulet.connected"); // the fourth
        try (WsProbe fifth = WsProbe.connect(ws + "/api/actors/channel/conns/connect")) {
          JsonNode error = fifth.awaitTag("Error");
          assertThat(error.at("/body/val/code").asText()).isEqualTo("too_many_connections");
          assertThat(fifth.awaitClose(WAIT).reason()).isEqualTo("gateway.too_many_connections");
        }
        HttpProbe.Response sixth = http.get("/api/actors/channel/conns/events");
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.errorCode()).isEqualTo("gateway.too_many_connections");
        // Stateless calls are no connections: they go on.
        assertThat(http.action("channel", "conns", "post", "[\"still\"]").status()).isEqualTo(200);
      }
      // One closes, one more may open.
      Await.until("the stream's end counted", WAIT,
          () -> server.gateway().openConnections("channel/conns") == 3);
      WsProbe again = WsProbe.connect(ws + "/api/actors/channel/conns/connect");
      sockets.add(again);
      again.awaitTag("Init");
    } finally {
      sockets.forEach(WsProbe::close);
    }
    assertThat(limited("connections_per_address") - before).isEqualTo(2);
  }

  @Test
  void aConnectionSendingFasterThanAllowedIsClosedAndTheOthersGoOn() {
    double before = limited("messages_per_second");
    try (WsProbe fast = WsProbe.connect(ws + "/api/actors/channel/rate/connect");
         WsProbe calm = WsProbe.connect(ws + "/api/actors/channel/rate/connect")) {
      fast.awaitTag("Init");
      calm.awaitTag("Init");
      for (int i = 0; i < 200; i++) {
        try {
          fast.subscribe("post" + i);
        } catch (RuntimeException closed) {
          break; // the server closed it already
        }
      }
      JsonNode error = fast.awaitTag("Error");
      assertThat(error.at("/body/val/code").asText()).isEqualTo("rate_limited");
      assertThat(fast.awaitClose(WAIT).reason()).isEqualTo("gateway.rate_limited");
      for (int i = 1; i <= 5; i++) {
        calm.action(i, "post", "[\"calm " + i + "\"]");
        final long id = i;
        calm.await(f -> f.at("/body/tag").asText().equals("ActionResponse")
            && f.at("/body/val/id/1").asText().equals(String.valueOf(id)), WAIT);
      }
    }
    assertThat(limited("messages_per_second") - before).isEqualTo(1);
  }

  @Test
  void aClientThatDoesNotReadIsDroppedAndTheOthersGetEverything() throws Exception {
    double before = limited("outgoing_buffer");
    try (WsProbe reader = WsProbe.connect(ws + "/api/actors/channel/slow/connect?events=post");
         Socket stuckWs = upgradeAndStall("/api/actors/channel/slow/connect?events=post", true);
         Socket stuckSse = upgradeAndStall("/api/actors/channel/slow/events", false)) {
      reader.awaitTag("Init");
      Await.until("three connections to channel/slow", WAIT,
          () -> server.gateway().openConnections("channel/slow") == 3);
      // 40 × 4 events of 100 KB: 16 MB each to every client, far over what the sockets' kernel
      // buffers and the 256 KiB the gateway keeps for one client hold.
      int rounds = 40;
      for (int i = 0; i < rounds; i++) {
        assertThat(http.action("channel", "slow", "blast", "[4, 100000, \"r" + i + "\"]")
            .status()).isEqualTo(200);
      }
      for (int i = 0; i < rounds; i++) {
        String tag = "r" + i + "-3:";
        reader.await(f -> f.at("/body/val/args/0").asText().startsWith(tag), WAIT);
      }
      Await.until("the two stalled clients dropped", WAIT,
          () -> server.gateway().openConnections("channel/slow") == 1);
    }
    assertThat(limited("outgoing_buffer") - before).isEqualTo(2);
  }

  @Test
  void requestsAndMessagesOverTheirSizeAreRefused() {
    double bodies = limited("request_bytes");
    double messages = limited("message_bytes");
    HttpProbe.Response big = http.action("channel", "size", "post",
        "[\"" + "x".repeat(70_000) + "\"]");
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.errorCode()).isEqualTo("message.incoming_too_long");
    assertThat(http.action("channel", "size", "post", "[\"" + "x".repeat(60_000) + "\"]")
        .status()).isEqualTo(200);
    try (WsProbe socket = WsProbe.connect(ws + "/api/actors/channel/size/connect")) {
      socket.awaitTag("Init");
      socket.action(1, "post", "[\"" + "x".repeat(20_000) + "\"]");
      assertThat(socket.awaitTag("Error").at("/body/val/code").asText())
          .isEqualTo("incoming_too_long");
      assertThat(socket.awaitClose(WAIT).reason()).isEqualTo("message.incoming_too_long");
    }
    assertThat(limited("request_bytes") - bodies).isEqualTo(1);
    assertThat(limited("message_bytes") - messages).isEqualTo(1);
  }

  /**
   * A client that opens a WebSocket (or an SSE stream) and then never reads: a raw socket with a
   * small receive buffer, the upgrade written by hand, the answer's headers read, nothing more.
   */
  private static Socket upgradeAndStall(String path, boolean webSocket) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", server.gateway().port()));
    String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(
        StandardCharsets.US_ASCII));
    String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (webSocket
        ? "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
            + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: rivet\r\n"
        : "Accept: text/event-stream\r\n") + "\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    String status = readLine(in);
    assertThat(status).as(path).contains(webSocket ? " 101 " : " 200 ");
    while (!readLine(in).isEmpty()) {
      // the answer's headers; then nothing is read any more
    }
    return socket;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c; (c = in.read()) != -1 && c != '\n'; ) if (c != '\r') line.append((char) c);
    return line.toString();
  }

  /**
   * HTTP requests per address (off by default, so on a server of its own): a burst of a
   * second's worth, then 429 with {@code Retry-After}; health checks and other addresses go on;
   * the address may call again a moment later.
   */
  @Test
  void anAddressMakesNoMoreHttpRequestsPerSecondThanAllowed() throws IOException {
    int perSecond = 20;
    try (RivuletServer limitedServer = TestStack.start(SecureActors.ALL,
        c -> c.gateway(g -> g.maxRequestsPerSecond(perSecond)))) {
      HttpProbe client = new HttpProbe(limitedServer.url());
      int answered = 0;
      HttpProbe.Response refused = null;
      long start = System.nanoTime();
      for (int i = 0; i < 10_000 && refused == null; i++) {
        HttpProbe.Response r = client.get("/api/metadata");
        if (r.status() == 429) refused = r;
        else answered++;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(refused).as("a refusal among 10,000 requests").isNotNull();
      // The bucket starts with a second's worth and refills at the rate while the loop runs.
      assertThat(answered).isGreaterThanOrEqualTo(perSecond)
          .isLessThanOrEqualTo(perSecond + (int) Math.ceil(seconds * perSecond) + 1);
      assertThat(refused.json().path("group").asText()).isEqualTo("gateway");
      assertThat(refused.json().path("code").asText()).isEqualTo("rate_limited");
      assertThat(refused.json().path("message").asText()).contains("--max-requests-per-second");
      assertThat(refused.header("Retry-After")).isEqualTo("1");

      assertThat(client.get("/health").status()).as("health checks are not counted")
          .isEqualTo(200);
      assertThat(rawGetStatus(limitedServer, "127.0.0.2", "/api/metadata"))
          .as("another address has a bucket of its own").isEqualTo(200);
      Await.until("the address may call again", WAIT,
          () -> client.get("/api/metadata").status() == 200);
      // /metrics is a request of this address too: it may itself have to wait for a token.
      Await.until("the refusals counted", WAIT, () -> {
        HttpProbe.Response metrics = client.get("/metrics");
        return metrics.status() == 200 && PrometheusText.parse(metrics.text())
            .valueOrZero("rivulet_gateway_limited_total", "limit", "requests_per_second") >= 1;
      });
    }
  }

  /** The status of a GET sent from {@code localAddress} (another loopback address). */
  private static int rawGetStatus(RivuletServer target, String localAddress, String path)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(localAddress, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", target.gateway().port()));
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = new String(socket.getInputStream().readNBytes(12),
          StandardCharsets.US_ASCII); // "HTTP/1.1 200"
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  private static double limited(String limit) {
    String metrics = new HttpProbe(server.url()).get("/metrics").text();
    return PrometheusText.parse(metrics).valueOrZero("rivulet_gateway_limited_total", "limit",
        limit);
  }
}
