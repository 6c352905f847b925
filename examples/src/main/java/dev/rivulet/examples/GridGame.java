package dev.rivulet.examples;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Event;
import dev.rivulet.actor.Conn;
import dev.rivulet.actor.UserError;
import java.util.ArrayList;
import java.util.List;

/**
 * A small multiplayer game on a grid. Players connect with the params {@code {"player":"ada"}}:
 * each connection's state is its player and position, given on connect (the first free cell, row
 * by row). {@code move(direction)} moves the caller's player one cell and broadcasts the whole
 * board as {@code state}; a player who disconnects leaves the board. Connections without params
 * (an SSE stream, for example) are spectators: they watch and do not play.
 *
 * <p>Events: {@code welcome(player, board)} to the new connection only, then to everyone {@code
 * joined(player)}, {@code left(name)} and {@code state(board)}.
 */
@Actor("gridGame")
@Event(name = "welcome", args = {GridGame.Player.class, GridGame.Board.class},
    argNames = {"player", "board"})
@Event(name = "joined", args = GridGame.Player.class, argNames = "player")
@Event(name = "left", args = String.class, argNames = "name")
@Event(name = "state", args = GridGame.Board.class, argNames = "board")
public class GridGame extends ActorBase<GridGame.State> {
  /** The most players one game takes. */
  public static final int MAX_PLAYERS = 16;

  /** A grid of 10 by 10 unless the game is created with a size. */
  public static final int DEFAULT_SIZE = 10;

  /** What a player connects with. */
  public record Join(String player) {}

  /** A player on the board: a connection's state. */
  public record Player(String name, int x, int y) {}

  /** The board as everyone sees it; players in the order they joined. */
  public record Board(int width, int height, List<Player> players) {}

  /** What a game may be created with. */
  public record Size(int width, int height) {}

  /** The persistent state: the grid's size and how many moves were made. */
  public record State(int width, int height, long moves) {}

  @Override
  protected State initialState() {
    return new State(DEFAULT_SIZE, DEFAULT_SIZE, 0);
  }

  /** A game with its own size, from 2 by 2 to 100 by 100. */
  protected State createState(Size size) {
    if (size == null || size.width() < 2 || size.height() < 2 || size.width() > 100
        || size.height() > 100) {
      throw new UserError("invalid_size", "width and height are between 2 and 100");
    }
    return new State(size.width(), size.height(), 0);
  }

  /** Players need a name no one else on the board has, and a free seat. */
  protected void onBeforeConnect(Join join) {
    if (join == null) return; // a spectator
    String name = join.player();
    if (name == null || name.isBlank() || name.length() > 32) {
      throw new UserError("invalid_player", "a player's name is 1 to 32 characters");
    }
    List<Player> players = players(null);
    if (players.stream().anyMatch(p -> p.name().equals(name))) {
      throw new UserError("name_taken", name + " is already playing");
    }
    if (players.size() >= Math.min(MAX_PLAYERS, state().width() * state().height())) {
      throw new UserError("game_full", "the game is full");
    }
  }

  /** A new player starts on the first free cell, row by row; spectators have no state. */
  protected Player createConnState(Join join) {
    if (join == null) return null;
    List<Player> players = players(null);
    for (int y = 0; y < state().height(); y++) {
      for (int x = 0; x < state().width(); x++) {
        if (at(players, x, y) == null) return new Player(join.player(), x, y);
      }
    }
    throw new UserError("game_full", "the game is full");
  }

  @Override
  protected void onConnect(Conn conn) {
    Player player = conn.state(Player.class);
    conn.send("welcome", player, board(null));
    if (player == null) return;
    broadcast("joined", player);
    broadcast("state", board(null));
  }

  @Override
  protected void onDisconnect(Conn conn) {
    Player player = conn.state(Player.class);
    if (player == null) return;
    broadcast("left", player.name());
    broadcast("state", board(conn));
  }

  /**
   * Moves the caller's player one cell {@code up}, {@code down}, {@code left} or {@code right};
   * returns where it is now. Fails with {@code user.off_grid} at the edge, {@code
   * user.cell_taken} when another player is there, {@code user.not_a_player} for callers who are
   * not connected as a player.
   */
  @Action
  public Player move(String direction) {
    Conn conn = context().conn();
    Player me = conn == null ? null : conn.state(Player.class);
    if (me == null) throw new UserError("not_a_player", "connect with {\"player\": name} to play");
    int x = me.x();
    int y = me.y();
    switch (direction == null ? "" : direction) {
      case "up" -> y--;
      case "down" -> y++;
      case "left" -> x--;
      case "right" -> x++;
      default -> throw new UserError("invalid_direction", "direction is up, down, left or right");
    }
    State s = state();
    if (x < 0 || y < 0 || x >= s.width() || y >= s.height()) {
      throw new UserError("off_grid", me.name() + " cannot leave the grid");
    }
    Player there = at(players(null), x, y);
    if (there != null) throw new UserError("cell_taken", there.name() + " is on " + x + "," + y);
    Player moved = new Player(me.name(), x, y);
    conn.setState(moved);
    setState(new State(s.width(), s.height(), s.moves() + 1));
    broadcast("state", board(null));
    return moved;
  }

  /** The board: its size and the players on it. */
  @Action(readOnly = true)
  public Board getBoard() {
    return board(null);
  }

  /** How many moves were made in this game. */
  @Action(readOnly = true)
  public long moves() {
    return state().moves();
  }

  private Board board(Conn leaving) {
    return new Board(state().width(), state().height(), players(leaving));
  }

  /** The players connected, but for {@code leaving}, in the order they joined. */
  private List<Player> players(Conn leaving) {
    List<Player> players = new ArrayList<>();
    for (Conn c : context().conns()) {
      Player p = c.state(Player.class);
      if (p != null && !c.equals(leaving)) players.add(p);
    }
    return players;
  }

  private static Player at(List<Player> players, int x, int y) {
    for (Player p : players) if (p.x() == x && p.y() == y) return p;
    return null;
  }
}
