package io.ipvm.compiler.codegen;

import com.dylibso.chicory.wasm.types.OpCode;
import io.ipvm.compiler.ir.BlockNode;
import io.ipvm.compiler.ir.FuelNode;
import io.ipvm.compiler.ir.Node;
import io.ipvm.compiler.ir.OpNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A ladder of nested blocks — how a C compiler lowers a {@code switch}, and the core of every
 * interpreter's dispatch loop:
 *
 * <pre>
 * block $B_N                  ;; rung N (outermost)
 *   block $B_N-1
 *     ...
 *       block $B_0            ;; rung 0: the head, typically br_table $B_0 ... $B_N
 *         head
 *       end                   ;; L_0
 *       tail_1                ;; case 1's code, then br out or fall into tail_2
 *     ...
 *   end                       ;; L_N-1
 *   tail_N
 * end                         ;; L_N: after the ladder
 * </pre>
 *
 * Outlining the biggest nested block, rung after rung, makes a chain of N methods each calling the
 * next, which every case's code runs at the bottom of (a 300-case interpreter: 300 JVM frames per
 * guest call). Flattened, a ladder is a straight sequence of segments (head, tail_1, …, tail_N)
 * entered at a label (L_k starts tail_k+1): {@link FunctionEmitter} keeps the head and the labels
 * in the calling method and outlines the tails as <em>sibling</em> methods ({@link #groups}), each
 * a run of consecutive tails called with the index of the tail to start at. A branch to L_j is an
 * exit code of the group, turned by the caller into a call of the group holding tail_j+1. The depth
 * of JVM frames under the ladder is thus one, whatever N.
 *
 * <p>Only blocks without parameters qualify (all of clang's; some have a result, a value the cases
 * before it leave for its tail), so the operand stack at L_k is the stack at the ladder's entry and
 * the rung's results, which cross between methods in the frame's transfer slots. Between two rungs
 * there may be {@link FuelNode}s only (metered code): they run on entry, before the head.
 *
 * @param rungs the blocks, innermost (B_0) first
 */
record Ladder(List<BlockNode> rungs) {
  /** Fewest nested blocks handled as a ladder (a head and two tails). */
  static final int MIN_RUNGS = 3;

  /** Estimated bytes of the caller's trampoline for one label (entry index, jump). */
  static final int TRAMPOLINE_COST = 12;

  /** Estimated bytes of a group's entry switch: a fixed part and one entry per tail. */
  static int entrySwitchCost(int tails) {
    return 16 + 4 * tails;
  }

  /** The ladder whose outermost block is {@code b}, or null if {@code b} does not start one. */
  static Ladder of(BlockNode b) {
    List<BlockNode> chain = new ArrayList<>();
    BlockNode cur = b;
    while (cur != null && isPlainBlock(cur)) {
      chain.add(cur);
      BlockNode next = null;
      for (Node n : cur.body()) {
        if (n instanceof FuelNode) {
          continue;
        }
        if (n instanceof BlockNode nb) {
          next = nb;
        }
        break;
      }
      cur = next;
    }
    if (chain.size() < MIN_RUNGS) {
      return null;
    }
    return new Ladder(List.copyOf(chain.reversed()));
  }

  /** A block without parameters: no result or one (a type index may declare parameters). */
  private static boolean isPlainBlock(BlockNode b) {
    return b.kind() == BlockNode.Kind.BLOCK
        && FunctionEmitter.isValueBlockType(b.instruction().operand(0));
  }

  /** N: the outermost rung's index (there are N + 1 blocks and N tails). */
  int top() {
    return rungs.size() - 1;
  }

  /** The innermost block's body, run on entry. */
  List<Node> head() {
    return rungs.get(0).body();
  }

  /**
   * Estimated bytes of the head emitted in the ladder's method: a {@code br_table} at its top level
   * to labels of the ladder without results is a table lookup there ({@code
   * FunctionEmitter.M.ladderBrTable}), not the code per target it is estimated at.
   */
  int headCost() {
    int cost = 0;
    for (Node n : head()) {
      cost += n.estimatedSize();
      if (n instanceof OpNode op && op.instruction().opcode() == OpCode.BR_TABLE) {
        boolean toRungs = true;
        for (int i = 0; i < op.instruction().operandCount(); i++) {
          long d = op.instruction().operand(i);
          toRungs &= d <= top() && rungs.get((int) d).instruction().operand(0) == 0x40;
        }
        if (toRungs) {
          cost -= n.estimatedSize() - 20;
        }
      }
    }
    return cost;
  }

  /** The fuel charges in rung k (1 ≤ k ≤ N) before rung k−1. */
  List<Node> pre(int k) {
    return rungs.get(k).body().subList(0, position(k));
  }

  /** Where rung k−1 is in rung k's body (by identity: nodes are records, equal when alike). */
  private int position(int k) {
    List<Node> body = rungs.get(k).body();
    for (int i = 0; ; i++) {
      if (body.get(i) == rungs.get(k - 1)) {
        return i;
      }
    }
  }

  /** tail_k (1 ≤ k ≤ N): rung k's body after rung k−1, entered at L_k−1. */
  List<Node> tail(int k) {
    List<Node> body = rungs.get(k).body();
    return body.subList(position(k) + 1, body.size());
  }

  /** The nodes of tails a..b, in order. */
  List<Node> tails(int a, int b) {
    List<Node> all = new ArrayList<>();
    for (int k = a; k <= b; k++) {
      all.addAll(tail(k));
    }
    return all;
  }

  static int size(List<Node> nodes) {
    int s = 0;
    for (Node n : nodes) {
      s += n.estimatedSize();
    }
    return s;
  }

  /**
   * Groups tails from..to into runs of consecutive tails, each one method of at most {@code budget}
   * estimated bytes (with {@code sync} the cost of loading and storing the locals the run uses, and
   * the entry switch): greedily, so the runs are as few as they can be. A tail too big for a method
   * is a run of its own, split inside its method as any sequence. Returns {a, b} pairs.
   */
  List<int[]> groups(int from, int to, int budget, ToIntFunction<List<Node>> sync) {
    List<int[]> groups = new ArrayList<>();
    int a = from;
    int size = 0;
    for (int k = from; k <= to; k++) {
      int s = size(tail(k));
      if (k > a) {
        int cost = size + s + sync.applyAsInt(tails(a, k)) + entrySwitchCost(k - a + 1);
        if (cost > budget) {
          groups.add(new int[] {a, k - 1});
          a = k;
          size = 0;
        }
      }
      size += s;
    }
    groups.add(new int[] {a, to});
    return groups;
  }

  /**
   * Groups the tails into at most {@code count} runs of about equal size — when there would be too
   * many groups for one method to call: each group is then bigger than a method, and dispatches to
   * sub-groups of its own (one method more beneath the ladder, still a constant). Returns {a, b}
   * pairs.
   */
  List<int[]> groupsOf(int count) {
    return groupsOf(1, top(), count);
  }

  /** {@link #groupsOf(int)} over tails from..to. */
  List<int[]> groupsOf(int from, int to, int count) {
    long total = 0;
    for (int k = from; k <= to; k++) {
      total += size(tail(k)) + 1;
    }
    long target = (total + count - 1) / count;
    List<int[]> groups = new ArrayList<>();
    int a = from;
    long size = 0;
    for (int k = from; k <= to; k++) {
      size += size(tail(k)) + 1;
      if (size >= target && k < to) {
        groups.add(new int[] {a, k});
        a = k + 1;
        size = 0;
      }
    }
    groups.add(new int[] {a, to});
    return groups;
  }

  /**
   * Tails a..b of a ladder, outlined as one method, called from the dispatch of a method whose
   * control stack ends with rung {@code low} (0: the ladder's own method; a big group's a for its
   * sub-groups).
   */
  record Group(Ladder ladder, int a, int b, int low) {}
}
