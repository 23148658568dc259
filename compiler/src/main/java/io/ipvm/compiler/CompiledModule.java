package io.ipvm.compiler;

import com.dylibso.chicory.wasm.WasmModule;
import io.ipvm.wasm.FunctionType;
import java.util.List;
import java.util.Map;

/**
 * The output of {@link ModuleCompiler}: generated classes plus what the runtime needs to link and
 * instantiate them.
 *
 * @param module the parsed module (imports, exports, segments, start)
 * @param types the type section
 * @param functionTypes the type of every function, imports first
 * @param importedFunctions how many functions are imports
 * @param functions where each defined function's code is, indexed by (function index - imports)
 * @param globals how each global is stored, by global index
 * @param contextClass binary name of the generated context class
 * @param classes generated class files by binary name
 * @param exactMemory whether the code relies on the module's own memory having an array of exactly
 *     the memory's size (the runtime then creates it with {@code Memory.createExact}): true when
 *     the module defines its memory and no function body contains {@code memory.grow}, so only the
 *     host can grow it, rarely. Otherwise every access also checks the memory's size, and the array
 *     may reserve capacity so that growth is amortised O(1) per page
 */
public record CompiledModule(
    WasmModule module,
    List<FunctionType> types,
    List<FunctionType> functionTypes,
    int importedFunctions,
    List<CompiledFunction> functions,
    List<GlobalPlan> globals,
    String contextClass,
    Map<String, byte[]> classes,
    boolean exactMemory) {}
