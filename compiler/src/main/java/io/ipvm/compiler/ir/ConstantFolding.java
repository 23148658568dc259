package io.ipvm.compiler.ir;

import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import io.ipvm.wasm.ValType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The compiler's own pass over a specialized variant's body: with the fixed parameters known, it
 * propagates constants and folds what they decide before any bytecode is emitted.
 *
 * <ul>
 *   <li>every read of a local whose value is known where it is read becomes that constant: a fixed
 *       parameter, or any other local (which starts at zero), until something not constant is
 *       written into it; a {@code local.set}/{@code local.tee} of a constant makes it known again
 *       ({@link #block} says how the knowledge crosses blocks, loops and ifs); so does a {@code
 *       global.get} of a constant global;
 *   <li>integer arithmetic, comparisons and conversions on constants are computed (never one that
 *       traps: a division by zero stays, to trap at run time), and neutral operands ({@code x + 0},
 *       {@code x * 1}, {@code x << 0}, …) disappear;
 *   <li>branches on constants are decided: an {@code if} becomes a {@code block} of the arm taken,
 *       {@code br_if} a {@code br} or nothing, {@code br_table} a {@code br}, {@code select} a
 *       {@code drop};
 *   <li>a {@code call_indirect} whose entry is a constant becomes a direct {@code call} when {@link
 *       ModuleFacts#directTarget} vouches for that entry (a table nothing can change, the
 *       function's type checked now) — then HotSpot can inline the callee.
 * </ul>
 *
 * <p>Loops whose bounds become constants are then counted loops with a known trip count for the
 * code generator's and HotSpot's loop passes. Fuel charges ({@link FuelNode}) are never moved or
 * changed, so a metered variant uses exactly the fuel of the general code.
 *
 * <p>Folding is local to a sequence: an operator folds only when the constants it consumes are the
 * instructions just before it. That is exact in a stack machine (those instructions pushed exactly
 * the operands it pops) and enough for the code compilers write.
 */
public final class ConstantFolding {

  /** A constant: its type and its bits (an i32 sign-extended, floats as raw bits). */
  public record Value(ValType type, long bits) {}

  /** What the pass may assume of the module beyond the function's own body. */
  public interface ModuleFacts {
    /**
     * The function that a {@code call_indirect} of type {@code typeIndex} through entry {@code
     * entry} (unsigned) of table {@code table} always calls, its signature checked against the
     * type: its index, or -1 when that is not known at compile time (the call stays indirect, and
     * traps at run time if it must).
     */
    int directTarget(int typeIndex, int table, long entry);

    /** The value of global {@code index} if it is immutable with a constant value, else null. */
    Value constantGlobal(int index);
  }

  /** The locals whose value is known at the point the pass has reached: local → constant. */
  private Map<Integer, Value> known;

  private final ModuleFacts facts;
  private final ToIntFunction<AnnotatedInstruction> extraCost;

  private ConstantFolding(
      Map<Integer, Value> known, ModuleFacts facts, ToIntFunction<AnnotatedInstruction> extraCost) {
    this.known = known;
    this.facts = facts;
    this.extraCost = extraCost;
  }

  /**
   * Folds {@code body} (a function body) for calls that pass {@code parameters} (parameter index →
   * value).
   *
   * @param paramCount how many of the locals are parameters
   * @param localTypes the types of all locals, parameters first
   * @param extraCost as for {@link BodyParser#parse}, for the instructions the pass creates
   */
  public static BlockNode fold(
      BlockNode body,
      Map<Integer, Value> parameters,
      int paramCount,
      List<ValType> localTypes,
      ModuleFacts facts,
      ToIntFunction<AnnotatedInstruction> extraCost) {
    // On entry: the fixed parameters, and every other local's zero.
    Map<Integer, Value> entry = new HashMap<>(parameters);
    for (int l = paramCount; l < localTypes.size(); l++) {
      if (!localTypes.get(l).isReference()) {
        entry.put(l, new Value(localTypes.get(l), 0));
      }
    }
    List<Node> folded = new ConstantFolding(entry, facts, extraCost).sequence(body.body());
    return new BlockNode(
        body.kind(), body.instruction(), folded, List.of(), false, BodyParser.sum(folded) + 16);
  }

  /** The locals some {@code local.set}/{@code local.tee} in {@code nodes} (nested too) writes. */
  private static BitSet written(List<Node> nodes) {
    BitSet out = new BitSet();
    addWritten(nodes, out);
    return out;
  }

  private static void addWritten(List<Node> nodes, BitSet out) {
    for (Node n : nodes) {
      if (n instanceof OpNode o) {
        OpCode c = o.instruction().opcode();
        if (c == OpCode.LOCAL_SET || c == OpCode.LOCAL_TEE) {
          out.set((int) o.instruction().operand(0));
        }
      } else if (n instanceof BlockNode b) {
        addWritten(b.body(), out);
        addWritten(b.elseBody(), out);
      }
    }
  }

  /** {@code state} without the locals in {@code written}. */
  private static Map<Integer, Value> without(Map<Integer, Value> state, BitSet written) {
    Map<Integer, Value> out = new HashMap<>(state);
    out.keySet().removeIf(written::get);
    return out;
  }

  private List<Node> sequence(List<Node> in) {
    List<Node> out = new ArrayList<>(in.size());
    for (Node n : in) {
      switch (n) {
        case OpNode o -> op(out, o);
        case BlockNode b -> block(out, b);
        case FuelNode fuel -> out.add(fuel);
      }
    }
    return out;
  }

  /**
   * A block, loop or if, and the locals known after it. Code inside a sequence runs in order (only
   * a loop's start is reached from elsewhere: its back edges), so the state flows through a
   * sequence instruction by instruction; a loop starts without the locals its body writes (any
   * iteration may have changed them); after a construct, only the locals known before it and
   * written nowhere in it are known (branches out of it may come from any point inside).
   */
  private void block(List<Node> out, BlockNode b) {
    Value cond = b.kind() == BlockNode.Kind.IF ? tail(out, 0) : null;
    Map<Integer, Value> before = known;
    BitSet writes = written(b.body());
    addWritten(b.elseBody(), writes);
    Map<Integer, Value> after = without(before, writes);
    if (cond != null) {
      // The arm taken, as a block of the same type (an if without else has params == results).
      out.remove(out.size() - 1);
      known = new HashMap<>(before);
      List<Node> arm = sequence(cond.bits() != 0 ? b.body() : b.elseBody());
      known = after;
      out.add(
          new BlockNode(
              BlockNode.Kind.BLOCK,
              block(b.instruction()),
              arm,
              List.of(),
              false,
              BodyParser.sum(arm) + SizeEstimator.BLOCK_OVERHEAD));
      return;
    }
    known = b.kind() == BlockNode.Kind.LOOP ? new HashMap<>(after) : new HashMap<>(before);
    List<Node> body = sequence(b.body());
    known = new HashMap<>(before);
    List<Node> elseBody = sequence(b.elseBody());
    known = after;
    out.add(
        new BlockNode(
            b.kind(),
            b.instruction(),
            body,
            elseBody,
            b.hasElse(),
            BodyParser.sum(body) + BodyParser.sum(elseBody) + SizeEstimator.BLOCK_OVERHEAD));
  }

  private void op(List<Node> out, OpNode node) {
    AnnotatedInstruction ins = node.instruction();
    OpCode op = ins.opcode();
    switch (op) {
      case LOCAL_GET -> {
        Value v = known.get((int) ins.operand(0));
        out.add(v == null ? node : constant(ins, v));
        return;
      }
      case LOCAL_SET, LOCAL_TEE -> {
        int local = (int) ins.operand(0);
        Value v = tail(out, 0);
        if (v == null) {
          known.remove(local);
          out.add(node);
          return;
        }
        known.put(local, v);
        if (op == OpCode.LOCAL_TEE) {
          // const; local.tee → const; local.set; const: the constant stays foldable.
          add(out, rewrite(ins, OpCode.LOCAL_SET, ins.operands()));
          out.add(constant(ins, v));
        } else {
          out.add(node);
        }
        return;
      }
      case GLOBAL_GET -> {
        Value v = facts.constantGlobal((int) ins.operand(0));
        out.add(v == null ? node : constant(ins, v));
        return;
      }
      case DROP -> {
        if (tail(out, 0) != null) {
          out.remove(out.size() - 1);
          return;
        }
      }
      case BR_IF -> {
        Value c = tail(out, 0);
        if (c != null) {
          out.remove(out.size() - 1);
          if (c.bits() != 0) {
            add(out, br(ins, ins.operand(0), ins.labelTrue()));
          }
          return;
        }
      }
      case BR_TABLE -> {
        Value c = tail(out, 0);
        if (c != null) {
          out.remove(out.size() - 1);
          int labels = ins.operandCount() - 1;
          long i = c.bits() & 0xFFFF_FFFFL;
          int k = i < labels ? (int) i : labels;
          add(out, br(ins, ins.operand(k), ins.labelTable().get(k)));
          return;
        }
      }
      case SELECT, SELECT_T -> {
        Value c = tail(out, 0);
        if (c != null && c.bits() != 0) {
          out.remove(out.size() - 1);
          add(out, rewrite(ins, OpCode.DROP, Instruction.EMPTY_OPERANDS));
          return;
        }
        if (c != null && isPush(out, 1) && isPush(out, 2)) {
          // select of the second. Each operand is one push with no effect (so the instruction
          // before the second is the whole first): leave the first out.
          out.remove(out.size() - 1);
          out.remove(out.size() - 2);
          return;
        }
      }
      case CALL_INDIRECT -> {
        Value c = tail(out, 0);
        if (c != null) {
          int target =
              facts.directTarget(
                  (int) ins.operand(0), (int) ins.operand(1), c.bits() & 0xFFFF_FFFFL);
          if (target >= 0) {
            out.remove(out.size() - 1);
            add(out, rewrite(ins, OpCode.CALL, new long[] {target}));
            return;
          }
        }
      }
      default -> {
        Value b = tail(out, 0);
        Value a = tail(out, 1);
        if (b != null && ConstantArithmetic.isUnary(op)) {
          Value r = ConstantArithmetic.unary(op, b);
          if (r != null) {
            out.remove(out.size() - 1);
            out.add(constant(ins, r));
            return;
          }
        }
        if (b != null && a != null && ConstantArithmetic.isBinary(op)) {
          Value r = ConstantArithmetic.binary(op, a, b);
          if (r != null) {
            out.remove(out.size() - 1);
            out.remove(out.size() - 1);
            out.add(constant(ins, r));
            return;
          }
        }
        if (b != null && ConstantArithmetic.isNeutralRight(op, b)) {
          out.remove(out.size() - 1);
          return;
        }
      }
    }
    out.add(node);
  }

  /** The constant the instruction {@code back} places before the end of {@code out} pushes. */
  private static Value tail(List<Node> out, int back) {
    int i = out.size() - 1 - back;
    if (i < 0 || !(out.get(i) instanceof OpNode o)) {
      return null;
    }
    return constantOf(o.instruction());
  }

  /** Whether the instruction {@code back} before the end only pushes a value, with no effect. */
  private static boolean isPush(List<Node> out, int back) {
    int i = out.size() - 1 - back;
    if (i < 0 || !(out.get(i) instanceof OpNode o)) {
      return false;
    }
    OpCode op = o.instruction().opcode();
    return constantOf(o.instruction()) != null || op == OpCode.LOCAL_GET || op == OpCode.GLOBAL_GET;
  }

  static Value constantOf(AnnotatedInstruction ins) {
    return switch (ins.opcode()) {
      case I32_CONST -> new Value(ValType.I32, (int) ins.operand(0));
      case I64_CONST -> new Value(ValType.I64, ins.operand(0));
      case F32_CONST -> new Value(ValType.F32, ins.operand(0) & 0xFFFF_FFFFL);
      case F64_CONST -> new Value(ValType.F64, ins.operand(0));
      default -> null;
    };
  }

  private OpNode constant(AnnotatedInstruction at, Value v) {
    OpCode op =
        switch (v.type()) {
          case I32 -> OpCode.I32_CONST;
          case I64 -> OpCode.I64_CONST;
          case F32 -> OpCode.F32_CONST;
          case F64 -> OpCode.F64_CONST;
          default -> throw new IllegalArgumentException("not a numeric constant: " + v.type());
        };
    AnnotatedInstruction ins = rewrite(at, op, new long[] {v.bits()});
    return new OpNode(ins, SizeEstimator.estimate(ins));
  }

  private void add(List<Node> out, AnnotatedInstruction ins) {
    out.add(new OpNode(ins, SizeEstimator.estimate(ins) + extraCost.applyAsInt(ins)));
  }

  /**
   * A new instruction at {@code at}'s address (errors still name the original place), with no
   * labels: only for instructions that have none.
   */
  private static AnnotatedInstruction rewrite(AnnotatedInstruction at, OpCode op, long[] operands) {
    return AnnotatedInstruction.builder()
        .from(new Instruction(at.address(), op, operands.clone()))
        .build();
  }

  /** A {@code block} opening at {@code at} (an {@code if}), with {@code at}'s scope. */
  private static AnnotatedInstruction block(AnnotatedInstruction at) {
    return AnnotatedInstruction.builder()
        .from(new Instruction(at.address(), OpCode.BLOCK, at.operands().clone()))
        .withScope(at.scope())
        .build();
  }

  /**
   * A {@code br} to {@code depth} at {@code at}'s address, jumping to {@code label} (Chicory's
   * index of the target in the flat code, kept for completeness: the code generator uses depths).
   */
  private static AnnotatedInstruction br(AnnotatedInstruction at, long depth, int label) {
    return AnnotatedInstruction.builder()
        .from(new Instruction(at.address(), OpCode.BR, new long[] {depth}))
        .withLabelTrue(label)
        .build();
  }
}
