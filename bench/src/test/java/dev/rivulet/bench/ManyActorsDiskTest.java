package dev.rivulet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManyActorsDiskTest {
  @TempDir Path dir;

  @Test
  void countsTheBytesOfEveryFileOrOnlyTheLogSegments() throws Exception {
    Files.createDirectories(dir.resolve("inbox-0"));
    Files.write(dir.resolve("inbox-0/00000000000000000000.log"), new byte[300]);
    Files.write(dir.resolve("inbox-0/00000000000000000000.index"), new byte[50]);
    Files.write(dir.resolve("recovery-point-offset-checkpoint"), new byte[7]);
    assertThat(ManyActors.logBytes(dir)).isEqualTo(300);
    assertThat(ManyActors.du(dir)).isEqualTo(357);
  }

  @Test
  void aFolderThatIsNotThereHoldsNothing() {
    assertThat(ManyActors.du(dir.resolve("gone"))).isZero();
  }
}
