package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.server.testing.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Raw HTTP to an actor's onRequest, under /api/actors/{name}/{key}/request/*. */
class RawHttpIT {
  static RivuletServer server;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = TestStack.start(ModelActors.ALL);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anActorServesRawRequestsFromItsState() throws Exception {
    HttpResponse<String> put = send("PUT", "/api/actors/site/s1/request/docs/intro?lang=en",
        "Hello, raw world");
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.headers().firstValue("content-type")).hasValue("application/json");
    // A Map.of iterates in an order of its own: compare the JSON, not its text.
    assertThat(new ObjectMapper().readTree(put.body()))
        .isEqualTo(new ObjectMapper().readTree("{\"page\":\"/docs/intro\",\"lang\":\"en\"}"));

    HttpResponse<String> get = send("GET", "/api/actors/site/s1/request/docs/intro", null);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("Hello, raw world");
    assertThat(get.headers().firstValue("x-page")).hasValue("/docs/intro");

    assertThat(send("GET", "/api/actors/site/s1/request/missing", null).statusCode()).isEqualTo(404);
    assertThat(send("POST", "/api/actors/site/s1/request", "x").statusCode()).isEqualTo(405);
    assertThat(send("HEAD", "/api/actors/site/s1/request/docs/intro", null).statusCode())
        .as("HEAD reaches onRequest too").isEqualTo(405);
  }

  @Test
  void anActorWithoutOnRequestAnswers404() throws Exception {
    HttpResponse<String> r = send("GET", "/api/actors/clock/c/request/anything", null);
    assertThat(r.statusCode()).isEqualTo(404);
  }
}
