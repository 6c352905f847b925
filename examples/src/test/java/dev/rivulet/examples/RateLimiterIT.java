package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rate limiter. Its clock is the time a call entered the actor's inbox, which the test cannot
 * set; but a call's inbox time lies between the moment the test sent it and the moment the answer
 * came back, and that bounds what each answer may be.
 */
class RateLimiterIT {
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    server = TestStack.start(List.of(RateLimiter.class));
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private record Decision(boolean allowed, int remaining, Instant resetAt) {
    static Decision of(JsonNode output) {
      return new Decision(output.path("allowed").asBoolean(), output.path("remaining").asInt(),
          Instant.parse(output.path("resetAt").asText()));
    }
  }

  private static Decision check(String limiter, String key) {
    HttpProbe.Response r = http.action("rateLimiter", limiter, "check", "[\"" + key + "\"]");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return Decision.of(r.json().path("output"));
  }

  @Test
  void eachKeyGetsTheLimitPerWindowAndRefusalsDoNotCount() {
    assertThat(http.put("/api/actors/rateLimiter/hourly", "{\"limit\":3,\"windowMs\":3600000}")
        .status()).isEqualTo(201);
    long before = System.currentTimeMillis();
    Decision first = check("hourly", "alice");
    Instant resetAt = first.resetAt();
    assertThat(resetAt.toEpochMilli())
        .isBetween(before + 3_600_000, System.currentTimeMillis() + 3_600_000);
    assertThat(first).isEqualTo(new Decision(true, 2, resetAt));
    assertThat(check("hourly", "alice")).isEqualTo(new Decision(true, 1, resetAt));
    assertThat(check("hourly", "alice")).isEqualTo(new Decision(true, 0, resetAt));
    assertThat(check("hourly", "alice")).isEqualTo(new Decision(false, 0, resetAt));
    assertThat(check("hourly", "alice")).isEqualTo(new Decision(false, 0, resetAt));

    Decision bob = check("hourly", "bob");
    assertThat(bob.allowed()).isTrue();
    assertThat(bob.remaining()).isEqualTo(2);
  }

  @Test
  void aWindowResetsWhenItEnds() {
    assertThat(http.put("/api/actors/rateLimiter/fast", "{\"limit\":1,\"windowMs\":300}")
        .status()).isEqualTo(201);
    Decision first = check("fast", "k");
    assertThat(first.allowed()).isTrue();
    assertThat(first.remaining()).isZero();
    Instant end = first.resetAt();

    Await.until("the window to reset", Duration.ofSeconds(10), () -> {
      long sent = System.currentTimeMillis();
      Decision d = check("fast", "k");
      long answered = System.currentTimeMillis();
      if (!d.allowed()) {
        // Refused: the call's time was before the window's end, so it was sent before it.
        assertThat(sent).isLessThan(end.toEpochMilli());
        assertThat(d).isEqualTo(new Decision(false, 0, end));
        return false;
      }
      // Allowed again: the call's time is past the end, and a new window started then.
      assertThat(answered).isGreaterThanOrEqualTo(end.toEpochMilli());
      assertThat(d.remaining()).isZero();
      assertThat(d.resetAt()).isAfterOrEqualTo(end.plusMillis(300));
      assertThat(d.resetAt().toEpochMilli()).isLessThanOrEqualTo(answered + 300);
      return true;
    });
    // How many calls were refused depends on this machine's speed; each was checked above.
  }

  @Test
  void theConfigurationComesFromTheInputOrTheDefaults() {
    assertThat(http.action("rateLimiter", "plain", "getConfig", "[]").text())
        .isEqualTo("{\"output\":{\"limit\":10,\"windowMs\":60000}}");
    HttpProbe.Response bad = http.put("/api/actors/rateLimiter/bad", "{\"limit\":0,\"windowMs\":5}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorCode()).isEqualTo("user.invalid_config");
    assertThat(http.action("rateLimiter", "plain", "check", "[\"\"]").errorCode())
        .isEqualTo("user.invalid_key");
  }
}
