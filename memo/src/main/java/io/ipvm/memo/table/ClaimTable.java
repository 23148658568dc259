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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Claims on instructions, exclusive across the threads of this process and across processes on one
 * machine, so that an executor can make sure the same pure work never runs twice at the same time
 * (memo/README.md, "Claims"). Whoever holds the claim on an instruction runs it and records its
 * receipt before releasing the claim; whoever finds the claim taken waits for it and then replays
 * the recorded receipt.
 *
 * <p><b>How.</b> A claim is an OS file lock ({@link FileChannel#tryLock()}, {@code fcntl} on Linux)
 * on one of a fixed set of {@link #stripes()} empty lock files {@code <dir>/<stripe>.lock}, the
 * stripe chosen by the instruction CID's hash. The OS releases the lock when its holder dies, even
 * on SIGKILL, so a crashed holder never keeps a claim; the lock files are never deleted (deleting a
 * lock file another process has open would let two processes lock two different files of one name),
 * and their number is bounded by the stripe count. Two instructions sharing a stripe only make one
 * wait for the other now and then; with 4,096 stripes and a few tasks running per process this is
 * rare.
 *
 * <p>OS file locks belong to the process, not the thread (a second lock of the same file from the
 * same JVM throws {@link OverlappingFileLockException}, and closing any channel of the file may
 * drop the process's lock on it), so each stripe also has a semaphore shared by every {@code
 * ClaimTable} of this JVM over the same directory: a thread holds the stripe's semaphore before it
 * opens the file, and only one channel of a lock file is ever open in a process.
 *
 * <p><b>No deadlock.</b> A claim is held by one thread for one instruction at a time, and a holder
 * never waits for another claim while holding one, so no cycle of waits can form, between threads
 * or between processes, whatever order they claim in.
 */
public final class ClaimTable {
  /** The default number of lock files. */
  public static final int DEFAULT_STRIPES = 4096;

  /** The shortest and longest pause between two attempts of {@link #claim}. */
  private static final long MIN_POLL_MILLIS = 1;

  private static final long MAX_POLL_MILLIS = 50;

  /** The semaphores of each directory, shared by every table of this JVM over it. */
  private static final ConcurrentHashMap<Path, Semaphore[]> LOCAL = new ConcurrentHashMap<>();

  private final Path dir;
  private final Semaphore[] local;

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
              Semaphore[] s = new Semaphore[stripes];
              Arrays.setAll(s, i -> new Semaphore(1));
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
   * Claims {@code instruction} if no thread or process holds its claim now; empty if one does.
   *
   * @throws MemoException when the lock file cannot be created or locked
   */
  public Optional<Claim> tryClaim(Cid instruction) {
    int stripe = stripe(instruction);
    Semaphore s = local[stripe];
    if (!s.tryAcquire()) {
      return Optional.empty();
    }
    boolean done = false;
    try {
      Optional<Claim> c = tryLock(instruction, stripe, s);
      done = c.isPresent();
      return c;
    } finally {
      if (!done) {
        s.release();
      }
    }
  }

  /**
   * Claims {@code instruction}, waiting as long as another thread or process holds its claim (if
   * the holder dies, the OS releases its lock and the wait ends). Polls the lock with a growing
   * pause of at most 50 ms, so it also suits virtual threads.
   *
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws MemoException when the lock file cannot be created or locked
   */
  public Claim claim(Cid instruction) throws InterruptedException {
    int stripe = stripe(instruction);
    Semaphore s = local[stripe];
    s.acquire();
    boolean done = false;
    try {
      long pause = MIN_POLL_MILLIS;
      while (true) {
        Optional<Claim> c = tryLock(instruction, stripe, s);
        if (c.isPresent()) {
          done = true;
          return c.get();
        }
        Thread.sleep(pause);
        pause = Math.min(MAX_POLL_MILLIS, pause * 2);
      }
    } finally {
      if (!done) {
        s.release();
      }
    }
  }

  /**
   * The OS lock of the stripe, whose semaphore the caller holds; empty if another process has it.
   */
  private Optional<Claim> tryLock(Cid instruction, int stripe, Semaphore s) {
    Path file = lockFile(instruction);
    FileChannel ch = null;
    try {
      Files.createDirectories(dir);
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        // cannot happen while the semaphore is held; treated as taken all the same
        lock = null;
      }
      if (lock == null) {
        ch.close();
        return Optional.empty();
      }
      return Optional.of(new Claim(instruction, ch, s));
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
   * when giving up). Closing twice does nothing. Not for sharing between threads.
   */
  public static final class Claim implements AutoCloseable {
    private final Cid instruction;
    private final FileChannel channel;
    private final Semaphore local;
    private boolean released;

    private Claim(Cid instruction, FileChannel channel, Semaphore local) {
      this.instruction = Objects.requireNonNull(instruction);
      this.channel = channel;
      this.local = local;
    }

    /** The claimed instruction. */
    public Cid instruction() {
      return instruction;
    }

    /** Releases the OS lock (by closing its channel) and then the stripe in this process. */
    @Override
    public void close() {
      if (released) {
        return;
      }
      released = true;
      try {
        closeQuietly(channel);
      } finally {
        local.release();
      }
    }
  }
}
