package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ipvm.compiler.CompileOptions;
import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.runtime.cache.ClassCache;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine holds what used to be static: options, compile threads, the class cache, counts. */
class EngineTest {
  private static final Path FIB = Path.of("..", "examples", "fib.wasm");

  @Test
  void compilesWithItsOptionsAndCountsItsOwnCompilations() throws Exception {
    byte[] wasm = Files.readAllBytes(FIB);
    Engine metered =
        Engine.create(
            Engine.Config.defaults().withOptions(CompileOptions.METERED).withCompileThreads(1));
    Engine plain = Engine.create(Engine.Config.defaults());
    WasmModule m = metered.compile(wasm);
    assertSame(metered, m.engine());
    assertEquals(1, metered.compilations());
    assertEquals(0, plain.compilations());
    Instance i = m.instantiate(new Imports(), new Limits(1_000_000, 1L << 30));
    assertArrayEquals(new Object[] {6765}, i.call("fib", 20));
    assertEquals(
        "io.ipvm.runtime.internal.MeteredContext",
        Class.forName(m.compiled().contextClass(), false, m.loader()).getSuperclass().getName());
  }

  @Test
  void compilesThroughItsClassCache(@TempDir Path dir) throws Exception {
    byte[] wasm = Files.readAllBytes(FIB);
    Engine engine =
        Engine.create(
            Engine.Config.defaults()
                .withClassCache(
                    new ClassCache(
                        new FileBlockStore(dir.resolve("blocks")), dir.resolve("index"))));
    WasmModule first = engine.compile(wasm);
    assertSame(first, engine.compile(wasm), "answered from the cache's memory");
    assertEquals(1, engine.compilations());
  }

  @Test
  void rejectsNoCompileThreads() {
    assertThrows(
        IllegalArgumentException.class, () -> Engine.Config.defaults().withCompileThreads(0));
  }
}
