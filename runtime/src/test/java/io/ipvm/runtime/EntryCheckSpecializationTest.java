package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.compiler.CompileOptions;
import io.ipvm.profiler.SpecializationPolicy;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * {@link SpecializationTest}'s cases on the adaptive tier's own linkage, entry checks ({@code
 * CompileOptions.entryChecks()}): calls between functions are {@code invokestatic}s of each
 * function's entry, which takes the function's call site only while its flag is set. Plus what is
 * particular to it: the flag is cleared when the site has nothing but the general code to run, and
 * set again when a variant arrives.
 */
class EntryCheckSpecializationTest extends SpecializationTest {
  private static final CompileOptions ENTRY_CHECKS = CompileOptions.DEFAULT.withEntryChecks(true);

  @Override
  CompileOptions options() {
    return ENTRY_CHECKS;
  }

  private static boolean flag(WasmModule m, int function) throws Exception {
    Class<?> owner = Class.forName(m.code(function).owner(), true, m.loader());
    Field f = owner.getField("ENTRY$" + function);
    return f.getBoolean(null);
  }

  @Test
  void anEngineWithAPolicyCompilesWithEntryChecksByDefault() {
    Engine engine =
        Engine.create(Engine.Config.defaults().withSpecialization(SpecializationPolicy.forced()));
    WasmModule m = engine.compile(resource("callee.wasm"));
    Instance a = m.instantiate(probe());
    a.call("f", 6);
    assertEquals(java.util.List.of(java.util.Map.of(0, 6)), m.variants(1), "profiled, specialized");
    assertEquals(a.call("direct", 6)[0], a.call("f", 6)[0]);
    // Asked for relinkable code, it stays relinkable (and can be recompiled).
    WasmModule r = engine.compile(resource("callee.wasm"), RELINKABLE);
    r.instantiate(probe());
    r.recompile(1, CompileOptions.DEFAULT);
  }

  @Test
  void aLazyEngineLinksLazilyWhateverTheOptionsSay() {
    // Lazy code links each call once, to a constant site: entry checks do not apply to it.
    Engine lazy = Engine.create(Engine.Config.defaults().withLazy(true));
    WasmModule m = lazy.compile(resource("callee.wasm"), ENTRY_CHECKS);
    Instance a = m.instantiate(probe());
    WasmModule plain = Engine.create(Engine.Config.defaults()).compile(resource("callee.wasm"));
    Instance b = plain.instantiate(probe());
    for (int n : new int[] {0, 3, 10}) {
      assertArrayEquals(b.call("direct", n), a.call("direct", n));
      assertArrayEquals(b.call("f", n), a.call("f", n));
    }
  }

  @Test
  void theEntryFlagFollowsTheSite() throws Exception {
    // callee.wat's $f(n): profiled for 3 calls by this policy, then kept general or specialized.
    Engine varying =
        Engine.create(
            Engine.Config.defaults().withSpecialization(new SpecializationPolicy(3, 4, 0)));
    WasmModule m = varying.compile(resource("callee.wasm"), ENTRY_CHECKS);
    Instance a = m.instantiate(probe());
    assertTrue(flag(m, 1), "set from class initialization: the first calls are profiled");
    for (int n = 1; n <= 3; n++) {
      a.call("direct", n); // varying arguments: the profile keeps the general code
    }
    assertFalse(flag(m, 1), "general code only: direct calls skip the site");
    assertArrayEquals(a.call("direct", 4), a.call("f", 4));
    m.specialize(1, java.util.Map.of(0, 9));
    assertTrue(flag(m, 1), "a variant: direct calls take the site again");
    assertEquals(a.call("direct", 9)[0], a.call("f", 9)[0]);
  }
}
