package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.compiler.CompileOptions;
import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.runtime.cache.ClassCache;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lazy modules ({@link Engine.Config#lazy()}): validated completely when compiled, each function
 * compiled when it is first called — by a call instruction, through a table, or as an export —
 * once, whichever threads call it first; results as with the eager compile.
 */
class LazyLoadingTest {
  private static final int N = 1000;

  private static Engine lazyEngine() {
    return Engine.create(Engine.Config.defaults().withLazy(true));
  }

  /**
   * N functions of type () -> i32; function k returns k, except function 0 ("main"), which returns
   * f7() + table[500]() and function 1 ("twice"), which returns f7() + f7(). Exports: main, twice,
   * f9 and, for each k in 100..199, "c<k>" = function k+100, which returns f(k+700)().
   */
  static byte[] module() {
    WasmBuilder b = new WasmBuilder();
    int t = b.type(new int[0], new int[] {WasmBuilder.I32});
    for (int k = 0; k < N; k++) {
      ByteArrayOutputStream code = new ByteArrayOutputStream();
      if (k == 0) {
        code.write(0x10);
        leb(code, 7);
        code.write(0x41);
        leb(code, 500);
        code.write(0x11);
        code.write(t);
        code.write(0);
        code.write(0x6A);
      } else if (k == 1) {
        code.write(0x10);
        leb(code, 7);
        code.write(0x10);
        leb(code, 7);
        code.write(0x6A);
      } else if (k >= 200 && k < 300) {
        code.write(0x10);
        leb(code, k + 600);
      } else {
        code.write(0x41);
        leb(code, k);
      }
      b.function(t, new int[0][], code.toByteArray());
    }
    b.export("main", 0);
    b.export("twice", 1);
    b.export("f9", 9);
    for (int k = 200; k < 300; k++) {
      b.export("c" + k, k);
    }
    b.tableOfAllFunctions();
    return b.build();
  }

  /** Unsigned LEB128 (enough for the small positive constants and indices above). */
  private static void leb(ByteArrayOutputStream out, int v) {
    while (true) {
      int b = v & 0x7F;
      v >>>= 7;
      if (v == 0 && (b & 0x40) == 0) {
        out.write(b);
        return;
      }
      out.write(b | 0x80);
    }
  }

  @Test
  void onlyTheCalledFunctionsAreCompiled() {
    byte[] wasm = module();
    Engine engine = lazyEngine();
    WasmModule module = engine.compile(wasm);
    assertTrue(module.isLazy());
    assertEquals(0, engine.compilations(), "validated, nothing compiled");
    Instance instance = module.instantiate();
    assertEquals(0, engine.compilations(), "instantiation compiles nothing");
    assertArrayEquals(new Object[] {507}, instance.call("main"));
    assertEquals(3, engine.compilations(), "main, f7 (a call) and f500 (through the table)");
    assertArrayEquals(new Object[] {507}, instance.call("main"));
    assertArrayEquals(new Object[] {14}, instance.call("twice"));
    assertEquals(4, engine.compilations(), "twice; f7 was compiled already");
    // A second instance shares the compiled functions.
    Instance other = module.instantiate();
    assertArrayEquals(new Object[] {507}, other.call("main"));
    assertArrayEquals(new Object[] {9}, other.call("f9"));
    assertEquals(5, engine.compilations());
    assertEquals(List.of(), module.verifyGeneratedClasses());
    assertThrows(
        IllegalStateException.class,
        () -> module.recompile(7, CompileOptions.DEFAULT.withRelinkable(true)));
  }

  @Test
  void resultsEqualTheEagerCompile() throws Exception {
    Path workloads = Path.of("..", "jmh-benchmarks", "workloads");
    for (String name : List.of("fib", "sha256", "json")) {
      byte[] wasm = Files.readAllBytes(workloads.resolve(name + ".wasm"));
      Instance eager = WasmModule.compile(wasm).instantiate();
      Engine engine = lazyEngine();
      WasmModule lazy = engine.compile(wasm);
      Instance li = lazy.instantiate();
      for (WasmModule.ExportDescriptor e : lazy.exports()) {
        if (e.functionType() != null && e.functionType().params().isEmpty()) {
          assertArrayEquals(eager.call(e.name()), li.call(e.name()), name + " " + e.name());
        }
      }
      int defined = lazy.compiled().functionTypes().size() - lazy.compiled().importedFunctions();
      assertTrue(engine.compilations() <= defined, name);
    }
  }

  @Test
  void anInvalidModuleIsRejectedUpFront() {
    byte[] wasm = module();
    // The last body's `i32.const 999; end` becomes `i32.add; end`: invalid.
    int at = wasm.length - 4;
    assertEquals(0x41, wasm[at] & 0xFF);
    wasm[at] = 0x6A;
    wasm[at + 1] = 0x01; // nop
    wasm[at + 2] = 0x01;
    Engine engine = lazyEngine();
    ModuleException.Invalid lazy =
        assertThrows(ModuleException.Invalid.class, () -> engine.compile(wasm));
    // The error an eager compile gives, located in the same function.
    ModuleException.Invalid eager =
        assertThrows(ModuleException.Invalid.class, () -> WasmModule.compile(wasm));
    assertEquals(eager.getMessage(), lazy.getMessage());
    assertEquals(N - 1, lazy.functionIndex());
  }

  @Test
  void anInvalidModuleLeavesNoValidationRecordInTheCache(@TempDir Path dir) throws Exception {
    byte[] wasm = module();
    int at = wasm.length - 4;
    wasm[at] = 0x6A;
    wasm[at + 1] = 0x01;
    wasm[at + 2] = 0x01;
    ClassCache cache = cache(dir);
    Engine engine = Engine.create(Engine.Config.defaults().withLazy(true).withClassCache(cache));
    assertThrows(ModuleException.Invalid.class, () -> engine.compile(wasm));
    assertThrows(ModuleException.Invalid.class, () -> engine.compile(wasm), "still rejected");
    assertFalse(
        Files.exists(dir.resolve("index"))
            && Files.list(dir.resolve("index")).findAny().isPresent());
  }

  private static ClassCache cache(Path dir) {
    return new ClassCache(new FileBlockStore(dir.resolve("blocks")), dir.resolve("index"));
  }

  @Test
  void theCacheKeepsTheValidationAndEachCompiledFunction(@TempDir Path dir) {
    byte[] wasm = module();
    ClassCache first = cache(dir);
    Engine engine = Engine.create(Engine.Config.defaults().withLazy(true).withClassCache(first));
    ClassCache.LazyLookup found = first.lazyModule(wasm, CompileOptions.DEFAULT, engine);
    assertFalse(found.validatedBefore());
    assertEquals(0, found.functionsCached());
    assertArrayEquals(new Object[] {507}, found.module().instantiate().call("main"));
    assertEquals(3, engine.compilations());
    first.flush(); // what `ipvm run` does at the end

    // Another engine and cache over the same directories: as a second process would.
    ClassCache second = cache(dir);
    Engine again = Engine.create(Engine.Config.defaults().withLazy(true).withClassCache(second));
    ClassCache.LazyLookup hit = second.lazyModule(wasm, CompileOptions.DEFAULT, again);
    assertTrue(hit.validatedBefore(), "not validated again");
    assertEquals(3, hit.functionsCached());
    assertEquals(null, hit.note());
    Instance instance = hit.module().instantiate();
    assertArrayEquals(new Object[] {507}, instance.call("main"));
    assertEquals(0, again.compilations(), "main, f7 and f500 loaded from the cache");
    assertArrayEquals(new Object[] {14}, instance.call("twice"));
    assertEquals(1, again.compilations(), "twice was not compiled before");
    assertEquals(List.of(), hit.module().verifyGeneratedClasses());

    // Other options are another entry: validated and compiled again.
    Engine metered = Engine.create(Engine.Config.defaults().withLazy(true).withClassCache(second));
    ClassCache.LazyLookup other = second.lazyModule(wasm, CompileOptions.METERED, metered);
    assertFalse(other.validatedBefore());
    assertEquals(0, other.functionsCached());
  }

  @Test
  void aDamagedPackIsDroppedAndItsFunctionsCompiledAgain(@TempDir Path dir) throws Exception {
    byte[] wasm = module();
    ClassCache first = cache(dir);
    Engine engine = Engine.create(Engine.Config.defaults().withLazy(true).withClassCache(first));
    first.lazyModule(wasm, CompileOptions.DEFAULT, engine).module().instantiate().call("main");
    first.flush();
    // Damage every block but the validation record (the smallest).
    List<Path> blocks;
    try (var files = Files.walk(dir.resolve("blocks"))) {
      blocks = files.filter(Files::isRegularFile).sorted().toList();
    }
    Path smallest =
        blocks.stream()
            .min(java.util.Comparator.comparingLong(p -> p.toFile().length()))
            .orElseThrow();
    for (Path b : blocks) {
      if (!b.equals(smallest)) {
        Files.write(b, new byte[] {1, 2, 3});
      }
    }
    ClassCache second = cache(dir);
    Engine again = Engine.create(Engine.Config.defaults().withLazy(true).withClassCache(second));
    ClassCache.LazyLookup found = second.lazyModule(wasm, CompileOptions.DEFAULT, again);
    assertTrue(found.note() != null && found.note().contains("dropped"), found.note());
    assertEquals(0, found.functionsCached());
    assertArrayEquals(new Object[] {507}, found.module().instantiate().call("main"));
    assertEquals(3, again.compilations());
  }

  @Test
  void threadsCallingAFreshFunctionFirstCompileItOnce() throws Exception {
    Engine engine = lazyEngine();
    Instance instance = engine.compile(module()).instantiate();
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int k = 200; k < 230; k++) {
        String export = "c" + k;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<Object[]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return instance.call(export);
                  }));
        }
        for (Future<Object[]> r : results) {
          assertArrayEquals(new Object[] {k + 600}, r.get());
        }
        assertEquals(2L * (k - 199), engine.compilations(), export + " and f" + (k + 600));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void trapsFuelAndDeepRecursionWork() throws Exception {
    // sha256 metered, lazily, under a fuel limit: the same fuel as eager code, and it runs out.
    byte[] wasm = Files.readAllBytes(Path.of("..", "jmh-benchmarks", "workloads", "fib.wasm"));
    Engine engine =
        Engine.create(Engine.Config.defaults().withLazy(true).withOptions(CompileOptions.METERED));
    WasmModule lazy = engine.compile(wasm);
    WasmModule eager = WasmModule.compile(wasm, CompileOptions.METERED);
    String export = null;
    for (WasmModule.ExportDescriptor e : lazy.exports()) {
      if (e.functionType() != null && e.functionType().params().isEmpty()) {
        export = e.name();
        break;
      }
    }
    Instance le = lazy.instantiate(new Imports(), Limits.none());
    Instance ee = eager.instantiate(new Imports(), Limits.none());
    assertArrayEquals(ee.call(export), le.call(export));
    assertEquals(ee.fuelConsumed(), le.fuelConsumed());
    long fuel = ee.fuelConsumed() / 2;
    Instance limited = engine.compile(wasm).instantiate(new Imports(), new Limits(fuel, 1 << 30));
    String e = export;
    WasmTrap trap = assertThrows(WasmTrap.class, () -> limited.call(e));
    assertEquals(TrapKind.FUEL_EXHAUSTED, trap.kind());
    assertFalse(lazy.compiled().functionTypes().isEmpty());

    // Unbounded recursion, compiled lazily: call stack exhausted, and the instance still works.
    WasmBuilder b = new WasmBuilder();
    int t = b.type(new int[] {WasmBuilder.I32}, new int[] {WasmBuilder.I32});
    // f0(x) = f1(x + 1); f1(x) = f0(x + 1): mutual recursion, each linked on its first call.
    b.function(t, new int[0][], new byte[] {0x20, 0, 0x41, 1, 0x6A, 0x10, 1});
    b.function(t, new int[0][], new byte[] {0x20, 0, 0x41, 1, 0x6A, 0x10, 0});
    b.function(t, new int[0][], new byte[] {0x20, 0});
    b.export("deep", 0);
    b.export("id", 2);
    Instance r = lazyEngine().compile(b.build()).instantiate();
    WasmTrap deep = assertThrows(WasmTrap.class, () -> r.call("deep", 0));
    assertEquals(TrapKind.CALL_STACK_EXHAUSTED, deep.kind());
    assertArrayEquals(new Object[] {5}, r.call("id", 5));
  }
}
