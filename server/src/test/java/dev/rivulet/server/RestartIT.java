package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TempDirs;
import dev.rivulet.server.testing.TestStack;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * An engine and gateway stopped and started again on the same data directory and application
 * continue every actor where it was. (The examples module restarts the whole launcher process,
 * broker included; this test restarts only the engine and gateway, on the JVM's shared broker.)
 */
class RestartIT {
  @Test
  void theCounterContinuesAfterARestart() throws Exception {
    Path dataDir = TempDirs.create("rivulet-restart-");
    String app = "restart-" + Long.toHexString(System.nanoTime());
    try (RivuletServer first = TestStack.start(TestActors.ALL,
        c -> c.dataDir(dataDir).application(app))) {
      HttpProbe http = new HttpProbe(first.url());
      assertThat(http.action("tally", "demo", "add", "[5]").text()).isEqualTo("{\"output\":5}");
      assertThat(http.action("tally", "demo", "add", "[5]").text()).isEqualTo("{\"output\":10}");
    }
    try (RivuletServer second = TestStack.start(TestActors.ALL,
        c -> c.dataDir(dataDir).application(app))) {
      HttpProbe http = new HttpProbe(second.url());
      assertThat(http.action("tally", "demo", "add", "[5]").text()).isEqualTo("{\"output\":15}");
    }
  }

  @Test
  void aNewStateDirectoryRestoresTheActorsFromTheChangelog() throws Exception {
    String app = "restore-" + Long.toHexString(System.nanoTime());
    try (RivuletServer first = TestStack.start(TestActors.ALL, c -> c.application(app))) {
      new HttpProbe(first.url()).action("tally", "moved", "add", "[21]");
    }
    // TestStack gives every start a fresh data directory: the engine has no local state.
    try (RivuletServer second = TestStack.start(TestActors.ALL, c -> c.application(app))) {
      assertThat(new HttpProbe(second.url()).action("tally", "moved", "add", "[21]").text())
          .isEqualTo("{\"output\":42}");
    }
  }
}
