package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.rivulet.server.testing.Chromium;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CORS in a real browser: headless Chromium opens a page served on another origin, whose script
 * calls the gateway with RivetKit's headers (a preflighted request) and opens a WebSocket to it.
 * The gateway allows one origin: from its page both work; from another origin's page the browser
 * refuses the call after the preflight (the action never runs) and the gateway the socket.
 */
class CorsBrowserIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static RivuletServer server;
  static HttpServer allowedPages;
  static HttpServer otherPages;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Chromium.available(),
        "Chromium is not installed (/usr/bin/chromium; Debian package chromium): .ci/run installs it");
    allowedPages = pages();
    otherPages = pages();
    String allowed = "http://127.0.0.1:" + allowedPages.getAddress().getPort();
    server = TestStack.start(SecureActors.ALL,
        c -> c.gateway(g -> g.allowedOrigins(List.of(allowed))));
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (allowedPages != null) allowedPages.stop(0);
    if (otherPages != null) otherPages.stop(0);
  }

  @Test
  void aPageOfAnAllowedOriginCallsTheGatewayAndAnotherOriginsPageIsRefused() throws Exception {
    try (Chromium browser = new Chromium()) {
      browser.open(page(allowedPages));
      browser.waitFor("window.call !== undefined && window.socket !== undefined", WAIT);
      JsonNode call = browser.eval("window.call");
      assertThat(call.path("ok").asBoolean()).as(call.toString()).isTrue();
      assertThat(call.path("body").path("output").asLong()).isEqualTo(1);
      assertThat(call.path("exposed").asText()).as("traceparent is exposed").isNotEmpty();
      assertThat(browser.eval("window.socket").asText()).isEqualTo("Init");

      browser.open(page(otherPages));
      browser.waitFor("window.call !== undefined && window.socket !== undefined", WAIT);
      call = browser.eval("window.call");
      assertThat(call.path("ok").asBoolean()).as(call.toString()).isFalse();
      assertThat(call.path("error").asText()).contains("Failed to fetch");
      assertThat(browser.eval("window.socket").asText())
          .isEqualTo("closed: request.origin_not_allowed");
    }
    // The refused page's action never ran: one post, the allowed page's.
    HttpProbe http = new HttpProbe(server.url());
    assertThat(http.action("channel", "cors", "post", "[\"last\"]").json().path("output").asLong())
        .isEqualTo(2);
  }

  /** The test page's address on {@code pages}, pointing at the gateway. */
  private static String page(HttpServer pages) {
    return "http://127.0.0.1:" + pages.getAddress().getPort() + "/page.html?gateway="
        + server.url().substring("http://".length());
  }

  /**
   * A server of one page, on its own port (another origin than the gateway's): its script posts
   * to an action with RivetKit's headers, which makes the browser ask first (a preflight), and
   * opens a connection; it leaves what came of each in {@code window.call} and {@code
   * window.socket}.
   */
  private static HttpServer pages() throws Exception {
    HttpServer pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] html = """
        <!doctype html><html><body><script>
        const gateway = new URLSearchParams(location.search).get("gateway");
        fetch("http://" + gateway + "/api/actors/channel/cors/actions/post", {
          method: "POST", credentials: "include",
          headers: { "content-type": "application/json", "x-rivet-encoding": "json",
                     "x-rivet-conn-params": "{}" },
          body: JSON.stringify(["from " + location.origin]),
        }).then(async r => {
          window.call = { ok: r.ok, body: await r.json(), exposed: r.headers.get("traceparent") };
        }).catch(e => { window.call = { ok: false, error: String(e) }; });
        const ws = new WebSocket("ws://" + gateway + "/api/actors/channel/cors/connect", ["rivet"]);
        ws.onmessage = m => {
          const tag = JSON.parse(m.data).body.tag;
          if (tag === "Init") { window.socket = "Init"; ws.close(); }
        };
        ws.onclose = e => { if (window.socket === undefined) window.socket = "closed: " + e.reason; };
        </script></body></html>
        """.getBytes(StandardCharsets.UTF_8);
    pages.createContext("/page.html", exchange -> {
      exchange.getResponseHeaders().add("content-type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, html.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(html);
      }
    });
    pages.start();
    return pages;
  }
}
