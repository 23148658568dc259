package io.ipvm.compiler.codegen;

import io.ipvm.compiler.abi.RuntimeClass;

/**
 * Names of runtime classes as string constants, for emitters not yet moved to the {@code
 * io.ipvm.compiler.abi} enums ({@link io.ipvm.compiler.abi.RuntimeClass}, {@link
 * io.ipvm.compiler.abi.Builtin}, {@link io.ipvm.compiler.abi.RuntimeField}), which are the contract
 * between compiler and runtime and are checked against the runtime by a test. The class names here
 * are taken from {@code RuntimeClass}, so they cannot drift from it.
 */
public final class RuntimeAbi {
  private RuntimeAbi() {}

  /** Base class of every generated per-module context. */
  public static final String CONTEXT = RuntimeClass.CONTEXT.internalName();

  /**
   * Base class of the context of metered code (a subclass of {@link #CONTEXT}): fields {@code fuel}
   * (J) and {@code interrupted} (Z, volatile).
   */
  public static final String METERED_CONTEXT = RuntimeClass.METERED_CONTEXT.internalName();

  /** Descriptor of {@link #METERED_CONTEXT}. */
  public static final String METERED_CONTEXT_DESC = "L" + METERED_CONTEXT + ";";

  /** Static helpers: division, conversions, NaN rules, bulk memory and table operations. */
  public static final String OPS = RuntimeClass.OPS.internalName();

  /** Linear memory; field {@code bytes} is the current {@code byte[]}. */
  public static final String MEMORY = RuntimeClass.MEMORY.internalName();

  /** Shared global cell; fields {@code bits} (J) and {@code ref} (Object). */
  public static final String GLOBAL = RuntimeClass.GLOBAL.internalName();

  /** The trap exception. */
  public static final String TRAP = RuntimeClass.TRAP.internalName();

  /** Function value stored in tables. */
  public static final String WASM_FUNCTION = RuntimeClass.WASM_FUNCTION.internalName();

  /** Descriptor of {@link #CONTEXT}. */
  public static final String CONTEXT_DESC = "L" + CONTEXT + ";";

  /** Descriptor of {@link #MEMORY}. */
  public static final String MEMORY_DESC = "L" + MEMORY + ";";

  /** Descriptor of {@link #GLOBAL}. */
  public static final String GLOBAL_DESC = "L" + GLOBAL + ";";

  /** java.lang.invoke.VarHandle */
  public static final String VAR_HANDLE = "java/lang/invoke/VarHandle";

  /** Descriptor of java.lang.invoke.VarHandle */
  public static final String VAR_HANDLE_DESC = "Ljava/lang/invoke/VarHandle;";

  /** java.lang.invoke.MethodHandle */
  public static final String METHOD_HANDLE = "java/lang/invoke/MethodHandle";
}
