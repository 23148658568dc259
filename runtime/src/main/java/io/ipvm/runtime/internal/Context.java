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

  /**
   * Guest calls into this instance that may still nest on the current call stack. Every generated
   * function decrements it on entry, trapping with {@code call stack exhausted} when it goes
   * negative, and increments it when it returns; an exception skips the increments, so whoever
   * catches one from guest code puts back the value it saw before the call ({@code WasmFunction}
   * does, for {@code call} and the handles it gives out). Why a counter and not the JVM's own
   * StackOverflowError: see {@link Ops#MAX_CALL_DEPTH}.
   */
  public int callsLeft = Ops.MAX_CALL_DEPTH;

  /** The instance this context belongs to. */
  public Instance instance;
}
