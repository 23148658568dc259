package io.ipvm.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A variant is kept when at least half of its trial's calls ran it. */
class VariantTrialTest {
  @Test
  void halfTheCallsKeepIt() {
    VariantTrial t = new VariantTrial(4);
    assertNull(t.record(true));
    assertNull(t.record(false));
    assertNull(t.record(false));
    assertEquals(VariantTrial.Verdict.KEEP, t.record(true));
    assertNull(t.record(false), "one verdict per trial");
  }

  @Test
  void fewerDropIt() {
    VariantTrial t = new VariantTrial(3);
    t.record(true);
    t.record(false);
    assertEquals(VariantTrial.Verdict.DROP, t.record(false));
  }

  @Test
  void policiesSayHowLongTheTrialIs() {
    assertEquals(0, SpecializationPolicy.forced().trialCalls());
    assertEquals(1_000, SpecializationPolicy.adaptive().trialCalls());
    assertEquals(
        SpecializationPolicy.DEFAULT_TRIAL_CALLS, new SpecializationPolicy(5, 1).trialCalls());
    assertThrows(IllegalArgumentException.class, () -> new SpecializationPolicy(1, 1, -1));
    assertThrows(IllegalArgumentException.class, () -> new VariantTrial(0));
  }
}
