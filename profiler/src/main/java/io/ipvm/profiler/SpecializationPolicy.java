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
 * <p>A variant is then on trial for {@code trialCalls} calls: if fewer than half of them passed the
 * fixed values (the arguments changed after the profile closed), the variant is dropped and the
 * function goes back to its general code, unguarded. After the trial nothing is counted any more.
 *
 * @param sampleCalls calls observed before deciding (1: decide on the first call)
 * @param maxVariants the most specialized variants one function may get
 * @param trialCalls calls that decide whether a new variant is kept (0: kept without a trial)
 */
public record SpecializationPolicy(int sampleCalls, int maxVariants, int trialCalls) {

  /** Checks the bounds. */
  public SpecializationPolicy {
    if (sampleCalls < 1) {
      throw new IllegalArgumentException("sampleCalls must be at least 1, got " + sampleCalls);
    }
    if (maxVariants < 1) {
      throw new IllegalArgumentException("maxVariants must be at least 1, got " + maxVariants);
    }
    if (trialCalls < 0) {
      throw new IllegalArgumentException("trialCalls must be 0 or more, got " + trialCalls);
    }
  }

  /** A policy whose variants are on trial for {@link #DEFAULT_TRIAL_CALLS} calls. */
  public SpecializationPolicy(int sampleCalls, int maxVariants) {
    this(sampleCalls, maxVariants, DEFAULT_TRIAL_CALLS);
  }

  /** Calls a new variant is watched for by default. */
  public static final int DEFAULT_TRIAL_CALLS = 1_000;

  /**
   * Every function specialized on all the numeric arguments of its first call, kept without a
   * trial: the mode the spec suite and the differential fuzzer run in, to exercise specialized code
   * everywhere.
   */
  public static SpecializationPolicy forced() {
    return new SpecializationPolicy(1, 1, 0);
  }

  /**
   * The default for adaptive runs: 1,000 calls observed, at most 4 variants per function, each on
   * trial for 1,000 calls.
   */
  public static SpecializationPolicy adaptive() {
    return new SpecializationPolicy(1_000, 4, DEFAULT_TRIAL_CALLS);
  }
}
