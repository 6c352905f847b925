package dev.rivulet.server;

import static dev.rivulet.server.Fuzzing.QUERY;
import static dev.rivulet.server.Fuzzing.preview;
import static dev.rivulet.server.Fuzzing.readUntil;

import dev.rivulet.gateway.rivetkit.Encoding;
import dev.rivulet.server.testing.Mutator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Malformed HTTP itself (request lines, headers, lengths), on a socket of its own: the server
 * answers a status or closes the connection, and keeps serving others (the canary says so).
 * Refusals that reach the gateway carry an error body; those Jetty's parser makes before any
 * route runs say only their status, which is counted apart. None is a server error (5xx) but
 * 505, the answer to an unknown HTTP version.
 */
final class RawHttpFuzz {
  private final int port;
  private final FuzzTally tally;

  RawHttpFuzz(int port, FuzzTally tally) {
    this.port = port;
    this.tally = tally;
  }

  /** One malformed request on a socket of its own. */
  void request(Mutator m) throws Exception {
    String seed = m.pick(List.of(
        "POST /api/actors/tally/fzr/actions/add HTTP/1.1\r\nHost: x\r\nContent-Type: "
            + "application/json\r\nContent-Length: 3\r\nConnection: close\r\n\r\n[1]",
        "GET /api/actors/tally/fzr/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "POST /api/rivet/gateway/tally/action/add?" + QUERY + " HTTP/1.1\r\nHost: x\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\n[1]\r\n0\r\n\r\n"));
    byte[] request = m.mutate(seed.getBytes(StandardCharsets.UTF_8), null);
    tally.tried("raw-http");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      s.shutdownOutput();
      String head = readUntil(s.getInputStream(), "\r\n", 256);
      if (head.isEmpty()) {
        tally.answered("raw-http closed");
        return;
      }
      String[] status = head.split(" ");
      String code = status.length > 1 ? status[1] : head.strip();
      tally.answered("raw-http " + code);
      // 505 is the answer to an unknown HTTP version; any other 5xx is the server's own failure.
      if (code.startsWith("5") && !code.equals("505")) {
        tally.problem("raw-http: a server error", code + " for " + preview(request));
      }
    } catch (java.net.SocketTimeoutException e) {
      tally.answered("raw-http waiting for more"); // an incomplete request: the server waits
    } catch (IOException e) {
      tally.answered("raw-http reset");
    }
  }
}
