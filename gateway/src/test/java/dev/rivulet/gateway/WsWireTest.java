package dev.rivulet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import org.junit.jupiter.api.Test;

class WsWireTest {
  private static final ErrorInfo TIMED_OUT = ErrorCode.ACTION_TIMED_OUT.error("no reply");
  private static final ErrorInfo UNAVAILABLE = ErrorCode.UNAVAILABLE.error("Kafka is away");

  @Test
  void anOpeningWithoutAnAnswerIsRetriedOnRivetKitsWire() {
    for (WsWire wire : new WsWire[] {WsWire.RIVETKIT_JSON, WsWire.RIVETKIT_CBOR,
        WsWire.RIVETKIT_BARE}) {
      assertThat(wire.retryLater(TIMED_OUT)).as(wire.name()).isEqualTo("guard.service_unavailable");
      assertThat(wire.retryLater(UNAVAILABLE)).as(wire.name())
          .isEqualTo("guard.service_unavailable");
    }
  }

  @Test
  void anyOtherRefusalAndRivuletsOwnWireKeepTheirError() {
    assertThat(WsWire.RIVETKIT_JSON.retryLater(ErrorCode.ACTOR_NOT_FOUND.error("gone"))).isNull();
    assertThat(WsWire.RIVETKIT_JSON.retryLater(new ErrorInfo("user", "forbidden", "no"))).isNull();
    assertThat(WsWire.RIVETKIT_JSON.retryLater(
        new ErrorInfo("user", "unavailable", "a user error of the same code"))).isNull();
    assertThat(WsWire.RIVULET.retryLater(TIMED_OUT)).isNull();
    assertThat(WsWire.RIVULET.retryLater(UNAVAILABLE)).isNull();
  }
}
