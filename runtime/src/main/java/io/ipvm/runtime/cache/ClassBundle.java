package io.ipvm.runtime.cache;

import com.dylibso.chicory.wasm.WasmModule;
import io.ipvm.compiler.CompiledFunction;
import io.ipvm.compiler.CompiledModule;
import io.ipvm.compiler.GlobalPlan;
import io.ipvm.ipld.Cid;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest of one cache entry, as an IPLD map (stored as a DAG-CBOR block): which compiler
 * build and options made it, for which module, the layout the runtime needs to link the classes
 * (types, functions, globals, context class) and a link to each class file, stored as a raw block.
 *
 * <pre>
 * { "format": "ipvm-jvm/class-bundle/1", "compiler": "sha256:…", "module": &amp;wasm,
 *   "options": "metered=false", "context": "io.ipvm.generated.Context", "imported": 0,
 *   "types": ["i:i", …], "functionTypes": [0, …],             -- indexes into types
 *   "owners": ["io.ipvm.generated.Functions0", …], "descriptors": ["(I…)I", …],
 *   "functions": [[index, owner, method, descriptor], …],      -- owner/descriptor: indexes
 *   "globals": [[kind, type code, mutable, constant bits | null, field | null], …],
 *   "classes": { binary name: &amp;class file } }
 * </pre>
 */
final class ClassBundle {
  static final String FORMAT = "ipvm-jvm/class-bundle/1";

  private ClassBundle() {}

  /** The manifest for {@code compiled}, whose classes are stored under {@code classCids}. */
  static Map<String, Object> manifest(
      CompiledModule compiled,
      Cid module,
      String compiler,
      String options,
      Map<String, Cid> classCids) {
    Map<String, Object> m = new HashMap<>();
    m.put("format", FORMAT);
    m.put("compiler", compiler);
    m.put("module", module);
    m.put("options", options);
    m.put("context", compiled.contextClass());
    m.put("exactMemory", compiled.exactMemory());
    m.put("imported", (long) compiled.importedFunctions());
    List<Object> types = new ArrayList<>();
    for (FunctionType t : compiled.types()) {
      types.add(t.key());
    }
    m.put("types", types);
    List<Object> functionTypes = new ArrayList<>();
    for (FunctionType t : compiled.functionTypes()) {
      int i = compiled.types().indexOf(t);
      if (i < 0) {
        throw new IllegalStateException("function type " + t + " is not in the type section");
      }
      functionTypes.add((long) i);
    }
    m.put("functionTypes", functionTypes);
    Map<String, Integer> owners = new LinkedHashMap<>();
    Map<String, Integer> descriptors = new LinkedHashMap<>();
    List<Object> functions = new ArrayList<>();
    for (CompiledFunction f : compiled.functions()) {
      int owner = owners.computeIfAbsent(f.owner(), k -> owners.size());
      int desc = descriptors.computeIfAbsent(f.descriptor(), k -> descriptors.size());
      functions.add(List.of((long) f.index(), (long) owner, f.method(), (long) desc));
    }
    m.put("owners", new ArrayList<Object>(owners.keySet()));
    m.put("descriptors", new ArrayList<Object>(descriptors.keySet()));
    m.put("functions", functions);
    List<Object> globals = new ArrayList<>();
    for (GlobalPlan g : compiled.globals()) {
      List<Object> row = new ArrayList<>();
      row.add(g.kind().name());
      row.add(String.valueOf(g.type().code()));
      row.add(g.mutable());
      row.add(constantBits(g));
      row.add(g.field());
      globals.add(row);
    }
    m.put("globals", globals);
    m.put("classes", new HashMap<String, Object>(classCids));
    return m;
  }

  /** The links to the class files, by binary name. */
  static Map<String, Cid> classLinks(Map<String, Object> manifest) {
    Map<String, Cid> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : map(manifest.get("classes"), "classes").entrySet()) {
      if (!(e.getValue() instanceof Cid c)) {
        throw new IllegalArgumentException("classes." + e.getKey() + " is not a link");
      }
      out.put(e.getKey(), c);
    }
    return out;
  }

  /** The compiled module a manifest describes, with its class files and parsed declarations. */
  static CompiledModule compiledModule(
      Map<String, Object> m, WasmModule declarations, Map<String, byte[]> classes) {
    List<FunctionType> types = new ArrayList<>();
    for (Object o : list(m.get("types"), "types")) {
      types.add(FunctionType.parseKey(string(o, "types[]")));
    }
    List<FunctionType> functionTypes = new ArrayList<>();
    for (Object o : list(m.get("functionTypes"), "functionTypes")) {
      functionTypes.add(types.get(integer(o, "functionTypes[]")));
    }
    List<?> owners = list(m.get("owners"), "owners");
    List<?> descriptors = list(m.get("descriptors"), "descriptors");
    List<CompiledFunction> functions = new ArrayList<>();
    for (Object o : list(m.get("functions"), "functions")) {
      List<?> row = list(o, "functions[]");
      int index = integer(row.get(0), "function index");
      functions.add(
          new CompiledFunction(
              index,
              functionTypes.get(index),
              string(owners.get(integer(row.get(1), "owner")), "owner"),
              string(row.get(2), "method"),
              string(descriptors.get(integer(row.get(3), "descriptor")), "descriptor")));
    }
    List<GlobalPlan> globals = new ArrayList<>();
    for (Object o : list(m.get("globals"), "globals")) {
      List<?> row = list(o, "globals[]");
      GlobalPlan.Kind kind = GlobalPlan.Kind.valueOf(string(row.get(0), "global kind"));
      ValType type = ValType.ofCode(string(row.get(1), "global type").charAt(0));
      if (type == null) {
        throw new IllegalArgumentException("unknown global type " + row.get(1));
      }
      boolean mutable = (Boolean) row.get(2);
      Object constant =
          kind == GlobalPlan.Kind.CONSTANT ? constant(type, row.get(3)) : (Object) null;
      String field = row.get(4) == null ? null : string(row.get(4), "global field");
      globals.add(new GlobalPlan(kind, type, mutable, constant, field));
    }
    return new CompiledModule(
        declarations,
        types,
        functionTypes,
        integer(m.get("imported"), "imported"),
        functions,
        globals,
        string(m.get("context"), "context"),
        classes,
        // absent in a manifest: the safe answer (every access checks the memory's size)
        Boolean.TRUE.equals(m.get("exactMemory")));
  }

  // Constants keep their exact bits (NaN payloads included) as integers.
  private static Object constantBits(GlobalPlan g) {
    if (g.kind() != GlobalPlan.Kind.CONSTANT || g.constant() == null) {
      return null;
    }
    return switch (g.constant()) {
      case Integer i -> (long) i;
      case Long l -> l;
      case Float f -> (long) Float.floatToRawIntBits(f);
      case Double d -> Double.doubleToRawLongBits(d);
      default ->
          throw new IllegalStateException("unexpected global constant " + g.constant().getClass());
    };
  }

  private static Object constant(ValType type, Object bits) {
    if (bits == null) {
      return null;
    }
    long v = (Long) bits;
    return switch (type) {
      case I32 -> (int) v;
      case I64 -> v;
      case F32 -> Float.intBitsToFloat((int) v);
      case F64 -> Double.longBitsToDouble(v);
      default -> throw new IllegalArgumentException("a " + type + " global with a constant");
    };
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o, String what) {
    if (!(o instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(what + " is not a map");
    }
    return (Map<String, Object>) m;
  }

  private static List<?> list(Object o, String what) {
    if (!(o instanceof List<?> l)) {
      throw new IllegalArgumentException(what + " is not a list");
    }
    return l;
  }

  static String string(Object o, String what) {
    if (!(o instanceof String s)) {
      throw new IllegalArgumentException(what + " is not a string");
    }
    return s;
  }

  private static int integer(Object o, String what) {
    if (!(o instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(what + " is not a small non-negative integer");
    }
    return (int) (long) l;
  }
}
