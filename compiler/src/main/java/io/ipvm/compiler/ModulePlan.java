package io.ipvm.compiler;

/**
 * A module parsed, validated and planned once, from which single functions are compiled: the
 * declarations (types, imports, globals, the context class) and the module-level facts a whole
 * compile computes (which functions count calls, which are referenced and so keep their loop nests
 * inline, whether the memory is exact) are found here once instead of on every {@link
 * #compileFunction} call. What lazy loading compiles functions from, one at a time, on first call.
 *
 * <p>The plan keeps Chicory's parse of every body (the parser decodes them all): memory in
 * proportion to the module's code for as long as the plan lives.
 *
 * <p>Thread-safe: compilations of different functions are serialized on the plan.
 */
public final class ModulePlan {
  private final ModuleCompiler.Job job;
  private final CompileOptions options;

  private ModulePlan(ModuleCompiler.Job job, CompileOptions options) {
    this.job = job;
    this.options = options;
  }

  /**
   * Parses and validates {@code wasm} completely (every body) and plans it.
   *
   * @throws io.ipvm.compiler.validate.MalformedModuleException if the bytes are not a well-formed
   *     binary
   * @throws io.ipvm.compiler.validate.InvalidModuleException if the module does not validate
   */
  public static ModulePlan prepare(byte[] wasm, CompileOptions options) {
    return new ModulePlan(ModuleCompiler.plan(wasm, options, null), options);
  }

  /**
   * As {@link #prepare(byte[], CompileOptions)}, for code that must run on a memory made for code
   * compiled earlier: exact as {@code exactMemory} says.
   */
  public static ModulePlan prepare(byte[] wasm, CompileOptions options, boolean exactMemory) {
    return new ModulePlan(ModuleCompiler.plan(wasm, options, exactMemory), options);
  }

  /** The options the plan's functions are compiled with. */
  public CompileOptions options() {
    return options;
  }

  /**
   * The module with none of its functions compiled: declarations, global plans, the context class;
   * {@code functions()} is empty and {@code classes()} holds the context class only.
   */
  public CompiledModule declarations() {
    return job.declarations();
  }

  /**
   * Compiles defined function {@code funcIndex} (imports first) into a class of its own named
   * {@code className} (internal name, in {@link ModuleCompiler#PACKAGE}); calls to other functions
   * are linked by the runtime.
   *
   * @throws IllegalArgumentException if {@code funcIndex} is not a defined function
   */
  public synchronized FunctionClass compileFunction(int funcIndex, String className) {
    if (funcIndex < job.importedFunctions || funcIndex >= job.functionTypes.size()) {
      throw new IllegalArgumentException(
          "function " + funcIndex + " is not a function the module defines");
    }
    return job.compileSingle(funcIndex, className);
  }
}
