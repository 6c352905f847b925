package dev.rivulet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.gateway.rivetkit.ClientProtocol.Frame;
import dev.rivulet.records.RecordCodec;
import org.junit.jupiter.api.Test;

/** An event is encoded once per transport, however many connections it goes to. */
class OutgoingEventTest {
  private static JsonNode json(String text) throws Exception {
    return RecordCodec.mapper().readTree(text);
  }

  @Test
  void aBroadcastIsEncodedOnceForAllItsSubscribersPerTransport() throws Exception {
    OutgoingEvent event = new OutgoingEvent("newCount", json("[7]"), 5, false);
    Frame frame = event.webSocketFrame(WsWire.RIVULET);
    assertThat(frame.text()).isEqualTo(
        "{\"body\":{\"tag\":\"Event\",\"val\":{\"name\":\"newCount\",\"args\":[7],\"id\":5}}}");
    assertThat(event.webSocketFrame(WsWire.RIVULET)).isSameAs(frame);
    Frame bare = event.webSocketFrame(WsWire.RIVETKIT_BARE);
    assertThat(bare.isText()).isFalse();
    assertThat(event.webSocketFrame(WsWire.RIVETKIT_BARE)).isSameAs(bare);
    assertThat(event.webSocketFrame(WsWire.RIVETKIT_JSON).text())
        .isEqualTo("{\"body\":{\"tag\":\"Event\",\"val\":{\"name\":\"newCount\",\"args\":[7]}}}");
    String message = event.sseMessage();
    assertThat(message).isEqualTo("id: 5\nevent: newCount\ndata: [7]\n\n");
    assertThat(event.sseMessage()).isSameAs(message);
  }

  @Test
  void eachEventHasItsOwnEncodings() throws Exception {
    JsonNode args = json("[7]");
    assertThat(new OutgoingEvent("newCount", args, 6, false).webSocketFrame(WsWire.RIVULET).text())
        .contains("\"id\":6");
    assertThat(new OutgoingEvent("other", args, 6, false).webSocketFrame(WsWire.RIVULET).text())
        .contains("other");
    assertThat(new OutgoingEvent("newCount", json("[8]"), 6, true).sseMessage())
        .isEqualTo("id: 6\nevent: newCount\ndata: [8]\n\n");
  }
}
