package dev.rivulet.server;

import com.sun.net.httpserver.HttpServer;
import dev.rivulet.engine.Engine;
import dev.rivulet.gateway.Gateway;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /health} on a port of its own, for processes that have no gateway (an engine-only
 * instance) and for container health checks: {@code 200 {"status":"ok",...}} while the engine of
 * this process is running (or rebalancing) and its gateway serves, {@code 503
 * {"status":"unavailable",...}} otherwise.
 */
final class HealthServer implements AutoCloseable {
  private final HttpServer http;

  private HealthServer(HttpServer http) {
    this.http = http;
  }

  /** Listens on {@code host:port} (port 0: a free one). */
  static HealthServer start(String host, int port, Supplier<Engine> engine,
      Supplier<Gateway> gateway, String role) {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
      http.createContext("/health", exchange -> {
        try (exchange) {
          Engine e = engine.get();
          Gateway g = gateway.get();
          boolean engineOk = e == null || e.isRunning();
          boolean ok = engineOk && (e != null || g != null);
          String body = "{\"status\":\"" + (ok ? "ok" : "unavailable") + "\",\"role\":\"" + role
              + "\"" + (e == null ? "" : ",\"engine\":\"" + (engineOk ? "running" : "stopped") + "\"")
              + (g == null ? "" : ",\"gateway\":\"" + g.id() + "\"") + "}";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("content-type", "application/json");
          if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(ok ? 200 : 503, -1);
            return;
          }
          exchange.sendResponseHeaders(ok ? 200 : 503, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        }
      });
      http.start();
      return new HealthServer(http);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for health checks on " + host + ":" + port, e);
    }
  }

  int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
