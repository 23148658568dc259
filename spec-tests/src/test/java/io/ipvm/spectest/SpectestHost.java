package io.ipvm.spectest;

import io.ipvm.runtime.Global;
import io.ipvm.runtime.HostFunction;
import io.ipvm.runtime.Imports;
import io.ipvm.runtime.Memory;
import io.ipvm.runtime.Table;
import io.ipvm.runtime.WasmFunction;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code spectest} host module the suite imports from (as the reference interpreter defines
 * it). One is made per script, and shared by every module instantiated in that script.
 */
final class SpectestHost {
  private final Map<String, Object> exports = new LinkedHashMap<>();

  SpectestHost() {
    print("print");
    print("print_i32", ValType.I32);
    print("print_i64", ValType.I64);
    print("print_f32", ValType.F32);
    print("print_f64", ValType.F64);
    print("print_i32_f32", ValType.I32, ValType.F32);
    print("print_f64_f64", ValType.F64, ValType.F64);
    exports.put("global_i32", new Global(ValType.I32, false, 666));
    exports.put("global_i64", new Global(ValType.I64, false, 666L));
    exports.put("global_f32", new Global(ValType.F32, false, 666.6f));
    exports.put("global_f64", new Global(ValType.F64, false, 666.6));
    exports.put("table", Table.create(ValType.FUNCREF, 10, 20, null));
    exports.put("memory", Memory.create(1, 2));
  }

  private void print(String name, ValType... params) {
    FunctionType type = FunctionType.of(List.of(params), List.of());
    WasmFunction f = HostFunction.of(type, args -> new Object[0]);
    exports.put(name, f);
  }

  /** Adds every export under module name {@code spectest}. */
  void addTo(Imports imports) {
    exports.forEach((name, value) -> imports.add("spectest", name, value));
  }
}
