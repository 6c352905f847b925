package dev.rivulet.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A small HTTP server answering {@code GET /metrics} in Prometheus' text format, for processes
 * that have no gateway to serve it (an engine alone). One thread; scrapes are rare.
 */
final class MetricsServer implements AutoCloseable {
  /** Prometheus' text exposition format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Serves the Prometheus registry in {@code registry} (itself, or one inside a composite) on
   * {@code host:port} (port 0: any free one), to those who give {@code token} as a bearer token
   * (null: to anyone).
   *
   * @throws IllegalArgumentException when there is no Prometheus registry in {@code registry}
   * @throws UncheckedIOException when the port cannot be bound
   */
  static MetricsServer start(MeterRegistry registry, String host, int port, String token) {
    PrometheusMeterRegistry prometheus = prometheus(registry);
    if (prometheus == null) {
      throw new IllegalArgumentException("the meter registry has no Prometheus registry to serve");
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port, e);
    }
    server.createContext("/metrics", exchange -> {
      try (exchange) {
        if (!exchange.getRequestMethod().equals("GET")
            && !exchange.getRequestMethod().equals("HEAD")) {
          exchange.sendResponseHeaders(405, -1);
          return;
        }
        if (token != null && !bearer(exchange, token)) {
          byte[] refusal = ("{\"group\":\"auth\",\"code\":\"unauthenticated\",\"message\":"
              + "\"the engine's metrics need its token (Authorization: Bearer <the admin token>)\"}")
              .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
          exchange.sendResponseHeaders(401, refusal.length);
          write(exchange, refusal);
          return;
        }
        byte[] body = prometheus.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) write(exchange, body);
      }
    });
    server.start();
    return new MetricsServer(server);
  }

  /** The port it listens on. */
  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** The Prometheus registry in {@code registry}: itself, or the first one of a composite. */
  static PrometheusMeterRegistry prometheus(MeterRegistry registry) {
    if (registry instanceof PrometheusMeterRegistry p) return p;
    if (registry instanceof CompositeMeterRegistry c) {
      for (MeterRegistry r : c.getRegistries()) {
        PrometheusMeterRegistry p = prometheus(r);
        if (p != null) return p;
      }
    }
    return null;
  }

  /** Whether the request carries {@code token} as its bearer token (compared in constant time). */
  private static boolean bearer(HttpExchange exchange, String token) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
    return MessageDigest.isEqual(header.substring(7).strip().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(HttpExchange exchange, byte[] body) throws IOException {
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
