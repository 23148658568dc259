package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ipvm.compiler.CompileOptions;
import io.ipvm.compiler.CompiledFunction;
import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.runtime.cache.ClassCache;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One function of running instances is recompiled ({@link WasmModule#recompile}) and every way of
 * calling it — a direct call, {@code call_indirect} through a table, the export, another instance
 * that imported it — runs the new code from the next call, with the same results. Which code runs
 * is seen from the host: {@code host.probe}, called by the function, finds the class of the
 * function's frame on the stack.
 */
class RecompileTest {
  private static final int F = CalleeProbe.F;

  private static final CompileOptions RELINKABLE = CompileOptions.DEFAULT.withRelinkable(true);

  static byte[] resource(String name) {
    return CalleeProbe.resource(name);
  }

  private final CalleeProbe callee = new CalleeProbe();

  /** The class running $f when host.probe was last called on this thread. */
  private final ThreadLocal<String> seen = callee.seen;

  Imports probe() {
    return callee.imports();
  }

  private static int expected(int n) {
    return CalleeProbe.expected(n);
  }

  /** Calls $f every way with argument n; checks each result and which class ran it. */
  private void everyWay(Instance a, Instance a2, Instance b, int n, String expectedClass) {
    for (String export : List.of("f", "direct", "indirect")) {
      seen.remove();
      assertArrayEquals(new Object[] {expected(n)}, a.call(export, n), export);
      assertEquals(expectedClass, seen.get(), export);
      seen.remove();
      assertArrayEquals(new Object[] {expected(n)}, a2.call(export, n), "second instance");
      assertEquals(expectedClass, seen.get(), "second instance, " + export);
    }
    seen.remove();
    assertArrayEquals(new Object[] {expected(n)}, b.call("viaImport", n));
    assertEquals(expectedClass, seen.get(), "through an import");
  }

  private void warmUp(Instance a, Instance b) {
    // Long enough for C2 to compile (and inline) the callers, which the relink must deoptimize.
    for (int k = 0; k < 30_000; k++) {
      a.call("direct", k & 15);
      a.call("indirect", k & 15);
      b.call("viaImport", k & 15);
    }
  }

  @Test
  void recompiledFunctionIsUsedByEveryCallerOfEveryInstance() {
    Engine engine = Engine.create(Engine.Config.defaults());
    WasmModule callee = engine.compile(resource("callee.wasm"), RELINKABLE);
    Instance a = callee.instantiate(probe());
    Instance a2 = callee.instantiate(probe());
    Instance b =
        engine
            .compile(resource("importer.wasm"))
            .instantiate(new Imports().addInstance("callee", a));
    String original = callee.code(F).owner();
    assertEquals("io.ipvm.generated.Functions0", original);
    everyWay(a, a2, b, 10, original);
    warmUp(a, b);
    long compilations = engine.compilations();

    // A variant: split into many methods (frame mode), the same semantics.
    CompiledFunction split = callee.recompile(F, CompileOptions.DEFAULT.withSplitBudget(100));
    assertEquals("io.ipvm.generated.Function1$v1", split.owner());
    assertEquals(split, callee.code(F));
    assertEquals(compilations + 1, engine.compilations());
    everyWay(a, a2, b, 10, split.owner());
    warmUp(a, b);
    everyWay(a, a2, b, 7, split.owner());

    // And back to the plain variant, in yet another class.
    CompiledFunction plain = callee.recompile(F, CompileOptions.DEFAULT);
    assertEquals("io.ipvm.generated.Function1$v2", plain.owner());
    everyWay(a, a2, b, 12, plain.owner());
    assertEquals(List.of(), callee.verifyGeneratedClasses());
  }

  @Test
  void meteredCodeIsRecompiledMeteredAndCountsTheSameFuel() {
    Engine engine = Engine.create(Engine.Config.defaults());
    WasmModule callee =
        engine.compile(resource("callee.wasm"), CompileOptions.METERED.withRelinkable(true));
    Instance a = callee.instantiate(probe(), new Limits(1_000_000, 1L << 20));
    long before = a.fuelConsumed();
    a.call("indirect", 20);
    long perCall = a.fuelConsumed() - before;
    assertThrows(IllegalArgumentException.class, () -> callee.recompile(F, CompileOptions.DEFAULT));
    CompiledFunction split = callee.recompile(F, CompileOptions.METERED.withSplitBudget(100));
    before = a.fuelConsumed();
    seen.remove();
    a.call("indirect", 20);
    assertEquals(split.owner(), seen.get());
    assertEquals(perCall, a.fuelConsumed() - before, "fuel counts Wasm instructions, not code");
  }

  @Test
  void onlyDefinedFunctionsOfKnownBytesAreRecompiled(@TempDir Path dir) {
    Engine engine =
        Engine.create(
            Engine.Config.defaults()
                .withClassCache(
                    new ClassCache(
                        new FileBlockStore(dir.resolve("blocks")), dir.resolve("index"))));
    byte[] wasm = resource("callee.wasm");
    assertThrows(
        IllegalStateException.class,
        () -> engine.compile(wasm).recompile(F, CompileOptions.DEFAULT),
        "not relinkable");
    WasmModule compiled = engine.compile(wasm, RELINKABLE);
    assertThrows(
        IllegalArgumentException.class, () -> compiled.recompile(0, CompileOptions.DEFAULT));
    assertThrows(
        IllegalArgumentException.class, () -> compiled.recompile(9, CompileOptions.DEFAULT));
    assertThrows(
        IllegalStateException.class,
        () -> WasmModule.fromCompiled(compiled.compiled()).recompile(F, RELINKABLE));

    // A module loaded from the on-disk cache (a new cache: not the one in memory) keeps its bytes.
    WasmModule loaded =
        new ClassCache(new FileBlockStore(dir.resolve("blocks")), dir.resolve("index"))
            .module(wasm, RELINKABLE, engine)
            .module();
    Instance i = loaded.instantiate(probe());
    CompiledFunction v = loaded.recompile(F, CompileOptions.DEFAULT.withSplitBudget(100));
    seen.remove();
    assertArrayEquals(new Object[] {expected(5)}, i.call("direct", 5));
    assertEquals(v.owner(), seen.get());
  }
}
