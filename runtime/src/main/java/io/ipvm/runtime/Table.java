package io.ipvm.runtime;

import io.ipvm.wasm.ValType;
import java.util.Arrays;

/**
 * A WebAssembly table of references. A {@code funcref} table holds {@link WasmFunction}s, an {@code
 * externref} table any host objects; {@code null} is the null reference.
 */
public final class Table {
  /** Largest size a table may reach here; bigger grows fail as the spec allows. */
  public static final int MAX_ELEMENTS = 10_000_000;

  /** Current elements. Public because generated code indexes it directly. */
  public Object[] elements;

  private final ValType elementType;
  private final long declaredMax;

  private Table(ValType elementType, int initial, long declaredMax, Object init) {
    this.elementType = elementType;
    this.declaredMax = declaredMax;
    this.elements = new Object[initial];
    if (init != null) {
      Arrays.fill(elements, init);
    }
  }

  /**
   * A new table.
   *
   * @param elementType {@link ValType#FUNCREF} or {@link ValType#EXTERNREF}
   * @param initial initial size
   * @param max declared maximum, or -1 for none (an unsigned 32-bit value otherwise)
   * @param init the value of every initial element
   */
  public static Table create(ValType elementType, long initial, long max, Object init) {
    if (!elementType.isReference()) {
      throw new IllegalArgumentException("table element type must be a reference type");
    }
    if (initial > MAX_ELEMENTS) {
      throw new IllegalArgumentException(
          "table of " + initial + " elements exceeds the limit of " + MAX_ELEMENTS);
    }
    return new Table(elementType, (int) initial, max, init);
  }

  /** The element type. */
  public ValType elementType() {
    return elementType;
  }

  /** Current size. */
  public int size() {
    return elements.length;
  }

  /** The declared maximum, or -1 when there is none. */
  public long maxSize() {
    return declaredMax;
  }

  /** The element at {@code index}; traps when out of bounds. */
  public Object get(int index) {
    if (Integer.compareUnsigned(index, elements.length) >= 0) {
      throw new WasmTrap(TrapKind.TABLE_OUT_OF_BOUNDS);
    }
    return elements[index];
  }

  /** Replaces the element at {@code index}; traps when out of bounds. */
  public void set(int index, Object value) {
    if (Integer.compareUnsigned(index, elements.length) >= 0) {
      throw new WasmTrap(TrapKind.TABLE_OUT_OF_BOUNDS);
    }
    elements[index] = value;
  }

  /**
   * Grows by {@code delta} elements (unsigned), filling them with {@code init}.
   *
   * @return the previous size, or -1 when the table cannot grow that much
   */
  public int grow(int delta, Object init) {
    int old = elements.length;
    long wanted = old + Integer.toUnsignedLong(delta);
    long limit = declaredMax >= 0 ? Math.min(declaredMax, MAX_ELEMENTS) : MAX_ELEMENTS;
    if (wanted > limit) {
      return -1;
    }
    if (delta != 0) {
      Object[] grown;
      try {
        grown = Arrays.copyOf(elements, (int) wanted);
      } catch (OutOfMemoryError e) {
        return -1; // a failed grow, as the spec allows
      }
      Arrays.fill(grown, old, (int) wanted, init);
      elements = grown;
    }
    return old;
  }
}
