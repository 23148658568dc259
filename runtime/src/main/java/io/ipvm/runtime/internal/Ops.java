package io.ipvm.runtime.internal;

import io.ipvm.runtime.TrapKind;
import io.ipvm.runtime.WasmFunction;
import io.ipvm.runtime.WasmTrap;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

/**
 * Static helpers that generated code calls for operations whose WebAssembly semantics differ from
 * the JVM instruction's (traps on division and conversion, unsigned conversions, NaN rules) and for
 * bulk memory and table operations. Each is small so that C2 inlines it. Operands come first and
 * the context and immediates last, so generated code never has to reorder its operand stack.
 */
public final class Ops {
  private Ops() {}

  // ---- traps ---------------------------------------------------------------------------------

  /** The trap for {@code unreachable}; generated code throws what this returns. */
  public static WasmTrap unreachable() {
    return new WasmTrap(TrapKind.UNREACHABLE);
  }

  private static WasmTrap trap(TrapKind kind) {
    return new WasmTrap(kind);
  }

  /**
   * Metered code's check at loop heads and function entries: traps when the fuel is used up or the
   * instance was interrupted (a deadline). Small so that HotSpot inlines it.
   */
  public static void checkLimits(MeteredContext ctx) {
    if (ctx.fuel < 0 || ctx.interrupted) {
      throw limitTrap(ctx);
    }
  }

  private static WasmTrap limitTrap(MeteredContext ctx) {
    return trap(ctx.fuel < 0 ? TrapKind.FUEL_EXHAUSTED : TrapKind.INTERRUPTED);
  }

  // ---- integer division ------------------------------------------------------------------------

  /** i32.div_s */
  public static int i32DivS(int a, int b) {
    if (b == 0) {
      throw trap(TrapKind.INTEGER_DIVIDE_BY_ZERO);
    }
    if (a == Integer.MIN_VALUE && b == -1) {
      throw trap(TrapKind.INTEGER_OVERFLOW);
    }
    return a / b;
  }

  /** i32.div_u */
  public static int i32DivU(int a, int b) {
    if (b == 0) {
      throw trap(TrapKind.INTEGER_DIVIDE_BY_ZERO);
    }
    return Integer.divideUnsigned(a, b);
  }

  /** i32.rem_s ({@code MIN % -1} is 0, as the JVM computes it) */
  public static int i32RemS(int a, int b) {
    if (b == 0) {
      throw trap(TrapKind.INTEGER_DIVIDE_BY_ZERO);
    }
    return a % b;
  }

  /** i32.rem_u */
  public static int i32RemU(int a, int b) {
    if (b == 0) {
      throw trap(TrapKind.INTEGER_DIVIDE_BY_ZERO);
    }
    return Integer.remainderUnsigned(a, b);
  }

  /** i64.div_s */
  public static long i64DivS(long a, long b) {
    if (b == 0) {
      throw trap(TrapKind.INTEGER_DIVIDE_BY_ZERO);
    }
    if (a == Long.MIN_VALUE && b == -1) {
      throw trap(TrapKind.INTEGER_OVERFLOW);
    }
    return a / b;
  }

  /** i64.div_u */
  public static long i64DivU(long a, long b) {
    if (b == 0) {
      throw trap(TrapKind.INTEGER_DIVIDE_BY_ZERO);
    }
    return Long.divideUnsigned(a, b);
  }

  /** i64.rem_s */
  public static long i64RemS(long a, long b) {
    if (b == 0) {
      throw trap(TrapKind.INTEGER_DIVIDE_BY_ZERO);
    }
    return a % b;
  }

  /** i64.rem_u */
  public static long i64RemU(long a, long b) {
    if (b == 0) {
      throw trap(TrapKind.INTEGER_DIVIDE_BY_ZERO);
    }
    return Long.remainderUnsigned(a, b);
  }

  // ---- float -> int, trapping ------------------------------------------------------------------

  /** i32.trunc_f32_s */
  public static int i32TruncF32S(float x) {
    if (x != x) {
      throw trap(TrapKind.INVALID_CONVERSION);
    }
    if (x < -2147483648f || x >= 2147483648f) {
      throw trap(TrapKind.INTEGER_OVERFLOW);
    }
    return (int) x;
  }

  /** i32.trunc_f32_u */
  public static int i32TruncF32U(float x) {
    if (x != x) {
      throw trap(TrapKind.INVALID_CONVERSION);
    }
    if (x <= -1f || x >= 4294967296f) {
      throw trap(TrapKind.INTEGER_OVERFLOW);
    }
    return (int) (long) x;
  }

  /** i32.trunc_f64_s */
  public static int i32TruncF64S(double x) {
    if (x != x) {
      throw trap(TrapKind.INVALID_CONVERSION);
    }
    if (x <= -2147483649.0 || x >= 2147483648.0) {
      throw trap(TrapKind.INTEGER_OVERFLOW);
    }
    return (int) x;
  }

  /** i32.trunc_f64_u */
  public static int i32TruncF64U(double x) {
    if (x != x) {
      throw trap(TrapKind.INVALID_CONVERSION);
    }
    if (x <= -1.0 || x >= 4294967296.0) {
      throw trap(TrapKind.INTEGER_OVERFLOW);
    }
    return (int) (long) x;
  }

  /** i64.trunc_f32_s */
  public static long i64TruncF32S(float x) {
    if (x != x) {
      throw trap(TrapKind.INVALID_CONVERSION);
    }
    if (x < -9223372036854775808f || x >= 9223372036854775808f) {
      throw trap(TrapKind.INTEGER_OVERFLOW);
    }
    return (long) x;
  }

  /** i64.trunc_f32_u */
  public static long i64TruncF32U(float x) {
    if (x != x) {
      throw trap(TrapKind.INVALID_CONVERSION);
    }
    if (x <= -1f || x >= 18446744073709551616f) {
      throw trap(TrapKind.INTEGER_OVERFLOW);
    }
    return toUnsignedLong(x);
  }

  /** i64.trunc_f64_s */
  public static long i64TruncF64S(double x) {
    if (x != x) {
      throw trap(TrapKind.INVALID_CONVERSION);
    }
    if (x < -9223372036854775808.0 || x >= 9223372036854775808.0) {
      throw trap(TrapKind.INTEGER_OVERFLOW);
    }
    return (long) x;
  }

  /** i64.trunc_f64_u */
  public static long i64TruncF64U(double x) {
    if (x != x) {
      throw trap(TrapKind.INVALID_CONVERSION);
    }
    if (x <= -1.0 || x >= 18446744073709551616.0) {
      throw trap(TrapKind.INTEGER_OVERFLOW);
    }
    return toUnsignedLong(x);
  }

  // Values in [2^63, 2^64) do not fit a signed long: subtract 2^63 first and put the bit back.
  private static long toUnsignedLong(double x) {
    if (x < 9223372036854775808.0) {
      return (long) x;
    }
    return ((long) (x - 9223372036854775808.0)) | Long.MIN_VALUE;
  }

  // ---- float -> int, saturating (the signed forms are the JVM's own f2i/d2i/f2l/d2l) --------

  /** i32.trunc_sat_f32_u */
  public static int i32TruncSatF32U(float x) {
    if (x != x || x <= 0f) {
      return 0;
    }
    if (x >= 4294967296f) {
      return -1;
    }
    return (int) (long) x;
  }

  /** i32.trunc_sat_f64_u */
  public static int i32TruncSatF64U(double x) {
    if (x != x || x <= 0.0) {
      return 0;
    }
    if (x >= 4294967296.0) {
      return -1;
    }
    return (int) (long) x;
  }

  /** i64.trunc_sat_f32_u */
  public static long i64TruncSatF32U(float x) {
    return i64TruncSatF64U(x);
  }

  /** i64.trunc_sat_f64_u */
  public static long i64TruncSatF64U(double x) {
    if (x != x || x <= 0.0) {
      return 0;
    }
    if (x >= 18446744073709551616.0) {
      return -1L;
    }
    return toUnsignedLong(x);
  }

  // ---- int -> float, unsigned ------------------------------------------------------------------

  /** f32.convert_i32_u */
  public static float f32ConvertI32U(int x) {
    return (float) Integer.toUnsignedLong(x);
  }

  /** f64.convert_i32_u */
  public static double f64ConvertI32U(int x) {
    return (double) Integer.toUnsignedLong(x);
  }

  /** f32.convert_i64_u, correctly rounded (round to nearest, ties to even). */
  public static float f32ConvertI64U(long x) {
    if (x >= 0) {
      return (float) x;
    }
    // Halve with the lost bit kept sticky so the final rounding is still correct.
    long half = (x >>> 1) | (x & 1);
    return (float) half * 2f;
  }

  /** f64.convert_i64_u, correctly rounded. */
  public static double f64ConvertI64U(long x) {
    if (x >= 0) {
      return (double) x;
    }
    long half = (x >>> 1) | (x & 1);
    return (double) half * 2.0;
  }

  // ---- float rounding and NaN rules ------------------------------------------------------------

  /** f32.min: NaN if either is NaN (quieted), -0 below +0. */
  public static float f32Min(float a, float b) {
    if (a != a || b != b) {
      return a + b;
    }
    return Math.min(a, b);
  }

  /** f32.max */
  public static float f32Max(float a, float b) {
    if (a != a || b != b) {
      return a + b;
    }
    return Math.max(a, b);
  }

  /** f64.min */
  public static double f64Min(double a, double b) {
    if (a != a || b != b) {
      return a + b;
    }
    return Math.min(a, b);
  }

  /** f64.max */
  public static double f64Max(double a, double b) {
    if (a != a || b != b) {
      return a + b;
    }
    return Math.max(a, b);
  }

  /** f32.ceil */
  public static float f32Ceil(float x) {
    return x != x ? x + x : (float) Math.ceil(x);
  }

  /** f32.floor */
  public static float f32Floor(float x) {
    return x != x ? x + x : (float) Math.floor(x);
  }

  /** f32.trunc */
  public static float f32Trunc(float x) {
    if (x != x) {
      return x + x;
    }
    return (float) (x < 0 ? Math.ceil(x) : Math.floor(x));
  }

  /** f32.nearest (ties to even) */
  public static float f32Nearest(float x) {
    return x != x ? x + x : (float) Math.rint(x);
  }

  /** f32.sqrt (correctly rounded: double has more than 2*24+2 bits) */
  public static float f32Sqrt(float x) {
    return x != x ? x + x : (float) Math.sqrt(x);
  }

  /** f64.ceil */
  public static double f64Ceil(double x) {
    return x != x ? x + x : Math.ceil(x);
  }

  /** f64.floor */
  public static double f64Floor(double x) {
    return x != x ? x + x : Math.floor(x);
  }

  /** f64.trunc */
  public static double f64Trunc(double x) {
    if (x != x) {
      return x + x;
    }
    return x < 0 ? Math.ceil(x) : Math.floor(x);
  }

  /** f64.nearest */
  public static double f64Nearest(double x) {
    return x != x ? x + x : Math.rint(x);
  }

  /** f64.sqrt */
  public static double f64Sqrt(double x) {
    return x != x ? x + x : Math.sqrt(x);
  }

  // ---- memory ----------------------------------------------------------------------------------

  /** memory.grow: previous size in pages, or -1. */
  public static int memoryGrow(int delta, Context ctx) {
    return ctx.memory.grow(delta);
  }

  /** memory.fill */
  public static void memoryFill(int dst, int value, int n, Context ctx) {
    byte[] m = ctx.memory.bytes;
    long d = Integer.toUnsignedLong(dst);
    long len = Integer.toUnsignedLong(n);
    if (d + len > ctx.memory.size) {
      throw trap(TrapKind.MEMORY_OUT_OF_BOUNDS);
    }
    Arrays.fill(m, (int) d, (int) (d + len), (byte) value);
  }

  /** memory.copy (overlapping ranges allowed) */
  public static void memoryCopy(int dst, int src, int n, Context ctx) {
    byte[] m = ctx.memory.bytes;
    long d = Integer.toUnsignedLong(dst);
    long s = Integer.toUnsignedLong(src);
    long len = Integer.toUnsignedLong(n);
    int size = ctx.memory.size;
    if (d + len > size || s + len > size) {
      throw trap(TrapKind.MEMORY_OUT_OF_BOUNDS);
    }
    System.arraycopy(m, (int) s, m, (int) d, (int) len);
  }

  /** memory.init */
  public static void memoryInit(int dst, int src, int n, Context ctx, int segment) {
    byte[] m = ctx.memory.bytes;
    byte[] seg = ctx.data[segment];
    long d = Integer.toUnsignedLong(dst);
    long s = Integer.toUnsignedLong(src);
    long len = Integer.toUnsignedLong(n);
    if (d + len > ctx.memory.size || s + len > seg.length) {
      throw trap(TrapKind.MEMORY_OUT_OF_BOUNDS);
    }
    System.arraycopy(seg, (int) s, m, (int) d, (int) len);
  }

  /** data.drop */
  public static void dataDrop(Context ctx, int segment) {
    ctx.data[segment] = new byte[0];
  }

  // ---- tables ----------------------------------------------------------------------------------

  /** table.get */
  public static Object tableGet(int index, Context ctx, int table) {
    return ctx.tables[table].get(index);
  }

  /** table.set */
  public static void tableSet(int index, Object value, Context ctx, int table) {
    ctx.tables[table].set(index, value);
  }

  /** table.size */
  public static int tableSize(Context ctx, int table) {
    return ctx.tables[table].size();
  }

  /** table.grow: previous size or -1. */
  public static int tableGrow(Object init, int delta, Context ctx, int table) {
    return ctx.tables[table].grow(delta, init);
  }

  /** table.fill */
  public static void tableFill(int index, Object value, int n, Context ctx, int table) {
    Object[] e = ctx.tables[table].elements;
    long i = Integer.toUnsignedLong(index);
    long len = Integer.toUnsignedLong(n);
    if (i + len > e.length) {
      throw trap(TrapKind.TABLE_OUT_OF_BOUNDS);
    }
    Arrays.fill(e, (int) i, (int) (i + len), value);
  }

  /** table.copy */
  public static void tableCopy(int dst, int src, int n, Context ctx, int dstTable, int srcTable) {
    Object[] d = ctx.tables[dstTable].elements;
    Object[] s = ctx.tables[srcTable].elements;
    long di = Integer.toUnsignedLong(dst);
    long si = Integer.toUnsignedLong(src);
    long len = Integer.toUnsignedLong(n);
    if (di + len > d.length || si + len > s.length) {
      throw trap(TrapKind.TABLE_OUT_OF_BOUNDS);
    }
    System.arraycopy(s, (int) si, d, (int) di, (int) len);
  }

  /** table.init */
  public static void tableInit(int dst, int src, int n, Context ctx, int segment, int table) {
    Object[] t = ctx.tables[table].elements;
    Object[] seg = ctx.elements[segment];
    long di = Integer.toUnsignedLong(dst);
    long si = Integer.toUnsignedLong(src);
    long len = Integer.toUnsignedLong(n);
    if (di + len > t.length || si + len > seg.length) {
      throw trap(TrapKind.TABLE_OUT_OF_BOUNDS);
    }
    System.arraycopy(seg, (int) si, t, (int) di, (int) len);
  }

  /** elem.drop */
  public static void elemDrop(Context ctx, int segment) {
    ctx.elements[segment] = new Object[0];
  }

  /**
   * Resolves the target of {@code call_indirect}: traps on an index out of range, a null entry or a
   * signature that differs from {@code typeKey} (keys are interned, so identity is equality).
   */
  public static MethodHandle indirect(int index, Context ctx, int table, String typeKey) {
    return tableEntry(index, ctx, table, typeKey).handleFrom(ctx);
  }

  /**
   * Checks the target of {@code call_indirect} as {@link #indirect} does, and returns its function
   * index when it is a function of the calling instance, else -1. Generated bridges switch on it to
   * call their module's own functions directly ({@code invokestatic}, which HotSpot can inline) and
   * call everything else through {@link #indirect}'s handle.
   */
  public static int indirectIndex(int index, Context ctx, int table, String typeKey) {
    return tableEntry(index, ctx, table, typeKey).indexIn(ctx);
  }

  /** Table entry {@code index}, checked as {@code call_indirect} of type {@code typeKey} needs. */
  private static WasmFunction tableEntry(int index, Context ctx, int table, String typeKey) {
    Object[] e = ctx.tables[table].elements;
    if (Integer.compareUnsigned(index, e.length) >= 0) {
      throw trap(TrapKind.UNDEFINED_ELEMENT);
    }
    Object f = e[index];
    if (f == null) {
      throw trap(TrapKind.UNINITIALIZED_ELEMENT);
    }
    WasmFunction fn = (WasmFunction) f;
    if (fn.typeKey() != typeKey) {
      throw trap(TrapKind.INDIRECT_CALL_TYPE_MISMATCH);
    }
    return fn;
  }

  // ---- br_table with huge tables ---------------------------------------------------------------

  /** Maps a br_table index to its target ordinal; the last entry is the default. */
  public static int brTableTarget(int index, int[] ordinals) {
    int last = ordinals.length - 1;
    return ordinals[Integer.compareUnsigned(index, last) < 0 ? index : last];
  }

  /** Decodes an int table that generated code stored as string constants (one char per entry). */
  public static int[] decodeTable(String[] pieces) {
    int n = 0;
    for (String p : pieces) {
      n += p.length();
    }
    int[] out = new int[n];
    int k = 0;
    for (String p : pieces) {
      for (int i = 0; i < p.length(); i++) {
        out[k++] = p.charAt(i);
      }
    }
    return out;
  }

  /**
   * Unpacks the boxed arguments of a function with a "wide" signature (more parameters than a JVM
   * method can take) into its frame: numbers as raw bits, references as they are.
   */
  public static void unpackArguments(Object[] args, long[] bits, Object[] refs) {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a instanceof Integer v) {
        bits[i] = v;
      } else if (a instanceof Long v) {
        bits[i] = v;
      } else if (a instanceof Float v) {
        bits[i] = Float.floatToRawIntBits(v);
      } else if (a instanceof Double v) {
        bits[i] = Double.doubleToRawLongBits(v);
      } else {
        refs[i] = a;
      }
    }
  }

  /**
   * How deep guest calls into one instance may nest before they trap with {@code call stack
   * exhausted} ({@link Context#callsLeft}). The JVM's StackOverflowError would do it too, but only
   * once the thread's stack is full, and on the 256 MiB stack {@code ipvm run} gives guests (so
   * that deep recursion works) that is millions of frames: HotSpot unwinds an exception frame by
   * frame in the VM (per compiled frame an exception-handler lookup and a walk for {@code
   * ReservedStackAccess} methods), which took seconds, and touching the whole stack cost hundreds
   * of MB of RSS. A bound on the depth keeps both small whatever the stack, and is the same on
   * every machine. 2^20 keeps a million-deep recursion working, as {@code ipvm run} always promised
   * (tools' MainTest), 10× the 100,000 guests are promised at least; unwinding that many frames
   * takes a few hundred ms.
   */
  public static final int MAX_CALL_DEPTH = 1 << 20;

  /** The trap a generated function throws when {@link Context#callsLeft} runs out. */
  public static WasmTrap callStackExhausted() {
    return new WasmTrap(TrapKind.CALL_STACK_EXHAUSTED);
  }

  /**
   * Frame slots all running frame-mode functions of one instance may hold (32 Mi slots: 256 MiB of
   * {@code long[]}). Recursion through such functions allocates on the heap rather than on the JVM
   * stack, so without this bound a runaway recursion would exhaust the heap, not the stack.
   */
  public static final long MAX_FRAME_SLOTS = 32L << 20;

  /** Accounts for a new frame of {@code slots}; traps with call-stack-exhausted over the bound. */
  public static void enterFrame(Context ctx, int slots) {
    long now = ctx.frameSlots + slots;
    if (now > MAX_FRAME_SLOTS) {
      throw new WasmTrap(TrapKind.CALL_STACK_EXHAUSTED);
    }
    ctx.frameSlots = now;
  }
}
