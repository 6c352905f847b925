package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HealthServerTest {
  @Test
  void aProcessWithNothingRunningIsUnavailable() throws Exception {
    try (HealthServer health = HealthServer.start("127.0.0.1", 0, () -> null, () -> null, "engine")) {
      HttpURLConnection http = (HttpURLConnection)
          URI.create("http://127.0.0.1:" + health.port() + "/health").toURL().openConnection();
      assertThat(http.getResponseCode()).isEqualTo(503);
      try (InputStream body = http.getErrorStream()) {
        assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8))
            .isEqualTo("{\"status\":\"unavailable\",\"role\":\"engine\"}");
      }
    }
  }
}
