package io.ipvm.runtime.internal;

import io.ipvm.runtime.Global;
import io.ipvm.runtime.Instance;
import io.ipvm.runtime.Memory;
import io.ipvm.runtime.Table;
import io.ipvm.runtime.WasmFunction;
import java.lang.invoke.MethodHandle;

/**
 * The per-instance state that compiled code reaches through its last parameter. The compiler
 * generates one final subclass per module that adds a typed field for every private mutable global;
 * everything that can be shared between instances (memory, tables, imported or exported globals,
 * imported functions) lives in the fields below. Public only because generated code in other class
 * loaders reads these fields; not part of the embedding API.
 */
public abstract class Context {
  /** The instance's memory, or null when it has none. */
  public Memory memory;

  /** Tables by table index (imports first). */
  public Table[] tables;

  /** Shared global cells by global index; null where the global is a field or a constant. */
  public Global[] globals;

  /** Imported functions by function index (only import indices are filled). */
  public MethodHandle[] imports;

  /** Function references by function index, for ref.func and tables. */
  public WasmFunction[] functions;

  /** Element segments by index; an entry becomes an empty array when dropped. */
  public Object[][] elements;

  /** Data segments by index; an entry becomes an empty array when dropped. */
  public byte[][] data;

  /**
   * Frame slots currently allocated by running functions in frame mode (split or very large
   * functions keep their locals in heap arrays); bounded by {@link Ops#enterFrame}.
   */
  public long frameSlots;

  /** The instance this context belongs to. */
  public Instance instance;
}
