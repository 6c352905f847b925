package dev.rivulet.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.ActorCatalog;
import dev.rivulet.actor.TopicOutput;
import dev.rivulet.engine.EngineConfig;
import dev.rivulet.engine.HistoryClient;
import dev.rivulet.engine.Replayer;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.RecordCodec;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * {@code rivulet replay <name>/<key> [--to <seq>] [--verify] [--fork <new-key> --at <seq>]
 * [--url <gateway>]}: fetches an actor's journal from a running gateway and re-runs it through the
 * actor classes on this class path, reporting the first step that comes out differently. With
 * {@code --fork}, creates a new actor from the recorded state at a step instead.
 */
final class ReplayCommand {
  private final PrintStream out;
  private final PrintStream err;

  ReplayCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static String usage() {
    return """
        Usage: rivulet replay <name>/<key> [options]

        Re-runs the actor's recorded history through the current actor code.

        Options:
          --to SEQ          stop after step SEQ (default: the whole history)
          --verify          exit with status 1 when a step comes out differently
          --fork KEY        create actor <name>/KEY from the recorded state at --at
          --at SEQ          the step to fork from
          --url URL         the gateway (env RIVULET_URL, default http://localhost:8080)
          --actors CLASSES  more actor classes, besides the catalogs on the class path

        The history comes from the gateway's admin API: give its admin token in the
        environment variable RIVULET_ADMIN_TOKEN when it has one.
        """;
  }

  /** Runs the command; returns the process exit status. */
  int run(String[] args) {
    String actorId = null;
    long to = Long.MAX_VALUE;
    boolean verify = false;
    String fork = null;
    long at = -1;
    String url = System.getenv().getOrDefault("RIVULET_URL", "http://localhost:8080");
    String token = System.getenv("RIVULET_ADMIN_TOKEN");
    if (token != null && token.isBlank()) token = null;
    String actors = null;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--to" -> to = Long.parseLong(args[++i]);
          case "--verify" -> verify = true;
          case "--fork" -> fork = args[++i];
          case "--at" -> at = Long.parseLong(args[++i]);
          case "--url" -> url = args[++i];
          case "--actors" -> actors = args[++i];
          case "-h", "--help" -> {
            out.print(usage());
            return 0;
          }
          default -> {
            if (args[i].startsWith("--") || actorId != null) {
              throw new IllegalArgumentException("unexpected " + args[i]);
            }
            actorId = args[i];
          }
        }
      }
      if (actorId == null || !actorId.contains("/")) {
        throw new IllegalArgumentException("name the actor as <name>/<key>");
      }
      if (fork != null && at < 1) throw new IllegalArgumentException("--fork needs --at <seq>");
    } catch (RuntimeException e) {
      err.println("rivulet replay: " + e.getMessage());
      err.print(usage());
      return 2;
    }
    try {
      return fork != null ? fork(url, token, actorId, fork, at)
          : replay(url, token, actorId, to, verify, actors);
    } catch (RuntimeException e) {
      err.println("rivulet replay: " + e.getMessage());
      return 2;
    }
  }

  private int replay(String url, String token, String actorId, long to, boolean verify,
      String named) {
    List<Class<? extends ActorBase<?>>> classes = RivuletMain.actorClasses(named);
    Progress fetching = new Progress("fetching");
    List<JournalRecord> history = HistoryClient.fetch(url, token, actorId, to, fetching::at);
    fetching.done();
    if (history.isEmpty()) {
      err.println("rivulet replay: " + actorId + " has no recorded history at " + url);
      return 2;
    }
    Progress replaying = new Progress("replaying");
    long started = System.nanoTime();
    // The catalogs' outputs: what their actions publish encodes as it did when recorded.
    List<TopicOutput> outputs = new ArrayList<>();
    for (ActorCatalog catalog : ServiceLoader.load(ActorCatalog.class)) {
      outputs.addAll(catalog.outputs());
    }
    Replayer.Result result = new Replayer(classes, new EngineConfig().snapshotEvery(), outputs)
        .replay(history, to, replaying::at);
    replaying.done();
    double seconds = (System.nanoTime() - started) / 1e9;
    // Short replays are dominated by loading the actor classes; a rate says nothing there.
    out.printf(Locale.ROOT, "replayed %d steps of %s in %.2f s%s%n", result.replayed(), actorId,
        seconds, result.replayed() < 10_000 ? ""
            : String.format(Locale.ROOT, " (%.0f steps/s)", result.replayed() / seconds));
    if (result.divergence() != null) {
      out.print(result.divergence().describe());
      return verify ? 1 : 0;
    }
    out.println("every step came out as recorded");
    out.println("state after step " + history.get(result.replayed() - 1).seq() + ": "
        + result.state());
    return 0;
  }

  private int fork(String url, String token, String actorId, String newKey, long at) {
    int slash = actorId.indexOf('/');
    String name = actorId.substring(0, slash);
    String target = url.replaceAll("/+$", "") + "/api/actors/" + enc(name) + "/" + enc(newKey)
        + "?forkOf=" + enc(actorId.substring(slash + 1)) + "&at=" + at;
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
          .PUT(HttpRequest.BodyPublishers.noBody());
      if (token != null) request.header("Authorization", "Bearer " + token);
      HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode body = RecordCodec.decodeTree(r.body().getBytes(StandardCharsets.UTF_8));
      if (r.statusCode() != 201) {
        err.println("rivulet replay: the fork failed: " + body.path("message").asText(r.body()));
        return 1;
      }
      out.println("forked " + actorId + " at step " + at + " into " + name + "/" + newKey);
      return 0;
    } catch (Exception e) {
      throw new IllegalStateException("cannot reach " + url + ": " + e.getMessage(), e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A progress bar on standard error. */
  private final class Progress {
    private final String what;
    private int shown = -1;

    Progress(String what) {
      this.what = what;
    }

    void at(int done, int total) {
      int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100L / total);
      if (percent == shown) return;
      shown = percent;
      int filled = percent / 4;
      err.print("\r" + what + " [" + "#".repeat(filled) + " ".repeat(25 - filled) + "] "
          + percent + "% " + done + "/" + total);
      err.flush();
    }

    void done() {
      if (shown >= 0) err.println();
    }
  }
}
