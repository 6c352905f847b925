package dev.rivulet.server.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small filesystem of its own (a {@code tmpfs} of a few MiB, mounted on a temporary directory)
 * that a test can fill to the last byte and free again: a full disk for a broker's log directory
 * or an engine's state directory, without touching the machine's disk. Mounting needs root (or
 * {@code CAP_SYS_ADMIN}); {@link #unavailable()} says why it cannot be had here.
 */
public final class SmallDisk implements AutoCloseable {
  private final Path mountPoint;
  private final Path balloon;

  private SmallDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
    this.balloon = mountPoint.resolve(".balloon");
  }

  /** Why no small disk can be mounted here, or null when one can. */
  public static String unavailable() {
    if (!System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return "tmpfs mounts need Linux";
    }
    Path probe = TempDirs.create("rivulet-disk-probe-");
    try {
      if (run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", probe.toString()) != 0) {
        return "mount -t tmpfs failed (not root, or no CAP_SYS_ADMIN)";
      }
      run("umount", probe.toString());
      return null;
    } catch (IOException e) {
      return "cannot run mount: " + e.getMessage();
    }
  }

  /** A tmpfs of {@code mebibytes} MiB on a new temporary directory. */
  public static SmallDisk mount(String prefix, int mebibytes) {
    Path dir = TempDirs.create(prefix);
    try {
      int status = run("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tmpfs",
          dir.toString());
      if (status != 0) throw new IllegalStateException("mount -t tmpfs failed: " + status);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SmallDisk(dir);
  }

  /** Where it is mounted. */
  public Path path() {
    return mountPoint;
  }

  /** Bytes still free on it. */
  public long free() {
    try {
      return Files.getFileStore(mountPoint).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Takes every free byte (a file written until the filesystem refuses more); returns how many it
   * took.
   */
  public long fill() {
    long written = 0;
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(balloon)) {
      while (true) {
        out.write(block);
        written += block.length;
      }
    } catch (IOException full) {
      // "No space left on device": full, as wanted
    }
    // What the last block could not take, byte by byte, so not even a small write fits.
    try (OutputStream out = Files.newOutputStream(balloon, java.nio.file.StandardOpenOption.APPEND)) {
      while (true) {
        out.write(0);
        out.flush();
        written++;
      }
    } catch (IOException full) {
      // full to the byte
    }
    return written;
  }

  /** Gives the space {@link #fill()} took back. */
  public void release() {
    try {
      Files.deleteIfExists(balloon);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Unmounts it (lazily: a process that still has files open on it is not held up). */
  @Override
  public void close() {
    try {
      run("umount", "-l", mountPoint.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int run(String... command) throws IOException {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
