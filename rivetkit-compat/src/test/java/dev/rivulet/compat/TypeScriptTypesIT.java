package dev.rivulet.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rivulet.server.testing.TempDirs;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * End-to-end types: {@code rivulet types} (run as a command on a class path holding the examples'
 * catalog) writes the registry's declaration, and the pinned TypeScript compiler ({@code js/
 * package-lock.json}) checks two client files written against RivetKit's own client ({@code
 * rivetkit/client}, pinned) with it: {@code js/types/client.ts} (getOrCreate, get, create with
 * input, actions with typed arguments and results, events, connection params) must pass, and
 * {@code js/types/wrong.ts} must fail with exactly the errors its lines announce. Skipped, saying
 * why, where node or npm is missing.
 */
@DisabledIfSystemProperty(named = "rivetkit.compat.skip", matches = "true",
    disabledReason = "skipped with -Drivetkit.compat.skip=true, which skips js/install.sh too")
class TypeScriptTypesIT {
  private static final Path JS =
      Path.of(System.getProperty("rivetkit.compat.js", "js")).toAbsolutePath();
  private static final Pattern EXPECT = Pattern.compile("// expect (TS\\d+): (.*)$");
  private static final Pattern ERROR =
      Pattern.compile("^wrong\\.ts\\((\\d+),\\d+\\): error (TS\\d+): (.*)$");

  private static Path work;

  @BeforeAll
  static void generate() throws Exception {
    assumeTrue(onPath("node") && onPath("npm"), "node and npm are not installed: the TypeScript"
        + " compiler cannot run (.ci/run installs them)");
    if (!Files.isRegularFile(JS.resolve("node_modules/typescript/bin/tsc"))
        || !Files.isDirectory(JS.resolve("node_modules/rivetkit"))) {
      fail("the pinned client and compiler are not installed in " + JS.resolve("node_modules")
          + ": js/install.sh (npm ci) runs before the integration tests and says why it did not");
    }
    work = TempDirs.create("rivulet-types-");
    for (String file : new String[] {"tsconfig.json", "client.ts", "wrong.ts"}) {
      Files.copy(JS.resolve("types").resolve(file), work.resolve(file));
    }
    Files.createSymbolicLink(work.resolve("node_modules"), JS.resolve("node_modules"));
    Files.writeString(work.resolve("client.json"),
        "{\"extends\": \"./tsconfig.json\", \"files\": [\"client.ts\"]}");
    Files.writeString(work.resolve("wrong.json"),
        "{\"extends\": \"./tsconfig.json\", \"files\": [\"wrong.ts\"]}");

    Run types = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.rivulet.server.RivuletMain", "types",
        "--out", work.resolve("registry.d.ts").toString()));
    assertThat(types.status()).as("rivulet types: %s", types.output()).isZero();
    assertThat(Files.readString(work.resolve("registry.d.ts")))
        .contains("chatRoom: ChatRoom;").contains("export type Registry = RivetKitRegistry<Actors>;");
  }

  @Test
  void aClientWrittenAgainstTheDeclarationTypeChecks() throws Exception {
    Run tsc = tsc("client.json");
    assertThat(tsc.output()).as("tsc on client.ts").isEmpty();
    assertThat(tsc.status()).isZero();
  }

  @Test
  void aClientWithTypeErrorsFailsWithExactlyTheExpectedErrors() throws Exception {
    List<String> lines = Files.readAllLines(work.resolve("wrong.ts"));
    TreeMap<Integer, String> expected = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = EXPECT.matcher(lines.get(i));
      if (m.find()) expected.put(i + 1, m.group(1) + ": " + m.group(2));
    }
    assertThat(expected).as("wrong.ts announces its errors").hasSizeGreaterThan(5);

    Run tsc = tsc("wrong.json");
    assertThat(tsc.status()).as("tsc on wrong.ts must fail:%n%s", tsc.output()).isNotZero();
    TreeMap<Integer, String> reported = new TreeMap<>();
    for (String line : tsc.output().split("\n")) {
      Matcher m = ERROR.matcher(line);
      if (m.matches()) {
        int at = Integer.parseInt(m.group(1));
        String error = m.group(2) + ": " + m.group(3);
        String wanted = expected.get(at);
        // the announcement is the start of the message; keep the compiler's whole first line
        reported.put(at, wanted != null && error.startsWith(wanted) ? wanted : error);
      }
    }
    assertThat(reported).as("tsc's errors, by line:%n%s", tsc.output()).isEqualTo(expected);
  }

  private static Run tsc(String project) throws Exception {
    return run(List.of("node", JS.resolve("node_modules/typescript/bin/tsc").toString(),
        "-p", project, "--pretty", "false"));
  }

  private record Run(int status, String output) {}

  private static Run run(List<String> command) throws Exception {
    Path log = work.resolve("run-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " did not finish in 180 s");
    }
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8).strip());
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
