package io.ipvm.profiler;

/**
 * A new variant's trial ({@link SpecializationPolicy#trialCalls()}): counts the calls that ran it
 * (their arguments passed its guard) and those that did not, and after the trial's calls says
 * whether to keep it — when at least half of them ran it.
 */
public final class VariantTrial {
  /** What the trial concluded. */
  public enum Verdict {
    /** Most calls pass the fixed values: keep the variant, and stop counting. */
    KEEP,
    /** The arguments changed since the profile: drop the variant. */
    DROP
  }

  private final int calls;
  private int hits;
  private int misses;
  private boolean decided;

  /** A trial of {@code calls} calls (at least 1). */
  public VariantTrial(int calls) {
    if (calls < 1) {
      throw new IllegalArgumentException("a trial needs at least one call, got " + calls);
    }
    this.calls = calls;
  }

  /**
   * Records one call ({@code hit}: it ran the variant); returns the verdict on the call that ends
   * the trial, and null before and after it.
   */
  public synchronized Verdict record(boolean hit) {
    if (decided) {
      return null;
    }
    if (hit) {
      hits++;
    } else {
      misses++;
    }
    if (hits + misses < calls) {
      return null;
    }
    decided = true;
    return 2L * hits >= calls ? Verdict.KEEP : Verdict.DROP;
  }
}
