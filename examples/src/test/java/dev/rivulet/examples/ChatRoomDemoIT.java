package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.testing.Chromium;
import dev.rivulet.server.testing.TestStack;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat room demo ({@code web/chat-room}: RivetKit's own React hooks, bundled from npm by
 * {@code web/build.sh} and served by the gateway) in two headless Chromium browsers against the
 * real stack: each sees the other's messages, and a reloaded page shows the room's history.
 */
class ChatRoomDemoIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String BUNDLE = "rivulet-web/examples/chat-room/chat-room.js";
  static final ObjectMapper JSON = new ObjectMapper();
  static RivuletServer server;

  @BeforeAll
  static void start() {
    assumeTrue(Chromium.available(),
        "Chromium is not installed (/usr/bin/chromium; Debian package chromium): .ci/run installs it");
    if (ChatRoomDemoIT.class.getClassLoader().getResource(BUNDLE) == null) {
      assumeTrue(onPath("npm"), "npm is not installed, so the build did not bundle the chat room"
          + " demo (examples/web/build.sh); install Node.js and npm to run this test");
      fail("npm is installed but the chat room demo is not bundled (no " + BUNDLE + " on the class"
          + " path): examples/web/build.sh runs in the examples' prepare-package phase and says"
          + " why in the build log");
    }
    server = TestStack.start(ExampleActors.ALL,
        c -> c.gateway(g -> g.staticFiles("/", "classpath:rivulet-web")));
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  @Test
  void twoPagesSeeEachOthersMessagesAndAReloadedPageShowsTheHistory() throws Exception {
    String room = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    String page = server.url() + "/examples/chat-room/?room=" + room;
    try (Chromium ada = new Chromium(); Chromium bob = new Chromium()) {
      ada.open(page + "&user=ada");
      bob.open(page + "&user=bob");
      connected(ada);
      connected(bob);

      send(ada, "hello from ada");
      bob.waitFor(shows(1, "ada", "hello from ada"), WAIT);
      send(bob, "hi ada, bob here");
      ada.waitFor(shows(2, "bob", "hi ada, bob here"), WAIT);
      ada.waitFor(count(2), WAIT);
      bob.waitFor(count(2), WAIT);
      assertThat(ada.text("#messages")).isEqualTo(bob.text("#messages"));

      // A new page (the mark is gone with the old document) gets the two messages from the room.
      bob.eval("window.beforeReload = true; setTimeout(() => location.reload(), 0)");
      bob.waitFor("!window.beforeReload && document.readyState === 'complete'", WAIT);
      connected(bob);
      bob.waitFor(count(2), WAIT);
      bob.waitFor(shows(1, "ada", "hello from ada") + " && " + shows(2, "bob", "hi ada, bob here"),
          WAIT);

      send(ada, "still there?");
      bob.waitFor(shows(3, "ada", "still there?"), WAIT);
    }
  }

  private static void connected(Chromium page) {
    page.waitFor("document.querySelector('#status')?.dataset.status === 'connected'", WAIT);
  }

  /** Types {@code text} into the page's input as a user would (React sees the input event). */
  private static void send(Chromium page, String text) throws Exception {
    page.eval("(() => { const input = document.querySelector('#text');"
        + " Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, "
        + JSON.writeValueAsString(text) + ");"
        + " input.dispatchEvent(new Event('input', { bubbles: true })); })()");
    page.waitFor("document.querySelector('#text').value === " + JSON.writeValueAsString(text),
        WAIT);
    page.click("#send-button");
    page.waitFor("document.querySelector('#text').value === ''", WAIT); // sent and answered
  }

  /** The page shows at least {@code n} messages, the n-th from {@code user} with {@code text}. */
  private static String shows(int n, String user, String text) throws Exception {
    return "(() => { const m = document.querySelectorAll('#messages .message')[" + (n - 1) + "];"
        + " return !!m && m.dataset.user === " + JSON.writeValueAsString(user)
        + " && m.querySelector('.text').textContent === " + JSON.writeValueAsString(text) + "; })()";
  }

  private static String count(int n) {
    return "document.querySelectorAll('#messages .message').length === " + n;
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) return false;
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) return true;
    }
    return false;
  }
}
