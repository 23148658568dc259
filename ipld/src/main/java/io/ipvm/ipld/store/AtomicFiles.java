package io.ipvm.ipld.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Atomic, durable file writes — the one recipe the block store, the memo table and the class-cache
 * index share: the bytes go to a new temporary file {@code .tmp-…} beside the target, are forced to
 * disk, the file is renamed over the target in one step, and the directory is forced so the rename
 * survives a crash. A reader (or a process killed at any point) sees the old file or the new one,
 * never a torn one; leftover temporary files are garbage a cleaner may remove.
 */
public final class AtomicFiles {
  /** Name prefix of temporary files; cleaners delete old files with it. */
  public static final String TEMP_PREFIX = ".tmp-";

  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private AtomicFiles() {}

  /**
   * Writes {@code data} to {@code target} (whose directory must exist) atomically and durably.
   *
   * @param replace whether an existing target is replaced; when false, a target that appears
   *     meanwhile (a concurrent writer of the same content) is kept and this write dropped
   * @throws java.nio.file.AtomicMoveNotSupportedException if the file system cannot rename
   *     atomically
   * @throws IOException on any other failure; the temporary file is removed
   */
  public static void write(Path target, byte[] data, boolean replace) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    // A concurrent cleaner may remove the temporary file before the rename: try again.
    for (int attempt = 0; ; attempt++) {
      Path tmp =
          dir.resolve(
              TEMP_PREFIX + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
      try {
        try (FileChannel ch =
            FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ByteBuffer buf = ByteBuffer.wrap(data);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          ch.force(true);
        }
        try {
          if (replace) {
            Files.move(
                tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } else {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
          }
        } catch (FileAlreadyExistsException e) {
          // !replace, and a concurrent writer got there first (where rename does not replace)
          Files.deleteIfExists(tmp);
        }
        break;
      } catch (NoSuchFileException e) {
        Files.deleteIfExists(tmp);
        if (attempt >= 2 || !Files.isDirectory(dir)) {
          throw e;
        }
      } catch (IOException | RuntimeException e) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
    forceDirectory(dir);
  }

  /** Forces a directory's entries (a rename into it) to disk. Not possible on Windows. */
  public static void forceDirectory(Path dir) throws IOException {
    if (WINDOWS || dir == null) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
