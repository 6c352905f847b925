package dev.rivulet.server;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.Conn;
import dev.rivulet.actor.HttpRequest;
import dev.rivulet.actor.HttpResponse;
import dev.rivulet.actor.Result;
import dev.rivulet.actor.ScheduledAction;
import dev.rivulet.actor.UserError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Actors exercising the whole actor model, for the server's integration tests. */
final class ModelActors {
  private ModelActors() {}

  static final List<Class<? extends ActorBase<?>>> ALL = List.of(Lobby.class, Clock.class,
      Pinger.class, Ponger.class, Agent.class, Site.class, Life.class);

  /** What the lifecycle hooks outside the history did, by actor id (tests read it). */
  static final Map<String, List<String>> HOOKS = new ConcurrentHashMap<>();

  static void hook(String actorId, String what) {
    HOOKS.computeIfAbsent(actorId, k -> new CopyOnWriteArrayList<>()).add(what);
  }

  // ---------------------------------------------------------------- connections

  /** Who may connect, and what the lobby knows of its members. */
  public record Params(String user, String token) {}

  public record Member(String user, Instant since) {}

  /** A lobby: auth on connect, per-connection state, presence, private messages, kicking. */
  @Actor("lobby")
  public static class Lobby extends ActorBase<Lobby.State> {
    public record State(List<String> present, List<String> left) {}

    @Override
    protected State initialState() {
      return new State(List.of(), List.of());
    }

    protected void onBeforeConnect(Params params) {
      if (params == null || !"secret".equals(params.token())) {
        throw new UserError("forbidden", "a valid token is required");
      }
    }

    protected Member createConnState(Params params) {
      return new Member(params.user(), context().now());
    }

    @Override
    protected void onConnect(Conn conn) {
      String user = conn.state(Member.class).user();
      List<String> present = new ArrayList<>(state().present());
      present.add(user);
      setState(new State(present, state().left()));
      broadcast("joined", user);
      conn.send("welcome", user, state().present().size());
    }

    @Override
    protected void onDisconnect(Conn conn) {
      String user = conn.state(Member.class).user();
      List<String> present = new ArrayList<>(state().present());
      present.remove(user);
      List<String> left = new ArrayList<>(state().left());
      left.add(user);
      setState(new State(present, left));
      broadcast("left", user);
    }

    /** Who is calling, as its connection state says. */
    @Action
    public String whoAmI() {
      Conn conn = context().conn();
      return conn == null ? "nobody" : conn.state(Member.class).user();
    }

    @Action(readOnly = true)
    public State roster() {
      return state();
    }

    @Action
    public boolean whisper(String to, String text) {
      for (Conn c : context().conns()) {
        if (c.state(Member.class).user().equals(to)) {
          c.send("whisper", text);
          return true;
        }
      }
      return false;
    }

    @Action
    public int kick(String user) {
      int kicked = 0;
      for (Conn c : context().conns()) {
        if (c.state(Member.class).user().equals(user)) {
          c.disconnect("kicked by the host");
          kicked++;
        }
      }
      return kicked;
    }

    @Action
    public void rename(String to) {
      Conn conn = context().conn();
      conn.setState(new Member(to, conn.state(Member.class).since()));
    }
  }

  // ---------------------------------------------------------------- schedules

  /** Reminders: schedules that fire later, through the inbox. */
  @Actor("clock")
  public static class Clock extends ActorBase<Clock.State> {
    public record Fired(String note, long due, long at) {}

    public record State(List<Fired> fired) {}

    @Override
    protected State initialState() {
      return new State(List.of());
    }

    @Action
    public String remindIn(long millis, String note) {
      long due = context().now().toEpochMilli() + millis;
      return context().schedule().after(Duration.ofMillis(millis), "ring", note, due);
    }

    @Action
    public String remindAt(long epochMillis, String note) {
      return context().schedule().at(Instant.ofEpochMilli(epochMillis), "ring", note, epochMillis);
    }

    @Action
    public boolean cancel(String id) {
      return context().schedule().cancel(id);
    }

    @Action(readOnly = true)
    public List<ScheduledAction> pending() {
      return context().schedule().list();
    }

    @Action(internal = true)
    public void ring(String note, long due) {
      List<Fired> fired = new ArrayList<>(state().fired());
      fired.add(new Fired(note, due, context().now().toEpochMilli()));
      setState(new State(fired));
      broadcast("rang", note);
    }

    @Action(readOnly = true)
    public List<Fired> fired() {
      return state().fired();
    }
  }

  // ---------------------------------------------------------------- actor to actor

  /** Calls the ponger and keeps what came back; pings can bounce between the two. */
  @Actor("pinger")
  public static class Pinger extends ActorBase<Pinger.State> {
    public record State(List<String> replies, int pings) {}

    @Override
    protected State initialState() {
      return new State(List.of(), 0);
    }

    @Action
    public void ping(String ponger, String word) {
      context().actor("ponger", ponger).call("pong", word).then("ponged", word);
    }

    @Action
    public void notify(String ponger, String word) {
      context().actor("ponger", ponger).send("note", word);
    }

    @Action
    public void fail(String ponger) {
      context().actor("ponger", ponger).call("explode").then("ponged", "explode");
    }

    /** A ping from the other side: answered by calling it back, never by waiting. */
    @Action
    public int bounce(String ponger, int left) {
      setState(new State(state().replies(), state().pings() + 1));
      if (left > 0) context().actor("ponger", ponger).send("bounce", context().key().get(0), left - 1);
      return left;
    }

    @Action(internal = true)
    public void ponged(Result result, String word) {
      List<String> replies = new ArrayList<>(state().replies());
      replies.add(result.ok() ? result.output(String.class) : "error " + result.errorCode()
          + " for " + word);
      setState(new State(replies, state().pings()));
    }

    @Action(readOnly = true)
    public State seen() {
      return state();
    }
  }

  /** Answers the pinger. */
  @Actor("ponger")
  public static class Ponger extends ActorBase<Ponger.State> {
    public record State(List<String> notes, int bounces) {}

    @Override
    protected State initialState() {
      return new State(List.of(), 0);
    }

    @Action
    public String pong(String word) {
      return word.toUpperCase();
    }

    @Action
    public void note(String word) {
      List<String> notes = new ArrayList<>(state().notes());
      notes.add(word);
      setState(new State(notes, state().bounces()));
    }

    @Action
    public void explode() {
      throw new UserError("exploded", "the ponger exploded");
    }

    @Action
    public int bounce(String pinger, int left) {
      setState(new State(state().notes(), state().bounces() + 1));
      if (left > 0) context().actor("pinger", pinger).send("bounce", context().key().get(0), left - 1);
      return left;
    }

    @Action(readOnly = true)
    public State seen() {
      return state();
    }
  }

  // ---------------------------------------------------------------- effects

  /** How many times each effect ran, by effect id (tests read it). */
  static final Map<String, AtomicInteger> EFFECT_RUNS = new ConcurrentHashMap<>();

  /** Asks an effect ("shout": upper-cases, "fail": throws) and keeps the answers. */
  @Actor("agent")
  public static class Agent extends ActorBase<Agent.State> {
    public record State(List<String> answers) {}

    @Override
    protected State initialState() {
      return new State(List.of());
    }

    @Action
    public void ask(String effect, String prompt) {
      context().effect(effect, prompt).then("answered", prompt);
    }

    @Action(internal = true)
    public void answered(Result result, String prompt) {
      List<String> answers = new ArrayList<>(state().answers());
      answers.add(prompt + " -> " + (result.ok() ? result.output(String.class)
          : result.errorCode() + ": " + result.message()));
      setState(new State(answers));
      broadcast("answered", answers.get(answers.size() - 1));
    }

    @Action(readOnly = true)
    public List<String> answers() {
      return state().answers();
    }
  }

  // ---------------------------------------------------------------- raw HTTP

  /** A tiny web site served from the actor's state. */
  @Actor("site")
  public static class Site extends ActorBase<Site.State> {
    public record State(Map<String, String> pages) {}

    @Override
    protected State initialState() {
      return new State(Map.of());
    }

    @Override
    protected HttpResponse onRequest(HttpRequest request) {
      String page = request.path();
      switch (request.method()) {
        case "GET" -> {
          String body = state().pages().get(page);
          if (body == null) return HttpResponse.text(404, "no page " + page);
          return HttpResponse.text(200, body).withHeader("x-page", page);
        }
        case "PUT" -> {
          Map<String, String> pages = new java.util.TreeMap<>(state().pages());
          pages.put(page, request.bodyText());
          setState(new State(pages));
          return HttpResponse.json(201, Map.of("page", page, "lang",
              String.valueOf(request.queryParam("lang"))));
        }
        default -> {
          return HttpResponse.text(405, "no " + request.method());
        }
      }
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /** Every lifecycle hook, recorded: in the state when it is part of the history, else aside. */
  @Actor(value = "life", sleepAfterMillis = 300)
  public static class Life extends ActorBase<Life.State> {
    public record State(List<String> history, long value) {}

    /** A var: lives while the actor is awake. */
    private int callsSinceWake;

    @Override
    protected State initialState() {
      return new State(List.of("createState"), 0);
    }

    @Override
    protected void onCreate() {
      List<String> history = new ArrayList<>(state().history());
      history.add("onCreate");
      setState(new State(history, state().value()));
    }

    @Override
    protected void onWake() {
      callsSinceWake = 0;
      hook(context().actorId(), "onWake");
    }

    @Override
    protected void onSleep() {
      hook(context().actorId(), "onSleep after " + callsSinceWake);
    }

    @Override
    protected void onStateChange(State newState) {
      broadcast("changed", newState.value());
    }

    @Override
    protected Object onBeforeActionResponse(String action, Object[] args, Object output) {
      return action.equals("secret") ? "redacted" : output;
    }

    @Override
    protected void onDestroy() {
      broadcast("goodbye", state().value());
      hook(context().actorId(), "onDestroy at " + state().value());
    }

    @Action
    public int set(long value) {
      setState(new State(state().history(), value));
      return ++callsSinceWake;
    }

    @Action
    public String secret() {
      return "the secret";
    }

    @Action(readOnly = true)
    public State read() {
      return state();
    }

    @Action
    public void end() {
      context().destroy();
    }
  }
}
