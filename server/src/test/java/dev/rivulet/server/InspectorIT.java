package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rivulet.server.testing.Chromium;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The inspector page in headless Chromium: what it shows, stepping, and calling an action. */
class InspectorIT {
  static RivuletServer server;
  static final Duration WAIT = Duration.ofSeconds(30);

  @BeforeAll
  static void start() {
    assumeTrue(Chromium.available(),
        "Chromium is not installed (/usr/bin/chromium; Debian package chromium): .ci/run installs it");
    server = TestStack.start(TestActors.ALL);
    HttpProbe http = new HttpProbe(server.url());
    for (int i = 1; i <= 5; i++) http.action("tally", "insp", "add", "[" + i + "]");
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  @Test
  void theInspectorShowsAnActorsHistoryItsStateAtAStepAndCallsActions() throws Exception {
    try (Chromium browser = new Chromium()) {
      browser.open(server.url() + "/inspector/#/actor/tally/insp");
      browser.waitFor("document.querySelectorAll('#types li').length >= 2", WAIT);
      assertThat(browser.text("#types")).contains("tally").contains("greeter");

      browser.waitFor("document.querySelector('#live-state').textContent.includes('\"total\": 15')", WAIT);
      assertThat(browser.text("#actor-title")).isEqualTo("tally/insp");
      browser.waitFor("document.querySelectorAll('#timeline tr').length === 5", WAIT);
      assertThat(browser.text("#timeline tr[data-seq='3']")).contains("add").contains("[3]")
          .contains("6");
      browser.waitFor("document.querySelector('#actors li[data-id=\"tally/insp\"]')", WAIT);

      browser.click("#timeline tr[data-seq='2']");
      browser.waitFor("document.querySelector('#step-seq').textContent === '2'", WAIT);
      browser.waitFor("document.querySelector('#step-state').textContent.includes('\"total\": 3')", WAIT);
      assertThat(browser.text("#step-patch")).contains("replace").contains("/total").contains("3");

      browser.click("#next");
      browser.waitFor("document.querySelector('#step-seq').textContent === '3'", WAIT);
      browser.waitFor("document.querySelector('#step-state').textContent.includes('\"total\": 6')", WAIT);

      browser.eval("document.querySelector('#call-action').value = 'add'");
      browser.eval("document.querySelector('#call-args').value = '[10]'");
      browser.click("#call-button");
      browser.waitFor("document.querySelector('#call-result').textContent.trim() === '25'", WAIT);
      browser.waitFor("document.querySelector('#live-state').textContent.includes('\"total\": 25')", WAIT);
      browser.waitFor("document.querySelectorAll('#timeline tr').length === 6", WAIT);

      browser.eval("document.querySelector('#call-args').value = '[\"ten\"]'");
      browser.click("#call-button");
      browser.waitFor("document.querySelector('#call-result').textContent.includes('actor.invalid_arguments')", WAIT);
    }
  }
}
