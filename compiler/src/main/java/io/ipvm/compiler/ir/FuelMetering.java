package io.ipvm.compiler.ir;

import com.dylibso.chicory.wasm.types.OpCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic fuel metering, as an IR rewrite: every straight-line segment of a function body
 * gets a {@link FuelNode} at its start charging the number of Wasm instructions in it, and the
 * limits are checked at every loop head and function entry — the only places code can come back to,
 * so a guest cannot run unboundedly between two checks.
 *
 * <p>A segment starts at a function, block, loop or if body start, after a nested block (its end is
 * a join point), and after a branch ({@code br}, {@code br_if}, {@code br_table}, {@code return},
 * {@code unreachable}); it ends with the first nested block or branch. Every instruction counts 1 —
 * {@code block}, {@code loop} and {@code if} count in the enclosing segment; {@code else} and
 * {@code end} count nothing. A segment is charged in full when entered, so a trap in its middle
 * still pays for its rest. The count depends only on the module and the path taken, so every
 * machine and every run agrees on the fuel used.
 */
public final class FuelMetering {
  private FuelMetering() {}

  /** The function body with fuel charges inserted (a new tree; {@code body} is not changed). */
  public static BlockNode instrument(BlockNode body) {
    return rewrite(body, true);
  }

  private static BlockNode rewrite(BlockNode b, boolean checkAtStart) {
    List<Node> body = meter(b.body(), checkAtStart || b.kind() == BlockNode.Kind.LOOP);
    List<Node> elseBody = meter(b.elseBody(), false);
    int size = b.estimatedSize() + added(body, b.body()) + added(elseBody, b.elseBody());
    return new BlockNode(b.kind(), b.instruction(), body, elseBody, b.hasElse(), size);
  }

  private static int added(List<Node> metered, List<Node> original) {
    int a = 0;
    for (Node n : metered) {
      a += n.estimatedSize();
    }
    for (Node n : original) {
      a -= n.estimatedSize();
    }
    return a;
  }

  private static List<Node> meter(List<Node> nodes, boolean checkFirst) {
    List<Node> out = new ArrayList<>(nodes.size() + 4);
    int i = 0;
    boolean first = true;
    while (i < nodes.size()) {
      int j = i;
      while (j < nodes.size()) {
        Node n = nodes.get(j++);
        if (n instanceof BlockNode || endsSegment(n)) {
          break;
        }
      }
      out.add(new FuelNode(j - i, first && checkFirst));
      first = false;
      for (int k = i; k < j; k++) {
        Node n = nodes.get(k);
        out.add(n instanceof BlockNode b ? rewrite(b, false) : n);
      }
      i = j;
    }
    return out;
  }

  private static boolean endsSegment(Node n) {
    if (!(n instanceof OpNode op)) {
      return false;
    }
    OpCode c = op.instruction().opcode();
    return c == OpCode.BR
        || c == OpCode.BR_IF
        || c == OpCode.BR_TABLE
        || c == OpCode.RETURN
        || c == OpCode.UNREACHABLE;
  }
}
