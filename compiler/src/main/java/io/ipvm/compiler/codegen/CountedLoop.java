package io.ipvm.compiler.codegen;

import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.OpCode;
import io.ipvm.compiler.ir.BlockNode;
import io.ipvm.compiler.ir.LocalWrites;
import io.ipvm.compiler.ir.Node;
import io.ipvm.compiler.ir.OpNode;
import java.util.List;

/**
 * Recognizes the loop shape compilers emit for unrolled counting loops,
 *
 * <pre>
 *   loop
 *     ...
 *     local.get $i  i32.const S  i32.add  local.tee $i   local.get $n   i32.ne  br_if 0
 *   end
 * </pre>
 *
 * (the operands of {@code i32.ne} in either order, {@code $n} a local or a constant) where {@code
 * $i} is written only there and {@code $n} not at all. C2 turns a loop into a counted loop
 * (unrolled, range checks hoisted, vectorized) only when a {@code !=} exit steps by ±1; with any
 * other stride it stays a plain loop, several times slower. When, on entry, {@code n - i} is a
 * positive multiple of {@code S} (negative for S &lt; 0), {@code i + k*S != n} and {@code i + k*S <
 * n} agree on every test the loop makes, so the emitter guards a copy of the loop whose exit test
 * is {@code <} (or {@code >}) and keeps the original for every other case.
 *
 * @param compare the {@code i32.ne} node whose jump is replaced in the fast copy
 * @param counter index of {@code $i}
 * @param limitLocal index of {@code $n}, or -1 when the limit is a constant
 * @param limitConstant the constant limit when {@code limitLocal} is -1
 * @param stride S
 * @param counterFirst whether the counter is the first operand of {@code i32.ne}
 */
record CountedLoop(
    OpNode compare,
    int counter,
    int limitLocal,
    int limitConstant,
    int stride,
    boolean counterFirst) {

  /** Largest loop (estimated bytes) worth duplicating. */
  static final int MAX_SIZE = 3000;

  /** The pattern in {@code loop}, or null. */
  static CountedLoop match(BlockNode loop) {
    if (loop.kind() != BlockNode.Kind.LOOP || loop.estimatedSize() > MAX_SIZE) {
      return null;
    }
    List<Node> body = loop.body();
    int n = body.size();
    if (n < 7 || hasLoop(body)) {
      return null;
    }
    if (!is(body.get(n - 1), OpCode.BR_IF) || op(body.get(n - 1)).operand(0) != 0) {
      return null;
    }
    if (!is(body.get(n - 2), OpCode.I32_NE)) {
      return null;
    }
    // Counter increment first: get i, const S, add, tee i, <limit>, ne, br_if 0
    CountedLoop m = matchIncrement(body, n - 7, body.get(n - 3), true);
    if (m == null) {
      // Limit first: <limit>, get i, const S, add, tee i, ne, br_if 0
      m = matchIncrement(body, n - 6, body.get(n - 7), false);
    }
    if (m == null) {
      return null;
    }
    if (LocalWrites.count(body, m.counter) != 1
        || (m.limitLocal >= 0
            && (LocalWrites.count(body, m.limitLocal) != 0 || m.limitLocal == m.counter))) {
      return null;
    }
    return new CountedLoop(
        (OpNode) body.get(n - 2),
        m.counter,
        m.limitLocal,
        m.limitConstant,
        m.stride,
        m.counterFirst);
  }

  private static CountedLoop matchIncrement(
      List<Node> body, int at, Node limit, boolean counterFirst) {
    if (at < 0) {
      return null;
    }
    if (!is(body.get(at), OpCode.LOCAL_GET)
        || !is(body.get(at + 1), OpCode.I32_CONST)
        || !is(body.get(at + 2), OpCode.I32_ADD)
        || !is(body.get(at + 3), OpCode.LOCAL_TEE)) {
      return null;
    }
    int counter = (int) op(body.get(at)).operand(0);
    if (op(body.get(at + 3)).operand(0) != counter) {
      return null;
    }
    int stride = (int) op(body.get(at + 1)).operand(0);
    if (stride == 0 || stride == 1 || stride == -1 || stride == Integer.MIN_VALUE) {
      return null; // C2 already counts ±1 loops
    }
    if (is(limit, OpCode.LOCAL_GET)) {
      return new CountedLoop(null, counter, (int) op(limit).operand(0), 0, stride, counterFirst);
    }
    if (is(limit, OpCode.I32_CONST)) {
      return new CountedLoop(null, counter, -1, (int) op(limit).operand(0), stride, counterFirst);
    }
    return null;
  }

  private static boolean is(Node n, OpCode op) {
    return n instanceof OpNode o && o.instruction().opcode() == op;
  }

  private static AnnotatedInstruction op(Node n) {
    return ((OpNode) n).instruction();
  }

  private static boolean hasLoop(List<Node> nodes) {
    for (Node n : nodes) {
      if (n instanceof BlockNode b
          && (b.kind() == BlockNode.Kind.LOOP || hasLoop(b.body()) || hasLoop(b.elseBody()))) {
        return true;
      }
    }
    return false;
  }
}
