package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.compiler.CompileOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code memory.grow} one page at a time (amortised O(1) per page: the array reserves capacity),
 * and the bounds that capacity must not loosen: accesses, bulk operations and host access stop at
 * the memory's size, not at the array's length.
 */
class MemoryGrowthTest {
  private static final WasmModule GROWTH = compile("growth.wasm", CompileOptions.DEFAULT);
  private static final WasmModule GROWTH_METERED = compile("growth.wasm", CompileOptions.METERED);

  private static WasmModule compile(String name, CompileOptions options) {
    try (InputStream in = MemoryGrowthTest.class.getResourceAsStream("/growth/" + name)) {
      return WasmModule.compile(in.readAllBytes(), options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 1 + 2 + ... + (n - 1) (the page indices written) plus the final size n. */
  private static int expectedSum(int n) {
    return (int) ((long) n * (n - 1) / 2 + n);
  }

  @ParameterizedTest
  @ValueSource(ints = {1_000, 16_000})
  void growingOnePageAtATimeFinishesWithEveryPageIntact(int pages) {
    Instance i = GROWTH.instantiate();
    assertEquals(expectedSum(pages), i.call("grow_to", pages)[0]);
    assertEquals(pages, i.call("size")[0]);
    Memory m = i.memory("memory");
    assertEquals(pages, m.pages());
    assertEquals(pages * Memory.PAGE_SIZE, m.byteSize());
    assertFalse(m.isExact(), "a module that grows its memory gets reserved capacity");
    // The host sees what the guest wrote in the last page.
    assertEquals(pages - 1, m.readInt((pages - 1) * Memory.PAGE_SIZE));
  }

  @Test
  void meteredCodeGrowsTheSameWay() {
    Instance i = GROWTH_METERED.instantiate(new Imports(), Limits.none());
    assertEquals(expectedSum(1_000), i.call("grow_to", 1_000)[0]);
  }

  @Test
  void accessesStopAtTheSizeNotAtTheReservedCapacity() {
    Instance i = GROWTH.instantiate();
    i.call("grow_to", 3); // 3 pages; the array has room for 4
    Memory m = i.memory("memory");
    assertTrue(m.bytes.length > m.byteSize(), "capacity reserved beyond the size");
    int size = 3 * Memory.PAGE_SIZE;
    i.call("store8", size - 1, 0xAB);
    assertEquals(0xAB, i.call("load8", size - 1)[0]);
    assertEquals(0xAB << 24, i.call("load32", size - 4)[0]);
    assertOutOfBounds(() -> i.call("load8", size));
    assertOutOfBounds(() -> i.call("load32", size - 3)); // straddles the end
    assertOutOfBounds(() -> i.call("load32", -1));
    assertOutOfBounds(() -> i.call("load64_off", size - 15)); // offset=8 makes it straddle
    assertEquals(0xABL << 56, i.call("load64_off", size - 16)[0]);
    assertOutOfBounds(() -> i.call("store8", size, 1));
    assertOutOfBounds(() -> i.call("store64", size - 7, 1L));
    assertOutOfBounds(() -> i.call("fill", size - 1, 7, 2));
    assertOutOfBounds(() -> i.call("copy", size - 1, 0, 2));
    assertOutOfBounds(() -> i.call("copy", 0, size - 1, 2));
    // Host access stops at the size too.
    assertOutOfBounds(() -> m.read(size - 1, 2));
    assertOutOfBounds(() -> m.write(size, new byte[1]));
    assertOutOfBounds(() -> m.readInt(size - 2));
    // Nothing the traps tried to write reached the reserved bytes, which the next grow exposes.
    assertEquals(3, i.call("grow", 1)[0]);
    assertArrayEquals(new byte[Memory.PAGE_SIZE], m.read(size, Memory.PAGE_SIZE));
    assertEquals(0, i.call("load8", size)[0]);
    i.call("fill", size - 1, 7, 2); // now in bounds
    assertArrayEquals(new byte[] {7, 7}, m.read(size - 1, 2));
  }

  @Test
  void theDeclaredMaximumIsHonoured() {
    WasmModule capped = compile("capped.wasm", CompileOptions.DEFAULT);
    Instance i = capped.instantiate();
    assertEquals(1, i.call("grow", 1)[0]);
    assertEquals(2, i.call("grow", 1)[0]);
    assertEquals(-1, i.call("grow", 4)[0]); // 7 > 5
    assertEquals(3, i.call("size")[0]);
    assertEquals(3, i.call("grow", 2)[0]);
    assertEquals(-1, i.call("grow", 1)[0]);
    assertEquals(5, i.call("size")[0]);
    assertFalse(i.memory().limitReached(), "the declared maximum is not the host's limit");
    assertEquals(0, i.call("load8", 5 * Memory.PAGE_SIZE - 1)[0]);
    assertOutOfBounds(() -> i.call("load8", 5 * Memory.PAGE_SIZE));
  }

  @Test
  void theHostLimitIsHonouredAndReported() {
    Instance i = GROWTH.instantiate(new Imports(), new Limits(Long.MAX_VALUE, 10L << 16));
    assertEquals(1, i.call("grow", 6)[0]);
    assertEquals(7, i.call("grow", 3)[0]);
    assertFalse(i.memory().limitReached());
    assertEquals(-1, i.call("grow", 1)[0]);
    assertTrue(i.memory().limitReached());
    assertEquals(10, i.call("size")[0]);
    assertOutOfBounds(() -> i.call("load8", 10 * Memory.PAGE_SIZE));
  }

  @Test
  void aModuleThatNeverGrowsItsMemoryKeepsAnExactArray() {
    WasmModule fixed = compile("fixed.wasm", CompileOptions.DEFAULT);
    Instance i = fixed.instantiate();
    Memory m = i.memory("memory");
    assertTrue(m.isExact());
    assertEquals(Memory.PAGE_SIZE, m.bytes.length);
    // The host may still grow the exported memory: the array stays exact, and the guest's accesses
    // (bounded by the array alone) follow.
    assertEquals(1, m.grow(1));
    assertEquals(2 * Memory.PAGE_SIZE, m.bytes.length);
    assertEquals(2, i.call("size")[0]);
    m.write(2 * Memory.PAGE_SIZE - 1, new byte[] {5});
    assertEquals(5, i.call("load8", 2 * Memory.PAGE_SIZE - 1)[0]);
    assertOutOfBounds(() -> i.call("load8", 2 * Memory.PAGE_SIZE));
    assertOutOfBounds(() -> i.call("load32", 2 * Memory.PAGE_SIZE - 2));
  }

  @Test
  void anImportedMemoryIsGrownByTheGuestWithinItsCapacityAndStaysBounded() {
    WasmModule imported = compile("imported.wasm", CompileOptions.DEFAULT);
    Memory shared = Memory.create(1, -1);
    Instance i = imported.instantiate(new Imports().add("env", "memory", shared));
    for (int k = 1; k < 100; k++) {
      assertEquals(k, i.call("grow", 1)[0]);
      i.call("store8", k * Memory.PAGE_SIZE, k);
    }
    assertEquals(100, shared.pages());
    assertEquals(100, i.call("size")[0]);
    for (int k = 1; k < 100; k++) {
      assertEquals(k, shared.read(k * Memory.PAGE_SIZE, 1)[0]);
    }
    assertOutOfBounds(() -> i.call("load8", 100 * Memory.PAGE_SIZE));
    // The host grows it too; the guest sees the new size at once.
    assertEquals(100, shared.grow(2));
    assertEquals(102, i.call("size")[0]);
    assertEquals(0, i.call("load8", 102 * Memory.PAGE_SIZE - 1)[0]);
  }

  private static void assertOutOfBounds(org.junit.jupiter.api.function.Executable e) {
    WasmTrap t = assertThrows(WasmTrap.class, e);
    assertEquals(TrapKind.MEMORY_OUT_OF_BOUNDS, t.kind());
  }
}
