package io.ipvm.compiler.ir;

/**
 * A fuel charge inserted by {@link FuelMetering} in metered code: subtract {@code cost} from the
 * instance's fuel and, when {@code check} is set, trap if the fuel is exhausted or the deadline has
 * passed. Not a Wasm instruction; it counts none itself.
 *
 * @param cost Wasm instructions in the straight-line segment this charge opens
 * @param check whether to test the limits here (loop heads and function entries)
 */
public record FuelNode(long cost, boolean check) implements Node {
  /** Bytes of the charge: aload, dup, getfield, ldc2_w, lsub, putfield. */
  static final int CHARGE_SIZE = 12;

  /** Bytes of the check: aload, invokestatic. */
  static final int CHECK_SIZE = 4;

  @Override
  public int estimatedSize() {
    return CHARGE_SIZE + (check ? CHECK_SIZE : 0);
  }
}
