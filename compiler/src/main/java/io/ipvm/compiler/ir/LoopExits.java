package io.ipvm.compiler.ir;

import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import io.ipvm.wasm.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts loop exit tests in the form HotSpot's C2 can count. Compilers (LLVM's loop strength
 * reduction) often end a loop with {@code base + (i += S) != limit}: an exit test on a sum of the
 * counter and an invariant. C2 only recognizes a counted loop — the loop shape that gets
 * range-check elimination, unrolling and vectorization — when the counter itself is compared with
 * an invariant. Since {@code base + i' != limit} ⇔ {@code i' != limit - base} in 32-bit wrapping
 * arithmetic, such a loop is rewritten to compute {@code T = limit - base} once before it (a new
 * local) and end with {@code (i += S) != T}, which {@code codegen/CountedLoop} and C2 then handle
 * as usual.
 *
 * <p>Only when {@code base} (and a local {@code limit}) are not written in the loop. The rewrite
 * runs after fuel metering, so fuel still counts the instructions of the original code.
 */
public final class LoopExits {
  private final int paramCount;
  private final List<ValType> declaredLocals;

  private LoopExits(int paramCount, List<ValType> declaredLocals) {
    this.paramCount = paramCount;
    this.declaredLocals = declaredLocals;
  }

  /**
   * The function body with matching loops rewritten; adds the i32 locals it needs to {@code
   * declaredLocals} (the function's non-parameter locals, a mutable list).
   */
  public static BlockNode normalize(
      BlockNode function, int paramCount, List<ValType> declaredLocals) {
    return new LoopExits(paramCount, declaredLocals).block(function);
  }

  private BlockNode block(BlockNode b) {
    List<Node> body = seq(b.body());
    List<Node> elseBody = seq(b.elseBody());
    if (body == b.body() && elseBody == b.elseBody()) {
      return b;
    }
    int size =
        BodyParser.sum(body)
            + BodyParser.sum(elseBody)
            + (b.kind() == BlockNode.Kind.FUNCTION ? 16 : SizeEstimator.BLOCK_OVERHEAD);
    return new BlockNode(b.kind(), b.instruction(), body, elseBody, b.hasElse(), size);
  }

  /** The sequence with nested blocks rewritten; the same list when nothing changed. */
  private List<Node> seq(List<Node> nodes) {
    List<Node> out = null;
    for (int k = 0; k < nodes.size(); k++) {
      Node n = nodes.get(k);
      List<Node> replacement = null;
      if (n instanceof BlockNode b) {
        BlockNode inner = block(b);
        replacement = inner.kind() == BlockNode.Kind.LOOP ? loop(inner) : null;
        if (replacement == null && inner != b) {
          replacement = List.of(inner);
        }
      }
      if (replacement != null && out == null) {
        out = new ArrayList<>(nodes.subList(0, k));
      }
      if (out != null) {
        if (replacement != null) {
          out.addAll(replacement);
        } else {
          out.add(n);
        }
      }
    }
    return out == null ? nodes : out;
  }

  /** [T = limit - base, the loop ending in (i += S) != T] if the loop matches; else null. */
  private List<Node> loop(BlockNode loop) {
    List<Node> body = loop.body();
    int n = body.size();
    if (n < 9 || !is(body.get(n - 1), OpCode.BR_IF) || op(body.get(n - 1)).operand(0) != 0) {
      return null;
    }
    if (!is(body.get(n - 2), OpCode.I32_NE) || !is(body.get(n - 4), OpCode.I32_ADD)) {
      return null;
    }
    Node limit = body.get(n - 3);
    if (!is(limit, OpCode.LOCAL_GET) && !is(limit, OpCode.I32_CONST)) {
      return null;
    }
    // base first: get B; get i; const S; add; tee i; add   — or counter first: get i; const S;
    // add; tee i; get B; add
    int baseAt;
    int increment;
    if (isIncrement(body, n - 9)) {
      baseAt = n - 9; // get B; get i; const S; add; tee i; add
      increment = n - 8;
    } else if (isIncrementTee(body, n - 9) && is(body.get(n - 5), OpCode.LOCAL_GET)) {
      baseAt = n - 5; // get i; const S; add; tee i; get B; add
      increment = n - 9;
    } else {
      return null;
    }
    int base = local(body.get(baseAt), OpCode.LOCAL_GET);
    int counter = (int) op(body.get(increment)).operand(0);
    if (base < 0 || base == counter || LocalWrites.count(body, base) != 0) {
      return null;
    }
    if (is(limit, OpCode.LOCAL_GET)) {
      int l = (int) op(limit).operand(0);
      if (l == counter || LocalWrites.count(body, l) != 0) {
        return null;
      }
    }
    int t = paramCount + declaredLocals.size();
    declaredLocals.add(ValType.I32);
    AnnotatedInstruction at = op(body.get(n - 1));
    List<Node> pre =
        List.of(limit, body.get(baseAt), node(at, OpCode.I32_SUB), node(at, OpCode.LOCAL_SET, t));
    List<Node> newBody = new ArrayList<>(body.subList(0, n - 9));
    newBody.addAll(body.subList(increment, increment + 4)); // get i; const S; add; tee i
    newBody.add(node(at, OpCode.LOCAL_GET, t));
    newBody.add(body.get(n - 2)); // i32.ne
    newBody.add(body.get(n - 1)); // br_if 0
    BlockNode rewritten =
        new BlockNode(
            BlockNode.Kind.LOOP,
            loop.instruction(),
            newBody,
            loop.elseBody(),
            loop.hasElse(),
            BodyParser.sum(newBody) + SizeEstimator.BLOCK_OVERHEAD);
    List<Node> out = new ArrayList<>(pre);
    out.add(rewritten);
    return out;
  }

  /** get i; const S; add; tee i — starting at {@code at}, with the same i. */
  private static boolean isIncrementTee(List<Node> body, int at) {
    return at >= 0
        && is(body.get(at), OpCode.LOCAL_GET)
        && is(body.get(at + 1), OpCode.I32_CONST)
        && is(body.get(at + 2), OpCode.I32_ADD)
        && is(body.get(at + 3), OpCode.LOCAL_TEE)
        && op(body.get(at)).operand(0) == op(body.get(at + 3)).operand(0);
  }

  /** get B; then get i; const S; add; tee i. */
  private static boolean isIncrement(List<Node> body, int at) {
    return at >= 0 && is(body.get(at), OpCode.LOCAL_GET) && isIncrementTee(body, at + 1);
  }

  private static OpNode node(AnnotatedInstruction at, OpCode code, long... operands) {
    AnnotatedInstruction ins =
        AnnotatedInstruction.builder()
            .from(new Instruction(at.address(), code, operands))
            .withDepth(at.depth())
            .build();
    return new OpNode(ins, SizeEstimator.estimate(ins));
  }

  private static int local(Node n, OpCode code) {
    return is(n, code) ? (int) op(n).operand(0) : -1;
  }

  private static boolean is(Node n, OpCode code) {
    return n instanceof OpNode o && o.instruction().opcode() == code;
  }

  private static AnnotatedInstruction op(Node n) {
    return ((OpNode) n).instruction();
  }
}
