package io.ipvm.compiler.ir;

/**
 * A node of a function body's structured form: a plain instruction or a block (block, loop, if).
 * Splitting works on this tree, because Wasm control flow is structured along it.
 */
public sealed interface Node permits OpNode, BlockNode, FuelNode {
  /** Estimated JVM bytecode bytes for this node, including everything nested in it. */
  int estimatedSize();
}
