package io.ipvm.compiler.ir;

import com.dylibso.chicory.wasm.types.AnnotatedInstruction;

/**
 * Upper bounds on the JVM bytecode one Wasm instruction becomes, in the most expensive mode the
 * code generator has (locals kept in a frame array, wide local indices). The splitter relies on
 * these being upper bounds: a method planned under the budget is under it when emitted.
 */
public final class SizeEstimator {
  private SizeEstimator() {}

  /** Bytes a block/loop/if adds beyond its body (labels, the if test, the else jump). */
  public static final int BLOCK_OVERHEAD = 24;

  /** Bytes a branch to a label may need to move values past dropped operands. */
  private static final int BRANCH_FIXUP = 48;

  /** Estimated bytes for one instruction. */
  public static int estimate(AnnotatedInstruction ins) {
    return switch (ins.opcode()) {
      case NOP -> 0;
      case UNREACHABLE -> 8;
      case DROP -> 2;
      case SELECT, SELECT_T -> 16;
      case LOCAL_GET -> 12;
      case LOCAL_SET, LOCAL_TEE -> 24;
      case GLOBAL_GET, GLOBAL_SET -> 16;
      case I32_CONST, I64_CONST, F32_CONST, F64_CONST -> 8;
      case BR, RETURN -> BRANCH_FIXUP + 8;
      case BR_IF -> BRANCH_FIXUP + 12;
      case BR_TABLE ->
          40 + 8 * ins.operandCount() + BRANCH_FIXUP * Math.min(ins.operandCount(), 64);
      case CALL, CALL_INDIRECT -> 24;
      case MEMORY_SIZE, MEMORY_GROW -> 16;
      default -> 16;
    };
  }
}
