package dev.rivulet.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.WsProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * WebSocket helpers for the examples' tests. They read {@link WsProbe#received()}, which keeps
 * every frame, instead of consuming frames one by one, so waiting for one frame never drops
 * another that a later assertion needs.
 */
final class Frames {
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private Frames() {}

  /** A connection to {@code name/key}, with connection params when {@code paramsJson} is set. */
  static WsProbe connect(RivuletServer server, String name, String key, String paramsJson) {
    String url = server.url().replace("http", "ws") + "/api/actors/" + name + "/" + key
        + "/connect";
    if (paramsJson == null) return WsProbe.connect(url);
    String params = URLEncoder.encode(paramsJson, StandardCharsets.UTF_8).replace("+", "%20");
    return WsProbe.connect(url, "rivet", "rivet_encoding.json", "rivet_conn_params." + params);
  }

  /** Connects, waits for {@code Init}, and subscribes to {@code events}. */
  static WsProbe open(RivuletServer server, String name, String key, String paramsJson,
      String... events) {
    WsProbe probe = connect(server, name, key, paramsJson);
    awaitFrame(probe, f -> tag(f).equals("Init"));
    for (String event : events) probe.subscribe(event);
    return probe;
  }

  /**
   * Calls {@code action} over the socket and returns its {@code ActionResponse} or {@code Error}
   * frame's {@code val}. Frames on one socket are handled in order, so once this returns, the
   * subscriptions sent before it are in effect.
   */
  static JsonNode call(WsProbe probe, long id, String action, String argsJson) {
    probe.action(id, action, argsJson);
    JsonNode frame = awaitFrame(probe, f -> (tag(f).equals("ActionResponse")
        && idOf(f.path("body").path("val").path("id")) == id)
        || (tag(f).equals("Error") && idOf(f.path("body").path("val").path("actionId")) == id));
    return frame.path("body").path("val");
  }

  /** The arguments of every {@code event} received so far, in order. */
  static List<JsonNode> events(WsProbe probe, String event) {
    List<JsonNode> args = new ArrayList<>();
    for (JsonNode f : frames(probe)) {
      JsonNode val = f.path("body").path("val");
      if (tag(f).equals("Event") && val.path("name").asText().equals(event)) {
        args.add(val.path("args"));
      }
    }
    return args;
  }

  /** The arguments of the first {@code event} whose arguments match, once it arrived. */
  static JsonNode awaitEvent(WsProbe probe, String event, Predicate<JsonNode> args) {
    JsonNode[] found = new JsonNode[1];
    Await.until("event " + event + " on " + probe, TIMEOUT, () -> {
      for (JsonNode a : events(probe, event)) {
        if (args.test(a)) {
          found[0] = a;
          return true;
        }
      }
      return false;
    });
    return found[0];
  }

  /** The arguments of the first {@code event}, once it arrived. */
  static JsonNode awaitEvent(WsProbe probe, String event) {
    return awaitEvent(probe, event, a -> true);
  }

  /** The first frame received matching {@code test}, once it arrived. */
  static JsonNode awaitFrame(WsProbe probe, Predicate<JsonNode> test) {
    JsonNode[] found = new JsonNode[1];
    try {
      Await.until("a frame on " + probe, TIMEOUT, () -> {
        for (JsonNode f : frames(probe)) {
          if (test.test(f)) {
            found[0] = f;
            return true;
          }
        }
        return false;
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; received " + probe.received(), e);
    }
    return found[0];
  }

  static String tag(JsonNode frame) {
    return frame.path("body").path("tag").asText();
  }

  /** Parses JSON text. */
  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<JsonNode> frames(WsProbe probe) {
    List<JsonNode> frames = new ArrayList<>();
    for (String text : probe.received()) frames.add(json(text));
    return frames;
  }

  private static long idOf(JsonNode id) {
    if (id.isArray() && id.size() == 2) return Long.parseLong(id.get(1).asText());
    return id.isNumber() ? id.asLong() : -1;
  }
}
