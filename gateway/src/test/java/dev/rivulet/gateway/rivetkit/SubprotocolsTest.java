package dev.rivulet.gateway.rivetkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubprotocolsTest {
  @Test
  void readsWhatTheClientOffers() throws Exception {
    Subprotocols p = Subprotocols.parse("rivet, rivet_encoding.bare, rivet_target.actor, "
        + "rivet_actor.AWNvdW50ZXI, rivet_token.tok, rivet_skip_ready_wait, "
        + "rivet_conn_params.%7B%22name%22%3A%22ada%20l%22%7D");
    assertThat(p.encoding()).isEqualTo(Encoding.BARE);
    assertThat(p.params()).isEqualTo(UserValues.readJson("{\"name\":\"ada l\"}", "x"));
    assertThat(p.target()).isEqualTo("actor");
    assertThat(p.actorId()).isEqualTo("AWNvdW50ZXI");
    assertThat(p.token()).isEqualTo("tok");
    assertThat(p.skipReadyWait()).isTrue();
    assertThat(p.selected()).isEqualTo("rivet");
  }

  @Test
  void defaultsToJsonWithoutParams() throws Exception {
    Subprotocols p = Subprotocols.parse(null);
    assertThat(p.encoding()).isEqualTo(Encoding.JSON);
    assertThat(p.params()).isNull();
    assertThat(p.selected()).isNull();
  }

  @Test
  void badSubprotocolsAreClearErrors() {
    assertThatThrownBy(() -> Subprotocols.parse("rivet, rivet_encoding.msgpack"))
        .isInstanceOf(RivetKitProtocolException.class)
        .hasMessageContaining("unsupported encoding \"msgpack\"")
        .satisfies(e -> assertThat(((RivetKitProtocolException) e).code())
            .isEqualTo("unsupported_websocket_encoding"));
    assertThatThrownBy(() -> Subprotocols.parse("rivet, rivet_conn_params.%7Bnope"))
        .hasMessageContaining("connection params is not valid JSON");
    assertThatThrownBy(() -> Subprotocols.parse("rivet_encoding.json, rivet_encoding.bare"))
        .hasMessageContaining("more than one rivet_encoding.");
  }

  @Test
  void httpParamsHeader() throws Exception {
    assertThat(ConnParams.fromHeader(null)).isNull();
    assertThat(ConnParams.fromHeader("{\"trackLifecycle\":true}"))
        .isEqualTo(UserValues.readJson("{\"trackLifecycle\":true}", "x"));
    assertThatThrownBy(() -> ConnParams.fromHeader("{"))
        .hasMessageContaining("x-rivet-conn-params is not valid JSON");
  }

  @Test
  void encodingHeader() throws Exception {
    assertThat(Encoding.ofHeader(null)).isEqualTo(Encoding.JSON);
    assertThat(Encoding.ofHeader("cbor")).isEqualTo(Encoding.CBOR);
    assertThat(Encoding.of("BARE")).isEqualTo(Encoding.BARE);
    assertThat(Encoding.BARE.contentType()).isEqualTo("application/octet-stream");
    assertThatThrownBy(() -> Encoding.ofHeader("xml")).hasMessageContaining("unsupported encoding");
  }
}
