package io.ipvm.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a profile concludes from the arguments it saw, and when. */
class ArgumentProfileTest {

  @Test
  void decidesWhenTheWindowCloses() {
    ArgumentProfile p = new ArgumentProfile(new SpecializationPolicy(3, 2), 3);
    assertNull(p.record(new Object[] {1, 10L, 1.5}));
    assertNull(p.record(new Object[] {1, 11L, 1.5}));
    assertEquals(
        Decision.Specialize.of(Map.of(0, 1, 2, 1.5)), p.record(new Object[] {1, 12L, 1.5}));
    assertNull(p.record(new Object[] {1, 12L, 1.5}), "one decision per profile");
    assertEquals(3, p.calls());
  }

  @Test
  void forcedDecidesOnTheFirstCall() {
    ArgumentProfile p = new ArgumentProfile(SpecializationPolicy.forced(), 2);
    assertEquals(Decision.Specialize.of(Map.of(0, 7, 1, 8L)), p.record(new Object[] {7, 8L}));
  }

  @Test
  void nothingFixedKeepsTheGeneralCode() {
    ArgumentProfile p = new ArgumentProfile(new SpecializationPolicy(2, 1), 2);
    assertNull(p.record(new Object[] {1, "ref"}));
    assertTrue(p.record(new Object[] {2, "ref"}) instanceof Decision.KeepGeneral);
  }

  @Test
  void referencesAreNeverFixed() {
    ArgumentProfile p = new ArgumentProfile(SpecializationPolicy.forced(), 2);
    assertEquals(Decision.Specialize.of(Map.of(1, 3)), p.record(new Object[] {null, 3}));
  }

  @Test
  void valuesAreComparedByTheirBits() {
    assertFalse(ArgumentProfile.sameBits(0.0, -0.0));
    assertFalse(ArgumentProfile.sameBits(0.0f, -0.0f));
    assertTrue(ArgumentProfile.sameBits(Float.NaN, Float.NaN));
    assertFalse(
        ArgumentProfile.sameBits(
            Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0x7fc00002)));
    assertFalse(ArgumentProfile.sameBits(1, 1L), "an i32 is not an i64");
    ArgumentProfile p = new ArgumentProfile(new SpecializationPolicy(2, 1), 1);
    p.record(new Object[] {0.0});
    assertTrue(p.record(new Object[] {-0.0}) instanceof Decision.KeepGeneral);
  }

  @Test
  void policyAndDecisionsCheckTheirValues() {
    assertThrows(IllegalArgumentException.class, () -> new SpecializationPolicy(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new SpecializationPolicy(1, 0));
    assertThrows(IllegalArgumentException.class, () -> Decision.Specialize.of(Map.of()));
    ArgumentProfile p = new ArgumentProfile(SpecializationPolicy.forced(), 2);
    assertThrows(IllegalArgumentException.class, () -> p.record(new Object[] {1}));
  }
}
