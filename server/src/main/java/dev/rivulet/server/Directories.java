package dev.rivulet.server;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Deleting a data directory (a broker's log, state stores) and everything in it. */
public final class Directories {
  private Directories() {}

  /**
   * Deletes {@code dir} and what it holds, going on past what cannot be deleted (a file in use, a
   * file removed meanwhile by its owner counts as deleted).
   *
   * @return how many files and directories are left; 0 when {@code dir} is gone
   */
  public static int delete(Path dir) {
    int[] left = {0};
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          remove(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          if (!(e instanceof NoSuchFileException)) left[0]++;
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) {
          remove(d);
          return FileVisitResult.CONTINUE;
        }

        private void remove(Path p) {
          try {
            Files.deleteIfExists(p);
          } catch (IOException e) {
            left[0]++;
          }
        }
      });
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      left[0]++;
    }
    return left[0];
  }
}
