package io.ipvm.profiler;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** What an {@link ArgumentProfile} concluded about one function. */
public sealed interface Decision {

  /**
   * Compile a variant with these parameters fixed: parameter index → value ({@link Integer}, {@link
   * Long}, {@link Float} or {@link Double}, compared by their bits).
   *
   * @param constants the fixed parameters, in ascending index order
   */
  record Specialize(SortedMap<Integer, Number> constants) implements Decision {
    /** Copies the map; it must not be empty. */
    public Specialize {
      if (constants.isEmpty()) {
        throw new IllegalArgumentException("a specialization fixes at least one parameter");
      }
      constants = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(constants));
    }

    /** A specialization fixing {@code constants}. */
    public static Specialize of(Map<Integer, ? extends Number> constants) {
      return new Specialize(new TreeMap<>(constants));
    }
  }

  /** Keep the general code and stop profiling: no parameter was fixed. */
  record KeepGeneral() implements Decision {}
}
