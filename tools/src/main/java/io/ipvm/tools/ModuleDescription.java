package io.ipvm.tools;

import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.TableImport;
import com.dylibso.chicory.wasm.types.TableLimits;
import io.ipvm.compiler.CompiledModule;
import io.ipvm.compiler.GlobalPlan;
import io.ipvm.compiler.ModuleCompiler;
import io.ipvm.runtime.WasmModule;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * The imports and exports of a module with their types, for {@code ipvm inspect} and for the
 * messages of {@code ipvm run}.
 */
final class ModuleDescription {
  private ModuleDescription() {}

  /**
   * One import or export.
   *
   * @param module the module name of an import; null for an export
   * @param name the field name
   * @param kind {@code func}, {@code table}, {@code memory} or {@code global}
   * @param type the type in words, e.g. {@code (i32) -> (i32)}, {@code mut i64}, {@code 1 to 16
   *     pages}
   * @param json the type as JSON object members (without braces), after {@code "kind"}
   */
  record Extern(String module, String name, String kind, String type, String json) {

    /** {@code module.name} for an import, {@code name} for an export, quoted when unusual. */
    String displayName() {
      return module == null ? display(name) : display(module) + "." + display(name);
    }

    /** The JSON object describing this import or export. */
    String toJson() {
      return "{"
          + (module == null ? "" : "\"module\":" + Json.quote(module) + ",")
          + "\"name\":"
          + Json.quote(name)
          + ",\"kind\":\""
          + kind
          + "\","
          + json
          + "}";
    }
  }

  /** The imports, in declaration order. */
  static List<Extern> imports(WasmModule module) {
    CompiledModule compiled = module.compiled();
    var section = compiled.module().importSection();
    List<Extern> out = new ArrayList<>(section.importCount());
    int functions = 0;
    int globals = 0;
    for (int i = 0; i < section.importCount(); i++) {
      Import imp = section.getImport(i);
      Extern e =
          switch (imp.importType()) {
            case FUNCTION ->
                function(imp.module(), imp.name(), compiled.functionTypes().get(functions++));
            case TABLE -> {
              TableImport t = (TableImport) imp;
              yield table(
                  imp.module(), imp.name(), ModuleCompiler.valType(t.entryType()), t.limits());
            }
            case MEMORY -> memory(imp.module(), imp.name(), ((MemoryImport) imp).limits());
            case GLOBAL -> global(imp.module(), imp.name(), compiled.globals().get(globals++));
            default -> other(imp.module(), imp.name(), imp.importType());
          };
      out.add(e);
    }
    return out;
  }

  /** The exports, in declaration order. */
  static List<Extern> exports(WasmModule module) {
    CompiledModule compiled = module.compiled();
    var wasm = compiled.module();
    var imports = wasm.importSection();
    var section = wasm.exportSection();
    List<Extern> out = new ArrayList<>(section.exportCount());
    for (int i = 0; i < section.exportCount(); i++) {
      Export export = section.getExport(i);
      String name = export.name();
      int index = export.index();
      Extern e =
          switch (export.exportType()) {
            case FUNCTION -> function(null, name, compiled.functionTypes().get(index));
            case GLOBAL -> global(null, name, compiled.globals().get(index));
            case MEMORY -> {
              Import imp = nthImport(imports, ExternalType.MEMORY, index);
              MemoryLimits limits =
                  imp != null
                      ? ((MemoryImport) imp).limits()
                      : wasm.memorySection()
                          .orElseThrow()
                          .getMemory(index - imports.count(ExternalType.MEMORY))
                          .limits();
              yield memory(null, name, limits);
            }
            case TABLE -> {
              Import imp = nthImport(imports, ExternalType.TABLE, index);
              if (imp != null) {
                TableImport t = (TableImport) imp;
                yield table(null, name, ModuleCompiler.valType(t.entryType()), t.limits());
              }
              var t = wasm.tableSection().getTable(index - imports.count(ExternalType.TABLE));
              yield table(null, name, ModuleCompiler.valType(t.elementType()), t.limits());
            }
            default -> other(null, name, export.exportType());
          };
      out.add(e);
    }
    return out;
  }

  /** The type of an exported function, or null when there is no function export of that name. */
  static FunctionType exportedFunction(WasmModule module, String name) {
    for (WasmModule.ExportDescriptor e : module.exports()) {
      if (e.name().equals(name) && e.functionType() != null) {
        return e.functionType();
      }
    }
    return null;
  }

  /** The names of the exported functions, comma-separated, or {@code (none)}. */
  static String exportedFunctionNames(WasmModule module) {
    StringBuilder sb = new StringBuilder();
    for (WasmModule.ExportDescriptor e : module.exports()) {
      if (e.functionType() != null) {
        sb.append(sb.isEmpty() ? "" : ", ").append(display(e.name()));
      }
    }
    return sb.isEmpty() ? "(none)" : sb.toString();
  }

  /** A name as is when it is plain, else as a JSON string (so spaces and controls show). */
  static String display(String name) {
    if (name.isEmpty()) {
      return "\"\"";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c == '"' || c == '\\' || c == ',' || c == 0x7f) {
        return Json.quote(name);
      }
    }
    return name;
  }

  /** A function type as JSON members {@code "params":[...],"results":[...]}. */
  static String typesJson(String key, List<ValType> types) {
    StringBuilder sb = new StringBuilder("\"").append(key).append("\":[");
    for (int i = 0; i < types.size(); i++) {
      sb.append(i == 0 ? "\"" : ",\"").append(types.get(i).wasmName()).append('"');
    }
    return sb.append(']').toString();
  }

  private static Import nthImport(
      com.dylibso.chicory.wasm.types.ImportSection imports, ExternalType kind, int n) {
    for (int i = 0; i < imports.importCount(); i++) {
      Import imp = imports.getImport(i);
      if (imp.importType() == kind && n-- == 0) {
        return imp;
      }
    }
    return null;
  }

  private static Extern function(String module, String name, FunctionType type) {
    return new Extern(
        module,
        name,
        "func",
        type.toString(),
        typesJson("params", type.params()) + "," + typesJson("results", type.results()));
  }

  private static Extern global(String module, String name, GlobalPlan plan) {
    String type = plan.type().wasmName();
    return new Extern(
        module,
        name,
        "global",
        plan.mutable() ? "mut " + type : type,
        "\"type\":\"" + type + "\",\"mutable\":" + plan.mutable());
  }

  private static Extern memory(String module, String name, MemoryLimits limits) {
    long min = Integer.toUnsignedLong(limits.initialPages());
    long max =
        limits.maximumPages() == MemoryLimits.MAX_PAGES
            ? -1
            : Integer.toUnsignedLong(limits.maximumPages());
    return new Extern(
        module,
        name,
        "memory",
        range(min, max, "page"),
        limitsJson(min, max) + ",\"unit\":\"page\"");
  }

  private static Extern table(String module, String name, ValType element, TableLimits limits) {
    long max = limits.max() == TableLimits.LIMIT_MAX ? -1 : limits.max();
    return new Extern(
        module,
        name,
        "table",
        element.wasmName() + ", " + range(limits.min(), max, "element"),
        "\"type\":\"" + element.wasmName() + "\"," + limitsJson(limits.min(), max));
  }

  private static Extern other(String module, String name, ExternalType kind) {
    String k = kind.toString().toLowerCase(java.util.Locale.ROOT);
    return new Extern(module, name, k, "", "\"type\":null");
  }

  private static String range(long min, long max, String unit) {
    if (max < 0) {
      return "at least " + min + " " + unit + (min == 1 ? "" : "s");
    }
    return min + " to " + max + " " + unit + (max == 1 ? "" : "s");
  }

  private static String limitsJson(long min, long max) {
    return "\"min\":" + min + ",\"max\":" + (max < 0 ? "null" : Long.toString(max));
  }
}
