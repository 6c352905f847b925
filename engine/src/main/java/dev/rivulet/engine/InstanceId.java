package dev.rivulet.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The engine instance's stable id, kept in its state directory: the group instance id of its
 * consumers, so that the same instance restarted is recognized as the same static member.
 */
final class InstanceId {
  private static final String FILE = "rivulet-instance-id";

  private InstanceId() {}

  static String of(Path stateDir, String application) {
    Path file = stateDir.resolve(FILE);
    try {
      Files.createDirectories(stateDir);
      if (Files.exists(file)) {
        String id = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!id.isEmpty()) return id;
      }
      String id = application + "-engine-" + UUID.randomUUID();
      Files.writeString(file, id, StandardCharsets.UTF_8);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the engine's instance id in " + file, e);
    }
  }
}
