package io.ipvm.compiler.codegen;

import io.ipvm.compiler.GlobalPlan;
import io.ipvm.wasm.FunctionType;
import java.util.List;
import java.util.Map;

/**
 * What the code generator needs to know about the whole module while it emits one function.
 *
 * @param types the type section
 * @param functionTypes type of every function, imports first
 * @param importedFunctions number of imported functions
 * @param owners internal name of the class that holds each function's method (null for imports)
 * @param globals storage plan of every global
 * @param contextClass internal name of the generated context class
 * @param hasMemory whether the module has (defines or imports) a memory
 * @param exactMemory whether the memory's array always has exactly the memory's size (a memory the
 *     module defines and never grows itself, see {@code CompiledModule#exactMemory}): accesses then
 *     rely on the array's own range check; otherwise they also check the memory's {@code size}
 * @param relinkable whether calls of defined functions are {@code invokedynamic}s the runtime links
 *     to a replaceable call site per function ({@code CompileOptions.relinkable()}) rather than
 *     {@code invokestatic}s
 * @param tableTargets for each function type key, the defined functions of that type that element
 *     segments name (ascending): the {@code call_indirect} bridge of that type calls these directly
 *     when the entry is one of them ({@link FunctionClassBuilder})
 */
public record ModuleInfo(
    List<FunctionType> types,
    List<FunctionType> functionTypes,
    int importedFunctions,
    String[] owners,
    List<GlobalPlan> globals,
    String contextClass,
    boolean hasMemory,
    boolean exactMemory,
    boolean relinkable,
    Map<String, int[]> tableTargets) {

  /** This module info with {@code exactMemory} set. */
  public ModuleInfo withExactMemory(boolean exact) {
    return new ModuleInfo(
        types,
        functionTypes,
        importedFunctions,
        owners,
        globals,
        contextClass,
        hasMemory,
        exact,
        relinkable,
        tableTargets);
  }

  /**
   * The defined functions of type {@code typeKey} that tables may hold, see {@code tableTargets}.
   */
  public int[] tableTargetsOf(String typeKey) {
    return tableTargets.getOrDefault(typeKey, NO_TARGETS);
  }

  private static final int[] NO_TARGETS = {};

  /** Descriptor of the context class. */
  public String contextDesc() {
    return "L" + contextClass + ";";
  }

  /** Method name of a defined function. */
  public static String methodName(int funcIndex) {
    return "f" + funcIndex;
  }

  /** JVM descriptor of a Wasm function's static method (context last). */
  public String methodDesc(FunctionType type) {
    return Descriptors.method(type, contextDesc());
  }
}
