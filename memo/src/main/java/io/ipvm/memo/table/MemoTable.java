package io.ipvm.memo.table;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ipvm.ipld.Cid;
import io.ipvm.ipld.IpldException;
import io.ipvm.ipld.store.AtomicFiles;
import io.ipvm.ipld.store.IpvmHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The persistent memo table: instruction CID → receipt CID, one small file per entry under a root
 * directory (by default {@code $IPVM_HOME/memo}), with a Caffeine cache in front.
 *
 * <p><b>Layout.</b> {@code <root>/<shard>/<instruction CID in base32>}, sharded like the block
 * store (the two characters before the last of the name). A file holds the binary receipt CID
 * followed by the CRC32C of those bytes (4 bytes, big-endian).
 *
 * <p><b>Crash safety.</b> An entry is written to a temporary file {@code .tmp-<random>} in the
 * shard directory, forced to disk, renamed onto the entry's name (atomic, replacing) and the
 * directory is forced, all before {@link #put} returns. So an entry file is either absent, the old
 * entry or the new one, for other threads, other processes and after a crash; a killed writer
 * leaves at most a temporary file, which is never read as an entry ({@link #cleanTempFiles}). No
 * lock is needed between threads or processes: the last rename wins, and since an instruction is
 * deterministic every receipt recorded for it is a valid answer. An entry whose checksum or name
 * does not match (bit rot, hand editing) counts as missing and is moved to {@code
 * <root>/quarantine/}; a missing entry only means the work runs again.
 *
 * <p>The cache is a front for this process only: an entry another process writes later is seen on
 * the next miss; one it replaces may be served from the cache until evicted, which is harmless for
 * the reason above. Thread-safe.
 */
public final class MemoTable {
  /** Prefix of temporary files. */
  public static final String TEMP_PREFIX = AtomicFiles.TEMP_PREFIX;

  /** Sub-directory for entries that failed their check. */
  public static final String QUARANTINE = "quarantine";

  /** Sub-directory for the lock files of {@link ClaimTable} (not entries). */
  public static final String CLAIMS = "claims";

  private final Path root;
  private final Cache<Cid, Cid> cache;

  /** A table under {@code root} (created when the first entry is written). */
  public MemoTable(Path root, long cacheSize) {
    this.root = root.toAbsolutePath();
    this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
  }

  /** The table at {@code $IPVM_HOME/memo} (default {@code ~/.ipvm/memo}). */
  public static MemoTable openDefault(MemoConfig config) {
    return new MemoTable(IpvmHome.dir().resolve("memo"), config.memoEntries());
  }

  /** The root directory. */
  public Path root() {
    return root;
  }

  /** The file holding the entry for {@code instruction}. */
  public Path path(Cid instruction) {
    String name = instruction.toV1().toString();
    return root.resolve(name.substring(name.length() - 3, name.length() - 1)).resolve(name);
  }

  /** The receipt CID recorded for {@code instruction}, if any. */
  public Optional<Cid> get(Cid instruction) {
    Cid cached = cache.getIfPresent(instruction);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Cid> read = read(instruction, path(instruction));
    read.ifPresent(r -> cache.put(instruction, r));
    return read;
  }

  /** Whether an entry exists for {@code instruction}. */
  public boolean contains(Cid instruction) {
    return get(instruction).isPresent();
  }

  /**
   * Records {@code instruction → receipt}, durably: when this returns the entry survives a crash of
   * the process (and, as far as {@code fsync} goes, of the machine). Store the receipt block first.
   */
  public void put(Cid instruction, Cid receipt) {
    Path target = path(instruction);
    // rewriting an identical entry would only cost an fsync
    if (read(instruction, target).filter(receipt::equals).isPresent()) {
      cache.put(instruction, receipt);
      return;
    }
    write(instruction, target, encode(receipt));
    cache.put(instruction, receipt);
  }

  /** Removes the entry for {@code instruction}; whether there was one. */
  public boolean remove(Cid instruction) {
    cache.invalidate(instruction);
    try {
      boolean removed = Files.deleteIfExists(path(instruction));
      if (removed) {
        AtomicFiles.forceDirectory(path(instruction).getParent());
      }
      return removed;
    } catch (IOException e) {
      throw new MemoException("cannot remove memo entry " + instruction + ": " + e, e);
    }
  }

  /**
   * Every entry on disk, oldest first (then by instruction CID). Corrupt entries are quarantined
   * and left out; temporary files are ignored. For {@code ipvm memo ls}.
   */
  public List<MemoEntry> list() {
    List<MemoEntry> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(root)) {
      for (Path shard : shards) {
        String shardName = shard.getFileName().toString();
        if (!Files.isDirectory(shard) || shardName.equals(QUARANTINE) || shardName.equals(CLAIMS)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
          for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.startsWith(TEMP_PREFIX)) {
              continue;
            }
            Cid instruction;
            try {
              instruction = Cid.parse(name);
            } catch (IpldException e) {
              continue; // not an entry
            }
            Optional<Cid> receipt = read(instruction, f);
            if (receipt.isPresent()) {
              Instant t;
              try {
                t = Files.getLastModifiedTime(f).toInstant();
              } catch (NoSuchFileException e) {
                continue; // removed meanwhile
              }
              out.add(new MemoEntry(instruction, receipt.get(), t));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new MemoException("cannot list the memo table " + root + ": " + e, e);
    }
    out.sort(
        Comparator.comparing(MemoEntry::recordedAt).thenComparing(e -> e.instruction().toString()));
    return out;
  }

  /**
   * Deletes temporary files older than {@code olderThan} (left by writers that were killed);
   * returns how many. Use {@link Duration#ZERO} only when no other process writes to the table.
   */
  public int cleanTempFiles(Duration olderThan) {
    int n = 0;
    if (!Files.isDirectory(root)) {
      return 0;
    }
    Instant limit = Instant.now().minus(olderThan);
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(root)) {
      for (Path shard : shards) {
        if (!Files.isDirectory(shard)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shard, TEMP_PREFIX + "*")) {
          for (Path f : files) {
            try {
              if (!Files.getLastModifiedTime(f).toInstant().isAfter(limit)
                  && Files.deleteIfExists(f)) {
                n++;
              }
            } catch (NoSuchFileException e) {
              // gone meanwhile
            }
          }
        }
      }
    } catch (IOException e) {
      throw new MemoException("cannot clean the memo table " + root + ": " + e, e);
    }
    return n;
  }

  static byte[] encode(Cid receipt) {
    byte[] cid = receipt.bytes();
    CRC32C crc = new CRC32C();
    crc.update(cid);
    return ByteBuffer.allocate(cid.length + 4).put(cid).putInt((int) crc.getValue()).array();
  }

  /** The entry's receipt CID, or empty if there is none or it is corrupt (then quarantined). */
  private Optional<Cid> read(Cid instruction, Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new MemoException(
          "cannot read memo entry " + instruction + " at " + file + ": " + e, e);
    }
    String problem = null;
    Cid receipt = null;
    if (bytes.length < 5) {
      problem = "too short (" + bytes.length + " bytes)";
    } else {
      byte[] cid = Arrays.copyOf(bytes, bytes.length - 4);
      CRC32C crc = new CRC32C();
      crc.update(cid);
      if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
        problem = "checksum mismatch";
      } else {
        try {
          receipt = Cid.fromBytes(cid);
        } catch (IpldException e) {
          problem = "not a CID: " + e.getMessage();
        }
      }
    }
    if (problem != null) {
      quarantine(file);
      return Optional.empty();
    }
    return Optional.of(receipt);
  }

  private void quarantine(Path file) {
    try {
      Path q = root.resolve(QUARANTINE);
      Files.createDirectories(q);
      Files.move(
          file,
          q.resolve(file.getFileName() + "." + System.currentTimeMillis()),
          StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      // someone else moved or replaced it
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(Cid instruction, Path target, byte[] data) {
    Path dir = target.getParent();
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        AtomicFiles.forceDirectory(root);
        AtomicFiles.forceDirectory(root.getParent());
      }
      AtomicFiles.write(target, data, true);
    } catch (AtomicMoveNotSupportedException e) {
      throw new MemoException(
          "cannot write memo entry " + instruction + ": the file system has no atomic rename", e);
    } catch (IOException e) {
      throw new MemoException(
          "cannot write memo entry " + instruction + " to " + target + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return "MemoTable(" + root + ")";
  }
}
