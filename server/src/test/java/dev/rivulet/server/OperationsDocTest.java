package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The operations guide's configuration reference and the README's table of launcher options say
 * what the launcher does: every option, its environment variable and its default.
 */
class OperationsDocTest {
  private static final Map<String, LauncherOptions.Option> OPTIONS = LauncherOptions.OPTIONS.stream()
      .collect(Collectors.toMap(LauncherOptions.Option::flag, o -> o, (a, b) -> a, LinkedHashMap::new));

  @Test
  void theGuideDocumentsEveryOptionWithItsVariableAndDefault() throws IOException {
    Map<String, String[]> rows = optionRows(Path.of("..", "docs", "operations.md"));
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(OPTIONS.keySet());
    rows.forEach((flag, cells) -> {
      LauncherOptions.Option o = OPTIONS.get(flag);
      assertThat(cells[1]).as(flag).isEqualTo("`" + o.env() + "`");
      if (o.fallback() != null) assertThat(cells[2]).as(flag).startsWith("`" + o.fallback() + "`");
    });
  }

  @Test
  void theReadmesOptionsAreTheLaunchersWithTheirVariablesAndDefaults() throws IOException {
    Map<String, String[]> rows = optionRows(Path.of("..", "README.md"));
    assertThat(rows).isNotEmpty();
    rows.forEach((flag, cells) -> {
      assertThat(OPTIONS).as("README's " + flag).containsKey(flag);
      LauncherOptions.Option o = OPTIONS.get(flag);
      assertThat(cells[1]).as(flag).isEqualTo("`" + o.env() + "`");
      if (o.fallback() != null) assertThat(cells[2]).as(flag).isEqualTo("`" + o.fallback() + "`");
    });
  }

  /** The rows of the file's tables whose first cell is a flag, by flag, cells trimmed. */
  private static Map<String, String[]> optionRows(Path file) throws IOException {
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.startsWith("| `--")) continue;
      String[] cells = line.substring(1).split("\\|");
      for (int i = 0; i < cells.length; i++) cells[i] = cells[i].trim();
      String flag = cells[0].replace("`", "");
      assertThat(rows.put(flag, cells)).as(file + " has one row for " + flag).isNull();
    }
    return rows;
  }
}
