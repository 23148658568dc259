package io.ipvm.runtime.internal;

import io.ipvm.runtime.Memory;
import java.lang.invoke.VarHandle;

/**
 * Linear-memory loads and stores called by generated code, one per Wasm access instruction. Each is
 * a few bytecodes so that C2 always inlines it; the {@code byte[]}'s own range check (or the
 * VarHandle's) is the bounds check, and the runtime boundary turns the resulting
 * IndexOutOfBoundsException into an out-of-bounds trap.
 *
 * <p>The two-argument forms take the address as the index directly: an address of 2^31 or more is
 * negative as an int and so out of range of any {@code byte[]}, exactly as it is out of range of
 * any memory this backend can hold. The forms with a static {@code offset} add it in {@code long}
 * so that it cannot wrap, and clamp to {@code Integer.MAX_VALUE}, which is never a valid index.
 */
public final class MemOps {
  private MemOps() {}

  private static final VarHandle SHORT = Memory.SHORT;
  private static final VarHandle INT = Memory.INT;
  private static final VarHandle LONG = Memory.LONG;
  private static final VarHandle FLOAT = Memory.FLOAT;
  private static final VarHandle DOUBLE = Memory.DOUBLE;

  /** The effective index of {@code addr + offset}, or an index no array has. */
  public static int index(int addr, long offset) {
    return (int) Math.min((addr & 0xFFFFFFFFL) + offset, Integer.MAX_VALUE);
  }

  /**
   * The effective index of {@code addr + offset} for an offset below 2^31, branch-free: the sum is
   * valid exactly when neither the address (as unsigned, ≥ 2^31) nor the sum overflows into the
   * sign bit; otherwise the result is negative, an index no array has.
   */
  public static int index(int addr, int offset) {
    return (addr + offset) | (addr >> 31);
  }

  /** Wasm i32Load. */
  public static int i32Load(int i, byte[] m) {
    return (int) INT.get(m, i);
  }

  /** Wasm i32Load with a static offset. */
  public static int i32Load(int addr, byte[] m, long offset) {
    int i = index(addr, offset);
    return (int) INT.get(m, i);
  }

  /** Wasm i64Load. */
  public static long i64Load(int i, byte[] m) {
    return (long) LONG.get(m, i);
  }

  /** Wasm i64Load with a static offset. */
  public static long i64Load(int addr, byte[] m, long offset) {
    int i = index(addr, offset);
    return (long) LONG.get(m, i);
  }

  /** Wasm f32Load. */
  public static float f32Load(int i, byte[] m) {
    return (float) FLOAT.get(m, i);
  }

  /** Wasm f32Load with a static offset. */
  public static float f32Load(int addr, byte[] m, long offset) {
    int i = index(addr, offset);
    return (float) FLOAT.get(m, i);
  }

  /** Wasm f64Load. */
  public static double f64Load(int i, byte[] m) {
    return (double) DOUBLE.get(m, i);
  }

  /** Wasm f64Load with a static offset. */
  public static double f64Load(int addr, byte[] m, long offset) {
    int i = index(addr, offset);
    return (double) DOUBLE.get(m, i);
  }

  /** Wasm i32Load8S. */
  public static int i32Load8S(int i, byte[] m) {
    return m[i];
  }

  /** Wasm i32Load8S with a static offset. */
  public static int i32Load8S(int addr, byte[] m, long offset) {
    int i = index(addr, offset);
    return m[i];
  }

  /** Wasm i32Load8U. */
  public static int i32Load8U(int i, byte[] m) {
    return m[i] & 0xFF;
  }

  /** Wasm i32Load8U with a static offset. */
  public static int i32Load8U(int addr, byte[] m, long offset) {
    int i = index(addr, offset);
    return m[i] & 0xFF;
  }

  /** Wasm i32Load16S. */
  public static int i32Load16S(int i, byte[] m) {
    return (short) SHORT.get(m, i);
  }

  /** Wasm i32Load16S with a static offset. */
  public static int i32Load16S(int addr, byte[] m, long offset) {
    int i = index(addr, offset);
    return (short) SHORT.get(m, i);
  }

  /** Wasm i32Load16U. */
  public static int i32Load16U(int i, byte[] m) {
    return (char) (short) SHORT.get(m, i);
  }

  /** Wasm i32Load16U with a static offset. */
  public static int i32Load16U(int addr, byte[] m, long offset) {
    int i = index(addr, offset);
    return (char) (short) SHORT.get(m, i);
  }

  /** Wasm i64Load8S. */
  public static long i64Load8S(int i, byte[] m) {
    return m[i];
  }

  /** Wasm i64Load8S with a static offset. */
  public static long i64Load8S(int addr, byte[] m, long offset) {
    int i = index(addr, offset);
    return m[i];
  }

  /** Wasm i64Load8U. */
  public static long i64Load8U(int i, byte[] m) {
    return m[i] & 0xFFL;
  }

  /** Wasm i64Load8U with a static offset. */
  public static long i64Load8U(int addr, byte[] m, long offset) {
    int i = index(addr, offset);
    return m[i] & 0xFFL;
  }

  /** Wasm i64Load16S. */
  public static long i64Load16S(int i, byte[] m) {
    return (short) SHORT.get(m, i);
  }

  /** Wasm i64Load16S with a static offset. */
  public static long i64Load16S(int addr, byte[] m, long offset) {
    int i = index(addr, offset);
    return (short) SHORT.get(m, i);
  }

  /** Wasm i64Load16U. */
  public static long i64Load16U(int i, byte[] m) {
    return (char) (short) SHORT.get(m, i);
  }

  /** Wasm i64Load16U with a static offset. */
  public static long i64Load16U(int addr, byte[] m, long offset) {
    int i = index(addr, offset);
    return (char) (short) SHORT.get(m, i);
  }

  /** Wasm i64Load32S. */
  public static long i64Load32S(int i, byte[] m) {
    return (int) INT.get(m, i);
  }

  /** Wasm i64Load32S with a static offset. */
  public static long i64Load32S(int addr, byte[] m, long offset) {
    int i = index(addr, offset);
    return (int) INT.get(m, i);
  }

  /** Wasm i64Load32U. */
  public static long i64Load32U(int i, byte[] m) {
    return ((int) INT.get(m, i)) & 0xFFFFFFFFL;
  }

  /** Wasm i64Load32U with a static offset. */
  public static long i64Load32U(int addr, byte[] m, long offset) {
    int i = index(addr, offset);
    return ((int) INT.get(m, i)) & 0xFFFFFFFFL;
  }

  /** Wasm i32Store. */
  public static void i32Store(int i, int v, byte[] m) {
    INT.set(m, i, v);
  }

  /** Wasm i32Store with a static offset. */
  public static void i32Store(int addr, int v, byte[] m, long offset) {
    int i = index(addr, offset);
    INT.set(m, i, v);
  }

  /** Wasm i64Store. */
  public static void i64Store(int i, long v, byte[] m) {
    LONG.set(m, i, v);
  }

  /** Wasm i64Store with a static offset. */
  public static void i64Store(int addr, long v, byte[] m, long offset) {
    int i = index(addr, offset);
    LONG.set(m, i, v);
  }

  /** Wasm f32Store. */
  public static void f32Store(int i, float v, byte[] m) {
    FLOAT.set(m, i, v);
  }

  /** Wasm f32Store with a static offset. */
  public static void f32Store(int addr, float v, byte[] m, long offset) {
    int i = index(addr, offset);
    FLOAT.set(m, i, v);
  }

  /** Wasm f64Store. */
  public static void f64Store(int i, double v, byte[] m) {
    DOUBLE.set(m, i, v);
  }

  /** Wasm f64Store with a static offset. */
  public static void f64Store(int addr, double v, byte[] m, long offset) {
    int i = index(addr, offset);
    DOUBLE.set(m, i, v);
  }

  /** Wasm i32Store8. */
  public static void i32Store8(int i, int v, byte[] m) {
    m[i] = (byte) v;
  }

  /** Wasm i32Store8 with a static offset. */
  public static void i32Store8(int addr, int v, byte[] m, long offset) {
    int i = index(addr, offset);
    m[i] = (byte) v;
  }

  /** Wasm i32Store16. */
  public static void i32Store16(int i, int v, byte[] m) {
    SHORT.set(m, i, (short) v);
  }

  /** Wasm i32Store16 with a static offset. */
  public static void i32Store16(int addr, int v, byte[] m, long offset) {
    int i = index(addr, offset);
    SHORT.set(m, i, (short) v);
  }

  /** Wasm i64Store8. */
  public static void i64Store8(int i, long v, byte[] m) {
    m[i] = (byte) v;
  }

  /** Wasm i64Store8 with a static offset. */
  public static void i64Store8(int addr, long v, byte[] m, long offset) {
    int i = index(addr, offset);
    m[i] = (byte) v;
  }

  /** Wasm i64Store16. */
  public static void i64Store16(int i, long v, byte[] m) {
    SHORT.set(m, i, (short) v);
  }

  /** Wasm i64Store16 with a static offset. */
  public static void i64Store16(int addr, long v, byte[] m, long offset) {
    int i = index(addr, offset);
    SHORT.set(m, i, (short) v);
  }

  /** Wasm i64Store32. */
  public static void i64Store32(int i, long v, byte[] m) {
    INT.set(m, i, (int) v);
  }

  /** Wasm i64Store32 with a static offset. */
  public static void i64Store32(int addr, long v, byte[] m, long offset) {
    int i = index(addr, offset);
    INT.set(m, i, (int) v);
  }

  /** Wasm i32Load with a static offset below 2^31. */
  public static int i32Load(int addr, byte[] m, int offset) {
    int i = index(addr, offset);
    return (int) INT.get(m, i);
  }

  /** Wasm i64Load with a static offset below 2^31. */
  public static long i64Load(int addr, byte[] m, int offset) {
    int i = index(addr, offset);
    return (long) LONG.get(m, i);
  }

  /** Wasm f32Load with a static offset below 2^31. */
  public static float f32Load(int addr, byte[] m, int offset) {
    int i = index(addr, offset);
    return (float) FLOAT.get(m, i);
  }

  /** Wasm f64Load with a static offset below 2^31. */
  public static double f64Load(int addr, byte[] m, int offset) {
    int i = index(addr, offset);
    return (double) DOUBLE.get(m, i);
  }

  /** Wasm i32Load8S with a static offset below 2^31. */
  public static int i32Load8S(int addr, byte[] m, int offset) {
    int i = index(addr, offset);
    return m[i];
  }

  /** Wasm i32Load8U with a static offset below 2^31. */
  public static int i32Load8U(int addr, byte[] m, int offset) {
    int i = index(addr, offset);
    return m[i] & 0xFF;
  }

  /** Wasm i32Load16S with a static offset below 2^31. */
  public static int i32Load16S(int addr, byte[] m, int offset) {
    int i = index(addr, offset);
    return (short) SHORT.get(m, i);
  }

  /** Wasm i32Load16U with a static offset below 2^31. */
  public static int i32Load16U(int addr, byte[] m, int offset) {
    int i = index(addr, offset);
    return (char) (short) SHORT.get(m, i);
  }

  /** Wasm i64Load8S with a static offset below 2^31. */
  public static long i64Load8S(int addr, byte[] m, int offset) {
    int i = index(addr, offset);
    return m[i];
  }

  /** Wasm i64Load8U with a static offset below 2^31. */
  public static long i64Load8U(int addr, byte[] m, int offset) {
    int i = index(addr, offset);
    return m[i] & 0xFFL;
  }

  /** Wasm i64Load16S with a static offset below 2^31. */
  public static long i64Load16S(int addr, byte[] m, int offset) {
    int i = index(addr, offset);
    return (short) SHORT.get(m, i);
  }

  /** Wasm i64Load16U with a static offset below 2^31. */
  public static long i64Load16U(int addr, byte[] m, int offset) {
    int i = index(addr, offset);
    return (char) (short) SHORT.get(m, i);
  }

  /** Wasm i64Load32S with a static offset below 2^31. */
  public static long i64Load32S(int addr, byte[] m, int offset) {
    int i = index(addr, offset);
    return (int) INT.get(m, i);
  }

  /** Wasm i64Load32U with a static offset below 2^31. */
  public static long i64Load32U(int addr, byte[] m, int offset) {
    int i = index(addr, offset);
    return ((int) INT.get(m, i)) & 0xFFFFFFFFL;
  }

  /** Wasm i32Store with a static offset below 2^31. */
  public static void i32Store(int addr, int v, byte[] m, int offset) {
    int i = index(addr, offset);
    INT.set(m, i, v);
  }

  /** Wasm i64Store with a static offset below 2^31. */
  public static void i64Store(int addr, long v, byte[] m, int offset) {
    int i = index(addr, offset);
    LONG.set(m, i, v);
  }

  /** Wasm f32Store with a static offset below 2^31. */
  public static void f32Store(int addr, float v, byte[] m, int offset) {
    int i = index(addr, offset);
    FLOAT.set(m, i, v);
  }

  /** Wasm f64Store with a static offset below 2^31. */
  public static void f64Store(int addr, double v, byte[] m, int offset) {
    int i = index(addr, offset);
    DOUBLE.set(m, i, v);
  }

  /** Wasm i32Store8 with a static offset below 2^31. */
  public static void i32Store8(int addr, int v, byte[] m, int offset) {
    int i = index(addr, offset);
    m[i] = (byte) v;
  }

  /** Wasm i32Store16 with a static offset below 2^31. */
  public static void i32Store16(int addr, int v, byte[] m, int offset) {
    int i = index(addr, offset);
    SHORT.set(m, i, (short) v);
  }

  /** Wasm i64Store8 with a static offset below 2^31. */
  public static void i64Store8(int addr, long v, byte[] m, int offset) {
    int i = index(addr, offset);
    m[i] = (byte) v;
  }

  /** Wasm i64Store16 with a static offset below 2^31. */
  public static void i64Store16(int addr, long v, byte[] m, int offset) {
    int i = index(addr, offset);
    SHORT.set(m, i, (short) v);
  }

  /** Wasm i64Store32 with a static offset below 2^31. */
  public static void i64Store32(int addr, long v, byte[] m, int offset) {
    int i = index(addr, offset);
    INT.set(m, i, (int) v);
  }
}
