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

  /**
   * After 36 grows of one page (37 pages; the reserve is larger), every width of access works up to
   * the last byte and traps one byte further, at the capacity and beyond; a trapping store writes
   * nothing. Static offsets are added to the u32 address without wrapping at 2^32.
   */
  @Test
  void everyWidthStopsAtTheSizeAfterManyGrowSteps() {
    WasmModule edges = compile("edges.wasm", CompileOptions.DEFAULT);
    Instance i = edges.instantiate();
    for (int k = 1; k < 37; k++) {
      assertEquals(k, i.call("grow", 1)[0]);
    }
    Memory m = i.memory("memory");
    int size = 37 * Memory.PAGE_SIZE;
    assertEquals(size, m.byteSize());
    int capacity = m.bytes.length;
    assertTrue(capacity > size, "capacity reserved beyond the size");

    i.call("store64", size - 8, 0x0807060504030201L);
    assertEquals(0x0807060504030201L, i.call("load64", size - 8)[0]);
    assertEquals(0x08070605, i.call("load32", size - 4)[0]);
    assertEquals(0x08070605L, i.call("load32_u", size - 4)[0]);
    assertEquals(0x0807, i.call("load16", size - 2)[0]);
    assertEquals(0x08, i.call("load8", size - 1)[0]);
    assertEquals(8L, i.call("load8_s", size - 1)[0]);
    assertEquals(Float.intBitsToFloat(0x08070605), i.call("loadf32", size - 4)[0]);
    assertEquals(Double.longBitsToDouble(0x0807060504030201L), i.call("loadf64", size - 8)[0]);
    assertEquals(0x08070605, i.call("load32_off32", size - 36)[0]);
    i.call("storef64", size - 8, 1.5);
    assertEquals(1.5, i.call("loadf64", size - 8)[0]);
    i.call("store64_narrow", size - 4, 0x1_2345_6789L);
    assertEquals(0x2345_6789, i.call("load32", size - 4)[0]);
    byte[] tail = m.read(size - 16, 16);

    String[] loads = {"load8", "load8_s", "load16", "load32", "load32_u", "load64", "loadf32"};
    int[] loadWidths = {1, 1, 2, 4, 4, 8, 4};
    for (int k = 0; k < loads.length; k++) {
      String f = loads[k];
      int w = loadWidths[k];
      for (int a : outside(size, capacity, w)) {
        assertOutOfBounds(() -> i.call(f, a), f + " at " + Integer.toUnsignedString(a));
      }
    }
    for (int a : outside(size, capacity, 8)) {
      assertOutOfBounds(() -> i.call("loadf64", a), "loadf64 at " + a);
      assertOutOfBounds(() -> i.call("store64", a, -1L), "store64 at " + a);
      assertOutOfBounds(() -> i.call("storef64", a, -1.0), "storef64 at " + a);
    }
    for (int a : outside(size, capacity, 4)) {
      assertOutOfBounds(() -> i.call("store32", a, -1), "store32 at " + a);
      assertOutOfBounds(() -> i.call("store64_narrow", a, -1L), "store64_narrow at " + a);
    }
    for (int a : outside(size, capacity, 2)) {
      assertOutOfBounds(() -> i.call("store16", a, -1), "store16 at " + a);
    }
    for (int a : outside(size, capacity, 1)) {
      assertOutOfBounds(() -> i.call("store8", a, -1), "store8 at " + a);
    }
    // Static offsets: the sum is taken in 64 bits, so it never wraps around to a low address.
    assertOutOfBounds(() -> i.call("load32_off32", size - 35));
    assertOutOfBounds(() -> i.call("store32_off32", size - 35, -1));
    assertOutOfBounds(() -> i.call("load32_off32", -16)); // 2^32 + 16
    assertOutOfBounds(() -> i.call("store32_off32", -32, -1)); // 2^32
    assertOutOfBounds(() -> i.call("load64_offmax", 0));
    assertOutOfBounds(() -> i.call("load64_offmax", 1)); // 2^32
    assertOutOfBounds(() -> i.call("load8_off2g", 0)); // 2^31
    assertOutOfBounds(() -> i.call("load8_off2g", Integer.MIN_VALUE)); // 2^32

    // The traps wrote nothing: the end is as it was, and the next page is all zeros.
    assertArrayEquals(tail, m.read(size - 16, 16));
    assertEquals(37, i.call("grow", 1)[0]);
    assertArrayEquals(new byte[Memory.PAGE_SIZE], m.read(size, Memory.PAGE_SIZE));
    assertEquals(0L, i.call("load64", size)[0]);
    assertEquals(0x2345_6789, i.call("load32", size - 4)[0]);
  }

  /** Addresses where an access of {@code width} bytes is out of bounds. */
  private static int[] outside(int size, int capacity, int width) {
    return new int[] {
      size - width + 1, // straddles the end by one byte (for width 1: the size itself)
      size - 1 + (width == 1 ? 1 : 0), // straddles by width - 1 bytes
      size,
      capacity - width,
      capacity,
      Integer.MAX_VALUE,
      Integer.MIN_VALUE,
      -width,
      -1
    };
  }

  private static void assertOutOfBounds(
      org.junit.jupiter.api.function.Executable e, String message) {
    WasmTrap t = assertThrows(WasmTrap.class, e, message);
    assertEquals(TrapKind.MEMORY_OUT_OF_BOUNDS, t.kind(), message);
  }

  private static void assertOutOfBounds(org.junit.jupiter.api.function.Executable e) {
    WasmTrap t = assertThrows(WasmTrap.class, e);
    assertEquals(TrapKind.MEMORY_OUT_OF_BOUNDS, t.kind());
  }
}
