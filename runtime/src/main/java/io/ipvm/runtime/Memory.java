package io.ipvm.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A WebAssembly linear memory backed by one contiguous {@code byte[]}.
 *
 * <p>Generated code reads {@link #bytes} and {@link #size} directly and accesses the array through
 * the little-endian {@link VarHandle}s below. The array may be longer than the memory (capacity
 * reserved for growth): the Wasm size is {@link #size}, and the bytes past it are always zero.
 * Growing within the capacity only moves {@link #size}; growing past it allocates a new array with
 * about twice the capacity (clamped to the maximum the memory can reach), so growing one page at a
 * time costs amortised O(1) per page instead of a copy of the whole memory per page.
 *
 * <p>An <em>exact</em> memory ({@link #createExact}) keeps {@code bytes.length == size} at all
 * times: code compiled for a module that never grows its own memory relies on the array's own range
 * check as the bounds check and skips the explicit one (compiler/README.md, "Linear memory").
 *
 * <p>Either way {@code memory.grow} may replace the array, so generated code re-reads both fields
 * after every call and grow. A {@code byte[]} caps a memory at {@value #MAX_PAGES} pages (2 GiB −
 * 64 KiB); growing past that fails the way the spec allows ({@code memory.grow} returns -1).
 */
public final class Memory {
  /** Bytes per WebAssembly page. */
  public static final int PAGE_SIZE = 65536;

  /** The most pages a {@code byte[]}-backed memory can hold. */
  public static final int MAX_PAGES = 32767;

  /** The most pages Wasm 2.0 lets a memory declare (4 GiB). */
  public static final int SPEC_MAX_PAGES = 65536;

  /** Little-endian view used by generated code for 16-bit accesses. */
  public static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  /** Little-endian view used by generated code for 32-bit integer accesses. */
  public static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** Little-endian view used by generated code for 64-bit integer accesses. */
  public static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Little-endian view used by generated code for f32 accesses (bit patterns preserved). */
  public static final VarHandle FLOAT =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

  /** Little-endian view used by generated code for f64 accesses (bit patterns preserved). */
  public static final VarHandle DOUBLE =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * The current contents in {@code [0, size)}, zeros after that. Public because generated code
   * reads it on its hot path.
   */
  public byte[] bytes;

  /**
   * The memory's size in bytes (a multiple of {@link #PAGE_SIZE}); at most {@code bytes.length}.
   * Public because generated code reads it as its bounds.
   */
  public int size;

  private final int declaredMax;

  /** Whether {@code bytes.length == size} always holds (no capacity is reserved). */
  private final boolean exact;

  /** The host's limit in pages ({@link Limits}); MAX_PAGES when none. */
  private int hostLimit = MAX_PAGES;

  private boolean limitReached;

  private Memory(int initialPages, int declaredMax, boolean exact) {
    this.bytes = new byte[initialPages * PAGE_SIZE];
    this.size = bytes.length;
    this.declaredMax = declaredMax;
    this.exact = exact;
  }

  /**
   * A new zeroed memory.
   *
   * @param initialPages pages to start with
   * @param maxPages the declared maximum, or -1 for none
   * @throws IllegalArgumentException when the limits are inconsistent or too big for this backend
   */
  public static Memory create(int initialPages, int maxPages) {
    return create(initialPages, maxPages, false);
  }

  /**
   * A new zeroed memory whose array always has exactly the memory's size, for code that uses the
   * array's own range check as the bounds check. Growing it copies the whole memory every time.
   *
   * @param initialPages pages to start with
   * @param maxPages the declared maximum, or -1 for none
   * @throws IllegalArgumentException when the limits are inconsistent or too big for this backend
   */
  public static Memory createExact(int initialPages, int maxPages) {
    return create(initialPages, maxPages, true);
  }

  private static Memory create(int initialPages, int maxPages, boolean exact) {
    if (initialPages < 0 || (maxPages >= 0 && maxPages < initialPages)) {
      throw new IllegalArgumentException(
          "bad memory limits: min " + initialPages + ", max " + maxPages);
    }
    if (initialPages > MAX_PAGES) {
      throw new IllegalArgumentException(
          "memory of "
              + Integer.toUnsignedString(initialPages)
              + " pages exceeds the "
              + MAX_PAGES
              + "-page limit of the byte[] memory backend");
    }
    try {
      return new Memory(initialPages, maxPages, exact);
    } catch (OutOfMemoryError e) {
      throw new IllegalArgumentException(
          "cannot allocate a memory of " + initialPages + " pages: the host is out of memory");
    }
  }

  /** Current size in pages. */
  public int pages() {
    return size >>> 16;
  }

  /** Current size in bytes. */
  public int byteSize() {
    return size;
  }

  /** Whether the backing array always has exactly the memory's size ({@link #createExact}). */
  public boolean isExact() {
    return exact;
  }

  /** Caps growth at {@code pages} (a host limit, below any declared maximum). */
  void limitTo(int pages) {
    hostLimit = Math.min(hostLimit, pages);
  }

  /**
   * Whether a {@code memory.grow} failed because of the host's limit ({@link Limits}) rather than
   * the declared maximum: lets an embedder say "memory limit reached" instead of a bare trap.
   */
  public boolean limitReached() {
    return limitReached;
  }

  /** The declared maximum in pages, or -1 when the memory has none. */
  public int maxPages() {
    return declaredMax;
  }

  /**
   * Grows by {@code delta} pages (an unsigned count, as in {@code memory.grow}).
   *
   * @return the previous size in pages, or -1 if the memory cannot grow that much
   */
  public int grow(int delta) {
    int old = pages();
    long wanted = old + Integer.toUnsignedLong(delta);
    long limit = declaredMax >= 0 ? Math.min(declaredMax, MAX_PAGES) : MAX_PAGES;
    if (wanted > limit) {
      return -1;
    }
    if (wanted > hostLimit) {
      limitReached = true;
      return -1;
    }
    if (delta == 0) {
      return old;
    }
    int wantedBytes = (int) wanted * PAGE_SIZE;
    if (wantedBytes > bytes.length) {
      byte[] grown = allocate(wantedBytes, (int) Math.min(limit, hostLimit));
      if (grown == null) {
        // The host cannot spare the memory: a failed grow, as the spec allows, not a dead host.
        return -1;
      }
      System.arraycopy(bytes, 0, grown, 0, size);
      bytes = grown;
    }
    // Bytes past the old size are zero: nothing ever writes past `size`, and new arrays are zeroed.
    size = wantedBytes;
    return old;
  }

  /**
   * A zeroed array of at least {@code wantedBytes}: exactly that for an exact memory, otherwise
   * twice the current capacity when that is more (never more than {@code maxPages} pages, the most
   * this memory may ever hold), so that repeated growth copies each byte O(1) times on average.
   * Falls back to the exact size when the host cannot spare the reserve; null when it cannot spare
   * even that.
   */
  private byte[] allocate(int wantedBytes, int maxPages) {
    if (!exact) {
      long reserve = Math.min(2L * bytes.length, (long) maxPages * PAGE_SIZE);
      if (reserve > wantedBytes) {
        try {
          return new byte[(int) reserve];
        } catch (OutOfMemoryError e) {
          // fall through to the exact size
        }
      }
    }
    try {
      return new byte[wantedBytes];
    } catch (OutOfMemoryError e) {
      return null;
    }
  }

  /** Copies {@code length} bytes starting at {@code address}. */
  public byte[] read(int address, int length) {
    check(address, length);
    byte[] out = new byte[length];
    System.arraycopy(bytes, address, out, 0, length);
    return out;
  }

  /** Writes {@code data} starting at {@code address}. */
  public void write(int address, byte[] data) {
    check(address, data.length);
    System.arraycopy(data, 0, bytes, address, data.length);
  }

  /** Reads a little-endian i32. */
  public int readInt(int address) {
    check(address, 4);
    return (int) INT.get(bytes, address);
  }

  /** Writes a little-endian i32. */
  public void writeInt(int address, int value) {
    check(address, 4);
    INT.set(bytes, address, value);
  }

  /** Reads a little-endian i64. */
  public long readLong(int address) {
    check(address, 8);
    return (long) LONG.get(bytes, address);
  }

  /** Writes a little-endian i64. */
  public void writeLong(int address, long value) {
    check(address, 8);
    LONG.set(bytes, address, value);
  }

  /** Decodes {@code length} bytes at {@code address} as UTF-8. */
  public String readString(int address, int length) {
    check(address, length);
    return new String(bytes, address, length, StandardCharsets.UTF_8);
  }

  private void check(int address, int length) {
    if (address < 0 || length < 0 || (long) address + length > size) {
      throw new WasmTrap(
          TrapKind.MEMORY_OUT_OF_BOUNDS,
          "out of bounds memory access: "
              + Integer.toUnsignedString(address)
              + "+"
              + length
              + " > "
              + size);
    }
  }
}
