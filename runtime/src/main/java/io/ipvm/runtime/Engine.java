package io.ipvm.runtime;

import io.ipvm.compiler.CompileOptions;
import io.ipvm.compiler.ModuleCompiler;
import io.ipvm.compiler.validate.InvalidModuleException;
import io.ipvm.compiler.validate.MalformedModuleException;
import io.ipvm.runtime.cache.ClassCache;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What compiles modules and with which settings: the compile options, the threads a module is
 * compiled on, the compiled-class cache, and (later) the tier policy — held by one object instead
 * of static state and system properties. Thread-safe; one engine may serve many modules and
 * threads.
 *
 * <pre>{@code
 * Engine engine = Engine.create(Engine.Config.defaults().withClassCache(ClassCache.inHome(home)));
 * WasmModule module = engine.compile(bytes);
 * }</pre>
 *
 * <p>{@link WasmModule#compile(byte[], CompileOptions)} uses {@link #shared()}, an engine with
 * {@link Config#defaults()}.
 */
public final class Engine {
  /**
   * An engine's settings.
   *
   * @param options the options {@link #compile(byte[])} compiles with
   * @param compileThreads threads a module of 12 KB to 1 MB of code is compiled on at most (1: only
   *     the calling thread)
   * @param classCache the compiled-class cache, or null to compile every time
   * @param lazy whether modules are only validated when compiled, and each function compiled and
   *     loaded when it is first called ({@link WasmModule#isLazy()}); the code is relinkable code
   *     ({@link CompileOptions#withRelinkable}) linked once to constant call sites. With a class
   *     cache, a lazy module's validation and each function's class are cached ({@link
   *     ClassCache#lazyModule})
   * @param specialization the policy that gives functions variants specialized on fixed arguments
   *     ({@link WasmModule#specialize}), for modules compiled relinkable and not lazy; null: none
   */
  public record Config(
      CompileOptions options,
      int compileThreads,
      ClassCache classCache,
      boolean lazy,
      io.ipvm.profiler.SpecializationPolicy specialization) {
    /** Checks the values. */
    public Config {
      java.util.Objects.requireNonNull(options, "options");
      if (compileThreads < 1) {
        throw new IllegalArgumentException(
            "compileThreads must be at least 1, got " + compileThreads);
      }
    }

    /**
     * {@link CompileOptions#DEFAULT}, no class cache, and {@code min(4, processors)} compile
     * threads — or the system property {@code ipvm.compiler.threads}, read here (once per call, so
     * once for {@link #shared()}).
     */
    public static Config defaults() {
      int threads =
          Math.min(
              Integer.getInteger("ipvm.compiler.threads", ModuleCompiler.DEFAULT_THREADS),
              Runtime.getRuntime().availableProcessors());
      return new Config(CompileOptions.DEFAULT, Math.max(1, threads), null, false, null);
    }

    /** This config with other compile options. */
    public Config withOptions(CompileOptions o) {
      return new Config(o, compileThreads, classCache, lazy, specialization);
    }

    /** This config with another number of compile threads. */
    public Config withCompileThreads(int n) {
      return new Config(options, n, classCache, lazy, specialization);
    }

    /** This config with a compiled-class cache (null: none). */
    public Config withClassCache(ClassCache cache) {
      return new Config(options, compileThreads, cache, lazy, specialization);
    }

    /** This config with functions compiled on first call, or not (see {@link #lazy()}). */
    public Config withLazy(boolean l) {
      return new Config(options, compileThreads, classCache, l, specialization);
    }

    /**
     * This config with a specialization policy (null: none). Modules this engine compiles (not
     * lazily) get entry checks, or stay relinkable if so compiled, profile their functions'
     * arguments as the policy says and get specialized variants ({@link WasmModule#specialize}).
     */
    public Config withSpecialization(io.ipvm.profiler.SpecializationPolicy policy) {
      return new Config(options, compileThreads, classCache, lazy, policy);
    }
  }

  private final Config config;
  private final AtomicLong compilations = new AtomicLong();

  private Engine(Config config) {
    this.config = config;
  }

  /** An engine with the given settings. */
  public static Engine create(Config config) {
    return new Engine(config);
  }

  /** The engine of the static {@link WasmModule#compile} methods: {@link Config#defaults()}. */
  public static Engine shared() {
    return Shared.ENGINE;
  }

  private static final class Shared {
    static final Engine ENGINE = new Engine(Config.defaults());
  }

  /** The settings. */
  public Config config() {
    return config;
  }

  /**
   * How many times this engine has run the compiler (on a whole module or one function): a class
   * cache hit does not count.
   */
  public long compilations() {
    return compilations.get();
  }

  /** Compiles with the engine's options, through its class cache if it has one. */
  public WasmModule compile(byte[] wasm) {
    return compile(wasm, config.options());
  }

  /**
   * Compiles with the given options, through the engine's class cache if it has one. An engine with
   * a {@link Config#specialization() policy} compiles eager modules with entry checks unless the
   * options ask for relinkable code (the policy needs one of the two linkages, and entry checks are
   * the adaptive tier's: compiler/README.md, "Calling convention").
   *
   * @throws ModuleException.Malformed when the bytes are not a WebAssembly binary
   * @throws ModuleException.Invalid when the module does not validate
   */
  public WasmModule compile(byte[] wasm, CompileOptions options) {
    if (config.lazy()) {
      return compileLazily(wasm, options);
    }
    if (config.specialization() != null && !options.relinkable()) {
      options = options.withEntryChecks(true);
    }
    if (config.classCache() != null) {
      return config.classCache().module(wasm, options, this).module();
    }
    return compileNow(wasm, options);
  }

  /**
   * Runs the compiler (no cache): what {@link ClassCache} calls on a miss.
   *
   * @throws ModuleException.Malformed when the bytes are not a WebAssembly binary
   * @throws ModuleException.Invalid when the module does not validate
   */
  public WasmModule compileNow(byte[] wasm, CompileOptions options) {
    compilations.incrementAndGet();
    try {
      return WasmModule.of(
          ModuleCompiler.compile(wasm, options, config.compileThreads()), wasm, this, options);
    } catch (MalformedModuleException e) {
      throw new ModuleException.Malformed(e.getMessage(), e, e.byteOffset(), e.functionIndex());
    } catch (InvalidModuleException e) {
      throw new ModuleException.Invalid(e.getMessage(), e, e.byteOffset(), e.functionIndex());
    }
  }

  /**
   * Validates the module completely and plans it, compiling no function: each is compiled (and
   * counted in {@link #compilations()}) when it is first called. With a class cache, a module
   * validated before is not validated again and functions compiled before are loaded from it
   * ({@link ClassCache#lazyModule}).
   *
   * @throws ModuleException.Malformed when the bytes are not a WebAssembly binary
   * @throws ModuleException.Invalid when the module does not validate
   */
  public WasmModule compileLazily(byte[] wasm, CompileOptions options) {
    if (config.classCache() != null) {
      return config.classCache().lazyModule(wasm, options, this).module();
    }
    return lazyModule(plan(wasm, options), wasm, null);
  }

  /**
   * Validates the module completely and plans it for lazy compilation (relinkable code), on the
   * engine's compile threads but one (at least one).
   *
   * @throws ModuleException.Malformed when the bytes are not a WebAssembly binary
   * @throws ModuleException.Invalid when the module does not validate
   */
  public io.ipvm.compiler.ModulePlan plan(byte[] wasm, CompileOptions options) {
    // One core is left to the JIT, which spends a module's first seconds compiling Chicory's
    // validator itself: on 2 cores, validating yosys.wasm's bodies on 2 threads took 6.5-6.9 s and
    // up to 410 MB, on 1 thread 5.0-5.2 s and 280 MB (jmh-benchmarks/RESULTS.md).
    int threads =
        Math.max(
            1, Math.min(config.compileThreads(), Runtime.getRuntime().availableProcessors() - 1));
    try {
      return io.ipvm.compiler.ModulePlan.prepare(
          wasm, options.withEntryChecks(false).withRelinkable(true), threads);
    } catch (MalformedModuleException e) {
      throw new ModuleException.Malformed(e.getMessage(), e, e.byteOffset(), e.functionIndex());
    } catch (InvalidModuleException e) {
      throw new ModuleException.Invalid(e.getMessage(), e, e.byteOffset(), e.functionIndex());
    }
  }

  /**
   * A lazy module from a plan made for {@code wasm} (by {@link #plan} or from a validation cached
   * earlier), whose functions' classes are looked up in {@code classes} before being compiled
   * (null: always compiled).
   */
  public WasmModule lazyModule(io.ipvm.compiler.ModulePlan plan, byte[] wasm, LazyClasses classes) {
    return WasmModule.lazy(plan, wasm, this, classes);
  }

  /** Counts a compilation made on this engine's behalf (one function recompiled). */
  void countCompilation() {
    compilations.incrementAndGet();
  }
}
