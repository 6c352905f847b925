package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.HttpProbe.Response;
import dev.rivulet.server.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stateless action calls, creation and metadata over real HTTP, against the real stack. */
class HttpActionIT {
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    server = TestStack.start(TestActors.ALL);
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anActionReturnsItsOutputAndTheStateCarriesOver() {
    Response first = http.action("tally", "a", "add", "[5]");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.text()).isEqualTo("{\"output\":5}");
    assertThat(http.action("tally", "a", "add", "[5]").text()).isEqualTo("{\"output\":10}");
    assertThat(http.action("tally", "a", "total", "[]").text()).isEqualTo("{\"output\":10}");
  }

  @Test
  void rivetKitsArgsObjectAndAnEmptyBodyAreAccepted() {
    assertThat(http.action("tally", "b", "add", "{\"args\":[2]}").text()).isEqualTo("{\"output\":2}");
    assertThat(http.post("/api/actors/tally/b/actions/total", "").text())
        .isEqualTo("{\"output\":2}");
  }

  @Test
  void getOfAMissingActorIsNotFoundAndDoesNotCreateIt() {
    Response r = http.post("/api/actors/tally/ghost/actions/total?mode=get", "[]");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorCode()).isEqualTo("actor.not_found");
    assertThat(r.json().path("message").asText()).contains("tally/ghost");
    assertThat(http.put("/api/actors/tally/ghost", "").status()).isEqualTo(201);
  }

  @Test
  void putCreatesOnceAndGetOrCreateDoesNotFail() {
    Response created = http.put("/api/actors/tally/c", "");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("created").asBoolean()).isTrue();
    assertThat(created.json().path("actor").path("id").asText()).isEqualTo("tally/c");
    assertThat(created.json().path("actor").path("generation").asLong()).isEqualTo(1);

    Response again = http.put("/api/actors/tally/c", "");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo("actor.duplicate_key");

    Response either = http.put("/api/actors/tally/c?mode=getOrCreate", "");
    assertThat(either.status()).isEqualTo(200);
    assertThat(either.json().path("created").asBoolean()).isFalse();
  }

  @Test
  void theCreationInputReachesCreateState() {
    assertThat(http.put("/api/actors/greeter/fr", "{\"greeting\":\"Bonjour\"}").status())
        .isEqualTo(201);
    assertThat(http.action("greeter", "fr", "greet", "[\"Ada\"]").text())
        .isEqualTo("{\"output\":\"Bonjour, Ada!\"}");
    assertThat(http.post("/api/actors/greeter/de/actions/greet?input="
            + "%7B%22greeting%22%3A%22Hallo%22%7D", "[\"Max\"]").text())
        .isEqualTo("{\"output\":\"Hallo, Max!\"}");
    assertThat(http.action("greeter", "plain", "greet", "[\"Bo\"]").text())
        .isEqualTo("{\"output\":\"Hello, Bo!\"}");
  }

  @Test
  void aRejectedCreationCreatesNothing() {
    Response bad = http.put("/api/actors/greeter/blank", "{\"greeting\":\" \"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorCode()).isEqualTo("user.invalid_input");
    Response wrongType = http.put("/api/actors/greeter/typed", "{\"greeting\":5}");
    assertThat(wrongType.errorCode()).isEqualTo("actor.invalid_arguments");
    assertThat(http.post("/api/actors/greeter/blank/actions/greet?mode=get", "[\"x\"]").errorCode())
        .isEqualTo("actor.not_found");
  }

  @Test
  void aThrowingActionIsAnInternalErrorAndLeavesTheStateAsItWas() {
    http.action("tally", "d", "add", "[1]");
    Response crash = http.action("tally", "d", "addThenCrash", "[100]");
    assertThat(crash.status()).isEqualTo(500);
    assertThat(crash.errorCode()).isEqualTo("core.internal_error");
    assertThat(crash.json().path("message").asText()).isEqualTo("An internal error occurred");
    assertThat(crash.text()).doesNotContain("boom");
    assertThat(http.action("tally", "d", "total", "[]").text()).isEqualTo("{\"output\":1}");
  }

  @Test
  void aUserErrorKeepsItsCodeMessageAndMetadata() {
    Response r = http.action("tally", "e", "addAtMost", "[10, 3]");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("user.too_much");
    assertThat(r.json().path("message").asText()).isEqualTo("amount 10 is over 3");
    assertThat(r.json().path("metadata").path("limit").asLong()).isEqualTo(3);
  }

  @Test
  void metadataListsActorTypesActionsAndArgumentTypes() {
    Response r = http.get("/api/metadata");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("runtime").asText()).isEqualTo("rivulet");
    var tally = r.json().path("actors").findParents("name").stream()
        .filter(n -> n.path("name").asText().equals("tally") && n.has("actions"))
        .findFirst().orElseThrow();
    var add = tally.path("actions").findParents("readOnly").stream()
        .filter(a -> a.path("name").asText().equals("add")).findFirst().orElseThrow();
    assertThat(add.path("args").get(0).path("name").asText()).isEqualTo("amount");
    assertThat(add.path("args").get(0).path("type").asText()).isEqualTo("integer");
    assertThat(add.path("returns").path("type").asText()).isEqualTo("integer");
    var total = tally.path("actions").findParents("readOnly").stream()
        .filter(a -> a.path("name").asText().equals("total")).findFirst().orElseThrow();
    assertThat(total.path("readOnly").asBoolean()).isTrue();
  }

  @Test
  void actionsWithNestedNamesAreCalledByTheirWholeNameAndListedInTheMetadata() {
    assertThat(http.action("tally", "nested", "add", "[3]").text()).isEqualTo("{\"output\":3}");
    assertThat(http.action("tally", "nested", "tally.double", "[]").text())
        .isEqualTo("{\"output\":6}");
    assertThat(http.action("tally", "nested", "stats.total", "[]").text())
        .isEqualTo("{\"output\":6}");
    Response prefix = http.action("tally", "nested", "tally", "[]");
    assertThat(prefix.status()).isEqualTo(404);
    assertThat(prefix.errorCode()).isEqualTo("actor.action_not_found");

    var tally = http.get("/api/metadata").json().path("actors").findParents("name").stream()
        .filter(n -> n.path("name").asText().equals("tally") && n.has("actions"))
        .findFirst().orElseThrow();
    assertThat(tally.path("actions").findValuesAsText("name"))
        .contains("tally.double", "stats.total");
  }

  @Test
  void theDefaultBodyLimitIsOneMebibyte() {
    String justUnder = "[\"" + "x".repeat((1 << 20) - 32) + "\", 0]";
    assertThat(http.action("tally", "big", "shout", justUnder).status()).isEqualTo(200);
    String over = "[\"" + "x".repeat(1 << 20) + "\", 0]";
    HttpProbe.Response r = http.action("tally", "big", "shout", over);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.errorCode()).isEqualTo("message.incoming_too_long");
    assertThat(r.json().path("message").asText()).contains("1048576");
  }

  @Test
  void healthAnswers() {
    Response r = http.get("/health");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("status").asText()).isEqualTo("ok");
  }
}
