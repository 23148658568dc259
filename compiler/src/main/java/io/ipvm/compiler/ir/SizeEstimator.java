package io.ipvm.compiler.ir;

import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import io.ipvm.compiler.lower.HelperCall;

/**
 * Estimates of the JVM bytecode one Wasm instruction becomes when locals live in JVM registers
 * (register mode, and split functions that cache their locals). They are close to the real sizes;
 * the code generator measures what it emits and re-plans any method that turns out too big, so an
 * estimate may be low without breaking the 8,000-byte rule.
 */
public final class SizeEstimator {
  private SizeEstimator() {}

  /** Bytes a block/loop/if adds beyond its body (labels, the if test, the else jump). */
  public static final int BLOCK_OVERHEAD = 10;

  /** Bytes a branch to a label may need to move values past dropped operands. */
  private static final int BRANCH_FIXUP = 24;

  /** Estimated bytes for one instruction. */
  public static int estimate(AnnotatedInstruction ins) {
    if (Comparisons.is(ins.opcode())) {
      return 15;
    }
    HelperCall helper = HelperCall.of(ins.opcode());
    if (helper != null) {
      return helper.estimate();
    }
    return switch (ins.opcode()) {
      case NOP -> 0;
      case UNREACHABLE -> 4;
      case DROP -> 1;
      case SELECT, SELECT_T -> 10;
      case LOCAL_GET, LOCAL_SET -> 4;
      case LOCAL_TEE -> 5;
      case GLOBAL_GET, GLOBAL_SET -> 14;
      case I32_CONST, I64_CONST, F32_CONST, F64_CONST -> 6;
      case BR, RETURN -> BRANCH_FIXUP + 3;
      case BR_IF -> BRANCH_FIXUP + 9;
      case BR_TABLE ->
          ins.operandCount() <= 1025
              ? 16 + 4 * ins.operandCount() + BRANCH_FIXUP * Math.min(ins.operandCount(), 64)
              : 30 + (4 + BRANCH_FIXUP) * 64;
      case CALL, CALL_INDIRECT -> 12;
      case MEMORY_SIZE, MEMORY_GROW -> 12;
      // codegen.MemoryAccess: the view (or array) under the index, the access, and the index sum
      case I32_LOAD8_S, I32_LOAD8_U, I64_LOAD8_S, I64_LOAD8_U -> 8 + offsetSize(ins);
      case I32_STORE8, I64_STORE8 -> 9 + offsetSize(ins);
      case I32_LOAD,
              I64_LOAD,
              F32_LOAD,
              F64_LOAD,
              I32_LOAD16_S,
              I32_LOAD16_U,
              I64_LOAD16_S,
              I64_LOAD16_U,
              I64_LOAD32_S,
              I64_LOAD32_U ->
          11 + offsetSize(ins);
      case I32_STORE, I64_STORE, F32_STORE, F64_STORE, I32_STORE16, I64_STORE16, I64_STORE32 ->
          15 + offsetSize(ins);
      default -> 10;
    };
  }

  /** {@code (addr + offset) | (addr >> 31)} when the access has a static offset. */
  private static int offsetSize(AnnotatedInstruction ins) {
    return ins.operand(1) == 0 ? 0 : 9;
  }
}
