package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.gateway.rivetkit.ClientProtocol;
import dev.rivulet.gateway.rivetkit.ClientProtocol.Frame;
import dev.rivulet.gateway.rivetkit.Encoding;
import dev.rivulet.gateway.rivetkit.Http;
import dev.rivulet.gateway.rivetkit.ToClient;
import dev.rivulet.gateway.rivetkit.ToServer;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.FrameSocket;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.Mutator;
import dev.rivulet.server.testing.PrometheusText;
import dev.rivulet.server.testing.TestStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the gateway for a bounded time ({@code -Drivulet.fuzz.seconds}, 60 by default) with
 * random and mutated inputs from valid seeds ({@code -Drivulet.fuzz.seed} replays a run): HTTP on
 * Rivulet's routes and RivetKit's {@code /api/rivet} routes (stateless actions in JSON, CBOR and
 * BARE), WebSocket connections on Rivulet's JSON route and on RivetKit's {@code .../connect} in
 * JSON, CBOR and BARE (handshakes and messages), Server-Sent Events, and malformed HTTP framing on
 * a raw socket. Meanwhile a canary client increments a counter once a second and must get every
 * answer right. Checked: every refusal carries a stable code (one of {@link ErrorCode}'s, or an
 * actor's {@code user.*}), never {@code core.internal_error}; every frame the server sends is
 * readable; a connection given garbage still answers a well-formed call, or was closed with an
 * error saying why; the server keeps serving; its heap and threads stay bounded.
 */
class GatewayFuzzIT {
  private static final Duration BUDGET =
      Duration.ofSeconds(Long.getLong("rivulet.fuzz.seconds", 60));
  private static final long SEED = Long.getLong("rivulet.fuzz.seed", System.nanoTime());
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final int JETTY_MAX_THREADS = 200;
  private static final int CONNECTIONS_PER_ADDRESS = 20_000;
  /** An SSE stream whose client left ends at the server's next heartbeat (every 15 s). */
  private static final Duration CONNECTIONS_END = Duration.ofSeconds(45);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> STABLE = Arrays.stream(ErrorCode.values())
      .filter(c -> c != ErrorCode.INTERNAL_ERROR)
      .map(c -> c.error("").group() + "." + c.error("").code()).collect(Collectors.toSet());
  private static final List<Class<? extends ActorBase<?>>> ACTORS = Stream.concat(
      TestActors.ALL.stream(), ModelActors.ALL.stream()).toList();
  private static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
  private static final String QUERY = "rvt-namespace=default&rvt-method=getOrCreate&rvt-key=fz"
      + "&rvt-runner=default&rvt-crash-policy=sleep";

  /** What was tried and what came back, by kind; the problems found, with examples. */
  private final Map<String, AtomicLong> tried = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
  private final Map<String, List<String>> problems = new ConcurrentHashMap<>();

  private RivuletServer server;
  private String base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void theGatewayKeepsServingAndRefusesEveryBadInputWithAStableCode() throws Exception {
    server = TestStack.start(ACTORS, c -> c
        .engine(e -> e.liveActorsPerTask(100).sleepAfter(Duration.ofSeconds(2)))
        // Every input comes from 127.0.0.1, standing for many clients: an SSE stream the fuzzer
        // left holds its place until the server's next heartbeat finds it gone (15 s), so the
        // per-address limit (1,000 by default; LimitsIT tests it) would refuse the fuzzer's own
        // well-formed connections on a fast machine.
        .gateway(g -> g.maxBodyBytes(64 * 1024).maxWsMessageBytes(64 * 1024)
            .maxConnectionsPerAddress(CONNECTIONS_PER_ADDRESS)
            .actionTimeout(Duration.ofSeconds(10))));
    base = server.url();
    System.out.printf("fuzzing the gateway for %d s, seed %d (-Drivulet.fuzz.seed=%d replays "
        + "it)%n", BUDGET.toSeconds(), SEED, SEED);
    HttpProbe canaryHttp = new HttpProbe(base);
    try {
      // Warm up before the baseline: classes loaded, pools filled.
      long warmUntil = System.nanoTime() + BUDGET.toNanos() / 10;
      runWorkers(warmUntil, SEED - 1);
      long[] before = heapAndThreads();
      long until = System.nanoTime() + BUDGET.toNanos();
      Thread canary = new Thread(() -> canary(canaryHttp, until), "fuzz-canary");
      canary.start();
      runWorkers(until, SEED);
      canary.join();
      long[] after = heapAndThreads();

      long total = tried.values().stream().mapToLong(AtomicLong::get).sum();
      System.out.printf("fuzz: %,d inputs tried in %d s (seed %d): %s%n", total,
          BUDGET.toSeconds(), SEED, sorted(tried));
      System.out.printf("fuzz: answers %s%n", sorted(answers));
      System.out.printf("fuzz: heap in use after GC %,d -> %,d KiB, threads %d -> %d%n",
          before[0] >> 10, after[0] >> 10, before[1], after[1]);
      problems.forEach((kind, examples) -> System.out.printf("fuzz problem: %s (%d), e.g. %s%n",
          kind, examples.size(), examples.subList(0, Math.min(3, examples.size()))));
      assertThat(problems).as("problems found (seed " + SEED + ")").isEmpty();
      assertThat(total).isGreaterThan(100);
      assertThat(answers.getOrDefault("canary 200", new AtomicLong()).get())
          .as("the canary's right answers").isPositive();
      assertThat(after[0] - before[0]).as("heap growth, bytes").isLessThan(96L << 20);
      // Each SSE stream the fuzzer opened and left holds a server thread until the server's
      // next heartbeat finds it gone (15 s); idle threads leave Jetty's pool after 60 s. Bounded
      // by the pool's maximum (200, Javalin's default), not by the inputs tried.
      assertThat(after[1] - before[1]).as("thread growth").isLessThan(JETTY_MAX_THREADS);
      // Every connection the fuzzer opened has ended and was let go: none is held for ever.
      Await.until("the fuzzer's connections to end on the server", CONNECTIONS_END,
          () -> openConnections(canaryHttp) == 0);
    } finally {
      server.close();
    }
  }

  // ---------------------------------------------------------------- workers

  private void runWorkers(long until, long seed) throws InterruptedException {
    List<Thread> workers = new ArrayList<>();
    workers.add(worker("http", until, new Random(seed), this::httpInput));
    workers.add(worker("http-rivetkit", until, new Random(seed + 1), this::rivetKitHttpInput));
    workers.add(worker("websocket", until, new Random(seed + 2), this::webSocketSession));
    workers.add(worker("sse-and-raw", until, new Random(seed + 3), m -> {
      if (m.random().nextBoolean()) sseInput(m);
      else rawInput(m);
    }));
    workers.forEach(Thread::start);
    for (Thread t : workers) t.join();
  }

  private interface Input {
    void tryOne(Mutator m) throws Exception;
  }

  private Thread worker(String name, long until, Random random, Input input) {
    Mutator m = new Mutator(random);
    return new Thread(() -> {
      while (System.nanoTime() < until) {
        try {
          input.tryOne(m);
        } catch (Exception | AssertionError e) {
          problem(name + ": the fuzzer's client failed", e.toString());
        }
      }
    }, "fuzz-" + name);
  }

  /** Once a second, an increment that must be answered, and answered right. */
  private void canary(HttpProbe probe, long until) {
    try {
      canaryLoop(probe, until);
    } catch (RuntimeException e) {
      problem("the canary could not call", e.toString());
    }
  }

  private void canaryLoop(HttpProbe probe, long until) {
    long expected = 0;
    while (System.nanoTime() < until) {
      long started = System.nanoTime();
      HttpProbe.Response r = probe.action("tally", "fuzz-canary", "add", "[1]");
      expected++;
      count(answers, "canary " + r.status());
      if (r.status() == 408 && "actor.action_timed_out".equals(r.errorCode())) {
        // No reply within the gateway's timeout (a loaded machine): said with its stable code;
        // the increment may still apply, so the count is read again.
        expected = probe.action("tally", "fuzz-canary", "total", "[]").json().path("output")
            .asLong();
      } else if (r.status() != 200 || r.json().path("output").asLong() != expected) {
        problem("the canary was not answered right", r.status() + " " + r.text()
            + ", expected " + expected);
        expected = probe.action("tally", "fuzz-canary", "total", "[]").json().path("output")
            .asLong();
      }
      long waited = (System.nanoTime() - started) / 1_000_000;
      try {
        Thread.sleep(Math.max(0, 1_000 - waited)); // pacing, not waiting for a condition
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  // ---------------------------------------------------------------- HTTP, Rivulet's routes

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

  private void httpInput(Mutator m) throws Exception {
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

  // ---------------------------------------------------------------- HTTP, RivetKit's routes

  private static final List<Encoding> ENCODINGS = List.of(Encoding.values());

  private void rivetKitHttpInput(Mutator m) throws Exception {
    Encoding encoding = m.pick(ENCODINGS);
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    byte[] action = ClientProtocol.encodeHttpActionRequest(encoding,
        new Http.ActionRequest(nodes.arrayNode().add(1)));
    List<Req> seeds = List.of(
        new Req("POST", "/api/rivet/gateway/tally/action/add", QUERY,
            Map.of(Encoding.HEADER, encoding.wireName()), action),
        new Req("POST", "/api/rivet/gateway/tally/action/stats.total",
            QUERY.replace("getOrCreate", "get").replace("&rvt-runner=default", "")
                .replace("&rvt-crash-policy=sleep", ""),
            Map.of(Encoding.HEADER, encoding.wireName()),
            ClientProtocol.encodeHttpActionRequest(encoding,
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
    count(tried, kind);
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException first) {
      // The client may have reused a pooled connection the server had just closed after an
      // earlier refusal on it; the same request again on a new connection must be answered.
      try {
        r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        problem(kind + ": no answer", req.method() + " " + uri + ": " + e + " (first: "
            + first + ")");
        return;
      }
    }
    count(answers, kind + " " + r.statusCode());
    if (r.statusCode() < 400) return;
    if (req.method().equals("HEAD")) return; // the status is the whole answer
    String code = errorCode(r.headers().firstValue("content-type").orElse(""), r.body(),
        req.headers().get(Encoding.HEADER));
    checkCode(kind, code, req.method() + " " + uri + " -> " + r.statusCode() + " "
        + preview(r.body()));
  }

  /** The {@code group.code} of an error body in JSON, CBOR or BARE; null when it has none. */
  private static String errorCode(String contentType, byte[] body, String encodingHeader) {
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
        Http.ResponseError error = ClientProtocol.decodeHttpResponseError(e, body);
        return error.group() + "." + error.code();
      } catch (Exception notThisOne) {
        // the other, or none
      }
    }
    return null;
  }

  private void checkCode(String kind, String code, String example) {
    if (code == null) {
      problem(kind + ": a refusal without a stable code", example);
    } else if (code.equals("core.internal_error")) {
      problem(kind + ": an internal error", example);
    } else if (!STABLE.contains(code) && !code.startsWith("user.")) {
      problem(kind + ": an unknown error code " + code, example);
    } else {
      count(answers, kind + " " + code);
    }
  }

  // ---------------------------------------------------------------- WebSockets

  private void webSocketSession(Mutator m) throws Exception {
    boolean rivulet = m.random().nextInt(4) == 0;
    Encoding encoding = rivulet ? Encoding.JSON : m.pick(ENCODINGS);
    String kind = "websocket-" + (rivulet ? "rivulet" : "rivetkit-" + encoding.wireName());
    String key = "fzw" + m.random().nextInt(8);
    String path = rivulet ? "/api/actors/tally/" + key + "/connect"
        : "/api/rivet/gateway/tally/connect";
    String query = rivulet ? null : QUERY.replace("rvt-key=fz", "rvt-key=" + key);
    List<String> protocols = new ArrayList<>(List.of("rivet",
        "rivet_encoding." + encoding.wireName()));
    boolean badHandshake = m.random().nextInt(8) == 0;
    if (badHandshake) {
      switch (m.random().nextInt(3)) {
        case 0 -> path = m.mutate(path);
        case 1 -> query = m.mutate(query == null ? "" : query);
        default -> protocols.set(1, token(m.mutate(protocols.get(1))));
      }
    }
    count(tried, kind + (badHandshake ? " handshake" : ""));
    URI uri = URI.create(base.replace("http", "ws") + encodePath(path)
        + (query == null ? "" : "?" + encodeQuery(query)));
    FrameSocket socket;
    try {
      socket = FrameSocket.open(uri, protocols, WAIT);
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        count(answers, kind + " handshake refused " + h.getResponse().statusCode());
        if (!badHandshake) problem(kind + ": a well-formed handshake refused", uri + " "
            + h.getResponse().statusCode());
      } else {
        problem(kind + ": no answer to the handshake", uri + ": " + e.getCause());
      }
      return;
    }
    try (socket) {
      Frame first = socket.await(f -> true, WAIT);
      if (first == null) {
        problem(kind + ": no first message", uri + " " + socket.closedBy());
        return;
      }
      Object opened = read(kind, encoding, rivulet, first);
      if (!(opened instanceof ToClient.Init)) {
        count(answers, kind + " refused at open");
        boolean timedOut = opened instanceof ToClient.Error e
            && (e.group() + "." + e.code()).equals("actor.action_timed_out");
        if (!badHandshake && !timedOut) {
          problem(kind + ": a well-formed connection refused", uri + " " + first);
        }
        return;
      }
      List<Frame> seeds = List.of(
          ClientProtocol.encodeToServer(encoding, new ToServer.ActionRequest(BigInteger.ONE,
              "add", JsonNodeFactory.instance.arrayNode().add(1))),
          ClientProtocol.encodeToServer(encoding, new ToServer.ActionRequest(BigInteger.TWO,
              "total", JsonNodeFactory.instance.arrayNode())),
          ClientProtocol.encodeToServer(encoding, new ToServer.SubscriptionRequest("changed",
              true)));
      int messages = 1 + m.random().nextInt(5);
      for (int i = 0; i < messages; i++) {
        byte[] bytes = m.mutate(m.pick(seeds).payload(), m.pick(seeds).payload());
        boolean asText = encoding.binary() == (m.random().nextInt(10) == 0); // mostly right
        count(tried, kind + " message");
        if (!socket.send(asText ? Frame.text(new String(bytes, StandardCharsets.UTF_8))
            : Frame.binary(bytes))) {
          break;
        }
      }
      // A well-formed call after the garbage: answered, unless the server closed the socket.
      BigInteger probe = BigInteger.valueOf(1_000_000 + m.random().nextInt(1_000_000));
      boolean sent = socket.send(ClientProtocol.encodeToServer(encoding,
          new ToServer.ActionRequest(probe, "total", JsonNodeFactory.instance.arrayNode())));
      Frame answer = sent ? socket.await(f -> read(kind, encoding, rivulet, f)
          instanceof ToClient.ActionResponse r && r.id().equals(probe), WAIT) : null;
      List<Object> got = new ArrayList<>();
      for (Frame f : socket.received()) got.add(read(kind, encoding, rivulet, f));
      if (answer != null) {
        count(answers, kind + " still serving");
      } else if (socket.closedBy() != null) {
        FrameSocket.Closed closed = socket.closedBy();
        count(answers, kind + " closed " + closed.status());
        boolean said = got.stream().anyMatch(o -> o instanceof ToClient.Error e
            && e.actionId() == null);
        if (!said && (closed.reason() == null || closed.reason().isBlank())) {
          problem(kind + ": closed without saying why", uri + " " + closed);
        }
      } else {
        problem(kind + ": a well-formed call after bad messages not answered", uri + " got "
            + got);
      }
    }
  }

  /** A frame from the server, decoded; its error code checked. Unreadable is a problem. */
  private Object read(String kind, Encoding encoding, boolean rivulet, Frame frame) {
    Object message;
    try {
      if (rivulet) {
        JsonNode body = JSON.readTree(frame.text()).path("body");
        JsonNode val = body.path("val");
        message = switch (body.path("tag").asText()) {
          case "Init" -> new ToClient.Init(val.path("actorId").asText(),
              val.path("connectionId").asText());
          case "Error" -> new ToClient.Error(val.path("group").asText(),
              val.path("code").asText(), val.path("message").asText(), null,
              val.path("actionId").isMissingNode() || val.path("actionId").isNull() ? null
                  : BigInteger.ONE, null);
          case "ActionResponse" -> new ToClient.ActionResponse(new BigInteger(
              val.path("id").isArray() ? val.path("id").get(1).asText()
                  : val.path("id").asText()), val.path("output"));
          case "Event" -> new ToClient.Event(val.path("name").asText(),
              val.path("args").isArray() ? val.path("args")
                  : JsonNodeFactory.instance.arrayNode());
          default -> throw new IllegalArgumentException("no message tag: " + frame);
        };
      } else {
        message = decodeAny(encoding, frame);
      }
    } catch (Exception e) {
      problem(kind + ": an unreadable frame from the server", frame + ": " + e);
      return null;
    }
    if (message instanceof ToClient.Error e) {
      checkCode(kind, e.group() + "." + e.code(), frame.toString());
    }
    return message;
  }

  /**
   * A message in the connection's encoding, or in another one: a socket whose encoding could not
   * be read from its handshake is refused in JSON.
   */
  private static ToClient decodeAny(Encoding expected, Frame frame) throws Exception {
    try {
      return ClientProtocol.decodeToClient(expected, frame);
    } catch (Exception e) {
      for (Encoding other : ENCODINGS) {
        if (other == expected || other.binary() == frame.isText()) continue;
        try {
          return ClientProtocol.decodeToClient(other, frame);
        } catch (Exception notThisOne) {
          // the next, or none
        }
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- SSE

  private void sseInput(Mutator m) throws Exception {
    String path = "/api/actors/tally/fzs" + m.random().nextInt(4) + "/events";
    String query = m.pick(List.of("", "lastEventId=1", "events=changed", "lastEventId=0&events="
        + "changed,shout"));
    Map<String, String> headers = new LinkedHashMap<>();
    int what = m.random().nextInt(4);
    if (what == 0) path = m.mutate(path);
    else if (what == 1) query = m.mutate(query);
    else if (what == 2) headers.put("Last-Event-ID", m.mutate("3"));
    count(tried, "sse");
    URI uri = URI.create(base + encodePath(path) + (query.isEmpty() ? "" : "?"
        + encodeQuery(query)));
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(WAIT).GET();
    headers.forEach((name, value) -> b.header(name, headerValue(value)));
    HttpResponse<InputStream> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      problem("sse: no answer", uri + ": " + e);
      return;
    }
    try (InputStream in = r.body()) {
      count(answers, "sse " + r.statusCode());
      boolean stream = r.headers().firstValue("content-type").orElse("")
          .startsWith("text/event-stream");
      if (r.statusCode() == 200 && !stream) return; // a mutated path that is another GET route
      if (r.statusCode() == 200) {
        // The first event, then leave: the stream is endless.
        String first = readUntil(in, "\n\n", 4_096);
        if (!first.contains("event: rivulet.connected")) {
          problem("sse: a stream without its first event", uri + " -> " + first);
        }
        return;
      }
      byte[] body = in.readAllBytes();
      checkCode("sse", errorCode(r.headers().firstValue("content-type").orElse(""), body, null),
          uri + " -> " + r.statusCode() + " " + preview(body));
    }
  }

  // ---------------------------------------------------------------- raw HTTP framing

  /**
   * Malformed HTTP itself (request lines, headers, lengths), on a socket of its own: the server
   * answers a status or closes the connection, and keeps serving others (the canary says so).
   * Refusals that reach the gateway carry an error body; those Jetty's parser makes before any
   * route runs say only their status, which is counted apart. None is a server error (5xx) but
   * 505, the answer to an unknown HTTP version.
   */
  private void rawInput(Mutator m) throws Exception {
    String seed = m.pick(List.of(
        "POST /api/actors/tally/fzr/actions/add HTTP/1.1\r\nHost: x\r\nContent-Type: "
            + "application/json\r\nContent-Length: 3\r\nConnection: close\r\n\r\n[1]",
        "GET /api/actors/tally/fzr/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "POST /api/rivet/gateway/tally/action/add?" + QUERY + " HTTP/1.1\r\nHost: x\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\n[1]\r\n0\r\n\r\n"));
    byte[] request = m.mutate(seed.getBytes(StandardCharsets.UTF_8), null);
    count(tried, "raw-http");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.gateway().port()), 5_000);
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      s.shutdownOutput();
      String head = readUntil(s.getInputStream(), "\r\n", 256);
      if (head.isEmpty()) {
        count(answers, "raw-http closed");
        return;
      }
      String[] status = head.split(" ");
      String code = status.length > 1 ? status[1] : head.strip();
      count(answers, "raw-http " + code);
      // 505 is the answer to an unknown HTTP version; any other 5xx is the server's own failure.
      if (code.startsWith("5") && !code.equals("505")) {
        problem("raw-http: a server error", code + " for " + preview(request));
      }
    } catch (java.net.SocketTimeoutException e) {
      count(answers, "raw-http waiting for more"); // an incomplete request: the server waits
    } catch (IOException e) {
      count(answers, "raw-http reset");
    }
  }

  // ---------------------------------------------------------------- helpers

  private static String readUntil(InputStream in, String end, int max) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    while (seen.size() < max) {
      int c = in.read();
      if (c < 0) break;
      seen.write(c);
      if (seen.toString(StandardCharsets.UTF_8).endsWith(end)) break;
    }
    return seen.toString(StandardCharsets.UTF_8);
  }

  /** Percent-encodes everything but unreserved characters and {@code /}. */
  private static String encodePath(String path) {
    return encode(path.startsWith("/") ? path : "/" + path, "/");
  }

  /** Percent-encodes everything but unreserved characters, {@code &} and {@code =}. */
  private static String encodeQuery(String query) {
    return encode(query, "&=");
  }

  private static String encode(String s, String keep) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-._~".indexOf(c) >= 0 || keep.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** What an HTTP client can send as a header value: printable ASCII. */
  private static String headerValue(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) out.append(c >= 0x20 && c < 0x7f ? c : '?');
    return out.toString().strip();
  }

  /** A WebSocket subprotocol must be a token. */
  private static String token(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      out.append(c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0 ? c : '_');
    }
    String t = out.toString();
    return t.isEmpty() || t.equals("rivet") ? "x" + t : t;
  }

  private static String preview(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
    return s.replace('\n', ' ');
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void count(Map<String, AtomicLong> counts, String kind) {
    counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
  }

  private void problem(String kind, String example) {
    List<String> examples = problems.computeIfAbsent(kind, k -> new ArrayList<>());
    synchronized (examples) {
      if (examples.size() < 20) examples.add(example);
    }
  }

  private static Map<String, Long> sorted(Map<String, AtomicLong> counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Heap in use after a full GC, and live threads. */
  private static double openConnections(HttpProbe http) {
    PrometheusText metrics = PrometheusText.parse(http.get("/metrics").text());
    return metrics.valueOrZero("rivulet_connections_active", "kind", "websocket")
        + metrics.valueOrZero("rivulet_connections_active", "kind", "sse");
  }

  private static long[] heapAndThreads() {
    for (int i = 0; i < 3; i++) System.gc();
    return new long[] {ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
        ManagementFactory.getThreadMXBean().getThreadCount()};
  }
}
