package dev.rivulet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.records.ErrorCode;
import org.junit.jupiter.api.Test;

/** The limits' arithmetic: connections per address, the message rate, the outgoing budget. */
class LimitsTest {
  @Test
  void anAddressGetsAsManyConnectionsAsAllowedAndEachEndGivesOneBack() {
    Limits limits = new Limits(2, 0, 0);
    assertThat(limits.connect("10.0.0.1")).isTrue();
    assertThat(limits.connect("10.0.0.1")).isTrue();
    assertThat(limits.connect("10.0.0.1")).isFalse();
    assertThat(limits.connect("10.0.0.2")).as("another address").isTrue();
    limits.disconnected("10.0.0.1");
    assertThat(limits.connections("10.0.0.1")).isEqualTo(1);
    assertThat(limits.connect("10.0.0.1")).isTrue();
    limits.disconnected("10.0.0.1");
    limits.disconnected("10.0.0.1");
    assertThat(limits.connections("10.0.0.1")).isZero();
    assertThat(new Limits(0, 0, 0).connect("x")).as("0: no limit").isTrue();
  }

  @Test
  void aConnectionMaySendABurstOfASecondsWorthThenAtTheRate() {
    long t = 1_000_000_000L;
    Limits.Rate rate = new Limits.Rate(10, t); // the bucket starts full: ten at once
    int burst = 0;
    while (rate.admit(t)) burst++;
    assertThat(burst).isEqualTo(10);
    assertThat(rate.admit(t + 50_000_000L)).as("half a token later").isFalse();
    assertThat(rate.admit(t + 100_000_000L)).as("a token later").isTrue();
    assertThat(rate.admit(t + 100_000_000L)).isFalse();
    Limits.Rate none = new Limits.Rate(0);
    for (int i = 0; i < 10_000; i++) assertThat(none.admit(t)).isTrue();
  }

  @Test
  void anAddressMayMakeABurstOfASecondsWorthOfRequestsThenAtTheRate() {
    long t = 5_000_000_000L;
    Limits limits = new Limits(0, 0, 0, 10);
    int burst = 0;
    while (limits.request("10.0.0.1", t)) burst++;
    assertThat(burst).isEqualTo(10);
    assertThat(limits.request("10.0.0.2", t)).as("another address").isTrue();
    assertThat(limits.request("10.0.0.1", t + 50_000_000L)).as("half a token later").isFalse();
    assertThat(limits.request("10.0.0.1", t + 100_000_000L)).as("a token later").isTrue();
    assertThat(limits.addressesFollowed()).isEqualTo(2);
    // A second and more later both buckets are full again: forgotten, and a new one starts full.
    long later = t + 2_000_000_000L;
    assertThat(limits.request("10.0.0.3", later)).isTrue();
    assertThat(limits.addressesFollowed()).as("only the address of the last second").isEqualTo(1);
    int again = 0;
    while (limits.request("10.0.0.1", later)) again++;
    assertThat(again).isEqualTo(10);
    Limits none = new Limits(0, 0, 0, 0);
    for (int i = 0; i < 10_000; i++) assertThat(none.request("10.0.0.1", t)).isTrue();
    assertThat(none.addressesFollowed()).as("0: no limit, nothing followed").isZero();
  }

  @Test
  void theBudgetCountsWhatWaitsAndRefusesWhatGoesOver() {
    Limits.Budget budget = new Limits.Budget(100);
    assertThat(budget.take(60)).isTrue();
    assertThat(budget.take(40)).isTrue();
    assertThat(budget.take(1)).isFalse();
    budget.give(1);
    budget.give(60);
    assertThat(budget.waiting()).isEqualTo(40);
    assertThat(budget.take(60)).isTrue();
  }

  @Test
  void eachLimitsRefusalIsCountedUnderItsLimit() {
    assertThat(GatewayMetrics.limitOf("websocket", ErrorCode.TOO_MANY_CONNECTIONS.error("m")))
        .isEqualTo("connections_per_address");
    assertThat(GatewayMetrics.limitOf("websocket", ErrorCode.RATE_LIMITED.error("m")))
        .isEqualTo("messages_per_second");
    assertThat(GatewayMetrics.limitOf("http", ErrorCode.RATE_LIMITED.error("m")))
        .isEqualTo("requests_per_second");
    assertThat(GatewayMetrics.limitOf("sse", ErrorCode.SLOW_CONSUMER.error("m")))
        .isEqualTo("outgoing_buffer");
    assertThat(GatewayMetrics.limitOf("http", ErrorCode.INCOMING_TOO_LONG.error("m")))
        .isEqualTo("request_bytes");
    assertThat(GatewayMetrics.limitOf("websocket", ErrorCode.INCOMING_TOO_LONG.error("m")))
        .isEqualTo("message_bytes");
    assertThat(GatewayMetrics.limitOf("http", ErrorCode.UNAVAILABLE.error("m"))).isNull();
  }
}
