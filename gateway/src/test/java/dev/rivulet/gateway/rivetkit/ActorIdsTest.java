package dev.rivulet.gateway.rivetkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ActorIdsTest {
  @Test
  void idsCarryNameKeyAndGenerationInUrlSafeCharacters() throws Exception {
    for (List<String> key : List.of(List.<String>of(), List.of(""), List.of("a/b", "c,d@e"),
        List.of("ünï"))) {
      String id = ActorIds.of("chatRoom", key, 3);
      assertThat(id).matches("[A-Za-z0-9_-]+");
      assertThat(ActorIds.parse(id)).isEqualTo(new ActorIds.Parts("chatRoom", key, 3));
    }
    assertThat(ActorIds.of("c", List.of("k"), 1)).isNotEqualTo(ActorIds.of("c", List.of("k"), 2));
    assertThat(ActorIds.of("c", List.of("k"), 1)).isEqualTo(ActorIds.of("c", List.of("k"), 1));
  }

  @Test
  void unreadableIdsAreNotFound() {
    String id = ActorIds.of("c", List.of("k"), 1);
    for (String bad : new String[] {"", "!!", id + "A", id.substring(1), "AA==", "nope"}) {
      assertThatThrownBy(() -> ActorIds.parse(bad))
          .isInstanceOf(RivetKitProtocolException.class)
          .satisfies(e -> assertThat(((RivetKitProtocolException) e).code()).isEqualTo("not_found"));
    }
  }
}
