package dev.rivulet.server.testing;

import dev.rivulet.server.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Temporary directories for tests' brokers, state stores and browsers, deleted when the test JVM
 * exits: a test run leaves nothing behind in {@code /tmp}, whatever the number of runs.
 */
public final class TempDirs {
  private static final List<Path> CREATED = new ArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::deleteAll, "rivulet-temp-dirs"));
  }

  private TempDirs() {}

  /** A new directory named {@code <prefix><random>} under the system's temporary directory. */
  public static Path create(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      synchronized (CREATED) {
        CREATED.add(dir);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteAll() {
    synchronized (CREATED) {
      CREATED.forEach(Directories::delete); // what is left, the OS's temporary-file cleaning takes
    }
  }
}
