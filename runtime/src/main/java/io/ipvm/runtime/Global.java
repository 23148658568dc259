package io.ipvm.runtime;

import io.ipvm.wasm.ValType;

/**
 * A WebAssembly global that can be shared between instances (imported or exported). Numbers are
 * kept as raw bits in {@link #bits} (f32/f64 bit patterns preserved exactly); references in {@link
 * #ref}. Globals private to one instance never use this class: they are fields of the instance's
 * generated context, or constants.
 */
public final class Global {
  /**
   * Raw bits of a numeric value (i32 sign-extended is not relied on: read as {@code (int) bits}).
   */
  public long bits;

  /** The value of a reference-typed global. */
  public Object ref;

  private final ValType type;
  private final boolean mutable;

  /** A global holding {@code value} (boxed as in {@link Instance#call}). */
  public Global(ValType type, boolean mutable, Object value) {
    this.type = type;
    this.mutable = mutable;
    set0(value);
  }

  /** The value type. */
  public ValType type() {
    return type;
  }

  /** Whether the global is mutable. */
  public boolean mutable() {
    return mutable;
  }

  /** The current value: Integer, Long, Float, Double, or a reference (maybe null). */
  public Object get() {
    return switch (type) {
      case I32 -> (int) bits;
      case I64 -> bits;
      case F32 -> Float.intBitsToFloat((int) bits);
      case F64 -> Double.longBitsToDouble(bits);
      case FUNCREF, EXTERNREF -> ref;
    };
  }

  /** Sets the value; refused for an immutable global. */
  public void set(Object value) {
    if (!mutable) {
      throw new IllegalStateException("global is immutable");
    }
    set0(value);
  }

  private void set0(Object value) {
    switch (type) {
      case I32 -> bits = ((Number) value).intValue();
      case I64 -> bits = ((Number) value).longValue();
      case F32 -> bits = Float.floatToRawIntBits((Float) value);
      case F64 -> bits = Double.doubleToRawLongBits((Double) value);
      case FUNCREF, EXTERNREF -> ref = value;
    }
  }
}
