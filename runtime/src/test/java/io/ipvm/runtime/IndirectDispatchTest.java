package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.compiler.CompileOptions;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code call_indirect} bridges call the module's own functions that element segments name directly
 * (a switch on the entry's function index, then {@code invokestatic}) and everything else through
 * the entry's checked handle. Every kind of entry must give the same results and traps in every
 * code variant, and the bridge must really hold the direct calls.
 */
class IndirectDispatchTest {
  // dispatch.wat's function indices: 0 host negate, 1 other's plus100, then $double, $square, ...
  private static final int DOUBLE = 2;
  private static final int SQUARE = 3;
  private static final int SEVEN = 4;
  private static final int TRIPLE = 5;
  private static final int QUADRUPLE = 6;

  private static String text(String name) {
    try (InputStream in = IndirectDispatchTest.class.getResourceAsStream("/indirect/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A variant: the compile options and whether the engine is lazy. */
  private record Variant(CompileOptions options, boolean lazy) {}

  private static Instance instantiate(Engine engine, CompileOptions options) throws Exception {
    Instance other = engine.compile(Wabt.wat2wasm(text("other.wat"))).instantiate(new Imports());
    FunctionType ii = FunctionType.of(List.of(ValType.I32), List.of(ValType.I32));
    WasmFunction negate = HostFunction.of(ii, args -> new Object[] {-(Integer) args[0]});
    Imports imports = new Imports().add("host", "negate", negate).addInstance("other", other);
    return engine.compile(Wabt.wat2wasm(text("dispatch.wat")), options).instantiate(imports);
  }

  @Test
  void everyKindOfEntryInEveryVariant() throws Exception {
    for (Variant v :
        List.of(
            new Variant(CompileOptions.DEFAULT, false),
            new Variant(CompileOptions.DEFAULT.withRelinkable(true), false),
            new Variant(CompileOptions.METERED, false),
            new Variant(
                CompileOptions.DEFAULT.withSplitBudget(CompileOptions.MIN_SPLIT_BUDGET), false),
            new Variant(CompileOptions.DEFAULT, true))) {
      Engine engine = Engine.create(Engine.Config.defaults().withLazy(v.lazy()));
      CompileOptions options = v.options();
      String variant = v.toString();
      Instance m = instantiate(engine, options);
      for (String export : List.of("call", "call2")) {
        String where = variant + " " + export;
        assertArrayEquals(new Object[] {12}, m.call(export, 0, 6), where + ": own, direct");
        assertArrayEquals(new Object[] {36}, m.call(export, 1, 6), where + ": own, other index");
        assertArrayEquals(new Object[] {-6}, m.call(export, 2, 6), where + ": host");
        assertArrayEquals(new Object[] {106}, m.call(export, 3, 6), where + ": other instance");
        assertTrap(TrapKind.INDIRECT_CALL_TYPE_MISMATCH, m, export, 4, where);
        assertTrap(TrapKind.UNINITIALIZED_ELEMENT, m, export, 5, where);
        assertTrap(TrapKind.UNDEFINED_ELEMENT, m, export, 8, where);
        assertTrap(TrapKind.UNDEFINED_ELEMENT, m, export, -1, where);
      }
      m.call("install");
      for (String export : List.of("call", "call2")) {
        assertArrayEquals(new Object[] {18}, m.call(export, 5, 6), variant + ": declared");
        assertArrayEquals(new Object[] {24}, m.call(export, 6, 6), variant + ": exported only");
      }
    }
  }

  private static void assertTrap(TrapKind kind, Instance m, String export, int slot, String where) {
    WasmTrap trap = assertThrows(WasmTrap.class, () -> m.call(export, slot, 6), where);
    assertEquals(kind, trap.kind(), where + ", slot " + slot);
  }

  @Test
  void bridgeCallsTheSegmentsFunctionsDirectly() throws Exception {
    Engine engine = Engine.create(Engine.Config.defaults());
    Instance m = instantiate(engine, CompileOptions.DEFAULT);
    Set<String> direct = new TreeSet<>();
    int bridges = 0;
    for (byte[] cls : m.module().compiled().classes().values()) {
      for (var method : ClassFile.of().parse(cls).methods()) {
        if (!method.methodName().stringValue().startsWith("indirect$")) {
          continue;
        }
        bridges++;
        var code = method.findAttribute(Attributes.code()).orElseThrow();
        assertTrue(
            code.elementStream().anyMatch(e -> e instanceof LookupSwitchInstruction),
            "a switch on the function index");
        code.elementStream()
            .filter(e -> e instanceof InvokeInstruction)
            .map(e -> ((InvokeInstruction) e).name().stringValue())
            .filter(n -> n.matches("f\\d+"))
            .forEach(direct::add);
      }
    }
    // Both type indices share one signature, so each bridge calls $double, $square and $triple
    // (named by a declarative segment); never $seven (another signature) nor $quadruple (no
    // segment names it: it goes through its handle).
    assertTrue(bridges >= 1, "a bridge was generated");
    assertEquals(Set.of("f" + DOUBLE, "f" + SQUARE, "f" + TRIPLE), direct);
    assertTrue(!direct.contains("f" + SEVEN) && !direct.contains("f" + QUADRUPLE));
  }
}
