package dev.rivulet.server;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.StoredLog;
import dev.rivulet.actor.StoredMap;
import dev.rivulet.actor.UserError;
import java.util.List;
import java.util.Map;

/** Actors for the server's integration tests. */
final class TestActors {
  private TestActors() {}

  static final List<Class<? extends ActorBase<?>>> ALL = List.of(Tally.class, Greeter.class);

  /** The client-side view of {@link Tally}. */
  public interface TallyApi {
    long add(long amount);

    long total();
  }

  /** A counter with the failure modes tests need. */
  @Actor("tally")
  public static class Tally extends ActorBase<Tally.State> implements TallyApi {
    public record State(long total) {}

    @Override
    protected State initialState() {
      return new State(0);
    }

    @Action
    @Override
    public long add(long amount) {
      State next = new State(state().total() + amount);
      setState(next);
      broadcast("changed", next.total());
      return next.total();
    }

    @Action(readOnly = true)
    @Override
    public long total() {
      return state().total();
    }

    /** Changes the state, then throws: the change must not stick. */
    @Action
    public long addThenCrash(long amount) {
      setState(new State(state().total() + amount));
      throw new IllegalStateException("boom");
    }

    /** Rejects with a user error and metadata. */
    @Action
    public long addAtMost(long amount, long limit) {
      if (amount > limit) {
        throw new UserError("too_much", "amount " + amount + " is over " + limit,
            Map.of("limit", limit));
      }
      return add(amount);
    }

    /** Doubles the total: an action with a nested name, as RivetKit's nested actions. */
    @Action(name = "tally.double")
    public long doubleIt() {
      return add(state().total());
    }

    /** The total, by a nested name, read-only (answered from the store over HTTP). */
    @Action(name = "stats.total", readOnly = true)
    public long statsTotal() {
      return state().total();
    }

    /** Broadcasts a larger payload, to exercise event routing. */
    @Action
    public void shout(String word, int times) {
      for (int i = 0; i < times; i++) broadcast("shout", word, i);
    }
  }

  /** An actor created from an input. */
  @Actor("greeter")
  public static class Greeter extends ActorBase<Greeter.State> {
    public record Input(String greeting) {}

    public record State(String greeting, int greeted) {}

    protected State createState(Input input) {
      if (input == null || input.greeting() == null) return new State("Hello", 0);
      if (input.greeting().isBlank()) throw new UserError("invalid_input", "greeting is blank");
      return new State(input.greeting(), 0);
    }

    @Action
    public String greet(String name) {
      setState(new State(state().greeting(), state().greeted() + 1));
      return state().greeting() + ", " + name + "!";
    }
  }

  /**
   * Lines in a stored log, kept {@code keep} at a time, and how many each author wrote in a stored
   * map: state whose cost per action follows what changed.
   */
  @Actor("logbook")
  public static class Logbook extends ActorBase<Logbook.State> {
    public record State(long written) {}

    public record Line(String author, String text) {}

    @Override
    protected State initialState() {
      return new State(0);
    }

    @Action
    public long write(String author, String text, int keep) {
      StoredLog<Line> lines = storedLog("lines", Line.class);
      long number = lines.append(new Line(author, text));
      lines.keepLast(keep);
      StoredMap<Long> authors = storedMap("authors", Long.class);
      Long before = authors.get(author);
      authors.put(author, before == null ? 1 : before + 1);
      setState(new State(state().written() + 1));
      return number;
    }

    @Action(readOnly = true)
    public List<Line> last(int n) {
      return storedLog("lines", Line.class).last(n);
    }

    @Action(readOnly = true)
    public Long written(String author) {
      return storedMap("authors", Long.class).get(author);
    }
  }
}
