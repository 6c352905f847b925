package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TempDirs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The quick start's launcher as a real process, on one data directory: stopped and started again
 * the counter continues, and so it does after the process is killed outright.
 */
class LauncherIT {
  private static final Pattern GATEWAY = Pattern.compile("gateway\\s+http://localhost:(\\d+)");

  /** A running launcher, its gateway's base URL and its banner (complete once it served). */
  private record Launcher(Process process, String url, CompletableFuture<String> banner) {}

  @Test
  void theCounterSurvivesAGracefulStopAndAKill() throws Exception {
    Path dataDir = TempDirs.create("rivulet-launcher-");
    Path log = dataDir.resolve("launcher.log");
    // One broker port for every start, as with ./rivulet (9092): the broker's metadata keeps its
    // address, and a restarted broker on another port first talks to the old one.
    int brokerPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      brokerPort = s.getLocalPort();
    }

    // As ./rivulet starts it (RIVULET_ADMIN_OPEN=true): the admin API open to this machine, and
    // the banner says so.
    Launcher first = start(dataDir, log, brokerPort, "--admin-open", "true");
    HttpProbe http = new HttpProbe(first.url());
    String page = first.url().replace("127.0.0.1", "localhost") + "/examples/chat-room/";
    assertThat(first.banner().get(60, TimeUnit.SECONDS)).as("the banner links the chat room demo")
        .contains("In a browser:").contains(page)
        .contains("admin    OPEN without a token to this machine");
    HttpProbe.Response demo = http.get("/examples/chat-room/");
    assertThat(demo.status()).isEqualTo(200);
    assertThat(demo.text()).contains("<script src=\"chat-room.js\"");
    assertThat(http.action("counter", "demo", "increment", "[5]").text()).isEqualTo("{\"output\":5}");
    assertThat(http.action("counter", "demo", "increment", "[5]").text()).isEqualTo("{\"output\":10}");
    assertThat(http.get("/api/actors/counter/demo/state").status()).isEqualTo(200);
    first.process().destroy(); // SIGTERM: the shutdown hook stops gateway, engine and broker
    assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).as("stops within 60 s").isTrue();

    // The jar without the development flag: the admin API closed, and the banner says so.
    Launcher second = start(dataDir, log, brokerPort);
    HttpProbe secondHttp = new HttpProbe(second.url());
    assertThat(secondHttp.action("counter", "demo", "increment", "[5]").text())
        .isEqualTo("{\"output\":15}");
    assertThat(second.banner().get(60, TimeUnit.SECONDS)).contains("admin    closed");
    assertThat(secondHttp.get("/api/actors/counter/demo/state").errorCode())
        .isEqualTo("auth.forbidden");
    second.process().destroyForcibly(); // SIGKILL: nothing gets to clean up
    assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();

    Launcher third = start(dataDir, log, brokerPort);
    try {
      assertThat(new HttpProbe(third.url()).action("counter", "demo", "increment", "[5]").text())
          .isEqualTo("{\"output\":20}");
    } finally {
      third.process().destroy();
      third.process().waitFor(60, TimeUnit.SECONDS);
    }
  }

  private static Launcher start(Path dataDir, Path log, int brokerPort, String... more)
      throws Exception {
    Path jar = Path.of("target", "rivulet-examples.jar").toAbsolutePath();
    assertThat(jar).as("the launcher jar is built in the package phase").exists();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", jar.toString(),
        "--data-dir", dataDir.toString(), "--port", "0", "--broker-port", String.valueOf(brokerPort)));
    command.addAll(List.of(more));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("RIVULET_ADMIN_OPEN"); // only what the test gives
    Process process = builder
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    CompletableFuture<String> url = new CompletableFuture<>();
    CompletableFuture<String> banner = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        StringBuilder text = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
          text.append(line).append('\n');
          Matcher m = GATEWAY.matcher(line);
          if (m.find()) url.complete("http://127.0.0.1:" + m.group(1));
          if (line.startsWith("Stop with Ctrl-C")) banner.complete(text.toString());
        }
        banner.completeExceptionally(new AssertionError("the launcher exited; see " + log));
        url.completeExceptionally(new AssertionError("the launcher exited before it served; "
            + "see " + log));
      } catch (Exception e) {
        url.completeExceptionally(e);
      }
    }, "launcher-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      return new Launcher(process, url.get(120, TimeUnit.SECONDS), banner);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new AssertionError("the launcher did not start; its log: "
          + Files.readString(log), e);
    }
  }
}
