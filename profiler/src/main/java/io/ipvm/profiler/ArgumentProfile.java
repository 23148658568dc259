package io.ipvm.profiler;

import java.util.TreeMap;

/**
 * The arguments one function was called with, per parameter: whether every observed call passed the
 * same value. Profiles only while its policy's window is open ({@link
 * SpecializationPolicy#sampleCalls()}); the call that closes it gets the {@link Decision}.
 *
 * <p>Values are compared by their bits (a float NaN equals itself only with the same payload, and
 * {@code -0.0} differs from {@code 0.0}), as the specialized code will see them. Parameters of
 * reference type are never fixed: pass {@code null} for them.
 */
public final class ArgumentProfile {
  private final SpecializationPolicy policy;
  private final Number[] first;
  private final boolean[] varies;
  private int calls;
  private boolean decided;

  /** A profile of a function with {@code parameters} parameters. */
  public ArgumentProfile(SpecializationPolicy policy, int parameters) {
    this.policy = policy;
    this.first = new Number[parameters];
    this.varies = new boolean[parameters];
  }

  /** Calls recorded so far. */
  public synchronized int calls() {
    return calls;
  }

  /**
   * Records the arguments of one call; returns the decision on the call that ends the window, and
   * null before it and after it (one decision per profile).
   */
  public synchronized Decision record(Object[] args) {
    if (decided) {
      return null;
    }
    if (args.length != first.length) {
      throw new IllegalArgumentException(
          "expected " + first.length + " arguments, got " + args.length);
    }
    for (int i = 0; i < args.length; i++) {
      if (varies[i]) {
        continue;
      }
      Number n = numeric(args[i]);
      if (n == null) {
        varies[i] = true;
      } else if (calls == 0) {
        first[i] = n;
      } else if (!sameBits(first[i], n)) {
        varies[i] = true;
      }
    }
    calls++;
    if (calls < policy.sampleCalls()) {
      return null;
    }
    decided = true;
    TreeMap<Integer, Number> fixed = new TreeMap<>();
    for (int i = 0; i < first.length; i++) {
      if (!varies[i]) {
        fixed.put(i, first[i]);
      }
    }
    return fixed.isEmpty() ? new Decision.KeepGeneral() : new Decision.Specialize(fixed);
  }

  private static Number numeric(Object v) {
    return v instanceof Integer || v instanceof Long || v instanceof Float || v instanceof Double
        ? (Number) v
        : null;
  }

  /** Whether two Wasm numbers are the same value bit for bit (and of the same type). */
  public static boolean sameBits(Number a, Number b) {
    return switch (a) {
      case Integer x -> b instanceof Integer y && x.intValue() == y.intValue();
      case Long x -> b instanceof Long y && x.longValue() == y.longValue();
      case Float x ->
          b instanceof Float y && Float.floatToRawIntBits(x) == Float.floatToRawIntBits(y);
      case Double x ->
          b instanceof Double y && Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
      default -> false;
    };
  }
}
