package io.ipvm.compiler;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.OpCode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which defined functions must count their nesting in {@code ctx.callsLeft} (compiler/README.md,
 * "Call depth"): those that can lie on a cycle of calls, the only way to recurse without bound. A
 * cycle made of direct calls lies within one strongly connected component of the static call graph;
 * any other cycle passes through a {@code call_indirect} or a call of an import (a host function
 * may call back into the instance). So: every function in a component with a cycle (several
 * functions, or one calling itself), and every function containing {@code call_indirect} or a call
 * of an import. Each trip around any cycle then passes at least one counting function, and a
 * function on no cycle (a leaf, a loop kernel) pays nothing per call.
 */
final class CallCycles {
  private CallCycles() {}

  /**
   * The counting functions, by index among the defined ones.
   *
   * @param parts modules that together hold every function body (a body missing from one is a stub
   *     in it, calling nothing)
   * @param imported how many functions are imports
   */
  static BitSet countingFunctions(List<WasmModule> parts, int imported) {
    int n = parts.get(0).codeSection().functionBodyCount();
    List<int[]> callees = new ArrayList<>(n);
    BitSet counting = new BitSet(n);
    for (int f = 0; f < n; f++) {
      callees.add(new int[0]);
    }
    for (WasmModule part : parts) {
      for (int f = 0; f < n; f++) {
        var body = part.codeSection().getFunctionBody(f).instructions();
        int[] out = new int[8];
        int count = 0;
        for (var ins : body) {
          if (ins.opcode() == OpCode.CALL_INDIRECT) {
            counting.set(f);
          } else if (ins.opcode() == OpCode.CALL) {
            int target = (int) ins.operand(0);
            if (target < imported) {
              counting.set(f);
            } else {
              if (count == out.length) {
                out = java.util.Arrays.copyOf(out, 2 * count);
              }
              out[count++] = target - imported;
            }
          }
        }
        if (count > 0) {
          int[] old = callees.get(f);
          int[] merged = java.util.Arrays.copyOf(old, old.length + count);
          System.arraycopy(out, 0, merged, old.length, count);
          callees.set(f, merged);
        }
      }
    }
    markCycles(callees, counting);
    return counting;
  }

  /**
   * The counting functions from a call graph gathered earlier: {@code callees[f]} the defined
   * functions (indices among the defined ones) that defined function {@code f} calls directly, and
   * {@code direct} those that contain {@code call_indirect} or call an import (a copy is returned).
   */
  static BitSet countingFunctions(int[][] callees, BitSet direct) {
    BitSet counting = (BitSet) direct.clone();
    markCycles(java.util.Arrays.asList(callees), counting);
    return counting;
  }

  /** Sets in {@code out} every function on a cycle of {@code callees} (Tarjan, iteratively). */
  private static void markCycles(List<int[]> callees, BitSet out) {
    int n = callees.size();
    int[] index = new int[n];
    int[] low = new int[n];
    java.util.Arrays.fill(index, -1);
    boolean[] onStack = new boolean[n];
    int[] stack = new int[n];
    int sp = 0;
    int[] work = new int[n]; // DFS path: function
    int[] next = new int[n]; // DFS path: next callee position
    int counter = 0;
    for (int root = 0; root < n; root++) {
      if (index[root] >= 0) {
        continue;
      }
      int depth = 0;
      work[0] = root;
      next[0] = 0;
      index[root] = low[root] = counter++;
      stack[sp++] = root;
      onStack[root] = true;
      while (depth >= 0) {
        int v = work[depth];
        int[] cs = callees.get(v);
        if (next[depth] < cs.length) {
          int w = cs[next[depth]++];
          if (index[w] < 0) {
            index[w] = low[w] = counter++;
            stack[sp++] = w;
            onStack[w] = true;
            depth++;
            work[depth] = w;
            next[depth] = 0;
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
          continue;
        }
        if (low[v] == index[v]) {
          // v roots a component: pop it; it has a cycle if it has several members or v calls itself
          int size = 0;
          int w;
          int top = sp;
          do {
            w = stack[--sp];
            onStack[w] = false;
            size++;
          } while (w != v);
          boolean cyclic = size > 1;
          for (int c : cs) {
            cyclic |= c == v;
          }
          if (cyclic) {
            for (int k = sp; k < top; k++) {
              out.set(stack[k]);
            }
          }
        }
        depth--;
        if (depth >= 0) {
          int parent = work[depth];
          low[parent] = Math.min(low[parent], low[v]);
        }
      }
    }
  }
}
