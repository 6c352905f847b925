package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoriesTest {
  @TempDir Path tmp;

  @Test
  void deletesADirectoryAndEverythingInIt() throws Exception {
    Path dir = tmp.resolve("data");
    Files.createDirectories(dir.resolve("kafka/inbox-0"));
    Files.write(dir.resolve("kafka/inbox-0/00000000000000000000.log"), new byte[100]);
    Files.write(dir.resolve("meta.properties"), new byte[10]);
    assertThat(Directories.delete(dir)).isZero();
    assertThat(dir).doesNotExist();
  }

  @Test
  void aDirectoryThatIsNotThereLeavesNothing() {
    assertThat(Directories.delete(tmp.resolve("gone"))).isZero();
  }
}
