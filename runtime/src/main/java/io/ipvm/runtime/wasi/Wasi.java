package io.ipvm.runtime.wasi;

import io.ipvm.runtime.HostFunction;
import io.ipvm.runtime.Imports;
import io.ipvm.runtime.Instance;
import io.ipvm.runtime.Memory;
import io.ipvm.runtime.WasmFunction;
import io.ipvm.runtime.WasmModule;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * WASI preview 1 ({@code wasi_snapshot_preview1}) for command modules: arguments, environment,
 * stdio, clocks, random bytes, and files under preopened directories.
 *
 * <pre>{@code
 * Wasi wasi = Wasi.builder()
 *     .args("prog.wasm", "a", "b")
 *     .env("HOME", "/")
 *     .stdout(out).stderr(err).stdin(in)
 *     .preopen(Path.of("data"), "/data")
 *     .build();
 * Instance instance = module.instantiate(wasi.imports());
 * int exitCode = wasi.run(instance);        // binds the exported memory, calls _start
 * }</pre>
 *
 * <p>The guest reaches the host file system only through preopened directories: paths must be
 * relative to a directory descriptor, {@code ..} may not climb above it, and symbolic links are
 * resolved on the host and must stay inside it ({@code ENOTCAPABLE} otherwise).
 *
 * <p>Not thread-safe, like the instance it serves. Files the guest leaves open are closed by {@link
 * #close()}.
 */
public final class Wasi implements AutoCloseable {
  /** The import module name. */
  public static final String MODULE = "wasi_snapshot_preview1";

  /** Time sources (and sleeping) for {@code clock_time_get} and {@code poll_oneoff}. */
  public interface Clock {
    /** Nanoseconds since the Unix epoch. */
    long realtimeNanos();

    /** Nanoseconds from an arbitrary fixed origin, never going backwards. */
    long monotonicNanos();

    /** Waits {@code nanos} nanoseconds (used by {@code poll_oneoff}). */
    default void sleep(long nanos) throws InterruptedException {
      if (nanos > 0) {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      }
    }

    /** The host's clocks. */
    Clock SYSTEM =
        new Clock() {
          @Override
          public long realtimeNanos() {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
          }

          @Override
          public long monotonicNanos() {
            return System.nanoTime();
          }
        };
  }

  // ---- errno ----------------------------------------------------------------------------------
  static final int SUCCESS = 0;
  static final int E2BIG = 1;
  static final int EACCES = 2;
  static final int EAGAIN = 6;
  static final int EBADF = 8;
  static final int EEXIST = 20;
  static final int EFAULT = 21;
  static final int EINVAL = 28;
  static final int EIO = 29;
  static final int EISDIR = 31;
  static final int ELOOP = 32;
  static final int ENAMETOOLONG = 37;
  static final int ENOENT = 44;
  static final int ENOSYS = 52;
  static final int ENOTDIR = 54;
  static final int ENOTEMPTY = 55;
  static final int ENOTSUP = 58;
  static final int EPERM = 63;
  static final int ESPIPE = 70;
  static final int EXDEV = 75;
  static final int ENOTCAPABLE = 76;

  // ---- file types, flags, rights --------------------------------------------------------------
  static final int FILETYPE_UNKNOWN = 0;
  static final int FILETYPE_CHARACTER_DEVICE = 2;
  static final int FILETYPE_DIRECTORY = 3;
  static final int FILETYPE_REGULAR_FILE = 4;
  static final int FILETYPE_SYMBOLIC_LINK = 7;

  static final int OFLAGS_CREAT = 1;
  static final int OFLAGS_DIRECTORY = 2;
  static final int OFLAGS_EXCL = 4;
  static final int OFLAGS_TRUNC = 8;

  static final int FDFLAGS_APPEND = 1;
  static final int FDFLAGS_NONBLOCK = 4;

  static final int LOOKUP_SYMLINK_FOLLOW = 1;

  static final long RIGHT_FD_READ = 1L << 1;
  static final long RIGHT_FD_SEEK = 1L << 2;
  static final long RIGHT_FD_TELL = 1L << 5;
  static final long RIGHT_FD_WRITE = 1L << 6;
  static final long RIGHTS_ALL = (1L << 30) - 1;
  static final long RIGHTS_STDIO = RIGHT_FD_READ | RIGHT_FD_WRITE | (1L << 27) | (1L << 21);

  private static final int CLOCK_REALTIME = 0;
  private static final int CLOCK_MONOTONIC = 1;
  private static final int CLOCK_PROCESS_CPUTIME = 2;
  private static final int CLOCK_THREAD_CPUTIME = 3;

  // ---- state ----------------------------------------------------------------------------------
  private final List<byte[]> args;
  private final List<byte[]> env;
  private final Clock clock;
  private final Random random;
  private final long startNanos;
  private final Map<Integer, Fd> fds = new TreeMap<>();
  private Memory memory;

  private Wasi(Builder b) throws IOException {
    this.args = encode(b.args);
    List<String> e = new ArrayList<>();
    for (Map.Entry<String, String> x : b.env.entrySet()) {
      e.add(x.getKey() + "=" + x.getValue());
    }
    this.env = encode(e);
    this.clock = b.clock;
    this.random = b.random != null ? b.random : new SecureRandom();
    this.startNanos = clock.monotonicNanos();
    fds.put(0, new Stream0(b.stdin, null));
    fds.put(1, new Stream0(null, b.stdout));
    fds.put(2, new Stream0(null, b.stderr));
    int fd = 3;
    for (Map.Entry<String, Path> p : b.preopens) {
      Path real = p.getValue().toRealPath();
      if (!Files.isDirectory(real)) {
        throw new NotDirectoryException(p.getValue().toString());
      }
      fds.put(fd++, new Dir(real, p.getKey()));
    }
  }

  private static List<byte[]> encode(List<String> strings) {
    List<byte[]> out = new ArrayList<>();
    for (String s : strings) {
      out.add(s.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  /** A new builder: no arguments, no environment, empty stdin, discarded output, no preopens. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link Wasi}. */
  public static final class Builder {
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Map.Entry<String, Path>> preopens = new ArrayList<>();
    private InputStream stdin = InputStream.nullInputStream();
    private OutputStream stdout = OutputStream.nullOutputStream();
    private OutputStream stderr = OutputStream.nullOutputStream();
    private Clock clock = Clock.SYSTEM;
    private Random random;

    private Builder() {}

    /** Appends command-line arguments ({@code argv[0]} first, by convention the program name). */
    public Builder args(String... values) {
      args.addAll(List.of(values));
      return this;
    }

    /** Appends command-line arguments. */
    public Builder args(List<String> values) {
      args.addAll(values);
      return this;
    }

    /** Sets one environment variable (the guest sees {@code key=value}). */
    public Builder env(String key, String value) {
      if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf(0) >= 0 || value.indexOf(0) >= 0) {
        throw new IllegalArgumentException("bad environment variable " + key);
      }
      env.put(key, value);
      return this;
    }

    /** Sets environment variables. */
    public Builder env(Map<String, String> values) {
      values.forEach(this::env);
      return this;
    }

    /** The guest's standard input (fd 0). */
    public Builder stdin(InputStream in) {
      this.stdin = in;
      return this;
    }

    /** The guest's standard output (fd 1); flushed after every write. */
    public Builder stdout(OutputStream out) {
      this.stdout = out;
      return this;
    }

    /** The guest's standard error (fd 2); flushed after every write. */
    public Builder stderr(OutputStream err) {
      this.stderr = err;
      return this;
    }

    /** Connects the guest's stdio to {@link System#in}, {@link System#out}, {@link System#err}. */
    public Builder inheritStdio() {
      return stdin(System.in).stdout(System.out).stderr(System.err);
    }

    /**
     * Gives the guest the host directory {@code host} under the name {@code guest} (e.g. {@code
     * "."} or {@code "/data"}). Preopens get descriptors 3, 4, ... in the order given.
     */
    public Builder preopen(Path host, String guest) {
      preopens.add(Map.entry(guest, host));
      return this;
    }

    /** The clocks ({@link Clock#SYSTEM} by default). */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** The source of {@code random_get} ({@link SecureRandom} by default). */
    public Builder random(Random value) {
      this.random = value;
      return this;
    }

    /**
     * The configured {@link Wasi}.
     *
     * @throws IOException when a preopened directory does not exist or is not a directory
     */
    public Wasi build() throws IOException {
      return new Wasi(this);
    }
  }

  // ---- embedding ------------------------------------------------------------------------------

  /** Whether {@code module} imports anything from {@value #MODULE}. */
  public static boolean isImportedBy(WasmModule module) {
    for (WasmModule.ImportDescriptor d : module.imports()) {
      if (d.module().equals(MODULE)) {
        return true;
      }
    }
    return false;
  }

  /** The names of the functions this implementation provides. */
  public static Set<String> functionNames() {
    Set<String> names = new HashSet<>();
    for (String[] s : SIGNATURES) {
      names.add(s[0]);
    }
    return names;
  }

  /** New imports holding every WASI function under {@value #MODULE}. */
  public Imports imports() {
    return addTo(new Imports());
  }

  /** Adds every WASI function to {@code imports} under {@value #MODULE}; returns it. */
  public Imports addTo(Imports imports) {
    for (String[] s : SIGNATURES) {
      imports.add(MODULE, s[0], function(s[0], s[1], s[2]));
    }
    return imports;
  }

  /**
   * Binds the functions to the instance's exported {@code memory} (call before running the guest;
   * {@link #run} does it).
   */
  public void bind(Instance instance) {
    Object m = instance.exports().get("memory");
    if (!(m instanceof Memory mem)) {
      throw new IllegalArgumentException("a WASI module must export its memory as \"memory\"");
    }
    bind(mem);
  }

  /** Binds the functions to {@code memory}. */
  public void bind(Memory memory) {
    this.memory = memory;
  }

  /**
   * Binds to the instance, calls its exported {@code _start} and returns the exit code: the one
   * passed to {@code proc_exit}, or 0 when {@code _start} returns. Traps propagate as {@link
   * io.ipvm.runtime.WasmTrap}.
   */
  public int run(Instance instance) {
    bind(instance);
    WasmFunction start = instance.function("_start");
    if (start == null) {
      throw new IllegalArgumentException("the module exports no _start function");
    }
    try {
      start.call();
      return 0;
    } catch (WasiExit exit) {
      return exit.code();
    } finally {
      flushStdio();
    }
  }

  private void flushStdio() {
    for (int i = 1; i <= 2; i++) {
      if (fds.get(i) instanceof Stream0 s && s.out != null) {
        try {
          s.out.flush();
        } catch (IOException e) {
          // nothing to report to
        }
      }
    }
  }

  /** Closes every file and directory the guest left open (not the stdio streams). */
  @Override
  public void close() {
    for (Fd f : fds.values()) {
      if (f instanceof File file) {
        try {
          file.channel.close();
        } catch (IOException e) {
          // best effort
        }
      }
    }
    flushStdio();
  }

  // ---- function table -------------------------------------------------------------------------

  /** name, parameter types, result types ('i' = i32, 'I' = i64). */
  private static final String[][] SIGNATURES = {
    {"args_get", "ii", "i"},
    {"args_sizes_get", "ii", "i"},
    {"environ_get", "ii", "i"},
    {"environ_sizes_get", "ii", "i"},
    {"clock_res_get", "ii", "i"},
    {"clock_time_get", "iIi", "i"},
    {"random_get", "ii", "i"},
    {"fd_advise", "iIIi", "i"},
    {"fd_allocate", "iII", "i"},
    {"fd_close", "i", "i"},
    {"fd_datasync", "i", "i"},
    {"fd_sync", "i", "i"},
    {"fd_fdstat_get", "ii", "i"},
    {"fd_fdstat_set_flags", "ii", "i"},
    {"fd_fdstat_set_rights", "iII", "i"},
    {"fd_filestat_get", "ii", "i"},
    {"fd_filestat_set_size", "iI", "i"},
    {"fd_filestat_set_times", "iIIi", "i"},
    {"fd_pread", "iiiIi", "i"},
    {"fd_pwrite", "iiiIi", "i"},
    {"fd_prestat_get", "ii", "i"},
    {"fd_prestat_dir_name", "iii", "i"},
    {"fd_read", "iiii", "i"},
    {"fd_readdir", "iiiIi", "i"},
    {"fd_renumber", "ii", "i"},
    {"fd_seek", "iIii", "i"},
    {"fd_tell", "ii", "i"},
    {"fd_write", "iiii", "i"},
    {"path_create_directory", "iii", "i"},
    {"path_filestat_get", "iiiii", "i"},
    {"path_filestat_set_times", "iiiiIIi", "i"},
    {"path_open", "iiiiiIIii", "i"},
    {"path_readlink", "iiiiii", "i"},
    {"path_remove_directory", "iii", "i"},
    {"path_rename", "iiiiii", "i"},
    {"path_unlink_file", "iii", "i"},
    {"poll_oneoff", "iiii", "i"},
    {"proc_exit", "i", ""},
    {"sched_yield", "", "i"},
  };

  private static List<ValType> types(String s) {
    List<ValType> out = new ArrayList<>();
    for (char c : s.toCharArray()) {
      out.add(c == 'I' ? ValType.I64 : ValType.I32);
    }
    return out;
  }

  private WasmFunction function(String name, String params, String results) {
    FunctionType type = FunctionType.of(types(params), types(results));
    if (results.isEmpty()) {
      return HostFunction.of(
          type,
          a -> {
            dispatch(name, a);
            return null;
          });
    }
    return HostFunction.of(
        type,
        a -> {
          int errno;
          try {
            errno = dispatch(name, a);
          } catch (Errno e) {
            errno = e.errno;
          } catch (IOException e) {
            errno = errno(e);
          } catch (FaultError e) {
            errno = EFAULT;
          } catch (SecurityException e) {
            errno = EACCES;
          }
          return new Object[] {errno};
        });
  }

  private static int i(Object o) {
    return (Integer) o;
  }

  private static long l(Object o) {
    return (Long) o;
  }

  private int dispatch(String name, Object[] a) throws IOException {
    Memory m = memory;
    if (m == null) {
      throw new IllegalStateException(
          "WASI function " + name + " called before Wasi.bind(instance)");
    }
    return switch (name) {
      case "args_get" -> stringsGet(args, i(a[0]), i(a[1]));
      case "args_sizes_get" -> stringsSizes(args, i(a[0]), i(a[1]));
      case "environ_get" -> stringsGet(env, i(a[0]), i(a[1]));
      case "environ_sizes_get" -> stringsSizes(env, i(a[0]), i(a[1]));
      case "clock_res_get" -> clockResGet(i(a[0]), i(a[1]));
      case "clock_time_get" -> clockTimeGet(i(a[0]), i(a[2]));
      case "random_get" -> randomGet(i(a[0]), i(a[1]));
      case "fd_advise" -> fdAdvise(i(a[0]));
      case "fd_allocate" -> fdAllocate(i(a[0]), l(a[1]), l(a[2]));
      case "fd_close" -> fdClose(i(a[0]));
      case "fd_datasync", "fd_sync" -> fdSync(i(a[0]));
      case "fd_fdstat_get" -> fdFdstatGet(i(a[0]), i(a[1]));
      case "fd_fdstat_set_flags" -> fdFdstatSetFlags(i(a[0]), i(a[1]));
      case "fd_fdstat_set_rights" -> fd(i(a[0])) != null ? SUCCESS : EBADF;
      case "fd_filestat_get" -> fdFilestatGet(i(a[0]), i(a[1]));
      case "fd_filestat_set_size" -> fdFilestatSetSize(i(a[0]), l(a[1]));
      case "fd_filestat_set_times" -> fdFilestatSetTimes(i(a[0]), l(a[1]), l(a[2]), i(a[3]));
      case "fd_pread" -> fdPread(i(a[0]), i(a[1]), i(a[2]), l(a[3]), i(a[4]));
      case "fd_pwrite" -> fdPwrite(i(a[0]), i(a[1]), i(a[2]), l(a[3]), i(a[4]));
      case "fd_prestat_get" -> fdPrestatGet(i(a[0]), i(a[1]));
      case "fd_prestat_dir_name" -> fdPrestatDirName(i(a[0]), i(a[1]), i(a[2]));
      case "fd_read" -> fdRead(i(a[0]), i(a[1]), i(a[2]), i(a[3]));
      case "fd_readdir" -> fdReaddir(i(a[0]), i(a[1]), i(a[2]), l(a[3]), i(a[4]));
      case "fd_renumber" -> fdRenumber(i(a[0]), i(a[1]));
      case "fd_seek" -> fdSeek(i(a[0]), l(a[1]), i(a[2]), i(a[3]));
      case "fd_tell" -> fdSeek(i(a[0]), 0, 1, i(a[1]));
      case "fd_write" -> fdWrite(i(a[0]), i(a[1]), i(a[2]), i(a[3]));
      case "path_create_directory" -> pathCreateDirectory(i(a[0]), i(a[1]), i(a[2]));
      case "path_filestat_get" -> pathFilestatGet(i(a[0]), i(a[1]), i(a[2]), i(a[3]), i(a[4]));
      case "path_filestat_set_times" ->
          pathFilestatSetTimes(i(a[0]), i(a[1]), i(a[2]), i(a[3]), l(a[4]), l(a[5]), i(a[6]));
      case "path_open" ->
          pathOpen(i(a[0]), i(a[1]), i(a[2]), i(a[3]), i(a[4]), l(a[5]), l(a[6]), i(a[7]), i(a[8]));
      case "path_readlink" -> pathReadlink(i(a[0]), i(a[1]), i(a[2]), i(a[3]), i(a[4]), i(a[5]));
      case "path_remove_directory" -> pathRemoveDirectory(i(a[0]), i(a[1]), i(a[2]));
      case "path_rename" -> pathRename(i(a[0]), i(a[1]), i(a[2]), i(a[3]), i(a[4]), i(a[5]));
      case "path_unlink_file" -> pathUnlinkFile(i(a[0]), i(a[1]), i(a[2]));
      case "poll_oneoff" -> pollOneoff(i(a[0]), i(a[1]), i(a[2]), i(a[3]));
      case "proc_exit" -> throw new WasiExit(i(a[0]));
      case "sched_yield" -> {
        Thread.yield();
        yield SUCCESS;
      }
      default -> ENOSYS;
    };
  }

  // ---- errors ---------------------------------------------------------------------------------

  /** An errno result, thrown from deep inside a call. */
  static final class Errno extends IOException {
    private static final long serialVersionUID = 1L;
    final int errno;

    Errno(int errno) {
      super("errno " + errno);
      this.errno = errno;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private static int errno(IOException e) {
    if (e instanceof Errno x) {
      return x.errno;
    }
    if (e instanceof NoSuchFileException) {
      return ENOENT;
    }
    if (e instanceof FileAlreadyExistsException) {
      return EEXIST;
    }
    if (e instanceof DirectoryNotEmptyException) {
      return ENOTEMPTY;
    }
    if (e instanceof AccessDeniedException) {
      return EACCES;
    }
    if (e instanceof NotDirectoryException) {
      return ENOTDIR;
    }
    if (e instanceof java.nio.file.AtomicMoveNotSupportedException) {
      return EXDEV;
    }
    if (e instanceof FileSystemLoopException) {
      return ELOOP;
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      String r = f.getReason();
      if (r.contains("Is a directory")) {
        return EISDIR;
      }
      if (r.contains("Not a directory")) {
        return ENOTDIR;
      }
      if (r.contains("Too many levels of symbolic links")) {
        return ELOOP;
      }
      if (r.contains("cross-device")) {
        return EXDEV;
      }
      if (r.contains("Operation not permitted")) {
        return EPERM;
      }
    }
    return EIO;
  }

  // ---- memory ---------------------------------------------------------------------------------

  private byte[] mem(int address, int length) {
    byte[] b = memory.bytes;
    if (address < 0 && length > 0
        || length < 0
        || Integer.toUnsignedLong(address) + Integer.toUnsignedLong(length) > memory.size) {
      throw new FaultError();
    }
    return b;
  }

  /** A guest pointer out of bounds: reported as EFAULT. */
  private static final class FaultError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FaultError() {
      super(null, null, false, false);
    }
  }

  private void u8(int address, int value) {
    mem(address, 1)[address] = (byte) value;
  }

  private void u16(int address, int value) {
    Memory.SHORT.set(mem(address, 2), address, (short) value);
  }

  private void u32(int address, int value) {
    Memory.INT.set(mem(address, 4), address, value);
  }

  private void u64(int address, long value) {
    Memory.LONG.set(mem(address, 8), address, value);
  }

  private int r32(int address) {
    return (int) Memory.INT.get(mem(address, 4), address);
  }

  private long r64(int address) {
    return (long) Memory.LONG.get(mem(address, 8), address);
  }

  private String string(int address, int length) throws Errno {
    byte[] b = mem(address, length);
    for (int i = 0; i < length; i++) {
      if (b[address + i] == 0) {
        throw new Errno(EINVAL);
      }
    }
    return new String(b, address, length, StandardCharsets.UTF_8);
  }

  // ---- args, environ, clocks, random ----------------------------------------------------------

  private int stringsGet(List<byte[]> strings, int pointers, int buffer) {
    int p = buffer;
    for (int k = 0; k < strings.size(); k++) {
      byte[] s = strings.get(k);
      u32(pointers + 4 * k, p);
      byte[] b = mem(p, s.length + 1);
      System.arraycopy(s, 0, b, p, s.length);
      b[p + s.length] = 0;
      p += s.length + 1;
    }
    return SUCCESS;
  }

  private int stringsSizes(List<byte[]> strings, int countPtr, int sizePtr) {
    int size = 0;
    for (byte[] s : strings) {
      size += s.length + 1;
    }
    u32(countPtr, strings.size());
    u32(sizePtr, size);
    return SUCCESS;
  }

  private int clockResGet(int id, int resultPtr) {
    long res =
        switch (id) {
          case CLOCK_REALTIME -> 1_000L;
          case CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME, CLOCK_THREAD_CPUTIME -> 1L;
          default -> -1L;
        };
    if (res < 0) {
      return EINVAL;
    }
    u64(resultPtr, res);
    return SUCCESS;
  }

  private int clockTimeGet(int id, int resultPtr) {
    long t =
        switch (id) {
          case CLOCK_REALTIME -> clock.realtimeNanos();
          case CLOCK_MONOTONIC -> clock.monotonicNanos();
          // No CPU-time accounting: time since this Wasi was made, an upper bound of it.
          case CLOCK_PROCESS_CPUTIME, CLOCK_THREAD_CPUTIME -> clock.monotonicNanos() - startNanos;
          default -> Long.MIN_VALUE;
        };
    if (t == Long.MIN_VALUE) {
      return EINVAL;
    }
    u64(resultPtr, t);
    return SUCCESS;
  }

  private int randomGet(int buffer, int length) {
    byte[] b = mem(buffer, length);
    byte[] r = new byte[length];
    random.nextBytes(r);
    System.arraycopy(r, 0, b, buffer, length);
    return SUCCESS;
  }

  // ---- descriptors ----------------------------------------------------------------------------

  /** An open descriptor. */
  private abstract static class Fd {
    int flags;
  }

  /** Standard input, output or error. */
  private static final class Stream0 extends Fd {
    final InputStream in;
    final OutputStream out;

    Stream0(InputStream in, OutputStream out) {
      this.in = in;
      this.out = out;
    }
  }

  /** An open regular file. */
  private static final class File extends Fd {
    final Path path;
    final FileChannel channel;
    final boolean readable;
    final boolean writable;

    File(Path path, FileChannel channel, boolean readable, boolean writable, int flags) {
      this.path = path;
      this.channel = channel;
      this.readable = readable;
      this.writable = writable;
      this.flags = flags;
    }
  }

  /** An open directory (preopened when {@code guestName} is not null). */
  private static final class Dir extends Fd {
    final Path path;
    final String guestName;

    Dir(Path path, String guestName) {
      this.path = path;
      this.guestName = guestName;
    }
  }

  private Fd fd(int fd) {
    return fds.get(fd);
  }

  private Fd fdOrThrow(int fd) throws Errno {
    Fd f = fds.get(fd);
    if (f == null) {
      throw new Errno(EBADF);
    }
    return f;
  }

  private int fdClose(int fd) throws IOException {
    Fd f = fds.remove(fd);
    if (f == null) {
      return EBADF;
    }
    if (f instanceof File file) {
      file.channel.close();
    } else if (f instanceof Stream0 s && s.out != null) {
      s.out.flush();
    }
    return SUCCESS;
  }

  private int fdRenumber(int from, int to) throws IOException {
    Fd f = fds.get(from);
    if (f == null || !fds.containsKey(to)) {
      return EBADF;
    }
    if (from != to) {
      fdClose(to);
      fds.put(to, fds.remove(from));
    }
    return SUCCESS;
  }

  private int fdSync(int fd) throws IOException {
    Fd f = fdOrThrow(fd);
    if (f instanceof File file) {
      file.channel.force(true);
    } else if (f instanceof Stream0 s && s.out != null) {
      s.out.flush();
    }
    return SUCCESS;
  }

  private int fdAdvise(int fd) throws Errno {
    Fd f = fdOrThrow(fd);
    return f instanceof File ? SUCCESS : f instanceof Dir ? EISDIR : ESPIPE;
  }

  private int fdAllocate(int fd, long offset, long length) throws IOException {
    if (!(fdOrThrow(fd) instanceof File file) || !file.writable) {
      return EBADF;
    }
    if (offset < 0 || length < 0) {
      return EINVAL;
    }
    long end = offset + length;
    if (end > file.channel.size()) {
      file.channel.write(ByteBuffer.wrap(new byte[1]), end - 1);
    }
    return SUCCESS;
  }

  private static int filetype(Fd f) {
    if (f instanceof Stream0) {
      return FILETYPE_CHARACTER_DEVICE;
    }
    return f instanceof Dir ? FILETYPE_DIRECTORY : FILETYPE_REGULAR_FILE;
  }

  private int fdFdstatGet(int fd, int ptr) throws Errno {
    Fd f = fdOrThrow(fd);
    long base;
    long inheriting = 0;
    if (f instanceof Stream0 s) {
      base = (s.in != null ? RIGHT_FD_READ : RIGHT_FD_WRITE) | (1L << 27) | (1L << 21);
    } else if (f instanceof Dir) {
      base = RIGHTS_ALL & ~(RIGHT_FD_READ | RIGHT_FD_WRITE | RIGHT_FD_SEEK | RIGHT_FD_TELL);
      inheriting = RIGHTS_ALL;
    } else {
      File file = (File) f;
      base = RIGHTS_ALL & ~(RIGHT_FD_READ | RIGHT_FD_WRITE);
      base |= (file.readable ? RIGHT_FD_READ : 0) | (file.writable ? RIGHT_FD_WRITE : 0);
    }
    mem(ptr, 24);
    u8(ptr, filetype(f));
    u8(ptr + 1, 0);
    u16(ptr + 2, f.flags);
    u32(ptr + 4, 0);
    u64(ptr + 8, base);
    u64(ptr + 16, inheriting);
    return SUCCESS;
  }

  private int fdFdstatSetFlags(int fd, int flags) throws Errno {
    Fd f = fdOrThrow(fd);
    if ((flags & ~(FDFLAGS_APPEND | FDFLAGS_NONBLOCK)) != 0) {
      return ENOTSUP;
    }
    if ((flags & FDFLAGS_APPEND) != 0 && !(f instanceof File)) {
      return EINVAL;
    }
    f.flags = flags;
    return SUCCESS;
  }

  private int fdFilestatGet(int fd, int ptr) throws IOException {
    Fd f = fdOrThrow(fd);
    if (f instanceof Stream0) {
      mem(ptr, 64);
      for (int k = 0; k < 64; k += 8) {
        u64(ptr + k, 0);
      }
      u8(ptr + 16, FILETYPE_CHARACTER_DEVICE);
      return SUCCESS;
    }
    Path p = f instanceof File file ? file.path : ((Dir) f).path;
    writeFilestat(p, true, ptr);
    if (f instanceof File file) {
      u64(ptr + 32, file.channel.size());
    }
    return SUCCESS;
  }

  private void writeFilestat(Path p, boolean follow, int ptr) throws IOException {
    LinkOption[] opts = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, opts);
    long dev = 0;
    long ino = 0;
    long nlink = 1;
    long ctime = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    try {
      Map<String, Object> u = Files.readAttributes(p, "unix:dev,ino,nlink,ctime", opts);
      dev = ((Number) u.get("dev")).longValue();
      ino = ((Number) u.get("ino")).longValue();
      nlink = ((Number) u.get("nlink")).longValue();
      ctime = ((FileTime) u.get("ctime")).to(java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      ino = a.fileKey() != null ? a.fileKey().hashCode() & 0xffffffffL : 0;
    }
    int type =
        a.isDirectory()
            ? FILETYPE_DIRECTORY
            : a.isRegularFile()
                ? FILETYPE_REGULAR_FILE
                : a.isSymbolicLink() ? FILETYPE_SYMBOLIC_LINK : FILETYPE_UNKNOWN;
    mem(ptr, 64);
    u64(ptr, dev);
    u64(ptr + 8, ino);
    u64(ptr + 16, 0);
    u8(ptr + 16, type);
    u64(ptr + 24, nlink);
    u64(ptr + 32, a.size());
    u64(ptr + 40, a.lastAccessTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
    u64(ptr + 48, a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
    u64(ptr + 56, ctime);
  }

  private int fdFilestatSetSize(int fd, long size) throws IOException {
    if (!(fdOrThrow(fd) instanceof File file) || !file.writable) {
      return EBADF;
    }
    if (size < 0) {
      return EINVAL;
    }
    long current = file.channel.size();
    if (size < current) {
      file.channel.truncate(size);
    } else if (size > current) {
      file.channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
    }
    return SUCCESS;
  }

  private int fdFilestatSetTimes(int fd, long atim, long mtim, int fstflags) throws IOException {
    Fd f = fdOrThrow(fd);
    Path p = f instanceof File file ? file.path : f instanceof Dir d ? d.path : null;
    if (p == null) {
      return EBADF;
    }
    return setTimes(p, atim, mtim, fstflags);
  }

  private int setTimes(Path p, long atim, long mtim, int fstflags) throws IOException {
    if ((fstflags & 3) == 3 || (fstflags & 12) == 12) {
      return EINVAL;
    }
    long now = clock.realtimeNanos();
    FileTime a = null;
    FileTime m = null;
    if ((fstflags & 1) != 0) {
      a = FileTime.from(atim, java.util.concurrent.TimeUnit.NANOSECONDS);
    } else if ((fstflags & 2) != 0) {
      a = FileTime.from(now, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
    if ((fstflags & 4) != 0) {
      m = FileTime.from(mtim, java.util.concurrent.TimeUnit.NANOSECONDS);
    } else if ((fstflags & 8) != 0) {
      m = FileTime.from(now, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
    Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class)
        .setTimes(m, a, null);
    return SUCCESS;
  }

  private int fdPrestatGet(int fd, int ptr) throws Errno {
    if (!(fdOrThrow(fd) instanceof Dir d) || d.guestName == null) {
      return EBADF;
    }
    u32(ptr, 0);
    u32(ptr + 4, d.guestName.getBytes(StandardCharsets.UTF_8).length);
    return SUCCESS;
  }

  private int fdPrestatDirName(int fd, int ptr, int length) throws Errno {
    if (!(fdOrThrow(fd) instanceof Dir d) || d.guestName == null) {
      return EBADF;
    }
    byte[] name = d.guestName.getBytes(StandardCharsets.UTF_8);
    if (length < name.length) {
      return ENAMETOOLONG;
    }
    System.arraycopy(name, 0, mem(ptr, name.length), ptr, name.length);
    return SUCCESS;
  }

  // ---- read, write, seek ----------------------------------------------------------------------

  private int fdWrite(int fd, int iovs, int count, int resultPtr) throws IOException {
    return write(fd, iovs, count, -1, resultPtr);
  }

  private int fdPwrite(int fd, int iovs, int count, long offset, int resultPtr) throws IOException {
    if (offset < 0) {
      return EINVAL;
    }
    if (fdOrThrow(fd) instanceof Stream0) {
      return ESPIPE;
    }
    return write(fd, iovs, count, offset, resultPtr);
  }

  private int write(int fd, int iovs, int count, long offset, int resultPtr) throws IOException {
    Fd f = fdOrThrow(fd);
    mem(iovs, count * 8);
    long total = 0;
    if (f instanceof Stream0 s) {
      if (s.out == null) {
        return EBADF;
      }
      for (int k = 0; k < count; k++) {
        int buf = r32(iovs + 8 * k);
        int len = r32(iovs + 8 * k + 4);
        s.out.write(mem(buf, len), buf, len);
        total += len;
      }
      s.out.flush();
    } else if (f instanceof File file) {
      if (!file.writable) {
        return EBADF;
      }
      long position =
          offset >= 0
              ? offset
              : (file.flags & FDFLAGS_APPEND) != 0 ? file.channel.size() : file.channel.position();
      for (int k = 0; k < count; k++) {
        int buf = r32(iovs + 8 * k);
        int len = r32(iovs + 8 * k + 4);
        ByteBuffer bb = ByteBuffer.wrap(mem(buf, len), buf, len);
        while (bb.hasRemaining()) {
          position += file.channel.write(bb, position);
        }
        total += len;
      }
      if (offset < 0) {
        file.channel.position(position);
      }
    } else {
      return EISDIR;
    }
    u32(resultPtr, (int) total);
    return SUCCESS;
  }

  private int fdRead(int fd, int iovs, int count, int resultPtr) throws IOException {
    return read(fd, iovs, count, -1, resultPtr);
  }

  private int fdPread(int fd, int iovs, int count, long offset, int resultPtr) throws IOException {
    if (offset < 0) {
      return EINVAL;
    }
    if (fdOrThrow(fd) instanceof Stream0) {
      return ESPIPE;
    }
    return read(fd, iovs, count, offset, resultPtr);
  }

  private int read(int fd, int iovs, int count, long offset, int resultPtr) throws IOException {
    Fd f = fdOrThrow(fd);
    mem(iovs, count * 8);
    long total = 0;
    if (f instanceof Stream0 s) {
      if (s.in == null) {
        return EBADF;
      }
      for (int k = 0; k < count; k++) {
        int buf = r32(iovs + 8 * k);
        int len = r32(iovs + 8 * k + 4);
        if (len == 0) {
          continue;
        }
        if (total > 0 && s.in.available() <= 0) {
          break; // do not block once something has been read
        }
        int n = s.in.read(mem(buf, len), buf, len);
        if (n <= 0) {
          break;
        }
        total += n;
        if (n < len) {
          break;
        }
      }
    } else if (f instanceof File file) {
      if (!file.readable) {
        return EBADF;
      }
      long position = offset >= 0 ? offset : file.channel.position();
      outer:
      for (int k = 0; k < count; k++) {
        int buf = r32(iovs + 8 * k);
        int len = r32(iovs + 8 * k + 4);
        ByteBuffer bb = ByteBuffer.wrap(mem(buf, len), buf, len);
        while (bb.hasRemaining()) {
          int n = file.channel.read(bb, position);
          if (n <= 0) {
            break outer;
          }
          position += n;
          total += n;
        }
      }
      if (offset < 0) {
        file.channel.position(position);
      }
    } else {
      return EISDIR;
    }
    u32(resultPtr, (int) total);
    return SUCCESS;
  }

  private int fdSeek(int fd, long offset, int whence, int resultPtr) throws IOException {
    Fd f = fdOrThrow(fd);
    if (f instanceof Stream0) {
      return ESPIPE;
    }
    if (!(f instanceof File file)) {
      return EBADF;
    }
    long base =
        switch (whence) {
          case 0 -> 0;
          case 1 -> file.channel.position();
          case 2 -> file.channel.size();
          default -> -1;
        };
    if (base < 0) {
      return EINVAL;
    }
    long target = base + offset;
    if (target < 0) {
      return EINVAL;
    }
    file.channel.position(target);
    u64(resultPtr, target);
    return SUCCESS;
  }

  // ---- directories ----------------------------------------------------------------------------

  private int fdReaddir(int fd, int buf, int length, long cookie, int resultPtr)
      throws IOException {
    if (!(fdOrThrow(fd) instanceof Dir d)) {
      return ENOTDIR;
    }
    mem(buf, length);
    List<String> names = new ArrayList<>();
    names.add(".");
    names.add("..");
    try (Stream<Path> s = Files.list(d.path)) {
      s.map(p -> p.getFileName().toString()).sorted().forEach(names::add);
    }
    int used = 0;
    for (long k = cookie; k < names.size() && used < length; k++) {
      String name = names.get((int) k);
      Path p = name.equals("..") ? d.path : d.path.resolve(name);
      long ino = 0;
      int type = FILETYPE_UNKNOWN;
      try {
        BasicFileAttributes a =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        type =
            a.isDirectory()
                ? FILETYPE_DIRECTORY
                : a.isRegularFile()
                    ? FILETYPE_REGULAR_FILE
                    : a.isSymbolicLink() ? FILETYPE_SYMBOLIC_LINK : FILETYPE_UNKNOWN;
        Object i = Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        ino = ((Number) i).longValue();
      } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
        // removed meanwhile, or no unix attributes: leave unknown
      }
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      byte[] entry = new byte[24 + n.length];
      ByteBuffer bb = ByteBuffer.wrap(entry).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      bb.putLong(0, k + 1).putLong(8, ino).putInt(16, n.length).put(20, (byte) type);
      System.arraycopy(n, 0, entry, 24, n.length);
      int copy = Math.min(entry.length, length - used);
      System.arraycopy(entry, 0, memory.bytes, buf + used, copy);
      used += copy;
    }
    u32(resultPtr, used);
    return SUCCESS;
  }

  /**
   * Resolves a guest path relative to directory descriptor {@code fd}: no absolute paths, no {@code
   * ..} above the directory, and (after following host symbolic links in the parent) a location
   * still inside the directory. Returns the host path of the last component (not followed if it is
   * a symbolic link).
   */
  private Path resolve(int fd, int pathPtr, int pathLen) throws Errno, IOException {
    Fd f = fdOrThrow(fd);
    if (!(f instanceof Dir dir)) {
      throw new Errno(f instanceof File ? ENOTDIR : EBADF);
    }
    String path = string(pathPtr, pathLen);
    if (path.isEmpty()) {
      throw new Errno(ENOENT);
    }
    if (path.startsWith("/")) {
      throw new Errno(ENOTCAPABLE);
    }
    List<String> parts = new ArrayList<>();
    for (String c : path.split("/")) {
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (parts.isEmpty()) {
          throw new Errno(ENOTCAPABLE);
        }
        parts.remove(parts.size() - 1);
      } else {
        parts.add(c);
      }
    }
    if (parts.isEmpty()) {
      return dir.path;
    }
    Path parent = dir.path;
    for (int k = 0; k < parts.size() - 1; k++) {
      parent = parent.resolve(parts.get(k));
    }
    Path realParent;
    try {
      realParent = parent.toRealPath();
    } catch (NoSuchFileException e) {
      throw new Errno(ENOENT);
    }
    if (!realParent.startsWith(dir.path)) {
      throw new Errno(ENOTCAPABLE);
    }
    if (!Files.isDirectory(realParent)) {
      throw new Errno(ENOTDIR);
    }
    return realParent.resolve(parts.get(parts.size() - 1));
  }

  /**
   * Follows {@code p} while it is a symbolic link (dangling or not), checking after every hop that
   * the link's target, with the host's symbolic links in its parent resolved, is still inside
   * directory {@code fd}.
   */
  private Path follow(int fd, Path p) throws IOException {
    Path root = ((Dir) fds.get(fd)).path;
    for (int hops = 0; Files.isSymbolicLink(p); hops++) {
      if (hops == 32) {
        throw new Errno(ELOOP);
      }
      Path target = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
      Path parent = target.getParent();
      if (parent == null || target.getFileName() == null) {
        throw new Errno(ENOTCAPABLE);
      }
      Path realParent;
      try {
        realParent = parent.toRealPath();
      } catch (NoSuchFileException e) {
        throw new Errno(parent.normalize().startsWith(root) ? ENOENT : ENOTCAPABLE);
      }
      if (!realParent.startsWith(root)) {
        throw new Errno(ENOTCAPABLE);
      }
      p = realParent.resolve(target.getFileName());
    }
    return p;
  }

  private int pathOpen(
      int fd,
      int dirflags,
      int pathPtr,
      int pathLen,
      int oflags,
      long rightsBase,
      long rightsInheriting,
      int fdflags,
      int resultPtr)
      throws IOException, Errno {
    Path p = resolve(fd, pathPtr, pathLen);
    if ((dirflags & LOOKUP_SYMLINK_FOLLOW) != 0) {
      p = follow(fd, p);
    } else if (Files.isSymbolicLink(p)) {
      return ELOOP;
    }
    mem(resultPtr, 4);
    boolean exists = Files.exists(p);
    boolean directory = exists && Files.isDirectory(p);
    boolean write =
        (rightsBase & (RIGHT_FD_WRITE | (1L << 22))) != 0
            || (oflags & OFLAGS_TRUNC) != 0
            || (fdflags & FDFLAGS_APPEND) != 0;
    boolean read = (rightsBase & (RIGHT_FD_READ | (1L << 14))) != 0 || !write;
    if ((oflags & OFLAGS_CREAT) != 0 && (oflags & OFLAGS_EXCL) != 0 && exists) {
      return EEXIST;
    }
    if ((oflags & OFLAGS_DIRECTORY) != 0) {
      if (!exists) {
        return ENOENT;
      }
      if (!directory) {
        return ENOTDIR;
      }
    }
    if (directory) {
      if ((oflags & (OFLAGS_CREAT | OFLAGS_TRUNC)) != 0 || (rightsBase & RIGHT_FD_WRITE) != 0) {
        return EISDIR;
      }
      return install(new Dir(p.toRealPath(), null), resultPtr);
    }
    if (!exists && (oflags & OFLAGS_CREAT) == 0) {
      return ENOENT;
    }
    List<OpenOption> options = new ArrayList<>();
    if (read) {
      options.add(StandardOpenOption.READ);
    }
    if (write || (oflags & OFLAGS_CREAT) != 0) {
      options.add(StandardOpenOption.WRITE);
    }
    if ((oflags & OFLAGS_CREAT) != 0) {
      options.add(
          (oflags & OFLAGS_EXCL) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
    }
    if ((oflags & OFLAGS_TRUNC) != 0) {
      options.add(StandardOpenOption.TRUNCATE_EXISTING);
    }
    options.add(LinkOption.NOFOLLOW_LINKS);
    FileChannel channel = FileChannel.open(p, options.toArray(OpenOption[]::new));
    return install(
        new File(p, channel, read, write, fdflags & (FDFLAGS_APPEND | FDFLAGS_NONBLOCK)),
        resultPtr);
  }

  private int install(Fd f, int resultPtr) {
    int n = 3;
    while (fds.containsKey(n)) {
      n++;
    }
    fds.put(n, f);
    u32(resultPtr, n);
    return SUCCESS;
  }

  private int pathFilestatGet(int fd, int flags, int pathPtr, int pathLen, int ptr)
      throws IOException, Errno {
    Path p = resolve(fd, pathPtr, pathLen);
    boolean followLinks = (flags & LOOKUP_SYMLINK_FOLLOW) != 0;
    if (followLinks) {
      p = follow(fd, p);
    }
    mem(ptr, 64);
    writeFilestat(p, followLinks, ptr);
    return SUCCESS;
  }

  private int pathFilestatSetTimes(
      int fd, int flags, int pathPtr, int pathLen, long atim, long mtim, int fstflags)
      throws IOException, Errno {
    Path p = resolve(fd, pathPtr, pathLen);
    if ((flags & LOOKUP_SYMLINK_FOLLOW) != 0) {
      p = follow(fd, p);
    }
    return setTimes(p, atim, mtim, fstflags);
  }

  private int pathReadlink(int fd, int pathPtr, int pathLen, int buf, int bufLen, int resultPtr)
      throws IOException, Errno {
    Path p = resolve(fd, pathPtr, pathLen);
    if (!Files.isSymbolicLink(p)) {
      return EINVAL;
    }
    byte[] target = Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8);
    int n = Math.min(target.length, bufLen);
    System.arraycopy(target, 0, mem(buf, n), buf, n);
    u32(resultPtr, n);
    return SUCCESS;
  }

  private Path resolveForChange(int fd, int pathPtr, int pathLen) throws IOException, Errno {
    Path p = resolve(fd, pathPtr, pathLen);
    if (p.equals(((Dir) fds.get(fd)).path)) {
      throw new Errno(EINVAL); // "." or the directory itself
    }
    return p;
  }

  private int pathCreateDirectory(int fd, int pathPtr, int pathLen) throws IOException, Errno {
    Path p = resolve(fd, pathPtr, pathLen);
    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return EEXIST;
    }
    Files.createDirectory(p);
    return SUCCESS;
  }

  private int pathRemoveDirectory(int fd, int pathPtr, int pathLen) throws IOException, Errno {
    Path p = resolveForChange(fd, pathPtr, pathLen);
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return ENOENT;
    }
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return ENOTDIR;
    }
    Files.delete(p);
    return SUCCESS;
  }

  private int pathUnlinkFile(int fd, int pathPtr, int pathLen) throws IOException, Errno {
    Path p = resolveForChange(fd, pathPtr, pathLen);
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return ENOENT;
    }
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return EISDIR;
    }
    Files.delete(p);
    return SUCCESS;
  }

  private int pathRename(int fd, int oldPtr, int oldLen, int newFd, int newPtr, int newLen)
      throws IOException, Errno {
    Path from = resolveForChange(fd, oldPtr, oldLen);
    Path to = resolveForChange(newFd, newPtr, newLen);
    if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
      return ENOENT;
    }
    boolean fromDir = Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS);
    if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
      boolean toDir = Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS);
      if (fromDir && !toDir) {
        return ENOTDIR;
      }
      if (!fromDir && toDir) {
        return EISDIR;
      }
    }
    Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return SUCCESS;
  }

  // ---- poll -----------------------------------------------------------------------------------

  private int pollOneoff(int in, int out, int count, int resultPtr) throws IOException {
    if (count == 0) {
      return EINVAL;
    }
    mem(in, count * 48);
    mem(out, count * 32);
    int events = 0;
    long earliest = Long.MAX_VALUE;
    int earliestIndex = -1;
    // fd subscriptions are reported ready at once; otherwise the earliest clock is waited for.
    for (int k = 0; k < count; k++) {
      int s = in + 48 * k;
      int tag = memory.bytes[s + 8];
      if (tag == 1 || tag == 2) {
        int fd = r32(s + 16);
        Fd f = fds.get(fd);
        int e = out + 32 * events++;
        u64(e, r64(s));
        u16(e + 8, f == null ? EBADF : SUCCESS);
        u8(e + 10, tag);
        long nbytes = 0;
        if (f instanceof Stream0 st && st.in != null && tag == 1) {
          nbytes = Math.max(st.in.available(), 0);
        } else if (f instanceof File file && tag == 1) {
          nbytes = Math.max(0, file.channel.size() - file.channel.position());
        }
        u64(e + 16, nbytes);
        u16(e + 24, 0);
      } else if (tag == 0) {
        int id = r32(s + 16);
        long timeout = r64(s + 24);
        boolean absolute = (memory.bytes[s + 40] & 1) != 0;
        long wait;
        if (id == CLOCK_REALTIME) {
          wait = absolute ? timeout - clock.realtimeNanos() : timeout;
        } else if (id == CLOCK_MONOTONIC) {
          wait = absolute ? timeout - clock.monotonicNanos() : timeout;
        } else {
          int e = out + 32 * events++;
          u64(e, r64(s));
          u16(e + 8, EINVAL);
          u8(e + 10, 0);
          continue;
        }
        if (Long.compareUnsigned(Math.max(wait, 0), earliest) < 0) {
          earliest = Math.max(wait, 0);
          earliestIndex = k;
        }
      } else {
        return EINVAL;
      }
    }
    if (events == 0 && earliestIndex >= 0) {
      try {
        clock.sleep(earliest);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 27; // EINTR
      }
      int s = in + 48 * earliestIndex;
      int e = out + 32 * events++;
      u64(e, r64(s));
      u16(e + 8, SUCCESS);
      u8(e + 10, 0);
    }
    u32(resultPtr, events);
    return SUCCESS;
  }
}
