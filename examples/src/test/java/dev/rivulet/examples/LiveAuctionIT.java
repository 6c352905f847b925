package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.WsProbe;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live auction: bids broadcast, low bids rejected, a scheduled close that refuses later bids. */
class LiveAuctionIT {
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    server = TestStack.start(List.of(LiveAuction.class));
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpProbe.Response create(String key, String item, Instant closesAt) {
    return http.put("/api/actors/liveAuction/" + key,
        "{\"item\":\"" + item + "\",\"closesAt\":\"" + closesAt + "\"}");
  }

  private static HttpProbe.Response bid(String key, String bidder, long amount) {
    return http.action("liveAuction", key, "placeBid", "[\"" + bidder + "\", " + amount + "]");
  }

  @Test
  void bidsAreBroadcastLowBidsRejectedAndTheScheduledCloseEndsTheAuction() {
    // Long enough for the bids below to arrive before it, even on a slow machine.
    Instant closesAt = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
    assertThat(create("lamp", "Brass lamp", closesAt).status()).isEqualTo(201);

    try (WsProbe watcher = Frames.open(server, "liveAuction", "lamp", null,
        "newBid", "closed")) {
      JsonNode initial = Frames.call(watcher, 1, "getState", "[]").path("output");
      assertThat(initial.toString()).isEqualTo("{\"item\":\"Brass lamp\",\"closesAt\":\""
          + closesAt + "\",\"bids\":[],\"closed\":false}");

      HttpProbe.Response first = bid("lamp", "ada", 100);
      assertThat(first.status()).isEqualTo(200);
      JsonNode ada = first.json().path("output");
      assertThat(ada.path("bidder").asText()).isEqualTo("ada");
      assertThat(ada.path("amount").asLong()).isEqualTo(100);

      HttpProbe.Response same = bid("lamp", "bob", 100);
      assertThat(same.status()).isEqualTo(400);
      assertThat(same.errorCode()).isEqualTo("user.bid_too_low");
      assertThat(same.json().path("message").asText()).isEqualTo("a bid must be higher than 100");
      assertThat(same.json().path("metadata").toString()).isEqualTo("{\"currentBid\":100}");

      JsonNode bob = bid("lamp", "bob", 150).json().path("output");
      assertThat(bob.path("amount").asLong()).isEqualTo(150);

      Frames.awaitEvent(watcher, "newBid", a -> a.get(0).equals(bob));
      assertThat(Frames.events(watcher, "newBid"))
          .containsExactly(Frames.json("[" + ada + "]"), Frames.json("[" + bob + "]"));

      JsonNode outcome = Frames.awaitEvent(watcher, "closed").get(0);
      assertThat(Instant.now()).isAfterOrEqualTo(closesAt);
      assertThat(outcome.path("item").asText()).isEqualTo("Brass lamp");
      assertThat(outcome.path("winner")).isEqualTo(bob);
      assertThat(Instant.parse(outcome.path("closedAt").asText())).isAfterOrEqualTo(closesAt);
    }

    HttpProbe.Response late = bid("lamp", "carol", 500);
    assertThat(late.errorCode()).isEqualTo("user.auction_closed");
    assertThat(late.json().path("message").asText())
        .isEqualTo("the auction of Brass lamp closed at " + closesAt);
    JsonNode state = http.action("liveAuction", "lamp", "getState", "[]").json().path("output");
    assertThat(state.path("closed").asBoolean()).isTrue();
    assertThat(state.path("bids")).hasSize(2);
    assertThat(state.path("bids").get(1).path("bidder").asText()).isEqualTo("bob");
  }

  @Test
  void aBidAfterTheClosingTimeIsRefusedWhetherOrNotTheScheduleRanYet() {
    Instant past = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
    assertThat(create("vase", "Vase", past).status()).isEqualTo(201);
    assertThat(bid("vase", "ada", 10).errorCode()).isEqualTo("user.auction_closed");
    // A closing time in the past is due at once: the schedule closes the auction anyway.
    Await.until("the vase auction to close", Duration.ofSeconds(20), () ->
        http.action("liveAuction", "vase", "getState", "[]").json().path("output")
            .path("closed").asBoolean());
  }

  @Test
  void anAuctionIsCreatedWithAnItemAndAClosingTimeOrNotAtAll() {
    HttpProbe.Response noInput = http.put("/api/actors/liveAuction/nothing", null);
    assertThat(noInput.status()).isEqualTo(400);
    assertThat(noInput.errorCode()).isEqualTo("user.invalid_input");
    HttpProbe.Response noTime = http.put("/api/actors/liveAuction/nothing", "{\"item\":\"Clock\"}");
    assertThat(noTime.errorCode()).isEqualTo("user.invalid_input");
    assertThat(noTime.json().path("message").asText())
        .isEqualTo("an auction is created with its closing time, closesAt");
    // A bid cannot create it implicitly either.
    assertThat(bid("nothing", "ada", 1).errorCode()).isEqualTo("user.invalid_input");
    assertThat(http.post("/api/actors/liveAuction/nothing/actions/getState?mode=get", "[]")
        .errorCode()).isEqualTo("actor.not_found");
  }

  @Test
  void theCloseActionIsInternal() {
    create("clock", "Clock", Instant.now().plusSeconds(3600));
    assertThat(http.action("liveAuction", "clock", "close", "[]").errorCode())
        .isEqualTo("actor.action_not_found");
  }
}
