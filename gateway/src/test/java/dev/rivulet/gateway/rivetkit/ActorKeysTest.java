package dev.rivulet.gateway.rivetkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ActorKeysTest {
  @Test
  void restFormEscapesSlashesBackslashesAndEmptyParts() throws Exception {
    assertThat(ActorKeys.serialize(List.of())).isEqualTo("/");
    assertThat(ActorKeys.serialize(List.of("a"))).isEqualTo("a");
    assertThat(ActorKeys.serialize(List.of("tenant", "room"))).isEqualTo("tenant/room");
    assertThat(ActorKeys.serialize(List.of("a/b", "c\\d"))).isEqualTo("a\\/b/c\\\\d");
    assertThat(ActorKeys.serialize(List.of(""))).isEqualTo("\\0");
    assertThat(ActorKeys.serialize(List.of("", "x", ""))).isEqualTo("\\0/x/\\0");
    for (List<String> key : List.of(List.<String>of(), List.of("a"), List.of("a/b", "c\\d"),
        List.of(""), List.of("", ""), List.of("", "x", ""), List.of("0", "\\0", "/"),
        List.of("ünï", "€"))) {
      assertThat(ActorKeys.deserialize(ActorKeys.serialize(key))).isEqualTo(key);
    }
    assertThat(ActorKeys.deserialize("")).isEmpty();
    assertThat(ActorKeys.deserialize(null)).isEmpty();
  }

  @Test
  void restFormErrorsAreClear() {
    assertThatThrownBy(() -> ActorKeys.deserialize("a\\"))
        .isInstanceOf(RivetKitProtocolException.class)
        .hasMessageContaining("ends with a lone \\")
        .satisfies(e -> assertThat(((RivetKitProtocolException) e).code()).isEqualTo("invalid_key"));
    assertThatThrownBy(() -> ActorKeys.deserialize("a\\x")).hasMessageContaining("\\x is not an escape");
    assertThatThrownBy(() -> ActorKeys.deserialize("a\\0")).hasMessageContaining("whole part");
    assertThatThrownBy(() -> ActorKeys.deserialize("\\0a")).hasMessageContaining("whole part");
  }

  @Test
  void queryFormIsCommaSeparated() {
    assertThat(ActorKeys.fromQuery(null)).isEmpty();
    assertThat(ActorKeys.fromQuery("")).isEmpty();
    assertThat(ActorKeys.fromQuery("tenant,room")).containsExactly("tenant", "room");
    assertThat(ActorKeys.fromQuery("a,,b")).containsExactly("a", "", "b");
    assertThat(ActorKeys.toQuery(List.of())).isNull();
    assertThat(ActorKeys.toQuery(List.of("tenant", "room"))).isEqualTo("tenant,room");
  }
}
