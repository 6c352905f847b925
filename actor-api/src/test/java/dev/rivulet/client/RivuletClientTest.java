package dev.rivulet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The parts of the client that need no server: path building, handles, errors. */
class RivuletClientTest {
  interface CounterApi {
    long increment(long by);
  }

  private final RivuletClient client = RivuletClient.create("http://localhost:1/");

  @Test
  void segmentsArePercentEncodedWithSpacesAsPercent20() {
    assertThat(RivuletClient.segment("my-counter_1.x")).isEqualTo("my-counter_1.x");
    assertThat(RivuletClient.segment("my key")).isEqualTo("my%20key");
    assertThat(RivuletClient.segment("a+b")).isEqualTo("a%2Bb");
    assertThat(RivuletClient.segment("100%?#&=")).isEqualTo("100%25%3F%23%26%3D");
    assertThat(RivuletClient.segment("ключ")).isEqualTo("%D0%BA%D0%BB%D1%8E%D1%87");
    assertThat(RivuletClient.segment("☃ 😀")).isEqualTo("%E2%98%83%20%F0%9F%98%80");
  }

  @Test
  void aSlashOrAnEmptySegmentIsRejected() {
    assertThatThrownBy(() -> RivuletClient.segment("a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("actor keys used over HTTP cannot contain '/': a/b");
    assertThatThrownBy(() -> RivuletClient.segment(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("actor name and key must not be empty");
    assertThatThrownBy(() -> RivuletClient.segment(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("actor name and key must not be empty");
  }

  @Test
  void actorPathsEncodeNameAndKey() {
    assertThat(client.actorPath("counter", "my key")).isEqualTo("/api/actors/counter/my%20key");
    assertThat(client.actorPath("chat-room", "é")).isEqualTo("/api/actors/chat-room/%C3%A9");
  }

  @Test
  void queryValuesAreFormEncoded() {
    assertThat(RivuletClient.query("{\"a\":\"b c\"}")).isEqualTo("%7B%22a%22%3A%22b+c%22%7D");
  }

  @Test
  void aTrailingSlashOfTheBaseUrlIsDroppedAndTheTimeoutKept() {
    assertThat(client.base()).hasToString("http://localhost:1");
    assertThat(client.timeout()).isEqualTo(Duration.ofSeconds(70));
    assertThat(RivuletClient.create("http://h:2", Duration.ofSeconds(3)).timeout())
        .isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> RivuletClient.create(null))
        .isInstanceOf(NullPointerException.class).hasMessage("baseUrl");
    assertThatThrownBy(() -> RivuletClient.create("http://h", null))
        .isInstanceOf(NullPointerException.class).hasMessage("timeout");
  }

  @Test
  void handlesValidateNameAndKeyWithoutARequest() {
    ActorKind<CounterApi> counters = client.actor("counter", CounterApi.class);
    assertThatThrownBy(() -> counters.getOrCreate("a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("actor keys used over HTTP cannot contain '/': a/b");
    assertThatThrownBy(() -> counters.get(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.actor("", CounterApi.class).get("k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("actor name and key must not be empty");
    assertThatThrownBy(() -> client.actor("counter", null))
        .isInstanceOf(NullPointerException.class).hasMessage("api");
  }

  @Test
  void aHandleNamesItsActorAndItsStubDescribesIt() {
    ActorHandle<CounterApi> handle = client.actor("counter", CounterApi.class).getOrCreate("my key");
    assertThat(handle.name()).isEqualTo("counter");
    assertThat(handle.key()).isEqualTo("my key");
    assertThat(handle.api().toString()).isEqualTo("CounterApi(counter/my key)");
  }

  @Test
  void anUntypedHandleHasNoStub() {
    ActorHandle<Void> handle = client.actor("counter").get("k");
    assertThatThrownBy(handle::api)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no action interface given; use client.actor(name, Api.class)");
  }

  @Test
  void actorErrorsExposeGroupCodeMessageAndMetadata() {
    var metadata = JsonNodeFactory.instance.objectNode().put("max", 8);
    ActorError e = new ActorError("user", "room_full", "The room is full", metadata);
    assertThat(e.group()).isEqualTo("user");
    assertThat(e.code()).isEqualTo("room_full");
    assertThat(e.qualifiedCode()).isEqualTo("user.room_full");
    assertThat(e.getMessage()).isEqualTo("The room is full");
    assertThat(e.metadata()).isSameAs(metadata);
    assertThat(e).hasToString("ActorError[user.room_full]: The room is full");
    assertThat(new ActorError("actor", "not_found", "gone", null).metadata()).isNull();
    assertThat(e).isInstanceOf(RuntimeException.class);
  }
}
