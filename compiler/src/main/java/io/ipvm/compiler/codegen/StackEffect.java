package io.ipvm.compiler.codegen;

import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.OpCode;
import io.ipvm.compiler.ir.BlockNode;
import io.ipvm.compiler.ir.FuelNode;
import io.ipvm.compiler.ir.Node;
import io.ipvm.compiler.ir.OpNode;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * How a run of nodes of one block uses the operand stack it starts on: how many of the values
 * beneath it it consumes ({@code reach}) and by how much it changes the stack height ({@code net}).
 * The splitter passes a chunk only the values it reaches, so values deeper in the stack stay where
 * they are — passing the whole stack made every chunk's size grow with the stack's depth, and a
 * function with ~20,000 values on the stack could not be split at all.
 *
 * @param reach the number of values beneath the run's start the run pops (at least), a conservative
 *     bound: too big only costs transfers, too small would be wrong code
 * @param net stack height at the run's end minus at its start (meaningful when {@code reachable})
 * @param reachable whether the run's end is reachable as far as this analysis sees (false after an
 *     unconditional branch, return or unreachable at the run's top level)
 */
record StackEffect(int reach, int net, boolean reachable) {

  /** What an unknown instruction is taken to reach: everything. */
  static final int ALL = Integer.MAX_VALUE / 2;

  /**
   * Analyses {@code run} at its top level (a nested block never reaches below its own parameters,
   * so a block counts as its parameters in, its results out).
   *
   * @param labelArity arity of the label at a relative depth from the run's block (branch values a
   *     {@code br}/{@code br_if}/{@code br_table} to it takes)
   * @param returnArity the function's result count
   */
  static StackEffect of(
      List<Node> run, ModuleInfo mod, IntUnaryOperator labelArity, int returnArity) {
    int height = 0; // relative to the run's start
    int low = 0; // lowest height reached
    for (Node n : run) {
      int pops;
      int pushes;
      boolean ends = false;
      switch (n) {
        case FuelNode f -> {
          pops = 0;
          pushes = 0;
        }
        case BlockNode b -> {
          int params = blockParams(mod, b.instruction()).size();
          pops = params + (b.kind() == BlockNode.Kind.IF ? 1 : 0);
          pushes = blockResults(mod, b.instruction()).size();
        }
        case OpNode op -> {
          AnnotatedInstruction ins = op.instruction();
          switch (ins.opcode()) {
            case BR -> {
              pops = labelArity.applyAsInt((int) ins.operand(0));
              pushes = 0;
              ends = true;
            }
            case BR_IF -> {
              int arity = labelArity.applyAsInt((int) ins.operand(0));
              pops = 1 + arity;
              pushes = arity;
            }
            case BR_TABLE -> {
              pops = 1 + labelArity.applyAsInt((int) ins.operand(ins.operandCount() - 1));
              pushes = 0;
              ends = true;
            }
            case RETURN -> {
              pops = returnArity;
              pushes = 0;
              ends = true;
            }
            case UNREACHABLE -> {
              pops = 0;
              pushes = 0;
              ends = true;
            }
            case CALL -> {
              var ft = mod.functionTypes().get((int) ins.operand(0));
              pops = ft.params().size();
              pushes = ft.results().size();
            }
            case CALL_INDIRECT -> {
              var ft = mod.types().get((int) ins.operand(0));
              pops = ft.params().size() + 1;
              pushes = ft.results().size();
            }
            default -> {
              int c = simple(ins.opcode());
              if (c < 0) {
                return new StackEffect(ALL, 0, true);
              }
              pops = c >> 4;
              pushes = c & 15;
            }
          }
        }
      }
      low = Math.min(low, height - pops);
      if (ends) {
        return new StackEffect(-low, height - pops, false);
      }
      height += pushes - pops;
    }
    return new StackEffect(-low, height, true);
  }

  /** {@code pops << 4 | pushes} of an instruction with a fixed stack signature, or -1. */
  static int simple(OpCode op) {
    return switch (op) {
      case NOP, DATA_DROP, ELEM_DROP -> 0x00;
      case I32_CONST,
              I64_CONST,
              F32_CONST,
              F64_CONST,
              LOCAL_GET,
              GLOBAL_GET,
              MEMORY_SIZE,
              REF_NULL,
              REF_FUNC,
              TABLE_SIZE ->
          0x01;
      case DROP, LOCAL_SET, GLOBAL_SET -> 0x10;
      case LOCAL_TEE, MEMORY_GROW, REF_IS_NULL, TABLE_GET -> 0x11;
      case I32_LOAD,
              I32_LOAD8_S,
              I32_LOAD8_U,
              I32_LOAD16_S,
              I32_LOAD16_U,
              I64_LOAD,
              I64_LOAD8_S,
              I64_LOAD8_U,
              I64_LOAD16_S,
              I64_LOAD16_U,
              I64_LOAD32_S,
              I64_LOAD32_U,
              F32_LOAD,
              F64_LOAD ->
          0x11;
      case I32_STORE,
              I64_STORE,
              F32_STORE,
              F64_STORE,
              I32_STORE8,
              I32_STORE16,
              I64_STORE8,
              I64_STORE16,
              I64_STORE32,
              TABLE_SET ->
          0x20;
      case TABLE_GROW -> 0x21;
      case SELECT, SELECT_T -> 0x31;
      case MEMORY_FILL, MEMORY_COPY, MEMORY_INIT, TABLE_FILL, TABLE_COPY, TABLE_INIT -> 0x30;
      // numeric: unary
      case I32_EQZ,
              I64_EQZ,
              I32_CLZ,
              I32_CTZ,
              I32_POPCNT,
              I64_CLZ,
              I64_CTZ,
              I64_POPCNT,
              F32_ABS,
              F32_NEG,
              F32_CEIL,
              F32_FLOOR,
              F32_TRUNC,
              F32_NEAREST,
              F32_SQRT,
              F64_ABS,
              F64_NEG,
              F64_CEIL,
              F64_FLOOR,
              F64_TRUNC,
              F64_NEAREST,
              F64_SQRT,
              I32_WRAP_I64,
              I64_EXTEND_I32_S,
              I64_EXTEND_I32_U,
              I32_TRUNC_F32_S,
              I32_TRUNC_F32_U,
              I32_TRUNC_F64_S,
              I32_TRUNC_F64_U,
              I64_TRUNC_F32_S,
              I64_TRUNC_F32_U,
              I64_TRUNC_F64_S,
              I64_TRUNC_F64_U,
              I32_TRUNC_SAT_F32_S,
              I32_TRUNC_SAT_F64_S,
              I64_TRUNC_SAT_F32_S,
              I64_TRUNC_SAT_F64_S,
              I32_TRUNC_SAT_F32_U,
              I32_TRUNC_SAT_F64_U,
              I64_TRUNC_SAT_F32_U,
              I64_TRUNC_SAT_F64_U,
              F32_CONVERT_I32_S,
              F32_CONVERT_I64_S,
              F64_CONVERT_I32_S,
              F64_CONVERT_I64_S,
              F32_CONVERT_I32_U,
              F32_CONVERT_I64_U,
              F64_CONVERT_I32_U,
              F64_CONVERT_I64_U,
              F32_DEMOTE_F64,
              F64_PROMOTE_F32,
              I32_REINTERPRET_F32,
              I64_REINTERPRET_F64,
              F32_REINTERPRET_I32,
              F64_REINTERPRET_I64,
              I32_EXTEND_8_S,
              I32_EXTEND_16_S,
              I64_EXTEND_8_S,
              I64_EXTEND_16_S,
              I64_EXTEND_32_S ->
          0x11;
      // numeric: binary, comparisons
      case I32_ADD,
              I32_SUB,
              I32_MUL,
              I32_DIV_S,
              I32_DIV_U,
              I32_REM_S,
              I32_REM_U,
              I32_AND,
              I32_OR,
              I32_XOR,
              I32_SHL,
              I32_SHR_S,
              I32_SHR_U,
              I32_ROTL,
              I32_ROTR,
              I64_ADD,
              I64_SUB,
              I64_MUL,
              I64_DIV_S,
              I64_DIV_U,
              I64_REM_S,
              I64_REM_U,
              I64_AND,
              I64_OR,
              I64_XOR,
              I64_SHL,
              I64_SHR_S,
              I64_SHR_U,
              I64_ROTL,
              I64_ROTR,
              F32_COPYSIGN,
              F32_ADD,
              F32_SUB,
              F32_MUL,
              F32_DIV,
              F32_MIN,
              F32_MAX,
              F64_COPYSIGN,
              F64_ADD,
              F64_SUB,
              F64_MUL,
              F64_DIV,
              F64_MIN,
              F64_MAX,
              I32_EQ,
              I32_NE,
              I32_LT_S,
              I32_GT_S,
              I32_LE_S,
              I32_GE_S,
              I32_LT_U,
              I32_GT_U,
              I32_LE_U,
              I32_GE_U,
              I64_EQ,
              I64_NE,
              I64_LT_S,
              I64_GT_S,
              I64_LE_S,
              I64_GE_S,
              I64_LT_U,
              I64_GT_U,
              I64_LE_U,
              I64_GE_U,
              F32_EQ,
              F32_NE,
              F32_LT,
              F32_GT,
              F32_LE,
              F32_GE,
              F64_EQ,
              F64_NE,
              F64_LT,
              F64_GT,
              F64_LE,
              F64_GE ->
          0x21;
      default -> -1;
    };
  }

  static List<io.ipvm.wasm.ValType> blockParams(ModuleInfo mod, AnnotatedInstruction ins) {
    long bt = ins.operand(0);
    if (FunctionEmitter.isValueBlockType(bt)) {
      return List.of();
    }
    return mod.types().get((int) bt).params();
  }

  static List<io.ipvm.wasm.ValType> blockResults(ModuleInfo mod, AnnotatedInstruction ins) {
    long bt = ins.operand(0);
    if (bt == 0x40) {
      return List.of();
    }
    if (FunctionEmitter.isValueBlockType(bt)) {
      return List.of(FunctionEmitter.valTypeOfCode((int) bt));
    }
    return mod.types().get((int) bt).results();
  }
}
