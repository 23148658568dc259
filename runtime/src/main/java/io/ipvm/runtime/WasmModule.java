package io.ipvm.runtime;

import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.TableImport;
import com.dylibso.chicory.wasm.types.TableLimits;
import io.ipvm.compiler.CompileOptions;
import io.ipvm.compiler.CompiledFunction;
import io.ipvm.compiler.CompiledModule;
import io.ipvm.compiler.FunctionClass;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A compiled WebAssembly module: its JVM classes, defined once in a class loader of their own, and
 * what it imports and exports. Instantiate it as often as needed; instances share the classes.
 *
 * <pre>{@code
 * WasmModule module = WasmModule.compile(Files.readAllBytes(path));
 * Instance instance = module.instantiate(new Imports());
 * Object[] results = instance.call("fib", 20);
 * }</pre>
 */
public final class WasmModule {
  private final CompiledModule compiled;
  private final ModuleClassLoader loader;
  private final byte[] wasm;
  private final Engine engine;
  private final CompileOptions options;

  private final FunctionLinkage linkage;
  private final java.util.concurrent.atomic.AtomicInteger versions =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Map<String, ReplacementLoader> replacements =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Lazy modules: what functions are compiled from on first call; null when eager. */
  private final io.ipvm.compiler.ModulePlan plan;

  private WasmModule(CompiledModule compiled, byte[] wasm, Engine engine, CompileOptions options) {
    this.compiled = compiled;
    this.wasm = wasm;
    this.engine = engine;
    this.options = options;
    this.plan = null;
    this.lazyClasses = null;
    this.linkage = new FunctionLinkage(compiled);
    this.loader = new ModuleClassLoader(compiled.classes(), linkage);
    linkage.attach(loader);
    if (wasm != null && (options.relinkable() || options.entryChecks())) {
      var policy = engine.config().specialization();
      this.specializations =
          new Specializations(
              policy != null ? policy : io.ipvm.profiler.SpecializationPolicy.adaptive(),
              compiled.functionTypes().size(),
              this::compileVariant);
      linkage.specializeWith(specializations, policy != null, options.entryChecks());
    } else {
      this.specializations = null;
    }
  }

  /** Eager relinkable modules with known bytes: their specialized variants; null otherwise. */
  private final Specializations specializations;

  /** Validated once for all the variants this module's functions get (made on first use). */
  private io.ipvm.compiler.ModulePlan variantPlan;

  /**
   * Gives function {@code funcIndex} a variant compiled with some of its parameters fixed
   * (parameter index → value: an {@link Integer}, {@link Long}, {@link Float} or {@link Double} of
   * the parameter's type). From the next call, every caller of every instance — direct calls,
   * {@code call_indirect}, exports, importers — runs the variant when the call's arguments equal
   * those values (bit for bit) and the code it ran before otherwise. The variant is compiled with
   * the values as constants, so HotSpot folds what depends on them. The module must be eager and
   * relinkable with known bytes, as for {@link #recompile}; {@link #recompile} later replaces the
   * function's variants too.
   *
   * @return the variant's code, or null when the function already has that variant or as many as
   *     the engine's {@link Engine.Config#specialization() policy} allows (4 without one)
   * @throws IllegalStateException if the module cannot have variants
   * @throws IllegalArgumentException if a value does not fit its parameter, or the function takes
   *     its arguments boxed (more parameters than a JVM method can take)
   */
  public CompiledFunction specialize(int funcIndex, Map<Integer, Number> constants) {
    if (specializations == null) {
      throw new IllegalStateException(
          plan != null
              ? "the module is lazy: its calls are linked once, to constant call sites"
              : "the module was not compiled relinkable with known bytes: its functions cannot"
                  + " get specialized variants");
    }
    linkage.current(funcIndex); // checks the index
    checkConstants(compiled.functionTypes().get(funcIndex), funcIndex, constants);
    if (!specializations.add(funcIndex, constants)) {
      return null;
    }
    Variant v = compileVariantCode(funcIndex, constants);
    linkage.addVariant(funcIndex, v.handle(), constants);
    return v.code();
  }

  /**
   * How many variants the profile asked for were dropped after their trial: most calls that
   * followed did not pass the fixed values ({@link io.ipvm.profiler.SpecializationPolicy}).
   */
  public int droppedVariants() {
    return specializations == null ? 0 : specializations.dropped();
  }

  /** The fixed arguments of each variant of function {@code funcIndex}, oldest first. */
  public List<Map<Integer, Number>> variants(int funcIndex) {
    return specializations == null ? List.of() : specializations.variants(funcIndex);
  }

  /** Checks that each fixed value is a number of its parameter's type. */
  private static void checkConstants(
      FunctionType type, int funcIndex, Map<Integer, Number> constants) {
    if (constants.isEmpty()) {
      throw new IllegalArgumentException("a variant fixes at least one parameter");
    }
    io.ipvm.compiler.codegen.FunctionEmitter.checkConstantParameters(type, funcIndex, constants);
  }

  /** The bytes of a recompiled or specialized class of this module, or null (for tests). */
  byte[] replacementBytes(String className) {
    ReplacementLoader r = replacements.get(className);
    return r == null ? null : r.bytes;
  }

  private record Variant(CompiledFunction code, java.lang.invoke.MethodHandle handle) {}

  private java.lang.invoke.MethodHandle compileVariant(
      int funcIndex, Map<Integer, Number> constants) {
    return compileVariantCode(funcIndex, constants).handle();
  }

  /** Where variants are looked up before compiling and kept after (null: nowhere). */
  private volatile VariantClasses variantStore;

  /**
   * Makes this module look up its specialized variants in {@code store} before compiling them, and
   * keep there the ones it compiles (the class cache does this for the modules it returns).
   */
  public void storeVariantsIn(VariantClasses store) {
    this.variantStore = store;
  }

  /**
   * The text that names a set of fixed arguments in a variant store: {@code index=type:bits} per
   * parameter, in index order (bits in hex, so that every NaN and -0.0 is told apart).
   */
  public static String constantsKey(Map<Integer, Number> constants) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<Integer, Number> c : new java.util.TreeMap<>(constants).entrySet()) {
      if (!b.isEmpty()) {
        b.append(',');
      }
      b.append(c.getKey()).append('=');
      switch (c.getValue()) {
        case Integer v -> b.append("i32:").append(Integer.toHexString(v));
        case Long v -> b.append("i64:").append(Long.toHexString(v));
        case Float v -> b.append("f32:").append(Integer.toHexString(Float.floatToRawIntBits(v)));
        case Double v -> b.append("f64:").append(Long.toHexString(Double.doubleToRawLongBits(v)));
        default -> throw new IllegalArgumentException("not a Wasm number: " + c.getValue());
      }
    }
    return b.toString();
  }

  private Variant compileVariantCode(int funcIndex, Map<Integer, Number> constants) {
    VariantClasses store = variantStore;
    String key = constantsKey(constants);
    byte[] found = store == null ? null : store.find(funcIndex, key);
    if (found != null) {
      try {
        String className = new org.objectweb.asm.ClassReader(found).getClassName();
        FunctionType type = compiled.functionTypes().get(funcIndex);
        CompiledFunction f =
            new CompiledFunction(
                funcIndex,
                type,
                className.replace('/', '.'),
                io.ipvm.compiler.codegen.ModuleInfo.methodName(funcIndex),
                io.ipvm.compiler.codegen.Descriptors.method(
                    type, "L" + compiled.contextClass().replace('.', '/') + ";"));
        ReplacementLoader l = new ReplacementLoader(loader, f.owner(), found, linkage);
        replacements.put(f.owner(), l);
        return new Variant(f, FunctionLinkage.resolve(f, l));
      } catch (RuntimeException | LinkageError e) {
        // An unusable entry: compile the variant again (and replace the entry).
      }
    }
    Variant v = compileVariantClass(funcIndex, constants);
    if (store != null) {
      store.compiled(funcIndex, key, replacements.get(v.code().owner()).bytes);
    }
    return v;
  }

  private Variant compileVariantClass(int funcIndex, Map<Integer, Number> constants) {
    String name =
        (io.ipvm.compiler.ModuleCompiler.PACKAGE
                + "Function"
                + funcIndex
                + "$s"
                + versions.incrementAndGet())
            .replace('.', '/');
    FunctionClass code;
    synchronized (this) {
      if (variantPlan == null) {
        variantPlan =
            io.ipvm.compiler.ModulePlan.prepare(
                wasm,
                // Modules with entry checks: the variant calls the others' entries directly.
                options.entryChecks() ? options : options.withRelinkable(true),
                compiled.exactMemory());
        if (options.entryChecks()) {
          variantPlan.callFunctionsOf(compiled);
        }
      }
      engine.countCompilation();
      code = variantPlan.compileFunction(funcIndex, name, constants);
    }
    ReplacementLoader l = new ReplacementLoader(loader, code.className(), code.bytes(), linkage);
    replacements.put(code.className(), l);
    return new Variant(code.function(), FunctionLinkage.resolve(code.function(), l));
  }

  /** Lazy modules: classes compiled earlier, and where new ones go; null when none. */
  private final LazyClasses lazyClasses;

  private WasmModule(
      io.ipvm.compiler.ModulePlan plan, byte[] wasm, Engine engine, LazyClasses lazyClasses) {
    this.lazyClasses = lazyClasses;
    this.compiled = plan.declarations();
    this.wasm = wasm;
    this.engine = engine;
    this.options = plan.options();
    this.plan = plan;
    this.linkage = new FunctionLinkage(compiled, this::loadLazily);
    this.loader = new ModuleClassLoader(compiled.classes(), linkage);
    linkage.attach(loader);
    this.specializations = null;
  }

  /**
   * A lazy module: validated completely (by {@code plan}), but each function is compiled and its
   * class loaded only when it is first called (see {@link Engine.Config#lazy()}).
   */
  static WasmModule lazy(
      io.ipvm.compiler.ModulePlan plan, byte[] wasm, Engine engine, LazyClasses lazyClasses) {
    return new WasmModule(plan, wasm, engine, lazyClasses);
  }

  /** Whether functions are compiled on first call ({@link Engine.Config#lazy()}). */
  public boolean isLazy() {
    return plan != null;
  }

  /**
   * Lazy modules: loads function {@code index}'s class from {@link #lazyClasses} when it has one
   * (not a compilation), else compiles it into a class of its own (and hands it to them).
   */
  private java.lang.invoke.MethodHandle loadLazily(int index) {
    String name = FunctionLinkage.className(index, 0);
    FunctionClass code;
    byte[] cached = lazyClasses == null ? null : lazyClasses.find(index);
    if (cached != null) {
      code =
          new FunctionClass(
              io.ipvm.compiler.ModuleCompiler.binaryName(name), cached, plan.describe(index, name));
    } else {
      try {
        engine.countCompilation();
        code = plan.compileFunction(index, name);
      } catch (io.ipvm.compiler.validate.InvalidModuleException e) {
        throw new ModuleException.Invalid(e.getMessage(), e, e.byteOffset(), e.functionIndex());
      }
      if (lazyClasses != null) {
        lazyClasses.compiled(index, code.bytes());
      }
    }
    ReplacementLoader l = new ReplacementLoader(loader, code.className(), code.bytes(), linkage);
    replacements.put(code.className(), l);
    linkage.loaded(index, code.function());
    return FunctionLinkage.resolve(code.function(), l);
  }

  /** A module compiled by {@code engine} from {@code wasm} with {@code options}. */
  static WasmModule of(
      CompiledModule compiled, byte[] wasm, Engine engine, CompileOptions options) {
    return new WasmModule(compiled, wasm, engine, options);
  }

  /**
   * Parses, validates and compiles a module.
   *
   * @throws ModuleException.Malformed when the bytes are not a WebAssembly binary
   * @throws ModuleException.Invalid when the module does not validate
   */
  public static WasmModule compile(byte[] wasm) {
    return compile(wasm, CompileOptions.DEFAULT);
  }

  /**
   * Parses, validates and compiles a module with the given options (e.g. {@link
   * CompileOptions#METERED} for code that counts fuel).
   *
   * @throws ModuleException.Malformed when the bytes are not a WebAssembly binary
   * @throws ModuleException.Invalid when the module does not validate
   */
  public static WasmModule compile(byte[] wasm, CompileOptions options) {
    return Engine.shared().compileNow(wasm, options);
  }

  /**
   * A module from classes compiled earlier, e.g. loaded from a class cache. {@code compiled} must
   * be what {@link ModuleCompiler} produced for the module it describes (its {@code module()} may
   * be the declarations-only parse of {@link ModuleCompiler#parseDeclarations}): the classes are
   * defined as given, so only pass classes this process or a trusted store produced.
   */
  public static WasmModule fromCompiled(CompiledModule compiled) {
    return new WasmModule(compiled, null, Engine.shared(), null);
  }

  /**
   * As {@link #fromCompiled(CompiledModule)}, for the module {@code wasm} compiled with {@code
   * options} (which let single functions be recompiled later, if they are relinkable), on behalf of
   * {@code engine}.
   */
  public static WasmModule fromCompiled(
      CompiledModule compiled, byte[] wasm, Engine engine, CompileOptions options) {
    return new WasmModule(compiled, wasm, engine, options);
  }

  /** The options the module was compiled with, or null when not known. */
  public CompileOptions options() {
    return options;
  }

  /** Whether calls go through replaceable call sites ({@link CompileOptions#relinkable()}). */
  boolean relinkable() {
    return plan != null || (options != null && options.relinkable());
  }

  /** Reads and compiles a module file. */
  public static WasmModule compile(Path file) throws IOException {
    return compile(Files.readAllBytes(file));
  }

  /**
   * Compiles defined function {@code funcIndex} again, with {@code variant}, into a class of its
   * own, and makes it the function's code in every instance of this module: calls from other
   * functions, {@code call_indirect} through tables, exports, and other instances that imported it
   * use the new code from their next call (calls already running finish in the old one). For
   * tiering: a variant of a function (other split budget, huge methods or not; later profiled or
   * specialized code) replaces it without reinstantiating. Counted by the engine as a compilation.
   * The module must have been compiled {@link CompileOptions#relinkable() relinkable}; the new code
   * is relinkable too.
   *
   * @param variant the options of the new code; {@code metered()} must be the module's (the code
   *     runs on the module's context)
   * @return where the new code is
   * @throws IllegalArgumentException if {@code funcIndex} is not a defined function, or the options
   *     are metered and the module is not (or the other way round)
   * @throws IllegalStateException if the module was not compiled relinkable, or its bytes are not
   *     known (made with {@link #fromCompiled(CompiledModule)})
   */
  public CompiledFunction recompile(int funcIndex, CompileOptions variant) {
    if (plan != null) {
      throw new IllegalStateException(
          "the module is lazy: its calls are linked once, to constant call sites, and its"
              + " functions cannot be recompiled");
    }
    if (wasm == null || !relinkable()) {
      throw new IllegalStateException(
          wasm == null
              ? "the module's bytes are not known (fromCompiled without bytes): cannot recompile"
              : "the module was not compiled relinkable (CompileOptions.withRelinkable(true)):"
                  + " its callers call its functions directly");
    }
    linkage.current(funcIndex); // checks the index
    if (variant.metered() != options.metered()) {
      throw new IllegalArgumentException(
          "the module was compiled "
              + (options.metered() ? "metered" : "unmetered")
              + "; its functions cannot be recompiled "
              + (variant.metered() ? "metered" : "unmetered"));
    }
    String name =
        FunctionLinkage.className(funcIndex, versions.incrementAndGet()).replace('.', '/');
    FunctionClass code;
    try {
      engine.countCompilation();
      code =
          io.ipvm.compiler.ModuleCompiler.compileFunction(
              wasm, compiled, funcIndex, variant.withEntryChecks(false).withRelinkable(true), name);
    } catch (io.ipvm.compiler.validate.MalformedModuleException e) {
      throw new ModuleException.Malformed(e.getMessage(), e, e.byteOffset(), e.functionIndex());
    } catch (io.ipvm.compiler.validate.InvalidModuleException e) {
      throw new ModuleException.Invalid(e.getMessage(), e, e.byteOffset(), e.functionIndex());
    }
    ReplacementLoader l = new ReplacementLoader(loader, code.className(), code.bytes(), linkage);
    replacements.put(code.className(), l);
    linkage.replace(funcIndex, code.function(), l);
    if (specializations != null) {
      specializations.forget(funcIndex); // the new code is not behind their guards
    }
    return code.function();
  }

  /** Where the current code of defined function {@code funcIndex} is (see {@link #recompile}). */
  public CompiledFunction code(int funcIndex) {
    return linkage.current(funcIndex);
  }

  FunctionLinkage linkage() {
    return linkage;
  }

  /** The engine that compiled or loaded this module. */
  public Engine engine() {
    return engine;
  }

  /** The compiler's output (classes and layout), e.g. to inspect or cache it. */
  public CompiledModule compiled() {
    return compiled;
  }

  /**
   * One import of a module.
   *
   * @param module module name
   * @param name field name
   * @param kind function, table, memory or global
   * @param description its type in words
   */
  public record ImportDescriptor(
      String module, String name, ExternalType kind, String description) {}

  /**
   * One export of a module.
   *
   * @param name export name
   * @param kind function, table, memory or global
   * @param functionType the type, for functions; null otherwise
   */
  public record ExportDescriptor(String name, ExternalType kind, FunctionType functionType) {}

  /** The imports in declaration order. */
  public List<ImportDescriptor> imports() {
    List<ImportDescriptor> out = new ArrayList<>();
    var section = compiled.module().importSection();
    for (int i = 0; i < section.importCount(); i++) {
      Import imp = section.getImport(i);
      String desc =
          switch (imp.importType()) {
            case FUNCTION -> compiled.types().get(((FunctionImport) imp).typeIndex()).toString();
            case MEMORY -> "memory " + ((MemoryImport) imp).limits();
            case TABLE -> "table " + ((TableImport) imp).limits();
            case GLOBAL -> "global " + ((GlobalImport) imp).type();
            default -> imp.importType().toString();
          };
      out.add(new ImportDescriptor(imp.module(), imp.name(), imp.importType(), desc));
    }
    return out;
  }

  /** The exports in declaration order. */
  public List<ExportDescriptor> exports() {
    List<ExportDescriptor> out = new ArrayList<>();
    var section = compiled.module().exportSection();
    for (int i = 0; i < section.exportCount(); i++) {
      Export e = section.getExport(i);
      FunctionType ft =
          e.exportType() == ExternalType.FUNCTION ? compiled.functionTypes().get(e.index()) : null;
      out.add(new ExportDescriptor(e.name(), e.exportType(), ft));
    }
    return out;
  }

  /** Instantiates without imports. */
  public Instance instantiate() {
    return instantiate(new Imports());
  }

  /**
   * Links the imports, creates memory, tables and globals, applies the element and data segments,
   * and runs the start function.
   *
   * @throws ModuleException.Unlinkable when an import is missing or has the wrong type
   * @throws WasmTrap when a segment is out of bounds or the start function traps
   */
  public Instance instantiate(Imports imports) {
    return instantiate(imports, Limits.none());
  }

  /**
   * Like {@link #instantiate(Imports)}, under resource limits: fuel (counted by metered code only),
   * memory, and interruption (see {@link Limits}).
   *
   * @throws ModuleException.LimitExceeded when the module's initial memory exceeds the limit
   */
  public Instance instantiate(Imports imports, Limits limits) {
    return new Instantiation(this, imports, limits).run();
  }

  /**
   * Checks every generated class with ASM's CheckClassAdapter (structure and bytecode verification
   * against the real class hierarchy). Returns the problems found, empty when there are none. For
   * tests and diagnostics; instantiation does not need it.
   */
  public List<String> verifyGeneratedClasses() {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : compiled.classes().entrySet()) {
      verify(e.getKey(), e.getValue(), loader, problems);
    }
    for (ReplacementLoader r : replacements.values()) {
      verify(r.name, r.bytes, r, problems);
    }
    return problems;
  }

  private static void verify(String name, byte[] bytes, ClassLoader in, List<String> problems) {
    java.io.StringWriter out = new java.io.StringWriter();
    org.objectweb.asm.util.CheckClassAdapter.verify(
        new org.objectweb.asm.ClassReader(bytes), in, false, new java.io.PrintWriter(out));
    if (!out.toString().isEmpty()) {
      problems.add(name + ": " + out);
    }
  }

  ModuleClassLoader loader() {
    return loader;
  }

  // ---- import matching (used by Instantiation) ----------------------------------------------

  static void checkFunction(Import imp, FunctionType expected, Object value) {
    if (!(value instanceof WasmFunction f)) {
      throw incompatible(imp, "a function", value);
    }
    if (!f.type().equals(expected)) {
      throw new ModuleException.Unlinkable(
          "incompatible import type for "
              + imp.module()
              + "."
              + imp.name()
              + ": expected function "
              + expected
              + ", got "
              + f.type());
    }
  }

  static void checkMemory(MemoryImport imp, Object value) {
    if (!(value instanceof Memory m)) {
      throw incompatible(imp, "a memory", value);
    }
    MemoryLimits l = imp.limits();
    long max = l.maximumPages();
    boolean hasMax = max != MemoryLimits.MAX_PAGES || declaresMax(l);
    if (Integer.toUnsignedLong(m.pages()) < Integer.toUnsignedLong(l.initialPages())
        || (hasMax
            && (m.maxPages() < 0
                || Integer.toUnsignedLong(m.maxPages())
                    > Integer.toUnsignedLong(l.maximumPages())))) {
      throw new ModuleException.Unlinkable(
          "incompatible import type for "
              + imp.module()
              + "."
              + imp.name()
              + ": expected memory "
              + l
              + ", got memory of "
              + m.pages()
              + " pages"
              + (m.maxPages() >= 0 ? " (max " + m.maxPages() + ")" : ""));
    }
  }

  static void checkTable(TableImport imp, ValType type, Object value) {
    if (!(value instanceof Table t)) {
      throw incompatible(imp, "a table", value);
    }
    TableLimits l = imp.limits();
    boolean hasMax = l.max() != TableLimits.LIMIT_MAX;
    if (t.elementType() != type
        || t.size() < l.min()
        || (hasMax && (t.maxSize() < 0 || t.maxSize() > l.max()))) {
      throw new ModuleException.Unlinkable(
          "incompatible import type for "
              + imp.module()
              + "."
              + imp.name()
              + ": expected table "
              + type.wasmName()
              + " "
              + l
              + ", got table "
              + t.elementType().wasmName()
              + " of size "
              + t.size()
              + (t.maxSize() >= 0 ? " (max " + t.maxSize() + ")" : ""));
    }
  }

  static void checkGlobal(GlobalImport imp, ValType type, Object value) {
    if (!(value instanceof Global g)) {
      throw incompatible(imp, "a global", value);
    }
    boolean mutable = imp.mutabilityType() == MutabilityType.Var;
    if (g.type() != type || g.mutable() != mutable) {
      throw new ModuleException.Unlinkable(
          "incompatible import type for "
              + imp.module()
              + "."
              + imp.name()
              + ": expected global "
              + (mutable ? "(mut " + type.wasmName() + ")" : type.wasmName())
              + ", got "
              + (g.mutable() ? "(mut " + g.type().wasmName() + ")" : g.type().wasmName()));
    }
  }

  private static boolean declaresMax(MemoryLimits l) {
    return l.maximumPages() != MemoryLimits.MAX_PAGES;
  }

  private static ModuleException.Unlinkable incompatible(Import imp, String what, Object value) {
    return new ModuleException.Unlinkable(
        "incompatible import type for "
            + imp.module()
            + "."
            + imp.name()
            + ": expected "
            + what
            + ", got "
            + describe(value));
  }

  private static String describe(Object value) {
    if (value instanceof WasmFunction) {
      return "a function";
    } else if (value instanceof Memory) {
      return "a memory";
    } else if (value instanceof Table) {
      return "a table";
    } else if (value instanceof Global) {
      return "a global";
    }
    return String.valueOf(value);
  }

  /** Loads one module's generated classes; their calls link to the module's functions. */
  static final class ModuleClassLoader extends ClassLoader
      implements io.ipvm.runtime.internal.Linker.Linked {
    private final Map<String, byte[]> classes;
    private final FunctionLinkage linkage;

    ModuleClassLoader(Map<String, byte[]> classes, FunctionLinkage linkage) {
      super("ipvm-module", WasmModule.class.getClassLoader());
      this.classes = classes;
      this.linkage = linkage;
    }

    @Override
    public java.lang.invoke.CallSite functionSite(int index, java.lang.invoke.MethodType type) {
      return linkage.functionSite(index, type);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] b = classes.get(name);
      if (b == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, b, 0, b.length);
    }
  }

  /**
   * Loads the class of one recompiled function, on top of its module's loader (whose context class
   * it uses); a class loader of its own, so that code replaced again can be unloaded.
   */
  static final class ReplacementLoader extends ClassLoader
      implements io.ipvm.runtime.internal.Linker.Linked {
    private final String name;
    private final byte[] bytes;
    private final FunctionLinkage linkage;

    ReplacementLoader(ClassLoader module, String name, byte[] bytes, FunctionLinkage linkage) {
      super("ipvm-function", module);
      this.name = name;
      this.bytes = bytes;
      this.linkage = linkage;
    }

    @Override
    public java.lang.invoke.CallSite functionSite(int index, java.lang.invoke.MethodType type) {
      return linkage.functionSite(index, type);
    }

    @Override
    protected Class<?> findClass(String className) throws ClassNotFoundException {
      if (!className.equals(name)) {
        throw new ClassNotFoundException(className);
      }
      return defineClass(className, bytes, 0, bytes.length);
    }
  }
}
