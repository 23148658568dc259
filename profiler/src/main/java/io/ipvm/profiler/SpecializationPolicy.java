package io.ipvm.profiler;

/**
 * When a function gets a specialized variant, and how many: a plain value the runtime consults
 * (through {@link ArgumentProfile}) and tests can exercise without running any code.
 *
 * <p>A function is profiled for its first {@code sampleCalls} calls; a numeric parameter that had
 * the same value in all of them is then taken to be fixed (a partial application), and the function
 * gets a variant compiled with those values as constants, entered when a call's arguments match
 * them. With no such parameter the function keeps its general code and is not profiled again.
 *
 * @param sampleCalls calls observed before deciding (1: decide on the first call)
 * @param maxVariants the most specialized variants one function may get
 */
public record SpecializationPolicy(int sampleCalls, int maxVariants) {

  /** Checks the bounds. */
  public SpecializationPolicy {
    if (sampleCalls < 1) {
      throw new IllegalArgumentException("sampleCalls must be at least 1, got " + sampleCalls);
    }
    if (maxVariants < 1) {
      throw new IllegalArgumentException("maxVariants must be at least 1, got " + maxVariants);
    }
  }

  /**
   * Every function specialized on all the numeric arguments of its first call: the mode the spec
   * suite and the differential fuzzer run in, to exercise specialized code everywhere.
   */
  public static SpecializationPolicy forced() {
    return new SpecializationPolicy(1, 1);
  }

  /** The default for adaptive runs: 1,000 calls observed, at most 4 variants per function. */
  public static SpecializationPolicy adaptive() {
    return new SpecializationPolicy(1_000, 4);
  }
}
