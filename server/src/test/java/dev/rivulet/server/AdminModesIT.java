package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the admin API is served when no token is configured: nowhere by default; on the admin
 * listener only when there is one (the main port refuses it); to this machine only with {@code
 * adminOpen}.
 */
class AdminModesIT {
  static final List<String> ADMIN = List.of("/api/actors/vault/a/history",
      "/api/actors/vault/a/state", "/api/actors?type=vault", "/api/rivet/actors?name=vault",
      "/metrics");

  @Test
  void withoutATokenPortOrDevelopmentModeTheAdminApiIsClosed() {
    try (RivuletServer server = TestStack.start(SecureActors.ALL,
        c -> c.gateway(g -> g.adminOpen(false)))) {
      HttpProbe http = new HttpProbe(server.url());
      assertThat(http.action("vault", "a", "note", "[\"x\"]").status()).isEqualTo(200);
      for (String path : ADMIN) {
        HttpProbe.Response r = http.get(path);
        assertThat(r.status()).as(path).isEqualTo(403);
        assertThat(r.errorCode()).as(path).isEqualTo("auth.forbidden");
        assertThat(r.json().path("message").asText()).contains("--admin-token");
      }
      assertThat(http.send("DELETE", "/api/actors/vault/a", null).status()).isEqualTo(403);
      assertThat(http.get("/inspector").status()).isEqualTo(403);
    }
  }

  @Test
  void anAdminPortServesTheAdminApiAndTheMainPortNone() {
    try (RivuletServer server = TestStack.start(SecureActors.ALL,
        c -> c.gateway(g -> g.adminOpen(false).adminPort(0)))) {
      int adminPort = server.gateway().adminPort();
      assertThat(adminPort).isPositive().isNotEqualTo(server.gateway().port());
      HttpProbe main = new HttpProbe(server.url());
      HttpProbe admin = new HttpProbe("http://127.0.0.1:" + adminPort);
      assertThat(main.action("vault", "a", "note", "[\"x\"]").status()).isEqualTo(200);
      for (String path : ADMIN) {
        HttpProbe.Response r = main.get(path);
        assertThat(r.status()).as(path).isEqualTo(403);
        assertThat(r.json().path("message").asText()).contains("admin port");
        assertThat(admin.get(path).status()).as(path).isEqualTo(200);
      }
      assertThat(main.get("/inspector").status()).isEqualTo(403);
      assertThat(admin.get("/inspector").status()).isEqualTo(200);
      // The admin listener serves the client API too (the inspector calls actions through it).
      assertThat(admin.action("vault", "a", "note", "[\"y\"]").status()).isEqualTo(200);
      assertThat(admin.send("DELETE", "/api/actors/vault/a", null).status()).isEqualTo(200);
    }
  }

  @Test
  void developmentModeServesTheAdminApiToThisMachineOnly() throws Exception {
    InetAddress outside = nonLoopbackAddress();
    try (RivuletServer server = TestStack.start(SecureActors.ALL,
        c -> c.gateway(g -> g.adminOpen(true).host("0.0.0.0")))) {
      HttpProbe local = new HttpProbe(server.url());
      assertThat(local.action("vault", "a", "note", "[\"x\"]").status()).isEqualTo(200);
      for (String path : ADMIN) assertThat(local.get(path).status()).as(path).isEqualTo(200);
      // The same gateway reached on an address of this machine that is not loopback: a client
      // elsewhere would come from such an address.
      assumeTrue(outside != null, "this machine has no address besides loopback");
      HttpProbe remote = new HttpProbe("http://" + outside.getHostAddress() + ":"
          + server.gateway().port());
      assertThat(remote.action("vault", "a", "note", "[\"y\"]").status()).isEqualTo(200);
      for (String path : ADMIN) {
        HttpProbe.Response r = remote.get(path);
        assertThat(r.status()).as(path).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("auth.forbidden");
      }
    }
  }

  private static InetAddress nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) continue;
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) return a;
      }
    }
    return null;
  }
}
