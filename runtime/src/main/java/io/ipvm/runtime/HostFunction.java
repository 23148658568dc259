package io.ipvm.runtime;

import io.ipvm.wasm.FunctionType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Makes host (Java) functions importable by WebAssembly modules. The result is a {@link
 * WasmFunction}, the same kind of value as an exported Wasm function, so imports are bound the same
 * way whichever side implements them: through a typed {@link MethodHandle}, never through boxed
 * argument arrays in compiled code.
 */
public final class HostFunction {
  private HostFunction() {}

  /** A host function written against boxed values (simple, not the fastest). */
  @FunctionalInterface
  public interface Implementation {
    /**
     * Called with the arguments boxed (Integer, Long, Float, Double, references); returns the
     * results boxed the same way ({@code null} or an empty array for none).
     */
    Object[] apply(Object... args) throws Throwable;
  }

  private static final MethodHandle APPLY;
  private static final MethodHandle FIRST;
  private static final MethodHandle CHECK_NONE;
  private static final MethodHandle CHECK_MANY;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      APPLY =
          l.findVirtual(
              Implementation.class, "apply", MethodType.methodType(Object[].class, Object[].class));
      FIRST =
          l.findStatic(
              HostFunction.class, "first", MethodType.methodType(Object.class, Object[].class));
      CHECK_NONE =
          l.findStatic(
              HostFunction.class, "none", MethodType.methodType(void.class, Object[].class));
      CHECK_MANY =
          l.findStatic(
              HostFunction.class, "many", MethodType.methodType(Object[].class, Object[].class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A host function of {@code type} implemented by {@code impl}. */
  public static WasmFunction of(FunctionType type, Implementation impl) {
    MethodHandle h = APPLY.bindTo(impl);
    if (!WasmFunction.isWide(type)) {
      h = h.asCollector(Object[].class, type.params().size());
    }
    h =
        switch (type.results().size()) {
          case 0 -> MethodHandles.filterReturnValue(h, CHECK_NONE);
          case 1 -> MethodHandles.filterReturnValue(h, FIRST);
          default -> MethodHandles.filterReturnValue(h, CHECK_MANY);
        };
    MethodHandle typed = h.asType(WasmFunction.methodType(type));
    return new WasmFunction(type, () -> typed);
  }

  /**
   * A host function implemented by a method handle whose type is exactly {@link
   * WasmFunction#methodType(FunctionType)} of {@code type} (or convertible to it by {@code
   * asType}). The fastest way to provide an import.
   */
  public static WasmFunction ofHandle(FunctionType type, MethodHandle handle) {
    MethodHandle typed = handle.asType(WasmFunction.methodType(type));
    return new WasmFunction(type, () -> typed);
  }

  private static Object first(Object[] results) {
    if (results == null || results.length != 1) {
      throw new IllegalStateException(
          "host function returned "
              + (results == null ? "nothing" : results.length + " values")
              + ", expected 1");
    }
    return results[0];
  }

  private static void none(Object[] results) {
    if (results != null && results.length != 0) {
      throw new IllegalStateException(
          "host function returned " + results.length + " values, expected none");
    }
  }

  private static Object[] many(Object[] results) {
    if (results == null) {
      throw new IllegalStateException("host function returned nothing, expected results");
    }
    return results;
  }
}
