package io.ipvm.compiler.codegen;

import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.BALOAD;
import static org.objectweb.asm.Opcodes.BASTORE;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.GETSTATIC;
import static org.objectweb.asm.Opcodes.I2C;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.I2S;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.IAND;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.IOR;
import static org.objectweb.asm.Opcodes.ISHR;
import static org.objectweb.asm.Opcodes.ISUB;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.LAND;
import static org.objectweb.asm.Opcodes.POP;
import static org.objectweb.asm.Opcodes.SWAP;

import com.dylibso.chicory.wasm.types.OpCode;
import io.ipvm.wasm.ValType;
import org.objectweb.asm.MethodVisitor;

/**
 * Emits a linear-memory load or store as bytecode in the function's own method: {@code baload} /
 * {@code bastore} for bytes, an exact invocation of one of {@code Memory}'s little-endian {@code
 * VarHandle}s for wider accesses.
 *
 * <p>Why not a call to a small static helper: C2 inlines ordinary callees only while the method's
 * inlined bytecode stays under {@code DesiredMethodLimit} (8,000 bytes, the caller's own size
 * included) and its graph under {@code NodeCountInliningCutoff}. A big function — an interpreter's
 * dispatch loop, or any method the splitter filled to its budget — exhausted that long before its
 * last access, and every access after it became a real call (the {@code script} workload: 122 ms/op
 * against 18.6 native, a third of it in calls to load helpers). A signature-polymorphic {@code
 * VarHandle} invocation links to {@code @ForceInline} adapters that C2 inlines past both limits
 * (late, if need be), so every access compiles to a range check and one machine load or store,
 * however big the method.
 *
 * <p>The address is turned into an index here too: with offset 0 the address is the index (an
 * address ≥ 2^31 is negative, out of range of every array); with 0 &lt; offset &lt; 2^31 it is
 * {@code (addr + offset) | (addr >> 31)}, negative exactly when the address is ≥ 2^31 or the sum
 * overflows; a larger offset is never in bounds and becomes {@code Integer.MAX_VALUE}. The array's
 * own range check is the bounds check, and the runtime boundary turns the resulting {@code
 * IndexOutOfBoundsException} into an out-of-bounds trap.
 *
 * <p>That suffices when the array has exactly the memory's size (a module that never grows its own
 * memory, {@code ModuleInfo.exactMemory}). Otherwise the array may reserve capacity past the
 * memory's size (so that {@code memory.grow} is amortised O(1) per page), and the size, kept in a
 * local beside the array ({@code boundSlot}), is checked first: {@code Objects.checkIndex(index,
 * size - (width - 1))}. {@code checkIndex} is an intrinsic that C2 treats like an array range check
 * (hoisted out of counted loops, no call); {@code size - (width - 1)} is the same value for every
 * access of a width until the next reload, so C2 computes it once and each access adds one compare
 * and branch to the exact form (x86: {@code cmp index, bound; jae}). A negative index (an address ≥
 * 2^31, or a sum with the offset that overflows) fails it, and so does every index when the size is
 * below {@code width - 1} (a negative length). The array's own check then always passes: C2 cannot
 * tell that the size is at most the array's length, so it stays.
 *
 * <p>Accessing a growing memory through one check instead was tried and measured slower
 * (jmh-benchmarks/RESULTS.md, "One check for growing memories"): a heap {@code MemorySegment} over
 * the array sliced to the size (its {@code long} range checks are not eliminated in the guest's
 * {@code int} loops, and its base and offset take registers: sha256 2.5×, matmul 3.5× the exact
 * form's CPU time) and {@code ByteBuffer} view handles with {@code int} indices (no byte view;
 * hashmap 2.2×, matmul 2.3×). A native segment compiled to the same unhoisted {@code long} checks
 * in sha256 and was not measured further.
 */
final class MemoryAccess {
  private MemoryAccess() {}

  /** {@code [addr] → [value]}: the loaded value, widened as the instruction says. */
  static void load(MethodVisitor mv, int memSlot, int boundSlot, OpCode op, long offset) {
    index(mv, offset);
    checkBound(mv, boundSlot, width(op));
    switch (op) {
      case I32_LOAD -> viewGet(mv, memSlot, "INT", "I");
      case I64_LOAD -> viewGet(mv, memSlot, "LONG", "J");
      case F32_LOAD -> viewGet(mv, memSlot, "FLOAT", "F");
      case F64_LOAD -> viewGet(mv, memSlot, "DOUBLE", "D");
      case I32_LOAD8_S -> byteGet(mv, memSlot);
      case I32_LOAD8_U -> {
        byteGet(mv, memSlot);
        Constants.pushInt(mv, 0xFF);
        mv.visitInsn(IAND);
      }
      case I32_LOAD16_S -> viewGet(mv, memSlot, "SHORT", "S");
      case I32_LOAD16_U -> {
        viewGet(mv, memSlot, "SHORT", "S");
        mv.visitInsn(I2C);
      }
      case I64_LOAD8_S -> {
        byteGet(mv, memSlot);
        mv.visitInsn(I2L);
      }
      case I64_LOAD8_U -> {
        byteGet(mv, memSlot);
        Constants.pushInt(mv, 0xFF);
        mv.visitInsn(IAND);
        mv.visitInsn(I2L);
      }
      case I64_LOAD16_S -> {
        viewGet(mv, memSlot, "SHORT", "S");
        mv.visitInsn(I2L);
      }
      case I64_LOAD16_U -> {
        viewGet(mv, memSlot, "SHORT", "S");
        mv.visitInsn(I2C);
        mv.visitInsn(I2L);
      }
      case I64_LOAD32_S -> {
        viewGet(mv, memSlot, "INT", "I");
        mv.visitInsn(I2L);
      }
      case I64_LOAD32_U -> {
        viewGet(mv, memSlot, "INT", "I");
        mv.visitInsn(I2L);
        Constants.pushLong(mv, 0xFFFF_FFFFL);
        mv.visitInsn(LAND);
      }
      default -> throw new IllegalArgumentException("not a load: " + op);
    }
  }

  /**
   * {@code [addr, value] → []}. The value is parked in {@code valueSlot} (a free local of the
   * value's type) while the index is computed and the array (and view) are put under it.
   */
  static void store(
      MethodVisitor mv,
      int memSlot,
      int boundSlot,
      OpCode op,
      ValType value,
      long offset,
      int valueSlot) {
    mv.visitVarInsn(Descriptors.store(value), valueSlot);
    index(mv, offset);
    checkBound(mv, boundSlot, width(op));
    switch (op) {
      case I32_STORE -> viewSet(mv, memSlot, "INT", "I", value, valueSlot);
      case I64_STORE -> viewSet(mv, memSlot, "LONG", "J", value, valueSlot);
      case F32_STORE -> viewSet(mv, memSlot, "FLOAT", "F", value, valueSlot);
      case F64_STORE -> viewSet(mv, memSlot, "DOUBLE", "D", value, valueSlot);
      case I32_STORE8 -> byteSet(mv, memSlot, value, valueSlot);
      case I64_STORE8 -> byteSet(mv, memSlot, value, valueSlot, L2I);
      // (short) v keeps the VarHandle's parameter a true short, whatever the int held
      case I32_STORE16 -> viewSet(mv, memSlot, "SHORT", "S", value, valueSlot, I2S);
      case I64_STORE16 -> viewSet(mv, memSlot, "SHORT", "S", value, valueSlot, L2I, I2S);
      case I64_STORE32 -> viewSet(mv, memSlot, "INT", "I", value, valueSlot, L2I);
      default -> throw new IllegalArgumentException("not a store: " + op);
    }
  }

  /** Bytes an access reads or writes. */
  static int width(OpCode op) {
    return switch (op) {
      case I32_LOAD8_S, I32_LOAD8_U, I64_LOAD8_S, I64_LOAD8_U, I32_STORE8, I64_STORE8 -> 1;
      case I32_LOAD16_S, I32_LOAD16_U, I64_LOAD16_S, I64_LOAD16_U, I32_STORE16, I64_STORE16 -> 2;
      case I32_LOAD, F32_LOAD, I64_LOAD32_S, I64_LOAD32_U, I32_STORE, F32_STORE, I64_STORE32 -> 4;
      case I64_LOAD, F64_LOAD, I64_STORE, F64_STORE -> 8;
      default -> throw new IllegalArgumentException("not a load or store: " + op);
    };
  }

  /**
   * {@code [index] → [index]}, throwing {@code IndexOutOfBoundsException} unless the access's
   * {@code width} bytes lie below the memory's size ({@code index <= size - width}, unsigned);
   * nothing when {@code boundSlot} is -1 (exact array).
   */
  private static void checkBound(MethodVisitor mv, int boundSlot, int width) {
    if (boundSlot < 0) {
      return;
    }
    mv.visitVarInsn(ILOAD, boundSlot);
    if (width > 1) {
      Constants.pushInt(mv, width - 1);
      mv.visitInsn(ISUB);
    }
    mv.visitMethodInsn(INVOKESTATIC, "java/util/Objects", "checkIndex", "(II)I", false);
  }

  /** {@code [addr] → [index]}. */
  private static void index(MethodVisitor mv, long offset) {
    if (offset == 0) {
      return;
    }
    if (offset > Integer.MAX_VALUE) {
      mv.visitInsn(POP);
      Constants.pushInt(mv, Integer.MAX_VALUE);
      return;
    }
    mv.visitInsn(DUP);
    Constants.pushInt(mv, (int) offset);
    mv.visitInsn(IADD);
    mv.visitInsn(SWAP);
    Constants.pushInt(mv, 31);
    mv.visitInsn(ISHR);
    mv.visitInsn(IOR);
  }

  /** {@code [index] → [mem, index]}. */
  private static void arrayUnder(MethodVisitor mv, int memSlot) {
    mv.visitVarInsn(ALOAD, memSlot);
    mv.visitInsn(SWAP);
  }

  private static void byteGet(MethodVisitor mv, int memSlot) {
    arrayUnder(mv, memSlot);
    mv.visitInsn(BALOAD);
  }

  private static void viewGet(MethodVisitor mv, int memSlot, String view, String type) {
    mv.visitFieldInsn(GETSTATIC, RuntimeAbi.MEMORY, view, RuntimeAbi.VAR_HANDLE_DESC);
    mv.visitInsn(SWAP);
    arrayUnder(mv, memSlot);
    mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeAbi.VAR_HANDLE, "get", "([BI)" + type, false);
  }

  private static void byteSet(
      MethodVisitor mv, int memSlot, ValType value, int valueSlot, int... narrow) {
    arrayUnder(mv, memSlot);
    loadNarrowed(mv, value, valueSlot, narrow);
    mv.visitInsn(BASTORE);
  }

  private static void viewSet(
      MethodVisitor mv,
      int memSlot,
      String view,
      String type,
      ValType value,
      int valueSlot,
      int... narrow) {
    mv.visitFieldInsn(GETSTATIC, RuntimeAbi.MEMORY, view, RuntimeAbi.VAR_HANDLE_DESC);
    mv.visitInsn(SWAP);
    arrayUnder(mv, memSlot);
    loadNarrowed(mv, value, valueSlot, narrow);
    mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeAbi.VAR_HANDLE, "set", "([BI" + type + ")V", false);
  }

  /** Pushes the parked value, narrowed by the given conversion opcodes. */
  private static void loadNarrowed(MethodVisitor mv, ValType value, int valueSlot, int... narrow) {
    mv.visitVarInsn(Descriptors.load(value), valueSlot);
    for (int n : narrow) {
      mv.visitInsn(n);
    }
  }
}
