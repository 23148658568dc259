package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ipvm.compiler.CompileOptions;
import io.ipvm.runtime.internal.Ops;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Guest call depth ({@link Ops#MAX_CALL_DEPTH}): legitimately deep recursion works, runaway
 * recursion traps with {@code call stack exhausted} at the bound, and the instance stays usable
 * afterwards whichever way the trap left it (call, raw handle, a host function in between, another
 * instance).
 */
class CallDepthTest {
  /** The stack {@code ipvm run} gives guests: big enough for the whole bound. */
  private static final long STACK = 256L << 20;

  enum Variant {
    PLAIN(CompileOptions.DEFAULT),
    METERED(CompileOptions.METERED);

    final CompileOptions options;

    Variant(CompileOptions options) {
      this.options = options;
    }
  }

  private static WasmModule compile(String name, CompileOptions options) {
    try (InputStream in = CallDepthTest.class.getResourceAsStream("/recursion/" + name)) {
      return WasmModule.compile(in.readAllBytes(), options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An instance of recursion.wasm whose host.reenter calls {@code runaway} and returns 7. */
  private static Instance recursion(Variant v) {
    AtomicReference<Instance> self = new AtomicReference<>();
    WasmFunction reenter =
        HostFunction.of(
            FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
            args -> {
              WasmTrap t = assertThrows(WasmTrap.class, () -> self.get().call("runaway", 0));
              assertEquals(TrapKind.CALL_STACK_EXHAUSTED, t.kind());
              return new Object[] {7};
            });
    Instance i =
        compile("recursion.wasm", v.options)
            .instantiate(new Imports().add("host", "reenter", reenter), Limits.none());
    self.set(i);
    return i;
  }

  /** A test body that may throw anything (raw method-handle invocations do). */
  private interface Body<T> {
    T run() throws Throwable;
  }

  private static <T> T onBigStack(Body<T> body) throws Exception {
    AtomicReference<Object> out = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                out.set(body.run());
              } catch (Throwable e) {
                out.set(e);
              }
            },
            "deep",
            STACK);
    t.start();
    t.join();
    if (out.get() instanceof Exception e) {
      throw e;
    }
    if (out.get() instanceof Error e) {
      throw e;
    }
    @SuppressWarnings("unchecked")
    T result = (T) out.get();
    return result;
  }

  private static void assertExhausted(org.junit.jupiter.api.function.Executable e) {
    assertEquals(TrapKind.CALL_STACK_EXHAUSTED, assertThrows(WasmTrap.class, e).kind());
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void recursionUpToTheBoundWorksAndOneFrameMoreTraps(Variant v) throws Exception {
    onBigStack(
        () -> {
          Instance i = recursion(v);
          assertEquals(100_000, i.call("depth", 100_000)[0]);
          // depth(n) is n + 1 frames
          assertEquals(Ops.MAX_CALL_DEPTH - 1, i.call("depth", Ops.MAX_CALL_DEPTH - 1)[0]);
          assertExhausted(() -> i.call("depth", Ops.MAX_CALL_DEPTH));
          assertEquals(Ops.MAX_CALL_DEPTH - 1, i.call("depth", Ops.MAX_CALL_DEPTH - 1)[0]);
          return null;
        });
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void runawayRecursionTrapsAndTheInstanceCarriesOn(Variant v) throws Exception {
    onBigStack(
        () -> {
          Instance i = recursion(v);
          for (int k = 0; k < 3; k++) {
            assertExhausted(() -> i.call("runaway", 0));
            assertExhausted(() -> i.call("ping", 0)); // mutual, through call_indirect
            // Nothing of the trapped calls is still counted: the full depth is available again.
            assertEquals(Ops.MAX_CALL_DEPTH - 1, i.call("depth", Ops.MAX_CALL_DEPTH - 1)[0]);
          }
          return null;
        });
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void onlyFunctionsThatCanBeOnACycleCountTheirCalls(Variant v) throws Exception {
    // f0 is the import; f6 (leaf) and f7 (chain) are on no cycle of calls
    assertEquals(
        java.util.Set.of("f1", "f2", "f3", "f4", "f5", "f8", "f9"),
        GeneratedMethods.countingCalls(compile("recursion.wasm", v.options)));
    onBigStack(
        () -> {
          Instance i = recursion(v);
          assertEquals(12, i.call("chain", 10)[0]);
          assertExhausted(() -> i.call("even", 0)); // mutual, through direct calls
          assertEquals(Ops.MAX_CALL_DEPTH - 1, i.call("depth", Ops.MAX_CALL_DEPTH - 1)[0]);
          return null;
        });
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void aTrapThroughTheRawHandleLeavesTheCountIntact(Variant v) throws Exception {
    onBigStack(
        () -> {
          Instance i = recursion(v);
          MethodHandle runaway = i.function("runaway").handle();
          MethodHandle depth = i.function("depth").handle();
          for (int k = 0; k < 3; k++) {
            assertExhausted(() -> runaway.invoke(0));
          }
          assertEquals(Ops.MAX_CALL_DEPTH - 1, (int) depth.invokeExact(Ops.MAX_CALL_DEPTH - 1));
          return null;
        });
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void aHostFunctionCatchingANestedTrapLeavesTheOuterCallsCounted(Variant v) throws Exception {
    onBigStack(
        () -> {
          Instance i = recursion(v);
          // 1,000 frames, then the host re-enters, catches call stack exhausted and returns 7.
          assertEquals(1_000 + 7, i.call("nested", 1_000)[0]);
          assertEquals(Ops.MAX_CALL_DEPTH - 1, i.call("depth", Ops.MAX_CALL_DEPTH - 1)[0]);
          assertExhausted(() -> i.call("depth", Ops.MAX_CALL_DEPTH));
          return null;
        });
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void aTrapInAnotherInstanceLeavesItsCountIntact(Variant v) throws Exception {
    onBigStack(
        () -> {
          Instance callee = recursion(v);
          Instance caller =
              compile("caller.wasm", v.options)
                  .instantiate(
                      new Imports()
                          .add("other", "runaway", callee.function("runaway"))
                          .add("other", "depth", callee.function("depth")),
                      Limits.none());
          for (int k = 0; k < 3; k++) {
            assertExhausted(() -> caller.call("runaway", 0));
          }
          assertEquals(Ops.MAX_CALL_DEPTH - 1, caller.call("depth", Ops.MAX_CALL_DEPTH - 1)[0]);
          assertEquals(Ops.MAX_CALL_DEPTH - 1, callee.call("depth", Ops.MAX_CALL_DEPTH - 1)[0]);
          return null;
        });
  }
}
