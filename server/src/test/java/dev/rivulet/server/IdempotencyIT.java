package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.client.ActorError;
import dev.rivulet.client.RivuletClient;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A retried request with the same idempotency key gets the first result, applied once. */
class IdempotencyIT {
  static RivuletServer server;

  @BeforeAll
  static void start() {
    server = TestStack.start(TestActors.ALL);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> add(String key, String idempotencyKey, String args)
      throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(server.url() + "/api/actors/tally/" + key + "/actions/add"))
        .header("Idempotency-Key", idempotencyKey)
        .POST(HttpRequest.BodyPublishers.ofString(args)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void retriesWithTheSameKeyAreAppliedOnce() throws Exception {
    assertThat(add("i1", "pay-1", "[5]").body()).isEqualTo("{\"output\":5}");
    assertThat(add("i1", "pay-1", "[5]").body()).isEqualTo("{\"output\":5}");
    assertThat(add("i1", "pay-1", "[5]").body()).isEqualTo("{\"output\":5}");
    assertThat(add("i1", "pay-2", "[5]").body()).isEqualTo("{\"output\":10}");
    assertThat(new HttpProbe(server.url()).action("tally", "i1", "total", "[]").text())
        .isEqualTo("{\"output\":10}");
  }

  @Test
  void theSameKeyForAnotherRequestIsRefused() throws Exception {
    add("i2", "k", "[1]");
    HttpResponse<String> other = add("i2", "k", "[2]");
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.body()).contains("\"code\":\"idempotency_key_reused\"");
  }

  @Test
  void theJavaClientRetriesSafely() {
    var handle = RivuletClient.create(server.url()).actor("tally").getOrCreate("i3");
    assertThat(handle.callIdempotent("once", "add", Long.class, 4)).isEqualTo(4);
    assertThat(handle.callIdempotent("once", "add", Long.class, 4)).isEqualTo(4);
    assertThatThrownBy(() -> handle.callIdempotent("once", "add", Long.class, 9))
        .isInstanceOf(ActorError.class);
    assertThat(handle.call("total", Long.class)).isEqualTo(4);
  }
}
