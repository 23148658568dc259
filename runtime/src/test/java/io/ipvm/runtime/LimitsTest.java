package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.compiler.CompileOptions;
import java.io.InputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Fuel, memory limits and interruption ({@link Limits}) on metered and plain code. */
class LimitsTest {
  private static final WasmModule METERED = compile("limits.wasm", CompileOptions.METERED);
  private static final WasmModule PLAIN = compile("limits.wasm", CompileOptions.DEFAULT);

  private static WasmModule compile(String name, CompileOptions options) {
    try (InputStream in = LimitsTest.class.getResourceAsStream("/limits/" + name)) {
      return WasmModule.compile(in.readAllBytes(), options);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long fuelFor(String function, Object... args) {
    Instance i = METERED.instantiate(new Imports(), Limits.none());
    i.call(function, args);
    return i.fuelConsumed();
  }

  @Test
  void fuelCountsWasmInstructionsDeterministically() {
    long one = fuelFor("count", 1);
    // function entry segment (loop: 1) + body (8) + after the loop (local.get: 1)
    assertEquals(10, one);
    for (int n : new int[] {2, 10, 1000, 123_457}) {
      assertEquals(one + 8L * (n - 1), fuelFor("count", n), "count(" + n + ")");
    }
    // Same count in a fresh instance and on a repeat.
    assertEquals(fuelFor("fib", 20), fuelFor("fib", 20));
    assertTrue(fuelFor("fib", 20) > 21_890, "fib(20) makes 21,891 calls");
  }

  @Test
  void fuelAccumulatesAcrossCallsOfOneInstance() {
    Instance i = METERED.instantiate(new Imports(), Limits.none());
    i.call("count", 5);
    long after = i.fuelConsumed();
    i.call("count", 5);
    assertEquals(2 * after, i.fuelConsumed());
  }

  @Test
  void plainCodeCountsNothing() {
    Instance i = PLAIN.instantiate(new Imports(), new Limits(5, Long.MAX_VALUE));
    assertEquals(1000, i.call("count", 1000)[0]);
    assertEquals(0, i.fuelConsumed());
  }

  @Test
  void runawayLoopEndsWhenFuelIsUsedUp() {
    Limits limits = new Limits(1_000_000, Long.MAX_VALUE);
    Instance i = METERED.instantiate(new Imports(), limits);
    WasmTrap t = assertThrows(WasmTrap.class, () -> i.call("spin"));
    assertEquals(TrapKind.FUEL_EXHAUSTED, t.kind());
    assertTrue(i.fuelConsumed() > 1_000_000 && i.fuelConsumed() < 1_000_010, "" + i.fuelConsumed());
  }

  @Test
  void exactFuelIsEnoughAndOneLessIsNot() {
    long needed = fuelFor("count", 100);
    Instance enough = METERED.instantiate(new Imports(), new Limits(needed, Long.MAX_VALUE));
    assertEquals(100, enough.call("count", 100)[0]);
    assertEquals(0, enough.fuelLeft());
    // With 8 less, the last iteration's check (at the loop head) fails.
    Instance less = METERED.instantiate(new Imports(), new Limits(needed - 9, Long.MAX_VALUE));
    assertEquals(
        TrapKind.FUEL_EXHAUSTED,
        assertThrows(WasmTrap.class, () -> less.call("count", 100)).kind());
  }

  @Test
  void deepRecursionTrapsAndTheHostCarriesOn() {
    Instance i = METERED.instantiate(new Imports(), new Limits(50_000, Long.MAX_VALUE));
    assertEquals(
        TrapKind.FUEL_EXHAUSTED, assertThrows(WasmTrap.class, () -> i.call("recurse", 0)).kind());
    Instance unlimited = METERED.instantiate(new Imports(), Limits.none());
    assertEquals(
        TrapKind.CALL_STACK_EXHAUSTED,
        assertThrows(WasmTrap.class, () -> unlimited.call("recurse", 0)).kind());
    assertEquals(6765, METERED.instantiate().call("fib", 20)[0]);
  }

  @Test
  void interruptStopsARunawayLoop() throws Exception {
    Limits limits = Limits.none();
    Instance i = METERED.instantiate(new Imports(), limits);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      timer.schedule(limits::interrupt, 100, TimeUnit.MILLISECONDS);
      WasmTrap t = assertThrows(WasmTrap.class, () -> i.call("spin"));
      assertEquals(TrapKind.INTERRUPTED, t.kind());
      assertTrue(limits.interrupted());
    } finally {
      timer.shutdownNow();
    }
    // Interrupting before the instance exists stops its first loop at once.
    Limits early = Limits.none();
    early.interrupt();
    Instance j = METERED.instantiate(new Imports(), early);
    assertEquals(
        TrapKind.INTERRUPTED, assertThrows(WasmTrap.class, () -> j.call("count", 10)).kind());
  }

  @Test
  void memoryLimitCapsGrowthAndInstantiation() {
    Instance i = PLAIN.instantiate(new Imports(), new Limits(Long.MAX_VALUE, 3 * 65536 + 100));
    assertEquals(3, i.call("grow_all")[0]);
    assertTrue(i.memory().limitReached());
    Instance free = PLAIN.instantiate(new Imports(), new Limits(Long.MAX_VALUE, 8L << 20));
    assertEquals(128, free.call("grow_all")[0]);
    assertTrue(free.memory().limitReached());

    WasmModule big = compile("big.wasm", CompileOptions.DEFAULT);
    var e =
        assertThrows(
            ModuleException.LimitExceeded.class,
            () -> big.instantiate(new Imports(), new Limits(Long.MAX_VALUE, 65536)));
    assertTrue(
        e.getMessage().contains("262144 bytes exceeds the memory limit of 65536"), e.getMessage());
    assertFalse(big.instantiate().memory().limitReached());
  }

  @Test
  void meteredAndPlainCodeAgree() {
    Instance m = METERED.instantiate();
    Instance p = PLAIN.instantiate();
    for (int n = 0; n < 25; n++) {
      assertEquals(p.call("fib", n)[0], m.call("fib", n)[0]);
    }
    assertTrue(METERED.verifyGeneratedClasses().isEmpty());
  }
}
