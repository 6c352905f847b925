package dev.rivulet.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Event;
import org.junit.jupiter.api.Test;

/** Events declared with {@code @Event}: read at registration, checked, described in metadata. */
class DeclaredEventTest {
  record Message(String user, String text) {}

  @Actor("room")
  @Event(name = "newMessage", args = Message.class, argNames = "message")
  @Event(name = "moved", args = {int.class, int.class})
  @Event(name = "cleared")
  static class Room extends ActorBase<Message> {}

  @Test
  void theEventsAreReadInTheOrderWrittenAndDescribed() {
    ActorType type = ActorType.of(Room.class);
    assertThat(type.events()).extracting(DeclaredEvent::name)
        .containsExactly("newMessage", "moved", "cleared");
    assertThat(type.events().get(1).args()).extracting(ActionMethod.Param::name)
        .containsExactly("arg0", "arg1");
    JsonNode events = type.describe().get("events");
    assertThat(events.get(0).get("name").asText()).isEqualTo("newMessage");
    assertThat(events.get(0).get("args").get(0).get("name").asText()).isEqualTo("message");
    assertThat(events.get(0).get("args").get(0).get("properties").get("text").get("type").asText())
        .isEqualTo("string");
    assertThat(events.get(1).get("args").get(1).get("type").asText()).isEqualTo("integer");
    assertThat(events.get(2).get("args")).isEmpty();
  }

  @Actor("quiet")
  static class Quiet extends ActorBase<Message> {}

  @Test
  void anActorWithoutEventsHasNoEventsInItsDescription() {
    assertThat(ActorType.of(Quiet.class).events()).isEmpty();
    assertThat(ActorType.of(Quiet.class).describe().has("events")).isFalse();
  }

  @Actor("twice")
  @Event(name = "ping")
  @Event(name = "ping", args = int.class)
  static class Twice extends ActorBase<Message> {}

  @Actor("miscounted")
  @Event(name = "moved", args = {int.class, int.class}, argNames = "x")
  static class Miscounted extends ActorBase<Message> {}

  @Actor("unnamed")
  @Event(name = "")
  static class Unnamed extends ActorBase<Message> {}

  @Actor("voided")
  @Event(name = "nothing", args = void.class)
  static class Voided extends ActorBase<Message> {}

  @Test
  void aDeclarationThatCannotBeRightFailsRegistrationNamingTheClass() {
    assertThatThrownBy(() -> ActorType.of(Twice.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Twice.class.getName() + ": @Event(name = \"ping\"): declared twice; declare"
            + " each event once");
    assertThatThrownBy(() -> ActorType.of(Miscounted.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Miscounted.class.getName() + ": @Event(name = \"moved\"): argNames has 1"
            + " names for 2 args; give one name per argument, or none");
    assertThatThrownBy(() -> ActorType.of(Unnamed.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Unnamed.class.getName() + ": an @Event needs a name");
    assertThatThrownBy(() -> ActorType.of(Voided.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an argument cannot be void");
  }
}
