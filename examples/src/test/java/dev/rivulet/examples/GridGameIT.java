package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.SseProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.WsProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The grid game: many connections, each with its own player state; presence on join and leave. */
class GridGameIT {
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    server = TestStack.start(List.of(GridGame.class));
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static WsProbe join(String game, String player) {
    return Frames.open(server, "gridGame", game, "{\"player\":\"" + player + "\"}",
        "state", "joined", "left");
  }

  private static String player(String name, int x, int y) {
    return "{\"name\":\"" + name + "\",\"x\":" + x + ",\"y\":" + y + "}";
  }

  private static String board(String... players) {
    return "{\"width\":10,\"height\":10,\"players\":[" + String.join(",", players) + "]}";
  }

  @Test
  void fivePlayersJoinMoveAndLeaveAndEveryoneSeesIt() {
    List<WsProbe> players = new ArrayList<>();
    List<String> onBoard = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        WsProbe p = join("arena", "p" + i);
        players.add(p);
        onBoard.add(player("p" + i, i, 0));
        // Its own welcome: where it starts, and the board with everyone so far.
        JsonNode welcome = Frames.awaitEvent(p, "welcome");
        assertThat(welcome.toString()).isEqualTo(
            "[" + player("p" + i, i, 0) + "," + board(onBoard.toArray(String[]::new)) + "]");
        Frames.call(p, 1, "getBoard", "[]"); // its subscriptions are in effect from here on
      }
      String full = board(onBoard.toArray(String[]::new));
      for (int i = 0; i < 4; i++) { // the others saw each later player join
        WsProbe p = players.get(i);
        String self = "p" + i;
        Frames.awaitEvent(p, "state", a -> a.get(0).toString().equals(full));
        // A player may or may not see its own join: the broadcast races its subscription.
        assertThat(Frames.events(p, "joined")).extracting(a -> a.get(0).path("name").asText())
            .filteredOn(name -> !name.equals(self))
            .containsExactlyElementsOf(List.of("p1", "p2", "p3", "p4").subList(i, 4));
      }

      for (int i = 0; i < 5; i++) {
        JsonNode moved = Frames.call(players.get(i), 10, "move", "[\"down\"]");
        assertThat(moved.path("output").toString()).isEqualTo(player("p" + i, i, 1));
        onBoard.set(i, player("p" + i, i, 1));
      }
      String afterMoves = board(onBoard.toArray(String[]::new));
      for (WsProbe p : players) {
        Frames.awaitEvent(p, "state", a -> a.get(0).toString().equals(afterMoves));
      }
      assertThat(http.action("gridGame", "arena", "getBoard", "[]").json().path("output")
          .toString()).isEqualTo(afterMoves);

      JsonNode wall = Frames.call(players.get(0), 11, "move", "[\"left\"]");
      assertThat(wall.path("group").asText() + "." + wall.path("code").asText())
          .isEqualTo("user.off_grid");
      JsonNode taken = Frames.call(players.get(1), 11, "move", "[\"left\"]");
      assertThat(taken.path("code").asText()).isEqualTo("cell_taken");
      assertThat(taken.path("message").asText()).isEqualTo("p0 is on 0,1");
      assertThat(http.action("gridGame", "arena", "move", "[\"up\"]").errorCode())
          .isEqualTo("user.not_a_player");

      players.remove(4).close(); // p4 leaves
      onBoard.remove(4);
      String afterLeave = board(onBoard.toArray(String[]::new));
      for (WsProbe p : players) {
        Frames.awaitEvent(p, "state", a -> a.get(0).toString().equals(afterLeave));
        assertThat(Frames.awaitEvent(p, "left").toString()).isEqualTo("[\"p4\"]");
      }
      assertThat(http.action("gridGame", "arena", "getBoard", "[]").json().path("output")
          .toString()).isEqualTo(afterLeave);
      assertThat(http.action("gridGame", "arena", "moves", "[]").text())
          .isEqualTo("{\"output\":5}");
    } finally {
      players.forEach(WsProbe::close);
    }
  }

  @Test
  void aNameInUseOrAFullGameIsRefused() {
    assertThat(http.put("/api/actors/gridGame/tiny", "{\"width\":2,\"height\":2}").status())
        .isEqualTo(201);
    List<WsProbe> players = new ArrayList<>();
    try {
      for (String name : new String[] {"a", "b", "c", "d"}) players.add(join("tiny", name));
      try (WsProbe twin = Frames.connect(server, "gridGame", "tiny", "{\"player\":\"a\"}")) {
        assertThat(Frames.awaitFrame(twin, f -> Frames.tag(f).equals("Error"))
            .path("body").path("val").path("code").asText()).isEqualTo("name_taken");
        assertThat(twin.awaitClose(Duration.ofSeconds(10)).reason()).isEqualTo("user.name_taken");
      }
      try (WsProbe fifth = Frames.connect(server, "gridGame", "tiny", "{\"player\":\"e\"}")) {
        assertThat(fifth.awaitClose(Duration.ofSeconds(10)).reason()).isEqualTo("user.game_full");
      }
      try (WsProbe nameless = Frames.connect(server, "gridGame", "tiny", "{\"player\":\" \"}")) {
        assertThat(nameless.awaitClose(Duration.ofSeconds(10)).reason())
            .isEqualTo("user.invalid_player");
      }
      assertThat(http.action("gridGame", "tiny", "getBoard", "[]").json().path("output")
          .toString()).isEqualTo("{\"width\":2,\"height\":2,\"players\":[" + player("a", 0, 0)
          + "," + player("b", 1, 0) + "," + player("c", 0, 1) + "," + player("d", 1, 1) + "]}");
    } finally {
      players.forEach(WsProbe::close);
    }
  }

  @Test
  void spectatorsWatchOverSseWithoutTakingACell() {
    try (SseProbe spectator = new SseProbe(server.url() + "/api/actors/gridGame/watched/events")) {
      assertThat(spectator.await("welcome").data()).isEqualTo("[null," + board() + "]");
      try (WsProbe ada = join("watched", "ada")) {
        Frames.awaitEvent(ada, "welcome");
        assertThat(spectator.await("joined").data()).isEqualTo("[" + player("ada", 0, 0) + "]");
        assertThat(spectator.await("state").data())
            .isEqualTo("[" + board(player("ada", 0, 0)) + "]");
        Frames.call(ada, 1, "move", "[\"right\"]");
        assertThat(spectator.await("state").data())
            .isEqualTo("[" + board(player("ada", 1, 0)) + "]");
      }
      assertThat(spectator.await("left").data()).isEqualTo("[\"ada\"]");
      assertThat(spectator.await("state").data()).isEqualTo("[" + board() + "]");
    }
  }
}
