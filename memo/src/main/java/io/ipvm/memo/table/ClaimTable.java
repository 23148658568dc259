package io.ipvm.memo.table;

import io.ipvm.ipld.Cid;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claims on instructions, exclusive across the threads of this process and across processes on one
 * machine, so that an executor can make sure the same pure work never runs twice at the same time
 * (memo/README.md, "Claims"). Whoever holds the claim on an instruction runs it and records its
 * receipt before releasing the claim; whoever finds the claim taken waits for it and then replays
 * the recorded receipt.
 *
 * <p><b>Between processes</b> a claim is an OS file lock ({@link FileChannel#tryLock()}, {@code
 * fcntl} on Linux) on one of a fixed set of {@link #stripes()} empty lock files {@code
 * <dir>/<stripe>.lock}, the stripe chosen by a hash of the instruction CID's bytes. The OS releases
 * the lock when its holder dies, even on SIGKILL, so a crashed holder never keeps a claim; the lock
 * files are never deleted (deleting a lock file another process has open would let two processes
 * lock two different files of one name), and their number is bounded by the stripe count. Two
 * instructions sharing a stripe make a process wait for another process's unrelated task now and
 * then; with 4,096 stripes and a few tasks running per process this is rare.
 *
 * <p><b>Within a process</b> OS file locks belong to the process, not the thread (a second lock of
 * the same file from one JVM throws {@link OverlappingFileLockException}, and closing any channel
 * of a file may drop the process's lock on it). So every {@code ClaimTable} of this JVM over the
 * same directory shares one state per stripe: the set of instructions claimed here, and the
 * stripe's one channel and OS lock, taken by the first claim on the stripe and released with the
 * last. Threads exclude each other per instruction, never per stripe.
 *
 * <p><b>No deadlock.</b> A claim is held by one thread for one instruction, and a holder never
 * waits for another claim while holding one, so no cycle of waits can form, between threads or
 * between processes, whatever order they claim in.
 */
public final class ClaimTable {
  /** The default number of lock files. */
  public static final int DEFAULT_STRIPES = 4096;

  /** The shortest and longest pause between two attempts of {@link #claim}. */
  private static final long MIN_POLL_MILLIS = 1;

  private static final long MAX_POLL_MILLIS = 50;

  /** The stripes of each directory, shared by every table of this JVM over it. */
  private static final ConcurrentHashMap<Path, Stripe[]> LOCAL = new ConcurrentHashMap<>();

  /**
   * A lock file's state in this process; guarded by its own monitor. The state of a directory stays
   * for the life of the JVM, so it is kept small: the set exists only while claims do.
   */
  private static final class Stripe {
    Set<Cid> claimed; // null when empty
    FileChannel channel; // open (and locked) while claimed is not null
  }

  private final Path dir;
  private final Stripe[] local;

  /**
   * Claims with lock files under {@code dir} (created on first use), in {@code stripes} stripes.
   */
  public ClaimTable(Path dir, int stripes) {
    if (stripes < 1) {
      throw new IllegalArgumentException("stripes must be at least 1, got " + stripes);
    }
    this.dir = dir.toAbsolutePath().normalize();
    this.local =
        LOCAL.computeIfAbsent(
            this.dir,
            d -> {
              Stripe[] s = new Stripe[stripes];
              Arrays.setAll(s, i -> new Stripe());
              return s;
            });
    if (local.length != stripes) {
      throw new IllegalArgumentException(
          "the claims in "
              + this.dir
              + " are already used with "
              + local.length
              + " stripes in this process, not "
              + stripes);
    }
  }

  /** Claims with {@link #DEFAULT_STRIPES} lock files under {@code dir}. */
  public ClaimTable(Path dir) {
    this(dir, DEFAULT_STRIPES);
  }

  /** The directory of the lock files. */
  public Path dir() {
    return dir;
  }

  /** The number of lock files (the most there will ever be). */
  public int stripes() {
    return local.length;
  }

  /** The stripe of {@code instruction}. */
  public int stripe(Cid instruction) {
    // from the CID's bytes, so that every process picks the same stripe
    return Math.floorMod(Arrays.hashCode(instruction.toV1().bytes()), local.length);
  }

  /** The lock file of {@code instruction}'s stripe. */
  public Path lockFile(Cid instruction) {
    return dir.resolve(String.format("%04x.lock", stripe(instruction)));
  }

  /**
   * Claims {@code instruction} if no thread or process holds its claim now; empty if one does (or,
   * rarely, another process holds the claim of an instruction on the same stripe).
   *
   * @throws MemoException when the lock file cannot be created or locked
   */
  public Optional<Claim> tryClaim(Cid instruction) {
    Cid key = instruction.toV1();
    Stripe stripe = local[stripe(key)];
    synchronized (stripe) {
      if (stripe.claimed != null && stripe.claimed.contains(key)) {
        return Optional.empty(); // a thread of this process holds it
      }
      if (stripe.channel == null) {
        FileChannel ch = lock(key);
        if (ch == null) {
          return Optional.empty(); // another process holds the stripe
        }
        stripe.channel = ch;
        stripe.claimed = new HashSet<>(4);
      }
      stripe.claimed.add(key);
      return Optional.of(new Claim(key, stripe));
    }
  }

  /**
   * Claims {@code instruction}, waiting as long as another thread or process holds its claim (if
   * the holder dies, the OS releases its lock and the wait ends). Polls with a growing pause of at
   * most 50 ms, so it also suits virtual threads.
   *
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws MemoException when the lock file cannot be created or locked
   */
  public Claim claim(Cid instruction) throws InterruptedException {
    long pause = MIN_POLL_MILLIS;
    while (true) {
      Optional<Claim> c = tryClaim(instruction);
      if (c.isPresent()) {
        return c.get();
      }
      Thread.sleep(pause);
      pause = Math.min(MAX_POLL_MILLIS, pause * 2);
    }
  }

  /** The stripe's lock file, open and locked, or null if another process has the lock. */
  private FileChannel lock(Cid instruction) {
    Path file = lockFile(instruction);
    FileChannel ch = null;
    try {
      Files.createDirectories(dir);
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        // cannot happen: this process opens a stripe's file only while it has no lock on it
        lock = null;
      }
      if (lock == null) {
        ch.close();
        return null;
      }
      return ch;
    } catch (IOException e) {
      closeQuietly(ch);
      throw new MemoException(
          "cannot claim instruction " + instruction + " (lock file " + file + "): " + e, e);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // nothing more to release
      }
    }
  }

  @Override
  public String toString() {
    return "ClaimTable(" + dir + ", " + local.length + " stripes)";
  }

  /**
   * A held claim: release it with {@link #close()} once the instruction's receipt is recorded (or
   * when giving up). Closing twice does nothing.
   */
  public static final class Claim implements AutoCloseable {
    private final Cid instruction;
    private final Stripe stripe;
    private boolean released;

    private Claim(Cid instruction, Stripe stripe) {
      this.instruction = Objects.requireNonNull(instruction);
      this.stripe = stripe;
    }

    /** The claimed instruction. */
    public Cid instruction() {
      return instruction;
    }

    /**
     * Releases the claim; the last claim of its stripe in this process also releases the OS lock
     * (by closing the stripe's channel).
     */
    @Override
    public void close() {
      synchronized (stripe) {
        if (released) {
          return;
        }
        released = true;
        stripe.claimed.remove(instruction);
        if (stripe.claimed.isEmpty()) {
          closeQuietly(stripe.channel);
          stripe.channel = null;
          stripe.claimed = null;
        }
      }
    }
  }
}
