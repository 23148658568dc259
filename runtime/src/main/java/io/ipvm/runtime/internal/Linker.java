package io.ipvm.runtime.internal;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Links the {@code invokedynamic} instructions generated code calls defined functions with. Each
 * names its callee by index; the call site is the module's one {@link java.lang.invoke
 * .MutableCallSite} for that function, so every caller of a function — in any class of the module —
 * shares it, and replacing the function's code ({@code WasmModule.recompile}) is one {@code
 * setTarget}. C2 treats a mutable call site's target as a constant (it records a dependency and
 * deoptimizes the compiled callers when the target changes), so a call inlines as a direct {@code
 * invokestatic} does. Public only for generated code.
 */
public final class Linker {
  private Linker() {}

  /**
   * A class loader whose classes' calls are linked to one module's functions: the module's own
   * loader, and the loaders of functions recompiled later.
   */
  public interface Linked {
    /** The call site of defined function {@code index}, whose type is {@code type}. */
    CallSite functionSite(int index, MethodType type);
  }

  /**
   * Bootstrap of a call of defined function {@code index}: the module's call site for it.
   *
   * @throws IllegalStateException if the caller is not generated code of a module
   */
  public static CallSite function(
      MethodHandles.Lookup caller, String name, MethodType type, int index) {
    if (caller.lookupClass().getClassLoader() instanceof Linked linked) {
      return linked.functionSite(index, type);
    }
    throw new IllegalStateException(
        caller.lookupClass() + " is not generated code of a module: cannot link " + name);
  }
}
