package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The modules' dependency rules, checked on their sources (as Kafka's build checks its import
 * rules): what a module's code may name, by package. A rule names the folders it covers and the
 * package prefixes their code must not mention, in an import or a qualified name.
 */
class ArchitectureTest {
  private static final Path ROOT = Path.of("..");

  /** Code of {@code folders} may not mention the {@code forbidden} packages. */
  private record Rule(String why, List<String> folders, List<String> forbidden) {}

  private static final List<Rule> RULES = List.of(
      new Rule("actor code (the examples, as any application) uses the actor API, not the "
          + "runtime's internals", List.of("examples/src"), List.of("dev.rivulet.actor.internal")),
      new Rule("the actor API has no Kafka, no engine and no gateway in it",
          List.of("actor-api/src/main"), List.of("org.apache.kafka", "dev.rivulet.engine",
              "dev.rivulet.gateway", "dev.rivulet.records", "io.javalin")),
      new Rule("the records are the contract: they depend on nothing of Rivulet's",
          List.of("records/src/main"), List.of("dev.rivulet.engine", "dev.rivulet.gateway",
              "dev.rivulet.actor", "dev.rivulet.server", "io.javalin")),
      new Rule("the engine knows nothing of HTTP or of the gateway",
          List.of("engine/src/main"), List.of("io.javalin", "org.eclipse.jetty",
              "jakarta.servlet", "dev.rivulet.gateway")),
      new Rule("the gateway runs without actor code: it never imports the engine or actors",
          List.of("gateway/src/main"), List.of("dev.rivulet.engine", "dev.rivulet.actor")));

  @Test
  void everyModuleKeepsToItsDependencyRules() {
    List<String> violations = new ArrayList<>();
    for (Rule rule : RULES) {
      for (String folder : rule.folders()) {
        List<Path> sources = javaFiles(ROOT.resolve(folder));
        assertThat(sources).as("sources under " + folder).isNotEmpty();
        for (Path file : sources) {
          List<String> lines = read(file);
          for (int i = 0; i < lines.size(); i++) {
            for (String forbidden : rule.forbidden()) {
              if (mentions(lines.get(i), forbidden)) {
                violations.add(ROOT.relativize(file) + ":" + (i + 1) + " mentions " + forbidden
                    + " (" + rule.why() + ")");
              }
            }
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void theRuleSeesAnImportAndAQualifiedNameButNotAPrefixOfAnotherPackage() {
    assertThat(mentions("import dev.rivulet.engine.Engine;", "dev.rivulet.engine")).isTrue();
    assertThat(mentions("  x = new dev.rivulet.engine.Engine();", "dev.rivulet.engine")).isTrue();
    assertThat(mentions("import dev.rivulet.engineering.X;", "dev.rivulet.engine")).isFalse();
    assertThat(mentions("import dev.rivulet.actor.internal.Json;", "dev.rivulet.actor")).isTrue();
  }

  /** Whether {@code line} names package {@code prefix} (itself or one below it). */
  private static boolean mentions(String line, String prefix) {
    int at = line.indexOf(prefix);
    while (at >= 0) {
      int end = at + prefix.length();
      boolean startOk = at == 0 || !Character.isJavaIdentifierPart(line.charAt(at - 1))
          && line.charAt(at - 1) != '.';
      boolean endOk = end == line.length() || line.charAt(end) == '.' || line.charAt(end) == ';';
      if (startOk && endOk) return true;
      at = line.indexOf(prefix, at + 1);
    }
    return false;
  }

  private static List<Path> javaFiles(Path dir) {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
