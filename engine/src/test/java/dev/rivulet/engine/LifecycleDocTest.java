package dev.rivulet.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Lifecycle hooks" table says what the engine's hook table ({@link Lifecycle})
 * does: every hook has a row and every row a hook, with the same rights, the same place in the
 * step and the same consequence of a failure.
 */
class LifecycleDocTest {
  private static final Pattern METHOD = Pattern.compile("`(\\w+)\\(");

  @Test
  void theReadmesHookTableIsTheEnginesHookTable() throws IOException {
    Map<Lifecycle, String[]> rows = rows(Path.of("..", "README.md"));
    assertThat(rows.keySet()).as("hooks with a row in the README")
        .containsExactlyInAnyOrder(Lifecycle.values());
    rows.forEach((hook, cells) -> {
      String may = cells[2];
      switch (hook.rights) {
        case FULL -> assertThat(may).as(hook.method).startsWith("everything an action may");
        case EVENTS_ONLY -> assertThat(may).as(hook.method).isEqualTo("broadcast");
        case NOTHING -> assertThat(may).as(hook.method).contains("nothing");
      }
      assertThat(cells[3]).as(hook.method + " journaled").isEqualTo(hook.inStep ? "yes" : "no");
      assertThat(cells[4]).as(hook.method + " if it throws").isEqualTo(switch (hook.failure) {
        case REJECTS -> "the request is refused";
        case FAILS -> "the request fails";
        case NOTED -> "logged, noted in `meta.hookFailures`";
        case LOGGED -> "logged";
      });
    });
  }

  @Test
  void hooksOutsideTheStepMayChangeNothingAndTheirFailuresAreOnlyLogged() {
    for (Lifecycle hook : Lifecycle.values()) {
      if (hook.inStep) continue;
      assertThat(hook.rights).as(hook.method).isEqualTo(Draft.Rights.NOTHING);
      assertThat(hook.failure).as(hook.method).isEqualTo(Lifecycle.Failure.LOGGED);
    }
  }

  /** The rows of the README's hook table, by the hook each names ({@code initialState}: createState). */
  private static Map<Lifecycle, String[]> rows(Path readme) throws IOException {
    List<String> lines = Files.readAllLines(readme);
    int start = lines.indexOf("### Lifecycle hooks");
    assertThat(start).as("README has a Lifecycle hooks section").isNotNegative();
    Map<Lifecycle, String[]> rows = new EnumMap<>(Lifecycle.class);
    for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
      String line = lines.get(i);
      if (!line.startsWith("| `")) continue;
      String[] cells = line.substring(1, line.length() - 1).split("\\|");
      for (int c = 0; c < cells.length; c++) cells[c] = cells[c].trim();
      assertThat(cells).as(line).hasSize(5);
      Set<Lifecycle> named = EnumSet.noneOf(Lifecycle.class);
      Matcher m = METHOD.matcher(cells[0]);
      while (m.find()) named.add(hookNamed(m.group(1)));
      assertThat(named).as(line).isNotEmpty();
      for (Lifecycle hook : named) {
        assertThat(rows.put(hook, cells)).as("one row for " + hook.method).isNull();
      }
    }
    return rows;
  }

  private static Lifecycle hookNamed(String method) {
    String name = method.equals("initialState") ? "createState" : method;
    for (Lifecycle hook : Lifecycle.values()) {
      if (hook.method.equals(name)) return hook;
    }
    throw new AssertionError("the README names a hook the engine does not have: " + method);
  }
}
