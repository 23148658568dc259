package io.ipvm.runtime;

import io.ipvm.runtime.internal.Context;
import io.ipvm.runtime.internal.MeteredContext;
import java.util.Collections;
import java.util.Map;

/**
 * An instantiated module: its memory, tables, globals and exported functions. Not thread-safe: one
 * thread at a time runs code of an instance (WebAssembly 2.0 has no threads).
 */
public final class Instance {
  private final WasmModule module;
  private final Context context;
  private final Map<String, Object> exports;
  private final Limits limits;

  Instance(WasmModule module, Context context, Map<String, Object> exports, Limits limits) {
    this.module = module;
    this.limits = limits;
    this.context = context;
    this.exports = Collections.unmodifiableMap(exports);
  }

  /** The module this is an instance of. */
  public WasmModule module() {
    return module;
  }

  /** Every export by name: WasmFunction, Memory, Table or Global. */
  public Map<String, Object> exports() {
    return exports;
  }

  /** An exported function; throws if there is no function export of that name. */
  public WasmFunction function(String name) {
    return exportOf(name, WasmFunction.class, "function");
  }

  /** An exported memory. */
  public Memory memory(String name) {
    return exportOf(name, Memory.class, "memory");
  }

  /** The instance's memory (defined or imported), or null when it has none. */
  public Memory memory() {
    return context.memory;
  }

  /** An exported table. */
  public Table table(String name) {
    return exportOf(name, Table.class, "table");
  }

  /** An exported global. */
  public Global global(String name) {
    return exportOf(name, Global.class, "global");
  }

  /**
   * Fuel left: the {@link Limits} fuel minus what metered code consumed (it can be below zero by
   * less than one segment after {@link TrapKind#FUEL_EXHAUSTED}).
   */
  public long fuelLeft() {
    return context instanceof MeteredContext m ? m.fuel : limits.fuel();
  }

  /**
   * Fuel (Wasm instructions, see {@link Limits}) metered code of this instance has consumed so far;
   * 0 for plain code.
   */
  public long fuelConsumed() {
    return limits.fuel() - fuelLeft();
  }

  /** The limits this instance runs under ({@link Limits#none()} unless some were given). */
  public Limits limits() {
    return limits;
  }

  /** Calls an exported function with boxed arguments; see {@link WasmFunction#call}. */
  public Object[] call(String name, Object... args) {
    return function(name).call(args);
  }

  private <T> T exportOf(String name, Class<T> kind, String what) {
    Object v = exports.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no export named \"" + name + "\"");
    }
    if (!kind.isInstance(v)) {
      throw new IllegalArgumentException("export \"" + name + "\" is not a " + what);
    }
    return kind.cast(v);
  }
}
