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

  /**
   * ipvm-jvm's adaptive tier: code with entry checks whose functions get variants specialized on
   * the arguments their calls keep passing ({@code SpecializationPolicy.adaptive()}).
   */
  public static final String IPVM_ADAPTIVE = "ipvm-adaptive";

  /**
   * ipvm-jvm's relinkable code with no specialization policy: the linkage the adaptive tier needs
   * (a replaceable call site per function), without profiles or variants — to tell its cost from
   * theirs.
   */
  public static final String IPVM_RELINKABLE = "ipvm-relinkable";

  public static final String CHICORY_INTERPRETER = "chicory-interpreter";
  public static final String CHICORY_COMPILER = "chicory-compiler";
  public static final String GRAALWASM = "graalwasm";

  public static final List<String> ALL =
      List.of(
          IPVM, IPVM_ADAPTIVE, IPVM_RELINKABLE, CHICORY_INTERPRETER, CHICORY_COMPILER, GRAALWASM);

  private Engines() {}

  /**
   * Seconds of warm-up {@code engine} needs beyond JMH's own before its iterations are flat, for
   * {@code setting} "auto"; otherwise {@code setting} is the number of seconds. GraalWasm's Truffle
   * JIT on 2 cores: with JMH's 5 × 2 s alone KernelBench measured it at 3.85× native with errors of
   * ±50–100 %, with 15 s more at 1.36× and flat. Chicory's compiler still drifted 14–18 % across
   * the measured iterations of matmul, json and image (kernel.json of 37779c5); ipvm-jvm's methods
   * reach C2 within JMH's warm-up.
   */
  public static double prewarmSeconds(String engine, String setting) {
    if (!setting.equals("auto")) {
      try {
        double s = Double.parseDouble(setting);
        if (s >= 0) {
          return s;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "prewarm must be 'auto' or a number of seconds >= 0, got '" + setting + "'");
    }
    return switch (engine) {
      case GRAALWASM -> 15;
      case CHICORY_COMPILER -> 5;
      default -> 0;
    };
  }

  /** Compiles and instantiates {@code wasm} (a module with no imports) on {@code engine}. */
  public static WasmRunner instantiate(String engine, String name, byte[] wasm) {
    return switch (engine) {
      case IPVM -> ipvm(wasm);
      case IPVM_ADAPTIVE -> ipvm(adaptive().compile(wasm, ENTRY_CHECKS).instantiate());
      case IPVM_RELINKABLE ->
          ipvm(io.ipvm.runtime.WasmModule.compile(wasm, RELINKABLE).instantiate());
      case CHICORY_INTERPRETER -> chicory(wasm, false);
      case CHICORY_COMPILER -> chicory(wasm, true);
      case GRAALWASM -> GraalWasm.instantiate(name, wasm);
      default -> throw new IllegalArgumentException("unknown engine " + engine + "; one of " + ALL);
    };
  }

  /** ipvm-jvm: Wasm compiled to JVM classes; called through the exports' typed method handles. */
  static WasmRunner ipvm(byte[] wasm) {
    return ipvm(io.ipvm.runtime.WasmModule.compile(wasm).instantiate());
  }

  private static final io.ipvm.compiler.CompileOptions RELINKABLE =
      io.ipvm.compiler.CompileOptions.DEFAULT.withRelinkable(true);

  /** The adaptive tier's linkage: direct calls through each function's entry check. */
  private static final io.ipvm.compiler.CompileOptions ENTRY_CHECKS =
      io.ipvm.compiler.CompileOptions.DEFAULT.withEntryChecks(true);

  private static io.ipvm.runtime.Engine adaptive() {
    return io.ipvm.runtime.Engine.create(
        io.ipvm.runtime.Engine.Config.defaults()
            .withSpecialization(io.ipvm.profiler.SpecializationPolicy.adaptive()));
  }

  static WasmRunner ipvm(io.ipvm.runtime.Instance instance) {
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
