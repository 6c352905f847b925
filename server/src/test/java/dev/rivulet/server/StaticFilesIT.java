package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.gateway.GatewayConfig;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TempDirs;
import dev.rivulet.server.testing.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A web app's files served by the gateway beside the actors' routes ({@code staticFiles}). */
class StaticFilesIT {
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() throws Exception {
    Path site = TempDirs.create("rivulet-site-");
    Files.createDirectories(site.resolve("app"));
    Files.writeString(site.resolve("app/index.html"), "<!doctype html><p>the app</p>");
    Files.writeString(site.resolve("app/app.js"), "console.log('app');");
    Files.writeString(site.resolve("health"), "a file that a route shadows");
    server = TestStack.start(TestActors.ALL, c -> c.gateway(g -> g
        .staticFiles("/", site.toString())
        .staticFiles("/cp", "classpath:dev/rivulet/server/static-files-it")));
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  @Test
  void filesAreServedAsTheyAreWithTheirContentTypes() {
    HttpProbe.Response page = http.get("/app/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.text()).isEqualTo("<!doctype html><p>the app</p>");
    assertThat(page.header("content-type")).startsWith("text/html");

    HttpProbe.Response script = http.get("/app/app.js");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.text()).isEqualTo("console.log('app');");
    assertThat(script.header("content-type")).contains("javascript");

    HttpProbe.Response fromJar = http.get("/cp/hello.txt");
    assertThat(fromJar.status()).isEqualTo(200);
    assertThat(fromJar.text()).isEqualTo("from the class path\n");
  }

  @Test
  void theGatewaysRoutesWinAndAMissingFileIsTheUsualNotFound() {
    HttpProbe.Response health = http.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("status").asText()).isEqualTo("ok");

    HttpProbe.Response metadata = http.get("/api/metadata");
    assertThat(metadata.json().path("runtime").asText()).isEqualTo("rivulet");

    HttpProbe.Response missing = http.get("/app/nothing.js");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo("request.route_not_found");

    HttpProbe.Response outside = http.get("/app/../../etc/passwd");
    assertThat(outside.status()).isIn(400, 404);
    assertThat(outside.text()).doesNotContain("root:");
  }

  @Test
  void aDirectoryThatIsNotThereOrAPathWithoutSlashIsRefusedWhenConfigured() {
    assertThatThrownBy(() -> new GatewayConfig().staticFiles("/", "/no/such/directory"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("static files: /no/such/directory is not a directory");
    assertThatThrownBy(() -> new GatewayConfig().staticFiles("app", "classpath:x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("static files: the URL path must start with /, got app");
  }
}
