package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.WsProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind proxies the gateway trusts ({@code --trusted-proxies}; here its own loopback, as a
 * reverse proxy on the same machine would be), the client address the limits, the admin API's
 * loopback rule and authenticators see is the one the proxy forwards in {@code X-Forwarded-For};
 * without trusted proxies that header changes nothing.
 */
class TrustedProxiesIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int PER_SECOND = 3;

  @Test
  void behindATrustedProxyTheForwardedAddressIsTheClients() {
    try (RivuletServer server = TestStack.start(SecureActors.ALL, c -> c.gateway(g -> g
        .trustedProxies(List.of("127.0.0.0/8", "::1")).maxRequestsPerSecond(PER_SECOND)
        .maxConnectionsPerAddress(1)))) {
      HttpProbe http = new HttpProbe(server.url());

      HttpProbe.Response refused = untilRefused(http, "203.0.113.7");
      assertThat(refused.errorCode()).isEqualTo("gateway.rate_limited");
      assertThat(refused.json().path("message").asText()).contains("from 203.0.113.7 ");
      assertThat(get(http, "/api/metadata", "203.0.113.8").status())
          .as("another forwarded address has a bucket of its own").isEqualTo(200);
      // A client's own header is what the proxy appends to: the address the proxy saw counts.
      HttpProbe.Response spoofed = untilRefused(http, "203.0.113.8, 198.51.100.1");
      assertThat(spoofed.json().path("message").asText()).contains("from 198.51.100.1 ");

      // --admin-open serves the admin API to this machine only: not to a client behind a proxy
      // on it.
      HttpProbe.Response forwarded = get(http, "/api/actors", "203.0.113.50");
      assertThat(forwarded.status()).isEqualTo(403);
      assertThat(forwarded.errorCode()).isEqualTo("auth.forbidden");
      assertThat(get(http, "/api/actors", null).status()).isEqualTo(200);

      // Connections per address, by the address forwarded with the WebSocket's upgrade.
      String connect = server.url().replace("http://", "ws://")
          + "/api/actors/channel/proxied/connect";
      try (WsProbe first = WsProbe.connect(connect, Map.of("X-Forwarded-For", "203.0.113.20"));
          WsProbe other = WsProbe.connect(connect, Map.of("X-Forwarded-For", "203.0.113.21"))) {
        first.awaitTag("Init");
        other.awaitTag("Init");
        try (WsProbe second =
            WsProbe.connect(connect, Map.of("X-Forwarded-For", "203.0.113.20"))) {
          JsonNode error = second.awaitTag("Error");
          assertThat(error.at("/body/val/code").asText()).isEqualTo("too_many_connections");
          assertThat(error.at("/body/val/message").asText()).contains("203.0.113.20");
        }
      }
    }
  }

  @Test
  void withoutTrustedProxiesTheHeaderChangesNothing() {
    try (RivuletServer server = TestStack.start(SecureActors.ALL,
        c -> c.gateway(g -> g.maxRequestsPerSecond(PER_SECOND)))) {
      HttpProbe http = new HttpProbe(server.url());
      HttpProbe.Response refused = untilRefused(http, "203.0.113.7");
      String message = refused.json().path("message").asText();
      assertThat(message).doesNotContain("203.0.113.7");
      assertThat(message).containsAnyOf("from 127.0.0.1 ", "from [0:0:0:0:0:0:0:1] ",
          "from 0:0:0:0:0:0:0:1 ");
      assertThat(get(http, "/api/metadata", "203.0.113.8").status())
          .as("the same socket's address: the same bucket").isEqualTo(429);
    }
  }

  /** Requests forwarded for {@code forwardedFor} until one is refused. */
  private static HttpProbe.Response untilRefused(HttpProbe http, String forwardedFor) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      HttpProbe.Response r = get(http, "/api/metadata", forwardedFor);
      if (r.status() == 429) return r;
      assertThat(r.status()).isEqualTo(200);
    }
    throw new AssertionError("no request forwarded for " + forwardedFor + " was refused in "
        + WAIT + " at " + PER_SECOND + " per second");
  }

  private static HttpProbe.Response get(HttpProbe http, String path, String forwardedFor) {
    return http.send("GET", path, null,
        forwardedFor == null ? Map.of() : Map.of("X-Forwarded-For", forwardedFor));
  }
}
