package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.client.ActorError;
import dev.rivulet.client.RivuletClient;
import dev.rivulet.examples.UserManagerApi.User;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The user manager through the typed Java client: records, Optional and lists as results. */
class UserManagerIT {
  static RivuletServer server;
  static RivuletClient client;

  @BeforeAll
  static void start() {
    server = TestStack.start(List.of(UserManager.class));
    client = RivuletClient.create(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static UserManagerApi users(String tenant) {
    return client.actor("userManager", UserManagerApi.class).getOrCreate(tenant).api();
  }

  @Test
  void usersAreCreatedFoundAndListedWithTypedResults() {
    UserManagerApi acme = users("acme");
    User alice = acme.createUser("Alice");
    User bob = acme.createUser("Bob");
    assertThat(alice.name()).isEqualTo("Alice");
    assertThat(alice.userId())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(bob.userId()).isNotEqualTo(alice.userId());

    assertThat(acme.getUser(alice.userId())).isEqualTo(Optional.of(alice));
    assertThat(acme.getUser("no-such-user")).isEqualTo(Optional.empty());
    assertThat(acme.listUsers()).containsExactly(alice, bob);

    // Tenants are separate actors.
    assertThat(users("globex").listUsers()).isEmpty();
    assertThat(users("globex").getUser(alice.userId())).isEmpty();
  }

  @Test
  void anAbsentUserIsJsonNullOnTheWire() {
    HttpProbe http = new HttpProbe(server.url());
    assertThat(http.action("userManager", "wire", "getUser", "[\"nobody\"]").text())
        .isEqualTo("{\"output\":null}");
  }

  @Test
  void anEmptyNameIsAUserErrorForTheClient() {
    assertThatThrownBy(() -> users("strict").createUser(" "))
        .isInstanceOfSatisfying(ActorError.class, e -> {
          assertThat(e.qualifiedCode()).isEqualTo("user.invalid_name");
          assertThat(e.getMessage()).isEqualTo("a name is 1 to 200 characters");
        });
    assertThat(users("strict").listUsers()).isEmpty();
  }

  @Test
  void userIdsComeFromTheRecordedSeedSoAReplayGivesTheSameIds() {
    User carol = users("replay").createUser("Carol");
    JsonNode record = TopicReader.byKey(server.bootstrapServers(),
            server.engine().topics().journal(), "userManager/replay", 1).stream()
        .map(TopicReader.Rec::value)
        .filter(v -> v.path("request").path("action").asText().equals("createUser"))
        .findFirst().orElseThrow();
    assertThat(record.path("output").path("userId").asText()).isEqualTo(carol.userId());
    // The engine seeds context().random() with the journal's seed (a SplittableRandom): drawing
    // from the same seed again is what a replay does.
    assertThat(UserManager.newUserId(new SplittableRandom(record.path("seed").asLong())))
        .isEqualTo(carol.userId());
  }
}
