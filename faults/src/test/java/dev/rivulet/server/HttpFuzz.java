package dev.rivulet.server;

import static dev.rivulet.server.Fuzzing.ENCODINGS;
import static dev.rivulet.server.Fuzzing.JSON;
import static dev.rivulet.server.Fuzzing.QUERY;
import static dev.rivulet.server.Fuzzing.WAIT;
import static dev.rivulet.server.Fuzzing.b;
import static dev.rivulet.server.Fuzzing.encodePath;
import static dev.rivulet.server.Fuzzing.encodeQuery;
import static dev.rivulet.server.Fuzzing.headerValue;
import static dev.rivulet.server.Fuzzing.preview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rivulet.gateway.rivetkit.Encoding;
import dev.rivulet.gateway.rivetkit.Http;
import dev.rivulet.gateway.rivetkit.HttpBodies;
import dev.rivulet.server.testing.Mutator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fuzzer's HTTP inputs: calls on Rivulet's routes and on RivetKit's {@code /api/rivet}
 * routes (stateless actions in JSON, CBOR and BARE), each mutated from a valid seed; every
 * refusal must carry a stable code.
 */
final class HttpFuzz {
  private static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

  private final String base;
  private final HttpClient http;
  private final FuzzTally tally;

  HttpFuzz(String base, HttpClient http, FuzzTally tally) {
    this.base = base;
    this.http = http;
    this.tally = tally;
  }

  private record Req(String method, String path, String query, Map<String, String> headers,
      byte[] body) {}

  private static final List<Req> RIVULET_SEEDS = List.of(
      new Req("POST", "/api/actors/tally/fz1/actions/add", null, Map.of(), b("[1]")),
      new Req("POST", "/api/actors/tally/fz2/actions/addAtMost", null, Map.of(), b("[3, 10]")),
      new Req("POST", "/api/actors/tally/fz1/actions/stats.total", null, Map.of(), b("[]")),
      new Req("POST", "/api/actors/clock/fz/actions/remindIn", null, Map.of(),
          b("[60000, \"later\"]")),
      new Req("POST", "/api/actors/greeter/fz/actions/greet", "mode=get", Map.of(), b("[\"x\"]")),
      new Req("PUT", "/api/actors/greeter/fz-new", null, Map.of(), b("{\"greeting\":\"Hi\"}")),
      new Req("PUT", "/api/actors/tally/fz-fork", "forkOf=fz1&at=1", Map.of(), b("")),
      new Req("DELETE", "/api/actors/tally/fz-gone", null, Map.of(), b("")),
      new Req("GET", "/api/actors/tally/fz1/history", "from=1&limit=5", Map.of(), b("")),
      new Req("GET", "/api/actors/tally/fz1/state", "at=1", Map.of(), b("")),
      new Req("GET", "/api/actors/tally/fz1/diff", "from=1&to=2", Map.of(), b("")),
      new Req("GET", "/api/actors", "type=tally", Map.of(), b("")),
      new Req("GET", "/api/metadata", null, Map.of(), b("")),
      new Req("POST", "/api/actors/tally/fz1/request/x", "a=1", Map.of(), b("raw")),
      new Req("POST", "/api/actors/tally/fz3/actions/add", null,
          Map.of("Idempotency-Key", "fz-key-1"), b("[2]")),
      new Req("POST", "/api/actors/tally/fz1/actions/add", null, Map.of("traceparent",
          "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), b("[1]")));

  /** One call on Rivulet's routes, mutated from a valid seed. */
  void rivulet(Mutator m) throws Exception {
    Req seed = m.pick(RIVULET_SEEDS);
    Req other = m.pick(RIVULET_SEEDS);
    send("http", mutate(m, seed, other));
  }

  private Req mutate(Mutator m, Req seed, Req other) {
    String method = seed.method();
    String path = seed.path();
    String query = seed.query();
    Map<String, String> headers = new LinkedHashMap<>(seed.headers());
    byte[] body = seed.body();
    int what = m.random().nextInt(10);
    if (what <= 3) {
      body = m.mutate(body, other.body());
    } else if (what <= 5) {
      String[] segments = path.split("/", -1);
      int i = 1 + m.random().nextInt(segments.length - 1);
      segments[i] = m.mutate(segments[i]);
      path = String.join("/", segments);
    } else if (what == 6) {
      query = m.mutate(query == null ? "" : query);
    } else if (what == 7) {
      method = m.pick(METHODS);
    } else if (what == 8) {
      String name = m.pick(List.of("Idempotency-Key", "traceparent", "tracestate",
          "content-type", "x-rivet-encoding", "x-rivet-conn-params", "Origin",
          "Last-Event-ID"));
      headers.put(name, m.mutate(headers.getOrDefault(name, "v")));
    } else {
      body = m.mutate(m.randomBytes(256), body); // mostly noise
    }
    return new Req(method, path, query, headers, body);
  }

  /** One call on RivetKit's routes, in a random encoding, mutated from a valid seed. */
  void rivetKit(Mutator m) throws Exception {
    Encoding encoding = m.pick(ENCODINGS);
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    byte[] action = HttpBodies.encodeActionRequest(encoding,
        new Http.ActionRequest(nodes.arrayNode().add(1)));
    List<Req> seeds = List.of(
        new Req("POST", "/api/rivet/gateway/tally/action/add", QUERY,
            Map.of(Encoding.HEADER, encoding.wireName()), action),
        new Req("POST", "/api/rivet/gateway/tally/action/stats.total",
            QUERY.replace("getOrCreate", "get").replace("&rvt-runner=default", "")
                .replace("&rvt-crash-policy=sleep", ""),
            Map.of(Encoding.HEADER, encoding.wireName()),
            HttpBodies.encodeActionRequest(encoding,
                new Http.ActionRequest(nodes.arrayNode()))),
        new Req("POST", "/api/rivet/action/add", null, Map.of(Encoding.HEADER,
            encoding.wireName(), "x-rivet-target", "actor", "x-rivet-actor", "tally"), action),
        new Req("PUT", "/api/rivet/actors", "namespace=default", Map.of(),
            b("{\"name\":\"tally\",\"key\":\"fz-rk\",\"runner_name_selector\":\"default\","
                + "\"crash_policy\":\"sleep\"}")),
        new Req("POST", "/api/rivet/actors", "namespace=default", Map.of(),
            b("{\"name\":\"greeter\",\"key\":\"fz-rk-" + m.random().nextInt(1000)
                + "\",\"runner_name_selector\":\"default\",\"crash_policy\":\"sleep\"}")),
        new Req("GET", "/api/rivet/actors", "namespace=default&name=tally&key=fz-rk", Map.of(),
            b("")),
        new Req("GET", "/api/rivet/metadata", null, Map.of(), b("")),
        new Req("DELETE", "/api/rivet/actors/tally%2Ffz-none", "namespace=default", Map.of(),
            b("")),
        new Req("GET", "/api/rivet/gateway/tally/request/x", QUERY, Map.of(), b("")));
    send("http-rivetkit-" + encoding.wireName(), mutate(m, m.pick(seeds), m.pick(seeds)));
  }

  private void send(String kind, Req req) throws Exception {
    URI uri = URI.create(base + encodePath(req.path()) + (req.query() == null ? ""
        : "?" + encodeQuery(req.query())));
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(WAIT);
    req.headers().forEach((name, value) -> b.header(name, headerValue(value)));
    boolean bodyless = req.method().equals("GET") || req.method().equals("HEAD")
        || req.method().equals("OPTIONS");
    b.method(req.method(), bodyless ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(req.body()));
    tally.tried(kind);
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException first) {
      // The client may have reused a pooled connection the server had just closed after an
      // earlier refusal on it; the same request again on a new connection must be answered.
      try {
        r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        tally.problem(kind + ": no answer", req.method() + " " + uri + ": " + e + " (first: "
            + first + ")");
        return;
      }
    }
    tally.answered(kind + " " + r.statusCode());
    if (r.statusCode() < 400) return;
    if (req.method().equals("HEAD")) return; // the status is the whole answer
    String code = errorCode(r.headers().firstValue("content-type").orElse(""), r.body(),
        req.headers().get(Encoding.HEADER));
    tally.checkCode(kind, code, req.method() + " " + uri + " -> " + r.statusCode() + " "
        + preview(r.body()));
  }

  /** The {@code group.code} of an error body in JSON, CBOR or BARE; null when it has none. */
  static String errorCode(String contentType, byte[] body, String encodingHeader) {
    if (contentType.startsWith("application/json")) {
      try {
        JsonNode error = JSON.readTree(body);
        if (error.path("group").isTextual() && error.path("code").isTextual()) {
          return error.path("group").asText() + "." + error.path("code").asText();
        }
      } catch (IOException notJson) {
        return null;
      }
      return null;
    }
    for (Encoding e : List.of(Encoding.CBOR, Encoding.BARE)) {
      try {
        Http.ResponseError error = HttpBodies.decodeResponseError(e, body);
        return error.group() + "." + error.code();
      } catch (Exception notThisOne) {
        // the other, or none
      }
    }
    return null;
  }
}
