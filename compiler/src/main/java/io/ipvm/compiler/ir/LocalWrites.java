package io.ipvm.compiler.ir;

import com.dylibso.chicory.wasm.types.OpCode;
import java.util.List;

/** How often a local is written in a piece of the IR (loop rewrites need invariant locals). */
public final class LocalWrites {
  private LocalWrites() {}

  /**
   * The {@code local.set}/{@code local.tee} of {@code local} in {@code nodes}, nested ones
   * included.
   */
  public static int count(List<Node> nodes, int local) {
    int count = 0;
    for (Node n : nodes) {
      if (n instanceof OpNode o) {
        OpCode c = o.instruction().opcode();
        if ((c == OpCode.LOCAL_SET || c == OpCode.LOCAL_TEE)
            && o.instruction().operand(0) == local) {
          count++;
        }
      } else if (n instanceof BlockNode b) {
        count += count(b.body(), local) + count(b.elseBody(), local);
      }
    }
    return count;
  }
}
