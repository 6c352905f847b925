package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rivulet.gateway.Authenticators;
import dev.rivulet.gateway.Gateway;
import dev.rivulet.gateway.GatewayConfig;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.server.testing.Chromium;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.SseProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.WsProbe;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every way into a gateway with an authenticator and an admin token, tried without credentials,
 * with the wrong ones, and with the right ones: the client API refuses a request without a valid
 * token before it reaches Kafka, the admin API one without the admin token; with them, the actor
 * sees who called ({@code context().identity()}, {@code conn.identity()}) and authorizes per
 * action ({@code onBeforeAction}).
 */
class AccessIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String ADMIN = "admin-token-of-the-test-gateway";
  static final String ALICE = "alice-token";
  static final String ROOT = "root-token";
  static final String APP = "access-" + UUID.randomUUID().toString().substring(0, 8);
  static final String JWT_SECRET = "the-hmac-secret-of-the-jwt-gateway-in-AccessIT";
  static RivuletServer server;
  static HttpProbe http;
  static String ws;

  @BeforeAll
  static void start() {
    Map<String, InboxRecord.Identity> tokens = Map.of(
        ALICE, Authenticators.identity("alice", Map.of("role", "user")),
        ROOT, Authenticators.identity("root", Map.of("role", "admin")));
    server = TestStack.start(SecureActors.ALL, c -> c.application(APP).gateway(g -> g.adminOpen(false)
        .adminToken(ADMIN).authenticator(Authenticators.tokens(tokens))));
    http = new HttpProbe(server.url());
    ws = server.url().replace("http://", "ws://");
    // An actor to look at, created by a client with a token.
    assertThat(call("POST", "/api/actors/vault/v1/actions/note", "[\"first\"]", ALICE).status())
        .isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  /** A request of the client API, each way in, without a token: all refused, 401. */
  @Test
  void everyWayIntoTheClientApiWithoutATokenIsRefused() {
    String query = "?rvt-namespace=default&rvt-method=getOrCreate&rvt-key=v1";
    String id = actorId();
    Map<String, String> rivetJson = Map.of("x-rivet-encoding", "json");
    List<Object[]> requests = List.of(
        new Object[] {"POST", "/api/actors/vault/v1/actions/whoAmI", "[]", Map.of()},
        new Object[] {"PUT", "/api/actors/vault/v2", null, Map.of()},
        new Object[] {"GET", "/api/actors/vault/v1/request/hello", null, Map.of()},
        new Object[] {"GET", "/api/actors/vault/v1/events", null, Map.of()},
        new Object[] {"PUT", "/api/rivet/actors", "{\"name\":\"vault\",\"key\":\"v1\"}", Map.of()},
        new Object[] {"POST", "/api/rivet/actors", "{\"name\":\"vault\",\"key\":\"v9\"}", Map.of()},
        new Object[] {"GET", "/api/rivet/actors?name=vault&key=v1", null, Map.of()},
        new Object[] {"GET", "/api/rivet/actors?actor_ids=" + enc(id), null, Map.of()},
        new Object[] {"POST", "/api/rivet/gateway/vault/action/whoAmI" + query,
            "{\"args\":[]}", rivetJson},
        new Object[] {"POST", "/api/rivet/gateway/" + enc(id) + "/action/whoAmI",
            "{\"args\":[]}", rivetJson},
        new Object[] {"GET", "/api/rivet/gateway/vault/request/hello" + query, null, Map.of()},
        new Object[] {"POST", "/api/rivet/action/whoAmI", "{\"args\":[]}",
            Map.of("x-rivet-encoding", "json", "x-rivet-target", "actor", "x-rivet-actor", id)},
        new Object[] {"GET", "/api/rivet/request/hello", null,
            Map.of("x-rivet-target", "actor", "x-rivet-actor", id)},
        new Object[] {"POST", "/gateway/vault/action/whoAmI" + query, "{\"args\":[]}",
            rivetJson},
        new Object[] {"PUT", "/actors", "{\"name\":\"vault\",\"key\":\"v1\"}", Map.of()});
    for (Object[] r : requests) {
      @SuppressWarnings("unchecked")
      Map<String, String> headers = (Map<String, String>) r[3];
      for (String token : new String[] {null, "not-a-token"}) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        if (token != null) h.put("Authorization", "Bearer " + token);
        HttpProbe.Response res = http.send((String) r[0], (String) r[1], (String) r[2], h);
        assertThat(res.status()).as(r[0] + " " + r[1] + " with " + token).isEqualTo(401);
        assertThat(res.errorCode()).as(r[0] + " " + r[1]).isEqualTo("auth.unauthenticated");
      }
    }
    // The admin token is the admin API's, not a client's.
    assertThat(call("POST", "/api/actors/vault/v1/actions/whoAmI", "[]", ADMIN).status())
        .isEqualTo(401);
    // Nothing refused reached the actor: vault/v2 and v9 were never created.
    assertThat(call("GET", "/api/actors/vault/v2/state", null, ADMIN).errorCode())
        .isEqualTo("actor.not_found");
    assertThat(call("GET", "/api/actors/vault/v9/state", null, ADMIN).errorCode())
        .isEqualTo("actor.not_found");
  }

  /** Every kind of WebSocket, without a token: an Error frame (or the close alone) and a close. */
  @Test
  void everyWebSocketWithoutATokenIsRefused() {
    String query = "?rvt-namespace=default&rvt-method=getOrCreate&rvt-key=v1";
    for (String path : new String[] {"/api/actors/vault/v1/connect",
        "/api/rivet/gateway/vault/connect" + query, "/gateway/vault/connect" + query}) {
      try (WsProbe socket = WsProbe.connect(ws + path)) {
        JsonNode error = socket.awaitTag("Error");
        assertThat(error.at("/body/val/group").asText() + "." + error.at("/body/val/code").asText())
            .as(path).isEqualTo("auth.unauthenticated");
        assertThat(socket.awaitClose(WAIT).reason()).as(path).isEqualTo("auth.unauthenticated");
      }
    }
    try (WsProbe socket = WsProbe.connect(ws + "/api/actors/vault/v1/connect",
        "rivet", "rivet_token.not-a-token")) {
      assertThat(socket.awaitClose(WAIT).reason()).isEqualTo("auth.unauthenticated");
    }
    // By header, as RivetKit's client does for an actor it knows the id of.
    try (WsProbe socket = WsProbe.connect(ws + "/api/rivet/connect", "rivet",
        "rivet_encoding.json", "rivet_target.actor", "rivet_actor." + actorId())) {
      assertThat(socket.awaitClose(WAIT).reason()).isEqualTo("auth.unauthenticated");
    }
    // A raw WebSocket is refused by the close alone.
    try (WsProbe socket = WsProbe.connect(ws + "/api/rivet/gateway/vault/websocket/" + query,
        "rivet", "rivet_encoding.json")) {
      WsProbe.Closed closed = socket.awaitClose(WAIT);
      assertThat(closed.status()).isEqualTo(1011);
      assertThat(closed.reason()).isEqualTo("auth.unauthenticated");
      assertThat(socket.received()).isEmpty();
    }
  }

  /** The admin API without the admin token, or with a client's: all refused. */
  @Test
  void everyAdminRouteWithoutTheAdminTokenIsRefused() {
    String id = actorId();
    List<String[]> routes = List.of(
        new String[] {"GET", "/api/actors/vault/v1/history"},
        new String[] {"GET", "/api/actors/vault/v1/state"},
        new String[] {"GET", "/api/actors/vault/v1/state?at=1"},
        new String[] {"GET", "/api/actors/vault/v1/diff?from=0&to=1"},
        new String[] {"PUT", "/api/actors/vault/copy?forkOf=v1&at=1"},
        new String[] {"GET", "/api/actors?type=vault"},
        new String[] {"DELETE", "/api/actors/vault/v1"},
        new String[] {"GET", "/api/rivet/actors?name=vault"},
        new String[] {"DELETE", "/api/rivet/actors/" + enc(id)},
        new String[] {"GET", "/actors?name=vault"},
        new String[] {"GET", "/metrics"});
    for (String[] r : routes) {
      for (String token : new String[] {null, ALICE, ROOT, "wrong"}) {
        HttpProbe.Response res = call(r[0], r[1], null, token);
        assertThat(res.status()).as(r[0] + " " + r[1] + " with " + token).isEqualTo(401);
        assertThat(res.errorCode()).as(r[1]).isEqualTo("auth.unauthenticated");
        assertThat(res.header("www-authenticate")).as(r[1]).startsWith("Bearer");
      }
    }
    // The actor is still there and unforked.
    assertThat(call("GET", "/api/actors/vault/copy/state", null, ADMIN).errorCode())
        .isEqualTo("actor.not_found");
    assertThat(call("GET", "/api/actors/vault/v1/state", null, ADMIN).status()).isEqualTo(200);
    // With the admin token every one of them answers.
    assertThat(call("GET", "/api/actors/vault/v1/history", null, ADMIN).json()
        .path("records").size()).isPositive();
    assertThat(call("GET", "/api/actors?type=vault", null, ADMIN).status()).isEqualTo(200);
    assertThat(call("GET", "/api/rivet/actors?name=vault", null, ADMIN).status()).isEqualTo(200);
    assertThat(call("GET", "/metrics", null, ADMIN).text()).contains("rivulet_gateway_errors_total");
    // The inspector's page holds no data: served; its calls are the admin API's.
    assertThat(http.get("/inspector").status()).isEqualTo(200);
  }

  /** With a token, the actor sees who called, over every transport, and authorizes per action. */
  @Test
  void theActorSeesTheCallerAndAuthorizesEachAction() {
    JsonNode seen = call("POST", "/api/actors/vault/v1/actions/whoAmI", "[]", ALICE).json()
        .path("output");
    assertThat(seen.path("subject").asText()).isEqualTo("alice");
    assertThat(seen.path("role").asText()).isEqualTo("user");
    assertThat(seen.path("connId").isNull()).isTrue();

    // Per-action authorization: alice may not, root may; a refusal leaves no journal record.
    long before = steps("v1");
    HttpProbe.Response refused = call("POST", "/api/actors/vault/v1/actions/adminOnly", "[]", ALICE);
    assertThat(refused.errorCode()).isEqualTo("user.forbidden");
    assertThat(refused.json().path("message").asText()).contains("you are alice");
    assertThat(call("POST", "/api/actors/vault/v1/actions/adminOnly", "[]", ROOT).json()
        .path("output").asText()).isEqualTo("the vault is open");
    assertThat(steps("v1")).as("a refused call is not journaled").isEqualTo(before);

    // RivetKit's stateless call: its connection carries the identity, from x-rivet-token.
    String query = "?rvt-namespace=default&rvt-method=getOrCreate&rvt-key=v1";
    HttpProbe.Response stateless = http.send("POST", "/api/rivet/gateway/vault/action/whoAmI"
        + query, "{\"args\":[]}", Map.of("x-rivet-encoding", "json", "x-rivet-token", ROOT,
        "x-rivet-conn-params", "{\"user\":\"r\",\"password\":\"" + SecureActors.Vault.PASSWORD
            + "\"}"));
    assertThat(stateless.status()).as(stateless.text()).isEqualTo(200);
    JsonNode output = stateless.json().path("output");
    assertThat(output.path("subject").asText()).isEqualTo("root");
    assertThat(output.path("connSubject").asText()).isEqualTo("root");
    assertThat(output.path("user").asText()).isEqualTo("r");
    // RivetKit's token in the address (rvt-token), as its client sends it on query gateway URLs.
    HttpProbe.Response byQuery = http.send("POST", "/api/rivet/gateway/vault/action/whoAmI"
        + query + "&rvt-token=" + ALICE, "{\"args\":[]}", Map.of("x-rivet-encoding", "json",
        "x-rivet-conn-params", "{\"user\":\"a\",\"password\":\"" + SecureActors.Vault.PASSWORD
            + "\"}"));
    assertThat(byQuery.json().at("/output/subject").asText()).isEqualTo("alice");

    // A connection: the identity of its upgrade request, for each of its actions.
    String params = enc("{\"user\":\"ada\",\"password\":\"" + SecureActors.Vault.PASSWORD + "\"}");
    try (WsProbe socket = WsProbe.connect(ws + "/api/actors/vault/v1/connect?params=" + params,
        Map.of("Authorization", "Bearer " + ALICE))) {
      socket.awaitTag("Init");
      socket.action(1, "whoAmI", "[]");
      JsonNode response = socket.awaitTag("ActionResponse").at("/body/val/output");
      assertThat(response.path("subject").asText()).isEqualTo("alice");
      assertThat(response.path("connSubject").asText()).isEqualTo("alice");
      assertThat(response.path("user").asText()).isEqualTo("ada");
      socket.action(2, "adminOnly", "[]");
      JsonNode error = socket.awaitTag("Error");
      assertThat(error.at("/body/val/code").asText()).isEqualTo("forbidden");
    }
    // A browser's WebSocket cannot set headers: the token as RivetKit's subprotocol.
    try (WsProbe socket = WsProbe.connect(ws + "/api/actors/vault/v1/connect?params=" + params,
        "rivet", "rivet_token." + ROOT)) {
      socket.awaitTag("Init");
      socket.action(1, "adminOnly", "[]");
      assertThat(socket.awaitTag("ActionResponse").at("/body/val/output").asText())
          .isEqualTo("the vault is open");
    }
    // SSE: an EventSource cannot set headers either: rvt-token.
    try (SseProbe sse = new SseProbe(server.url() + "/api/actors/vault/v1/events?rvt-token="
        + ALICE + "&params=" + params)) {
      assertThat(sse.await("rivulet.connected").data()).contains("vault/v1");
    }
    // Raw HTTP: the actor gets the identity, and not the credentials.
    HttpProbe.Response raw = call("GET", "/api/actors/vault/v1/request/hello", null, ALICE);
    assertThat(raw.json().path("subject").asText()).isEqualTo("alice");
    assertThat(raw.json().path("authorization").isNull()).isTrue();
    // A raw WebSocket.
    try (WsProbe socket = WsProbe.connect(ws + "/api/rivet/gateway/vault/websocket/" + query
        + "&rvt-token=" + ROOT, "rivet", "rivet_encoding.json", "rivet_conn_params." + params)) {
      socket.await(f -> f.asText().equals("hello root"), WAIT);
    }
  }

  /**
   * JSON Web Tokens, verified by Nimbus on a second gateway of the same engines (as {@code
   * --auth-jwt-secret} configures it): the token's subject and claims are the identity the actor
   * sees, over HTTP and over a browser's WebSocket; an expired or foreign token is refused.
   */
  @Test
  void aJsonWebTokenIsTheIdentityTheActorSees() throws Exception {
    try (Gateway jwt = Gateway.start(new GatewayConfig().bootstrapServers(server.bootstrapServers())
        .application(APP).host("127.0.0.1").port(0)
        .authenticator(Authenticators.jwt(Authenticators.Jwt.hmac(JWT_SECRET))))) {
      HttpProbe probe = new HttpProbe("http://127.0.0.1:" + jwt.port());
      String valid = jwt(JWT_SECRET, "jess", "admin", 60_000);
      HttpProbe.Response ok = probe.send("POST", "/api/actors/vault/v1/actions/whoAmI", "[]",
          Map.of("Authorization", "Bearer " + valid));
      assertThat(ok.status()).as(ok.text()).isEqualTo(200);
      assertThat(ok.json().at("/output/subject").asText()).isEqualTo("jess");
      assertThat(ok.json().at("/output/role").asText()).isEqualTo("admin");
      for (String wrong : new String[] {jwt(JWT_SECRET, "jess", "admin", -120_000),
          jwt("another-secret-that-is-long-enough-for-hs256", "jess", "admin", 60_000), ALICE}) {
        HttpProbe.Response refused = probe.send("POST", "/api/actors/vault/v1/actions/adminOnly",
            "[]", Map.of("Authorization", "Bearer " + wrong));
        assertThat(refused.status()).as(refused.text()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("auth.unauthenticated");
      }
      String params = enc("{\"user\":\"jess\",\"password\":\""
          + SecureActors.Vault.PASSWORD + "\"}");
      try (WsProbe socket = WsProbe.connect("ws://127.0.0.1:" + jwt.port()
          + "/api/actors/vault/v1/connect?params=" + params, "rivet", "rivet_token." + valid)) {
        socket.awaitTag("Init");
        socket.action(1, "whoAmI", "[]");
        JsonNode seen = socket.awaitTag("ActionResponse").at("/body/val/output");
        assertThat(seen.path("connSubject").asText()).isEqualTo("jess");
      }
    }
  }

  static String jwt(String secret, String subject, String role, long expiresInMillis)
      throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).claim("role", role)
        .expirationTime(new Date(System.currentTimeMillis() + expiresInMillis)).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  /** The inspector's page, given the admin token once, shows an actor through the admin API. */
  @Test
  void theInspectorShowsTheHistoryWithTheAdminToken() throws Exception {
    assumeTrue(Chromium.available(),
        "Chromium is not installed (/usr/bin/chromium; Debian package chromium): .ci/run installs it");
    try (Chromium browser = new Chromium()) {
      browser.open(server.url() + "/inspector/");
      browser.waitFor("document.querySelectorAll('#types li').length >= 2", WAIT);
      browser.eval("sessionStorage.setItem('rivulet.adminToken', '" + ADMIN + "');"
          + " location.hash = '#/actor/vault/v1'; location.reload(); true");
      browser.waitFor("document.querySelector('#live-state')"
          + " && document.querySelector('#live-state').textContent.includes('first')", WAIT);
      browser.waitFor("document.querySelectorAll('#timeline tr').length >= 1", WAIT);
    }
  }

  private static long steps(String key) {
    return call("GET", "/api/actors/vault/" + key + "/state", null, ADMIN).json().path("seq")
        .asLong();
  }

  /** vault/v1's RivetKit id. */
  private static String actorId() {
    HttpProbe.Response r = call("GET", "/api/rivet/actors?name=vault&key=v1", null, ALICE);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().at("/actors/0/actor_id").asText();
  }

  static HttpProbe.Response call(String method, String path, String body, String token) {
    return http.send(method, path, body,
        token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
