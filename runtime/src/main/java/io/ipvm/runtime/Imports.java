package io.ipvm.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a module is instantiated with: values by (module name, field name). A value is a {@link
 * WasmFunction} (host or Wasm), a {@link Memory}, a {@link Table} or a {@link Global}. A guest can
 * reach nothing of the host beyond what is put here.
 */
public final class Imports {
  private final Map<String, Map<String, Object>> values = new LinkedHashMap<>();

  /** An empty set of imports. */
  public Imports() {}

  /** Adds one import; returns this for chaining. */
  public Imports add(String module, String name, Object value) {
    if (!(value instanceof WasmFunction
        || value instanceof Memory
        || value instanceof Table
        || value instanceof Global)) {
      throw new IllegalArgumentException(
          "import "
              + module
              + "."
              + name
              + " must be a WasmFunction, Memory, Table or Global, not "
              + (value == null ? "null" : value.getClass().getName()));
    }
    values.computeIfAbsent(module, k -> new LinkedHashMap<>()).put(name, value);
    return this;
  }

  /** Makes every export of {@code instance} importable under module name {@code module}. */
  public Imports addInstance(String module, Instance instance) {
    for (Map.Entry<String, Object> e : instance.exports().entrySet()) {
      add(module, e.getKey(), e.getValue());
    }
    return this;
  }

  /** The value registered for (module, name), or null. */
  public Object get(String module, String name) {
    Map<String, Object> m = values.get(module);
    return m == null ? null : m.get(name);
  }
}
