package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedding API as runtime/README.md shows it, on the example modules and host.wat. */
class EmbeddingApiTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  private static byte[] resource(String name) throws Exception {
    try (var in = EmbeddingApiTest.class.getResourceAsStream("/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void callsExportsBoxedAndThroughTypedHandles() throws Throwable {
    WasmModule module = WasmModule.compile(EXAMPLES.resolve("fib.wasm"));
    Instance instance = module.instantiate();
    assertArrayEquals(new Object[] {6765}, instance.call("fib", 20));
    MethodHandle fib = instance.function("fib").handle();
    assertEquals(832040, (int) fib.invokeExact(30));
    assertEquals(
        List.of(ValType.I32), instance.function("fib").type().results(), "typed signature");
  }

  @Test
  void readsAndWritesExportedMemory() throws Exception {
    Instance instance = WasmModule.compile(EXAMPLES.resolve("memory.wasm")).instantiate();
    Memory memory = instance.memory("memory");
    memory.write(1000, new byte[] {1, 2, 3, 4});
    assertEquals(0x04030201, memory.readInt(1000));
    assertArrayEquals(new Object[] {10}, instance.call("sum", 1000, 4));
  }

  @Test
  void linksEveryKindOfImport() throws Throwable {
    List<Object> logged = new ArrayList<>();
    WasmFunction log =
        HostFunction.of(
            FunctionType.of(List.of(ValType.I32), List.of()),
            args -> {
              logged.add(args[0]);
              return null;
            });
    MethodHandle add3 =
        MethodHandles.lookup()
            .findStatic(
                EmbeddingApiTest.class,
                "add3",
                MethodType.methodType(double.class, int.class, long.class, double.class));
    Memory memory = Memory.create(1, 4);
    Global counter = new Global(ValType.I64, true, 41L);
    Imports imports =
        new Imports()
            .add("env", "log", log)
            .add(
                "env",
                "add3",
                HostFunction.ofHandle(
                    FunctionType.of(
                        List.of(ValType.I32, ValType.I64, ValType.F64), List.of(ValType.F64)),
                    add3))
            .add("env", "memory", memory)
            .add("env", "table", Table.create(ValType.FUNCREF, 4, -1, null))
            .add("env", "base", new Global(ValType.I32, false, 1024))
            .add("env", "counter", counter);
    Instance instance = WasmModule.compile(resource("host.wasm")).instantiate(imports);
    assertArrayEquals(new Object[] {7 + 42 + 0.5}, instance.call("run", 7));
    assertEquals(List.of(7), logged);
    assertEquals(42L, counter.get(), "the guest wrote the shared global");
    assertEquals(7, memory.readInt(1024), "the guest wrote the shared memory");
    assertArrayEquals(new Object[] {4}, instance.call("size"));
  }

  static double add3(int a, long b, double c) {
    return a + b + c;
  }

  @Test
  void reportsMissingAndMistypedImports() throws Exception {
    WasmModule module = WasmModule.compile(resource("host.wasm"));
    var e = assertThrows(ModuleException.Unlinkable.class, () -> module.instantiate());
    assertTrue(e.getMessage().contains("env.log"), e.getMessage());
    Imports wrong =
        new Imports()
            .add(
                "env", "log", HostFunction.of(FunctionType.of(List.of(), List.of()), args -> null));
    e = assertThrows(ModuleException.Unlinkable.class, () -> module.instantiate(wrong));
    assertTrue(e.getMessage().contains("incompatible import type for env.log"), e.getMessage());
  }

  @Test
  void rejectsBadBytesWithWhereAndWhat() {
    var e =
        assertThrows(
            ModuleException.Malformed.class,
            () -> WasmModule.compile(new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0}));
    assertTrue(e.getMessage().length() > 0);
  }

  @Test
  void trapsCarryTheirKind() throws Exception {
    Instance instance = WasmModule.compile(EXAMPLES.resolve("memory.wasm")).instantiate();
    WasmTrap trap = assertThrows(WasmTrap.class, () -> instance.call("sum", 65530, 100));
    assertEquals(TrapKind.MEMORY_OUT_OF_BOUNDS, trap.kind());
    assertEquals(0, trap.getStackTrace().length, "traps have no stack trace");
  }
}
