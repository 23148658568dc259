package io.ipvm.compiler.codegen;

/**
 * The runtime classes and members generated code refers to, by name. The compiler does not link
 * against the runtime module (the runtime depends on the compiler), so this is the single list of
 * the contract between them; see compiler/README.md.
 */
public final class RuntimeAbi {
  private RuntimeAbi() {}

  /** Base class of every generated per-module context. */
  public static final String CONTEXT = "io/ipvm/runtime/internal/Context";

  /**
   * Base class of the context of metered code (a subclass of {@link #CONTEXT}): fields {@code fuel}
   * (J) and {@code interrupted} (Z, volatile).
   */
  public static final String METERED_CONTEXT = "io/ipvm/runtime/internal/MeteredContext";

  /** Descriptor of {@link #METERED_CONTEXT}. */
  public static final String METERED_CONTEXT_DESC = "L" + METERED_CONTEXT + ";";

  /** Static helpers: division, conversions, NaN rules, bulk memory and table operations. */
  public static final String OPS = "io/ipvm/runtime/internal/Ops";

  /** Linear memory; field {@code bytes} is the current {@code byte[]}. */
  public static final String MEMORY = "io/ipvm/runtime/Memory";

  /** Shared global cell; fields {@code bits} (J) and {@code ref} (Object). */
  public static final String GLOBAL = "io/ipvm/runtime/Global";

  /** The trap exception. */
  public static final String TRAP = "io/ipvm/runtime/WasmTrap";

  /** Function value stored in tables. */
  public static final String WASM_FUNCTION = "io/ipvm/runtime/WasmFunction";

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
