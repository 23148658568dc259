package io.ipvm.ipld.store;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multihash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The embedded on-disk {@link BlockStore}: one file per block, at {@code <root>/<shard>/<CIDv1 in
 * base32>}, where {@code <shard>} is the two characters before the last one of the file name (as
 * go-ipfs's flatfs "next-to-last/2": 1024 evenly filled directories).
 *
 * <p>Writes are atomic and durable: the bytes go to a temporary file {@code .tmp-…} in the shard
 * directory, which is forced to disk, atomically renamed onto the block's name and the directory
 * forced too. A block file therefore either does not exist or is complete, for any reader in any
 * thread or process and after a crash; temporary files never look like blocks (their names are not
 * CIDs). Putting a block whose file exists is a no-op (the file is not read; a damaged one is found
 * by the next {@code get}).
 *
 * <p>Reads verify the hash. A file whose bytes do not hash to its CID is moved to {@code
 * <root>/quarantine/} and reported as {@link CorruptBlockException}; the block is then missing, so
 * a later put (or a {@link LayeredBlockStore}'s remote) restores it.
 *
 * <p>Blocks with an identity multihash are not written: their content is the CID's digest.
 */
public final class FileBlockStore implements BlockStore {
  static final String TEMP_PREFIX = AtomicFiles.TEMP_PREFIX;
  static final String QUARANTINE = "quarantine";
  private static final int MAX_NAME_LENGTH = 200;

  private final Path root;

  /** A store rooted at {@code root}, which is created if missing. */
  public FileBlockStore(Path root) {
    this.root = root.toAbsolutePath();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new BlockStoreException(null, "cannot create block store directory " + this.root, e);
    }
  }

  /** The store at {@link IpvmHome#blocks()} ({@code $IPVM_HOME/blocks}, default ~/.ipvm/blocks). */
  public static FileBlockStore openDefault() {
    return new FileBlockStore(IpvmHome.blocks());
  }

  public Path root() {
    return root;
  }

  /** The file a block is (or would be) stored in. */
  public Path path(Cid cid) {
    String name = cid.toV1().toString();
    if (name.length() > MAX_NAME_LENGTH) {
      throw new BlockStoreException(
          cid, "CID " + cid + " is too long (" + name.length() + " characters) for a file name");
    }
    return root.resolve(shard(name)).resolve(name);
  }

  static String shard(String name) {
    return name.substring(name.length() - 3, name.length() - 1);
  }

  @Override
  public Cid put(long codec, long multihashCode, byte[] data) {
    Cid cid = Cid.of(codec, multihashCode, data);
    if (multihashCode != Multihash.IDENTITY) {
      write(cid, data);
    }
    return cid;
  }

  @Override
  public void put(Cid cid, byte[] data) {
    Blocks.checkPut(cid, data);
    if (cid.multihash().code() != Multihash.IDENTITY) {
      write(cid, data);
    }
  }

  private void write(Cid cid, byte[] data) {
    Path target = path(cid);
    if (Files.exists(target)) {
      return;
    }
    Path dir = target.getParent();
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        AtomicFiles.forceDirectory(root);
      }
      AtomicFiles.write(target, data, false);
    } catch (AtomicMoveNotSupportedException e) {
      throw new BlockStoreException(
          cid, "cannot write block " + cid + ": the file system has no atomic rename", e);
    } catch (IOException e) {
      throw new BlockStoreException(
          cid, "cannot write block " + cid + " to " + target + ": " + e, e);
    }
  }

  @Override
  public Optional<byte[]> get(Cid cid) {
    if (cid.multihash().code() == Multihash.IDENTITY) {
      return Optional.of(cid.multihash().digest());
    }
    Path file = path(cid);
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new BlockStoreException(
          cid, "cannot read block " + cid + " from " + file + ": " + e, e);
    }
    if (!Blocks.matches(cid, data)) {
      Path moved = quarantine(cid, file);
      throw new CorruptBlockException(
          cid,
          "corrupt block "
              + cid
              + ": the "
              + data.length
              + " bytes of "
              + file
              + " do not hash to the CID"
              + (moved != null ? "; moved to " + moved : ""));
    }
    return Optional.of(data);
  }

  /**
   * Moves a corrupt block file out of the way; returns where to, or null if it could not. If the
   * moved file verifies after all (a concurrent put replaced the bad file just before the move), it
   * is moved back.
   */
  private Path quarantine(Cid cid, Path file) {
    try {
      Path dir = root.resolve(QUARANTINE);
      Files.createDirectories(dir);
      Path moved = dir.resolve(file.getFileName() + "." + Instant.now().toEpochMilli());
      Files.move(file, moved, StandardCopyOption.ATOMIC_MOVE);
      if (Blocks.matches(cid, Files.readAllBytes(moved))) {
        Files.move(moved, file, StandardCopyOption.ATOMIC_MOVE);
        return null;
      }
      return moved;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public boolean has(Cid cid) {
    return cid.multihash().code() == Multihash.IDENTITY || Files.exists(path(cid));
  }

  /**
   * Deletes temporary files left by writers that died (crashed or killed) and last modified longer
   * than {@code olderThan} ago. Use {@link Duration#ZERO} only when no other process writes to the
   * store; a writer whose temp file is deleted retries. Returns how many were deleted.
   */
  public int cleanTempFiles(Duration olderThan) {
    FileTime limit = FileTime.from(Instant.now().minus(olderThan));
    int deleted = 0;
    for (Path dir : shardDirectories()) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
        for (Path f : files) {
          try {
            if (Files.getLastModifiedTime(f).compareTo(limit) <= 0 && Files.deleteIfExists(f)) {
              deleted++;
            }
          } catch (NoSuchFileException e) {
            // renamed or deleted meanwhile
          }
        }
      } catch (IOException e) {
        throw new BlockStoreException(null, "cannot clean temporary files in " + dir + ": " + e, e);
      }
    }
    return deleted;
  }

  private List<Path> shardDirectories() {
    List<Path> dirs = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path p : entries) {
        if (p.getFileName().toString().length() == 2 && Files.isDirectory(p)) {
          dirs.add(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dirs;
  }

  @Override
  public String toString() {
    return "FileBlockStore(" + root + ")";
  }
}
