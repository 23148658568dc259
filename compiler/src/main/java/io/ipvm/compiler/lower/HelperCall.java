package io.ipvm.compiler.lower;

import com.dylibso.chicory.wasm.types.OpCode;
import io.ipvm.compiler.abi.Builtin;
import java.util.EnumMap;
import java.util.Map;

/**
 * The instructions lowered to one runtime helper call with the context and the instruction's
 * immediates after the Wasm operands — {@code operands..., ctx, immediates... -> Builtin} — each
 * with its helper, the operand count it pops, its immediates and its result, and the bytecode size
 * estimate the planner uses ({@code ir.SizeEstimator}). One entry is the whole description of such
 * an instruction: the emitter ({@code FunctionEmitter}) lowers every one of them from this table,
 * and the estimate changes where the lowering does.
 *
 * <p>A first step of the plan / emit / lower separation (compiler/README.md): the table operations
 * so far. Bulk memory stays in the emitter for now, beside the other linear-memory code.
 */
public enum HelperCall {
  TABLE_GET(OpCode.TABLE_GET, Builtin.TABLE_GET, 1, 1, Result.TABLE_ELEMENT),
  TABLE_SET(OpCode.TABLE_SET, Builtin.TABLE_SET, 2, 1, Result.NONE),
  TABLE_SIZE(OpCode.TABLE_SIZE, Builtin.TABLE_SIZE, 0, 1, Result.I32),
  TABLE_GROW(OpCode.TABLE_GROW, Builtin.TABLE_GROW, 2, 1, Result.I32),
  TABLE_FILL(OpCode.TABLE_FILL, Builtin.TABLE_FILL, 3, 1, Result.NONE),
  TABLE_COPY(OpCode.TABLE_COPY, Builtin.TABLE_COPY, 3, 2, Result.NONE),
  TABLE_INIT(OpCode.TABLE_INIT, Builtin.TABLE_INIT, 3, 2, Result.NONE),
  ELEM_DROP(OpCode.ELEM_DROP, Builtin.ELEM_DROP, 0, 1, Result.NONE);

  /** What the helper leaves on the operand stack. */
  public enum Result {
    /** Nothing. */
    NONE,
    /** An i32. */
    I32,
    /** An element of the table named by the first immediate (funcref or externref). */
    TABLE_ELEMENT
  }

  /**
   * Estimated bytecode of one such call, as {@code SizeEstimator} has always counted it: {@code
   * aload ctx} (1–2 bytes), one int push per immediate (1–3 bytes), {@code invokestatic} (3).
   */
  private static final int ESTIMATE = 10;

  private static final Map<OpCode, HelperCall> BY_OPCODE = new EnumMap<>(OpCode.class);

  static {
    for (HelperCall c : values()) {
      BY_OPCODE.put(c.opcode, c);
    }
  }

  private final OpCode opcode;
  private final Builtin helper;
  private final int operands;
  private final int immediates;
  private final Result result;

  HelperCall(OpCode opcode, Builtin helper, int operands, int immediates, Result result) {
    this.opcode = opcode;
    this.helper = helper;
    this.operands = operands;
    this.immediates = immediates;
    this.result = result;
  }

  /** The lowering of {@code op}, or null when {@code op} is not lowered to a helper call here. */
  public static HelperCall of(OpCode op) {
    return BY_OPCODE.get(op);
  }

  /** The instruction. */
  public OpCode opcode() {
    return opcode;
  }

  /** The runtime helper it calls. */
  public Builtin helper() {
    return helper;
  }

  /** Wasm operands it pops (they stay on the JVM stack as the helper's first arguments). */
  public int operands() {
    return operands;
  }

  /** Immediates passed after the context, in order ({@code operand(0)}, {@code operand(1)}). */
  public int immediates() {
    return immediates;
  }

  /** What it pushes. */
  public Result result() {
    return result;
  }

  /** Estimated bytecode size. */
  public int estimate() {
    return ESTIMATE;
  }
}
