package io.ipvm.runtime;

import io.ipvm.compiler.CompiledFunction;
import io.ipvm.compiler.CompiledModule;
import io.ipvm.compiler.ModuleCompiler;
import io.ipvm.compiler.codegen.Descriptors;
import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * The current code of each defined function of one module. In relinkable code ({@code
 * CompileOptions.relinkable()}) every call of a defined function is an {@code invokedynamic} that
 * {@link io.ipvm.runtime.internal.Linker} links to this module's one {@link MutableCallSite} for
 * the callee, and exports, table entries and imports into other instances call through the same
 * site ({@link MutableCallSite#dynamicInvoker()}). Replacing a function's code is then one {@code
 * setTarget}: every instance of the module and every caller runs the new code from its next call;
 * calls already running finish in the old code. Sites are made on first use.
 *
 * <p>In a lazy module ({@code Engine.Config.lazy()}) no function is compiled in advance: the first
 * time a call instruction of function N runs, its bootstrap compiles N (once per module, whichever
 * threads ask at once; on a compile thread of its own, so a deep guest stack does not matter) and
 * links a {@link ConstantCallSite} to it. Exports and table entries call through a mutable site
 * whose first target compiles the function and then retargets the site.
 */
final class FunctionLinkage {
  private final CompiledModule compiled;
  private final MutableCallSite[] sites;
  private final CompiledFunction[] current;
  private ClassLoader loader;

  /** Lazy modules: compiles and loads a function, returns its method. Null: eager. */
  private final IntFunction<MethodHandle> lazyLoader;

  /** Lazy modules: per function, null, the FutureTask compiling it, or its MethodHandle. */
  private final AtomicReferenceArray<Object> lazyTargets;

  FunctionLinkage(CompiledModule compiled) {
    this(compiled, null);
  }

  FunctionLinkage(CompiledModule compiled, IntFunction<MethodHandle> lazyLoader) {
    this.compiled = compiled;
    int n = compiled.functionTypes().size();
    this.sites = new MutableCallSite[n];
    this.current = new CompiledFunction[n];
    for (CompiledFunction f : compiled.functions()) {
      current[f.index()] = f;
    }
    this.lazyLoader = lazyLoader;
    this.lazyTargets = lazyLoader == null ? null : new AtomicReferenceArray<>(n);
  }

  /** Eager relinkable modules: their functions' specialized variants (null: none possible). */
  private Specializations specializations;

  /** Whether call sites start by profiling their function's arguments. */
  private boolean profiled;

  /**
   * Lets this (eager) module's functions get specialized variants; with {@code profile}, every site
   * made from now on profiles its function's arguments first ({@link Specializations}).
   */
  synchronized void specializeWith(Specializations s, boolean profile, boolean entryChecks) {
    this.specializations = s;
    this.profiled = profile;
    this.entryChecks = entryChecks;
    if (entryChecks) {
      s.whenGeneralOnly(this::generalOnly);
    }
  }

  /**
   * Whether the module's functions have entry checks ({@code CompileOptions.entryChecks()}): a
   * site's general code is then the method {@code f<N>$body}, and direct calls take the site only
   * while the function's {@code ENTRY$<N>} flag is set.
   */
  private boolean entryChecks;

  /** Function {@code index}'s site runs its general code alone: direct calls may skip it. */
  private void generalOnly(int index) {
    setEntryFlag(index, false);
  }

  private void setEntryFlag(int index, boolean on) {
    CompiledFunction f = current(index);
    try {
      Class<?> owner = Class.forName(f.owner(), true, loader);
      MethodHandles.publicLookup()
          .findStaticVarHandle(
              owner, io.ipvm.compiler.codegen.FunctionClassBuilder.entryFlag(index), boolean.class)
          .setVolatile(on);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("no entry flag for function " + index + " in " + f, e);
    }
  }

  /**
   * Adds a variant of function {@code index} for calls whose arguments equal {@code constants}: its
   * site enters {@code variant} when they do, and what it ran before otherwise.
   */
  synchronized void addVariant(int index, MethodHandle variant, Map<Integer, Number> constants) {
    MutableCallSite site = site(index);
    site.setTarget(Specializations.guard(variant, site.getTarget(), constants));
    MutableCallSite.syncAll(new MutableCallSite[] {site});
    if (entryChecks) {
      setEntryFlag(index, true);
    }
  }

  /** Sets the loader of the module's own classes (made after this linkage, which it refers to). */
  void attach(ClassLoader moduleLoader) {
    this.loader = moduleLoader;
  }

  boolean lazy() {
    return lazyLoader != null;
  }

  /** The call site of defined function {@code index}; {@code type} must be its type. */
  CallSite functionSite(int index, MethodType type) {
    if (lazy()) {
      checkDefined(index);
      MethodType own = methodType(index);
      if (!own.equals(type)) {
        throw new IllegalStateException(
            "call of function " + index + " as " + type + ", but its type is " + own);
      }
      try {
        return new ConstantCallSite(target(index));
      } catch (StackOverflowError e) {
        // Linked deep in a guest's recursion: a failed bootstrap would fail this call
        // instruction for good, so link it to the slower path that looks the code up each call.
        return new ConstantCallSite(trampoline(index, own));
      }
    }
    MutableCallSite site = site(index);
    if (!site.type().equals(type)) {
      throw new IllegalStateException(
          "call of function " + index + " as " + type + ", but its type is " + site.type());
    }
    return site;
  }

  /** A handle that always calls the current code of function {@code index} (context last). */
  MethodHandle invoker(int index) {
    return site(index).dynamicInvoker();
  }

  /** Where the current code of function {@code index} is (a lazy module compiles it now). */
  CompiledFunction current(int index) {
    checkDefined(index);
    if (lazy()) {
      target(index);
    }
    synchronized (this) {
      return current[index];
    }
  }

  /** Lazy modules: whether function {@code index} has been compiled. */
  boolean loaded(int index) {
    return lazy() && lazyTargets.get(index) instanceof MethodHandle;
  }

  /** Makes {@code code}, found in {@code codeLoader}, function {@code index}'s code. */
  synchronized void replace(int index, CompiledFunction code, ClassLoader codeLoader) {
    MutableCallSite site = site(index);
    site.setTarget(resolve(code, codeLoader));
    current[index] = code;
    // Make the new target visible to threads running compiled callers now.
    MutableCallSite.syncAll(new MutableCallSite[] {site});
  }

  /** Lazy modules: records where function {@code index}'s code is, once it is loaded. */
  synchronized void loaded(int index, CompiledFunction code) {
    current[index] = code;
  }

  private void checkDefined(int index) {
    if (index < compiled.importedFunctions() || index >= current.length) {
      throw new IllegalArgumentException(
          "function " + index + " is not a function the module defines");
    }
  }

  private synchronized MutableCallSite site(int index) {
    MutableCallSite s = sites[index];
    if (s == null) {
      if (lazy()) {
        checkDefined(index);
        Object t = lazyTargets.get(index);
        s =
            t instanceof MethodHandle h
                ? new MutableCallSite(h)
                : new MutableCallSite(trampoline(index, methodType(index)));
      } else {
        CompiledFunction code = current(index);
        s = new MutableCallSite(resolve(entryChecks ? body(code) : code, loader));
        if (profiled && Specializations.eligible(s.type())) {
          s.setTarget(specializations.profiling(index, s.getTarget(), s));
        } else if (entryChecks) {
          generalOnly(index);
        }
      }
      sites[index] = s;
    }
    return s;
  }

  /** The method type of defined function {@code index} (context last). */
  private MethodType methodType(int index) {
    String ctx = "L" + compiled.contextClass().replace('.', '/') + ";";
    return MethodType.fromMethodDescriptorString(
        Descriptors.method(compiled.functionTypes().get(index), ctx), loader);
  }

  /**
   * Lazy modules: the method of function {@code index}, compiled and loaded now if no thread has
   * done so before; threads that ask while it compiles wait for that compilation.
   */
  MethodHandle target(int index) {
    Object state = lazyTargets.get(index);
    if (state instanceof MethodHandle h) {
      return h;
    }
    if (state == null) {
      FutureTask<MethodHandle> task = new FutureTask<>(() -> lazyLoader.apply(index));
      if (lazyTargets.compareAndSet(index, null, task)) {
        compiler().execute(task);
      }
      state = lazyTargets.get(index);
      if (state instanceof MethodHandle h) {
        return h;
      }
    }
    @SuppressWarnings("unchecked")
    FutureTask<MethodHandle> task = (FutureTask<MethodHandle>) state;
    MethodHandle h = await(task);
    if (lazyTargets.compareAndSet(index, task, h)) {
      synchronized (this) {
        if (sites[index] != null) {
          sites[index].setTarget(h);
        }
      }
    }
    return h;
  }

  /** Stack of a lazy compile thread: IR building and emission recurse over nested blocks. */
  private static final long COMPILE_STACK = 64L << 20;

  /**
   * Lazy modules: the thread that compiles (or loads from the cache) the module's functions, one
   * after another — made when first needed and ended after a second without work. One thread, not
   * one per function: a program calls thousands (yosys -V: 1,264 threads with 64 MB stacks took a
   * tenth of a warm start), and compilations of a plan are serialized anyway.
   */
  private java.util.concurrent.ThreadPoolExecutor compiler;

  private synchronized java.util.concurrent.Executor compiler() {
    if (compiler == null) {
      compiler =
          new java.util.concurrent.ThreadPoolExecutor(
              1,
              1,
              1,
              java.util.concurrent.TimeUnit.SECONDS,
              new java.util.concurrent.LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(null, r, "ipvm-lazy-compile", COMPILE_STACK);
                t.setDaemon(true);
                return t;
              });
      compiler.allowCoreThreadTimeOut(true);
    }
    return compiler;
  }

  private static MethodHandle await(FutureTask<MethodHandle> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) {
            throw r;
          } else if (cause instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A handle of type {@code type} that calls {@code target(index)} on every call. */
  private MethodHandle trampoline(int index, MethodType type) {
    MethodHandle lookup = MethodHandles.insertArguments(TARGET.bindTo(this), 0, index);
    return MethodHandles.foldArguments(MethodHandles.exactInvoker(type), lookup);
  }

  private static final MethodHandle TARGET;

  static {
    try {
      TARGET =
          MethodHandles.lookup()
              .findVirtual(
                  FunctionLinkage.class,
                  "target",
                  MethodType.methodType(MethodHandle.class, int.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static MethodHandle resolve(CompiledFunction f, ClassLoader l) {
    try {
      Class<?> owner = Class.forName(f.owner(), true, l);
      MethodType mt = MethodType.fromMethodDescriptorString(f.descriptor(), l);
      return MethodHandles.publicLookup().findStatic(owner, f.method(), mt);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot link generated function " + f, e);
    }
  }

  /** The code behind function {@code f}'s entry check ({@code CompileOptions.entryChecks()}). */
  private static CompiledFunction body(CompiledFunction f) {
    return new CompiledFunction(
        f.index(), f.type(), f.owner(), f.method() + "$body", f.descriptor());
  }

  /** The internal class name for version {@code version} of function {@code index}'s code. */
  static String className(int index, int version) {
    return ModuleCompiler.PACKAGE + "Function" + index + "$v" + version;
  }
}
