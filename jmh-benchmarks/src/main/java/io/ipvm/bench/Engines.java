package io.ipvm.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.ipvm.runtime.WasmFunction;
import java.lang.invoke.MethodHandle;
import java.util.List;

/** The engines under test, by the names used for {@code @Param("engine")}. */
public final class Engines {

  public static final String IPVM = "ipvm";
  public static final String CHICORY_INTERPRETER = "chicory-interpreter";
  public static final String CHICORY_COMPILER = "chicory-compiler";
  public static final String GRAALWASM = "graalwasm";

  public static final List<String> ALL =
      List.of(IPVM, CHICORY_INTERPRETER, CHICORY_COMPILER, GRAALWASM);

  private Engines() {}

  /** Compiles and instantiates {@code wasm} (a module with no imports) on {@code engine}. */
  public static WasmRunner instantiate(String engine, String name, byte[] wasm) {
    return switch (engine) {
      case IPVM -> ipvm(wasm);
      case CHICORY_INTERPRETER -> chicory(wasm, false);
      case CHICORY_COMPILER -> chicory(wasm, true);
      case GRAALWASM -> GraalWasm.instantiate(name, wasm);
      default -> throw new IllegalArgumentException("unknown engine " + engine + "; one of " + ALL);
    };
  }

  /** ipvm-jvm: Wasm compiled to JVM classes; called through the exports' typed method handles. */
  static WasmRunner ipvm(byte[] wasm) {
    io.ipvm.runtime.Instance instance = io.ipvm.runtime.WasmModule.compile(wasm).instantiate();
    MethodHandle bench = typedHandle(instance.function("bench"), "bench");
    MethodHandle expected = typedHandle(instance.function("expected"), "expected");
    return new WasmRunner() {
      @Override
      public long bench() throws Throwable {
        return (long) bench.invokeExact();
      }

      @Override
      public long expected() throws Throwable {
        return (long) expected.invokeExact();
      }
    };
  }

  private static MethodHandle typedHandle(WasmFunction function, String name) {
    MethodHandle handle = function.handle();
    if (!handle.type().equals(java.lang.invoke.MethodType.methodType(long.class))) {
      throw new IllegalArgumentException(
          "export " + name + " must be () -> i64, is " + function.type() + " " + handle.type());
    }
    return handle;
  }

  /** Chicory 1.7.5: its interpreter, or its compiler (Wasm to JVM bytecode at instantiation). */
  static WasmRunner chicory(byte[] wasm, boolean compiled) {
    WasmModule module = Parser.parse(wasm);
    Instance.Builder builder = Instance.builder(module);
    if (compiled) {
      builder.withMachineFactory(MachineFactoryCompiler.compile(module));
    }
    Instance instance = builder.build();
    ExportFunction bench = instance.export("bench");
    ExportFunction expected = instance.export("expected");
    return new WasmRunner() {
      @Override
      public long bench() {
        return bench.apply()[0];
      }

      @Override
      public long expected() {
        return expected.apply()[0];
      }
    };
  }
}
