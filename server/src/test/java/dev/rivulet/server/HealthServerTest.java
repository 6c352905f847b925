package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class HealthServerTest {
  @Test
  void aProcessWithNothingRunningIsUnavailable() throws Exception {
    try (HealthServer health = HealthServer.start("127.0.0.1", 0, () -> null, () -> null, "engine")) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + health.port() + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).isEqualTo("{\"status\":\"unavailable\",\"role\":\"engine\"}");
    }
  }
}
