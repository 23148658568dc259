package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.compiler.CompileOptions;
import io.ipvm.compiler.CompiledFunction;
import io.ipvm.profiler.SpecializationPolicy;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.Instruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Variants of a function specialized on fixed arguments ({@link WasmModule#specialize}, and the
 * profiling that asks for them under a {@link SpecializationPolicy}): a call whose arguments match
 * runs the variant, any other the general code, by every way of calling — directly, through a
 * table, as an export, from another instance — with the same results. Which code ran is seen from
 * the host, as in {@link RecompileTest}: callee.wat's {@code $f} calls {@code host.probe}, which
 * finds the class of {@code $f}'s frame on the stack.
 */
class SpecializationTest {
  /**
   * The linkage under test: relinkable here, entry checks in {@link EntryCheckSpecializationTest}.
   */
  CompileOptions options() {
    return RELINKABLE;
  }

  private static final int F = CalleeProbe.F;
  static final CompileOptions RELINKABLE = CompileOptions.DEFAULT.withRelinkable(true);

  private final CalleeProbe callee = new CalleeProbe();

  /** The class running $f when host.probe was last called on this thread. */
  private final ThreadLocal<String> seen = callee.seen;

  static byte[] resource(String name) {
    return CalleeProbe.resource(name);
  }

  Imports probe() {
    return callee.imports();
  }

  private static int expected(int n) {
    return CalleeProbe.expected(n);
  }

  /** Calls $f(n) every way; checks each result, and which class ran it. */
  private void everyWay(Instance a, Instance b, int n, String expectedClass) {
    for (String export : List.of("f", "direct", "indirect")) {
      seen.remove();
      assertArrayEquals(new Object[] {expected(n)}, a.call(export, n), export + " " + n);
      assertEquals(expectedClass, seen.get(), export + " " + n);
    }
    seen.remove();
    assertArrayEquals(new Object[] {expected(n)}, b.call("viaImport", n));
    assertEquals(expectedClass, seen.get(), "through an import, " + n);
  }

  private Instance importer(Engine engine, Instance a) {
    return engine
        .compile(resource("importer.wasm"))
        .instantiate(new Imports().addInstance("callee", a));
  }

  @Test
  void forcedPolicySpecializesOnTheFirstCallsArguments() {
    Engine engine =
        Engine.create(Engine.Config.defaults().withSpecialization(SpecializationPolicy.forced()));
    WasmModule callee = engine.compile(resource("callee.wasm"), options());
    Instance a = callee.instantiate(probe());
    Instance b = importer(engine, a);
    String general = callee.code(F).owner();

    // The first call is profiled and runs the general code; it asks for the variant n = 10.
    seen.remove();
    assertArrayEquals(new Object[] {expected(10)}, a.call("f", 10));
    assertEquals(general, seen.get());
    assertEquals(List.of(Map.of(0, 10)), callee.variants(F));

    String variant = "io.ipvm.generated.Function1$s1";
    everyWay(a, b, 10, variant);
    everyWay(a, b, 7, general);
    everyWay(a, b, 0, general);
    everyWay(a, b, 10, variant);
    assertEquals(List.of(), callee.verifyGeneratedClasses());
  }

  @Test
  void adaptivePolicyFixesOnlyTheArgumentsThatStayTheSame() {
    Engine engine =
        Engine.create(Engine.Config.defaults().withSpecialization(new SpecializationPolicy(50, 2)));
    WasmModule callee = engine.compile(resource("callee.wasm"), options());
    Instance a = callee.instantiate(probe());
    Instance b = importer(engine, a);
    for (int k = 0; k < 49; k++) {
      a.call("direct", 12);
    }
    assertEquals(List.of(), callee.variants(F), "undecided before 50 calls");
    a.call("indirect", 12);
    assertEquals(List.of(Map.of(0, 12)), callee.variants(F));
    everyWay(a, b, 12, "io.ipvm.generated.Function1$s1");
    everyWay(a, b, 13, callee.code(F).owner());
  }

  @Test
  void aVariantWhoseCallsStopMatchingIsDroppedAfterItsTrial() {
    Engine engine =
        Engine.create(
            Engine.Config.defaults().withSpecialization(new SpecializationPolicy(20, 2, 100)));
    WasmModule callee = engine.compile(resource("callee.wasm"), options());
    Instance a = callee.instantiate(probe());
    Instance b = importer(engine, a);
    String general = callee.code(F).owner();
    for (int k = 0; k < 20; k++) {
      a.call("f", 12); // the profile sees n = 12 every time
    }
    assertEquals(List.of(Map.of(0, 12)), callee.variants(F));
    everyWay(a, b, 12, "io.ipvm.generated.Function1$s1"); // 4 calls of the trial's 100
    for (int k = 0; k < 96; k++) {
      assertArrayEquals(new Object[] {expected(k % 7)}, a.call("direct", k % 7)); // none match
    }
    assertEquals(List.of(), callee.variants(F), "4 of 100 trial calls matched: dropped");
    assertEquals(1, callee.droppedVariants());
    everyWay(a, b, 12, general);
  }

  @Test
  void aVariantWhoseCallsKeepMatchingOutlivesItsTrial() {
    Engine engine =
        Engine.create(
            Engine.Config.defaults().withSpecialization(new SpecializationPolicy(20, 2, 100)));
    WasmModule callee = engine.compile(resource("callee.wasm"), options());
    Instance a = callee.instantiate(probe());
    Instance b = importer(engine, a);
    for (int k = 0; k < 20; k++) {
      a.call("f", 12);
    }
    for (int k = 0; k < 200; k++) {
      a.call("indirect", k % 3 == 0 ? 5 : 12); // two thirds match
    }
    assertEquals(List.of(Map.of(0, 12)), callee.variants(F));
    assertEquals(0, callee.droppedVariants());
    everyWay(a, b, 12, "io.ipvm.generated.Function1$s1");
    everyWay(a, b, 5, callee.code(F).owner());
  }

  @Test
  void aFunctionWhoseArgumentsVaryKeepsItsGeneralCode() {
    Engine engine =
        Engine.create(Engine.Config.defaults().withSpecialization(new SpecializationPolicy(20, 2)));
    WasmModule callee = engine.compile(resource("callee.wasm"), options());
    Instance a = callee.instantiate(probe());
    for (int k = 0; k < 100; k++) {
      assertArrayEquals(new Object[] {expected(k % 5)}, a.call("f", k % 5));
    }
    assertEquals(List.of(), callee.variants(F));
    long compilations = engine.compilations();
    a.call("f", 3);
    assertEquals(compilations, engine.compilations(), "no more profiling, no compilation");
  }

  @Test
  void variantsAskedForExplicitlyAreBoundedAndFoldTheConstant() {
    Engine engine =
        Engine.create(
            Engine.Config.defaults().withSpecialization(new SpecializationPolicy(1_000_000, 3)));
    WasmModule callee = engine.compile(resource("callee.wasm"), options());
    Instance a = callee.instantiate(probe());
    Instance b = importer(engine, a);
    CompiledFunction v5 = callee.specialize(F, Map.of(0, 5));
    CompiledFunction v6 = callee.specialize(F, Map.of(0, 6));
    assertNull(callee.specialize(F, Map.of(0, 5)), "the same variant twice");
    CompiledFunction v7 = callee.specialize(F, Map.of(0, 7));
    assertNull(callee.specialize(F, Map.of(0, 8)), "a fourth variant: over the policy's 3");
    assertEquals(List.of(Map.of(0, 5), Map.of(0, 6), Map.of(0, 7)), callee.variants(F));
    everyWay(a, b, 5, v5.owner());
    everyWay(a, b, 6, v6.owner());
    everyWay(a, b, 7, v7.owner());
    everyWay(a, b, 8, callee.code(F).owner());

    // The variant's method starts by storing the constant into the parameter's slot.
    byte[] bytes = variantClass(callee, v7.owner());
    var code =
        ClassFile.of().parse(bytes).methods().stream()
            .filter(m -> m.methodName().equalsString("f" + F))
            .findFirst()
            .orElseThrow()
            .findAttribute(Attributes.code())
            .orElseThrow();
    List<Instruction> first =
        code.elementStream()
            .filter(e -> e instanceof Instruction)
            .map(e -> (Instruction) e)
            .limit(2)
            .toList();
    assertEquals(7, ((ConstantInstruction) first.get(0)).constantValue());
    assertEquals(0, ((StoreInstruction) first.get(1)).slot());

    if (options().relinkable()) {
      // Recompiling the function replaces its variants too.
      CompiledFunction plain = callee.recompile(F, CompileOptions.DEFAULT);
      assertEquals(List.of(), callee.variants(F));
      everyWay(a, b, 7, plain.owner());
    }

    assertThrows(IllegalArgumentException.class, () -> callee.specialize(F, Map.of(0, 5L)));
    assertThrows(IllegalArgumentException.class, () -> callee.specialize(F, Map.of(1, 5)));
    assertThrows(
        IllegalStateException.class,
        () ->
            Engine.create(Engine.Config.defaults())
                .compile(resource("callee.wasm"))
                .specialize(F, Map.of(0, 5)),
        "no policy, neither relinkable nor with entry checks");
  }

  @Test
  void aSecondProcessFindsTheVariantsInTheClassCache(@TempDir Path dir) {
    byte[] wasm = resource("callee.wasm");
    java.util.function.Supplier<io.ipvm.runtime.cache.ClassCache> cache =
        () ->
            new io.ipvm.runtime.cache.ClassCache(
                new io.ipvm.ipld.store.FileBlockStore(dir.resolve("blocks")), dir.resolve("index"));
    Engine first =
        Engine.create(Engine.Config.defaults().withSpecialization(SpecializationPolicy.forced()));
    WasmModule m1 = cache.get().module(wasm, options(), first).module();
    Instance a1 = m1.instantiate(probe());
    a1.call("f", 9); // profiled: asks for the variant n = 9, compiled now
    seen.remove();
    assertArrayEquals(new Object[] {expected(9)}, a1.call("f", 9));
    String variant = seen.get();
    assertTrue(variant.contains("$s"), variant);
    assertEquals(2, first.compilations(), "the module, then its variant");

    // A new cache over the same directories (a new process): nothing is compiled.
    Engine second =
        Engine.create(Engine.Config.defaults().withSpecialization(SpecializationPolicy.forced()));
    var found = cache.get().module(wasm, options(), second);
    assertEquals(io.ipvm.runtime.cache.ClassCache.Source.CACHE, found.source());
    Instance a2 = found.module().instantiate(probe());
    a2.call("f", 9);
    seen.remove();
    assertArrayEquals(new Object[] {expected(9)}, a2.call("f", 9));
    assertEquals(variant, seen.get(), "the cached variant runs");
    assertEquals(0, second.compilations(), "module and variant both from the cache");

    // Other fixed arguments are another variant, compiled.
    Engine third =
        Engine.create(Engine.Config.defaults().withSpecialization(SpecializationPolicy.forced()));
    Instance a3 = cache.get().module(wasm, options(), third).module().instantiate(probe());
    a3.call("f", 4);
    assertArrayEquals(new Object[] {expected(4)}, a3.call("f", 4));
    assertEquals(1, third.compilations());
  }

  private static byte[] variantClass(WasmModule module, String owner) {
    var l = module.replacementBytes(owner);
    assertNotNull(l, owner);
    assertTrue(l.length > 0);
    return l;
  }
}
