package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The decision records in {@code docs/decisions} keep their shape: a file {@code NNNN-name.md}
 * whose title starts with its own number, numbers used once, and a status line right under the
 * title, so a reader knows whether a record still holds.
 */
class DecisionRecordsTest {
  private static final Path DECISIONS = Path.of("..", "docs", "decisions");
  private static final Pattern FILE = Pattern.compile("(\\d{4})-[a-z0-9-]+\\.md");
  private static final Pattern STATUS = Pattern.compile(
      "\\*\\*Status:\\*\\* (accepted|superseded by \\d+|proposed|rejected)\\b.*");

  @Test
  void everyRecordIsNumberedOnceAndSaysItsStatus() throws IOException {
    List<Path> records;
    try (Stream<Path> files = Files.list(DECISIONS)) {
      records = files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
    }
    assertThat(records).as("decision records").isNotEmpty();
    List<String> problems = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>();
    for (Path record : records) {
      String name = record.getFileName().toString();
      Matcher m = FILE.matcher(name);
      if (!m.matches()) {
        problems.add(name + ": not named NNNN-lowercase-words.md");
        continue;
      }
      int number = Integer.parseInt(m.group(1));
      if (numbers.contains(number)) problems.add(name + ": number " + number + " used twice");
      numbers.add(number);
      List<String> lines = Files.readAllLines(record);
      if (lines.isEmpty() || !lines.get(0).startsWith("# " + number + ". ")) {
        problems.add(name + ": the title does not start with \"# " + number + ". \"");
      }
      String status = lines.stream().skip(1).filter(l -> !l.isBlank()).findFirst().orElse("");
      if (!STATUS.matcher(status).matches()) {
        problems.add(name + ": no **Status:** line under the title (found: " + status + ")");
      }
    }
    assertThat(problems).isEmpty();
  }
}
