package io.ipvm.runtime;

import io.ipvm.compiler.CompiledFunction;
import io.ipvm.compiler.CompiledModule;
import io.ipvm.compiler.ModuleCompiler;
import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

/**
 * The current code of each defined function of one module. In relinkable code ({@code
 * CompileOptions.relinkable()}) every call of a defined function is an {@code invokedynamic} that
 * {@link io.ipvm.runtime.internal.Linker} links to this module's one {@link MutableCallSite} for
 * the callee, and exports, table entries and imports into other instances call through the same
 * site ({@link MutableCallSite#dynamicInvoker()}). Replacing a function's code is then one {@code
 * setTarget}: every instance of the module and every caller runs the new code from its next call;
 * calls already running finish in the old code. Sites are made on first use.
 */
final class FunctionLinkage {
  private final CompiledModule compiled;
  private final MutableCallSite[] sites;
  private final CompiledFunction[] current;
  private ClassLoader loader;

  FunctionLinkage(CompiledModule compiled) {
    this.compiled = compiled;
    int n = compiled.functionTypes().size();
    this.sites = new MutableCallSite[n];
    this.current = new CompiledFunction[n];
    for (CompiledFunction f : compiled.functions()) {
      current[f.index()] = f;
    }
  }

  /** Sets the loader of the module's own classes (made after this linkage, which it refers to). */
  void attach(ClassLoader moduleLoader) {
    this.loader = moduleLoader;
  }

  /** The call site of defined function {@code index}; {@code type} must be its type. */
  CallSite functionSite(int index, MethodType type) {
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

  /** Where the current code of function {@code index} is. */
  synchronized CompiledFunction current(int index) {
    CompiledFunction f = index >= 0 && index < current.length ? current[index] : null;
    if (f == null) {
      throw new IllegalArgumentException(
          "function " + index + " is not a function the module defines");
    }
    return f;
  }

  /** Makes {@code code}, found in {@code codeLoader}, function {@code index}'s code. */
  synchronized void replace(int index, CompiledFunction code, ClassLoader codeLoader) {
    MutableCallSite site = site(index);
    site.setTarget(resolve(code, codeLoader));
    current[index] = code;
    // Make the new target visible to threads running compiled callers now.
    MutableCallSite.syncAll(new MutableCallSite[] {site});
  }

  private synchronized MutableCallSite site(int index) {
    MutableCallSite s = sites[index];
    if (s == null) {
      s = new MutableCallSite(resolve(current(index), loader));
      sites[index] = s;
    }
    return s;
  }

  private static MethodHandle resolve(CompiledFunction f, ClassLoader l) {
    try {
      Class<?> owner = Class.forName(f.owner(), true, l);
      MethodType mt = MethodType.fromMethodDescriptorString(f.descriptor(), l);
      return MethodHandles.publicLookup().findStatic(owner, f.method(), mt);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot link generated function " + f, e);
    }
  }

  /** The internal class name for version {@code version} of function {@code index}'s code. */
  static String className(int index, int version) {
    return ModuleCompiler.PACKAGE + "Function" + index + "$v" + version;
  }
}
