package io.ipvm.runtime;

import io.ipvm.runtime.internal.Context;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.function.Supplier;

/**
 * A WebAssembly function value: an export, a table entry, a {@code funcref}, or an import bound to
 * a host function. Its {@link #handle()} has the JVM-typed signature of the function: parameters as
 * {@code int/long/float/double/Object}, result {@code void}, the single result's type, or {@code
 * Object[]} for several results (boxed as in {@link #call}).
 *
 * <p>A function of an instance counts its nesting in the instance's {@link Context#callsLeft}, and
 * a trap unwinding guest frames skips their returns; so {@link #call} and the handle {@link
 * #handle()} gives out put the count back when the function throws. Generated code calling a
 * function of its own instance uses the bare handle ({@link #handleFrom}): that trap unwinds to a
 * host frame that restores it anyway.
 */
public final class WasmFunction {
  private final FunctionType type;
  private final String typeKey;
  private final Supplier<MethodHandle> resolver;
  private final Context owner;
  private final int index;
  private volatile MethodHandle raw;
  private volatile MethodHandle handle;

  /** A function whose handle is made on first use (so instantiation stays cheap). */
  public WasmFunction(FunctionType type, Supplier<MethodHandle> resolver) {
    this(type, resolver, null, -1);
  }

  /**
   * Function {@code index} (in the module's function index space) of the instance whose context is
   * {@code owner}.
   */
  WasmFunction(FunctionType type, Supplier<MethodHandle> resolver, Context owner, int index) {
    this.type = type;
    this.typeKey = type.key();
    this.resolver = resolver;
    this.owner = owner;
    this.index = index;
  }

  /** The function's type. */
  public FunctionType type() {
    return type;
  }

  /** The interned signature key (see {@link FunctionType#key()}). */
  public String typeKey() {
    return typeKey;
  }

  /** The typed handle that invokes this function (see the class comment for its shape). */
  public MethodHandle handle() {
    MethodHandle h = handle;
    if (h == null) {
      h = owner == null ? rawHandle() : CallDepth.restoring(rawHandle(), owner);
      handle = h;
    }
    return h;
  }

  /**
   * The handle generated code of the instance whose context is {@code caller} invokes: the bare one
   * for a function of that same instance, {@link #handle()} otherwise (a trap in another instance
   * must not leave that instance's call count short). Public for generated code and {@code Ops}
   * only.
   */
  public MethodHandle handleFrom(Context caller) {
    return caller == owner ? rawHandle() : handle();
  }

  /**
   * This function's index in its module when {@code caller} is the context of its own instance
   * (generated code may then call the function's method directly), else -1. Public for {@code Ops}
   * only.
   */
  public int indexIn(Context caller) {
    return caller == owner ? index : -1;
  }

  private MethodHandle rawHandle() {
    MethodHandle h = raw;
    if (h == null) {
      h = resolver.get().asType(methodType(type));
      raw = h;
    }
    return h;
  }

  /**
   * Calls the function with boxed arguments (Integer, Long, Float, Double, or references) and
   * returns its results, boxed the same way. Traps surface as {@link WasmTrap}, including {@link
   * TrapKind#CALL_STACK_EXHAUSTED} for runaway recursion.
   */
  public Object[] call(Object... args) {
    List<ValType> params = type.params();
    if (args.length != params.size()) {
      throw new IllegalArgumentException(
          "expected " + params.size() + " arguments for " + type + ", got " + args.length);
    }
    Object[] converted = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      converted[i] = Values.coerce(params.get(i), args[i], i);
    }
    Object result;
    Context c = owner;
    int callsLeft = c == null ? 0 : c.callsLeft;
    try {
      result =
          isWide(type)
              ? rawHandle().invokeWithArguments(new Object[] {converted})
              : rawHandle().invokeWithArguments(converted);
    } catch (Throwable t) {
      if (c != null) {
        c.callsLeft = callsLeft; // the unwound frames did not count themselves out
      }
      throw Boundary.translate(t);
    }
    return switch (type.results().size()) {
      case 0 -> new Object[0];
      case 1 -> new Object[] {result};
      default -> (Object[]) result;
    };
  }

  /**
   * Whether a function type has more parameters than a JVM method handle can take; such functions
   * take their arguments boxed in one {@code Object[]} (the compiler's "wide" convention).
   */
  public static boolean isWide(FunctionType type) {
    return io.ipvm.compiler.codegen.Descriptors.isWide(type);
  }

  /** The JVM method type of a Wasm function type, as used by every function handle. */
  public static MethodType methodType(FunctionType type) {
    if (isWide(type)) {
      return MethodType.methodType(returnType(type), Object[].class);
    }
    Class<?>[] params = new Class<?>[type.params().size()];
    for (int i = 0; i < params.length; i++) {
      params[i] = javaType(type.params().get(i));
    }
    return MethodType.methodType(returnType(type), params);
  }

  private static Class<?> returnType(FunctionType type) {
    return switch (type.results().size()) {
      case 0 -> void.class;
      case 1 -> javaType(type.results().get(0));
      default -> Object[].class;
    };
  }

  /** The JVM class used for values of a Wasm type. */
  public static Class<?> javaType(ValType t) {
    return switch (t) {
      case I32 -> int.class;
      case I64 -> long.class;
      case F32 -> float.class;
      case F64 -> double.class;
      case FUNCREF, EXTERNREF -> Object.class;
    };
  }

  @Override
  public String toString() {
    return "WasmFunction" + type;
  }
}
