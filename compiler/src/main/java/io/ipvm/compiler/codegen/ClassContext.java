package io.ipvm.compiler.codegen;

import org.objectweb.asm.tree.MethodNode;

/**
 * The class a function is being emitted into: the place for the small static members a function
 * body needs besides its own method (bridges, switch tables, frame sizes, outlined chunks).
 */
public interface ClassContext {
  /** Internal name of the class. */
  String owner();

  /** Name of the static bridge method that calls imported function {@code funcIndex}. */
  String importBridge(int funcIndex);

  /** Name of the static bridge that performs {@code call_indirect} of a type through a table. */
  String indirectBridge(int typeIndex, int table);

  /** Name of a static final {@code int[]} field holding {@code values}. */
  String intArrayField(int[] values);

  /** Declares a static final int constant and returns its field name. */
  String intConstantField(String name, int value);

  /** Adds a finished method (an outlined chunk or a function's main method) to the class. */
  void addMethod(MethodNode method);

  /**
   * Adds the entry check of function {@code funcIndex} of type {@code ft}, whose code was added as
   * {@code f<N>$body} ({@code CompileOptions.entryChecks()}).
   */
  void addEntryCheck(int funcIndex, io.ipvm.wasm.FunctionType ft);
}
