package io.ipvm.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.fuzz.EngineResult.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {
  private static final EngineResult RAN = EngineResult.ran(List.of("log i32:1", "f -> void"));

  private static EngineResult of(Status s) {
    return EngineResult.of(s, "x", List.of());
  }

  @Test
  void tracesDecide() {
    assertEquals(Verdict.IDENTICAL, Verdict.of(RAN, RAN, false));
    assertEquals(Verdict.MISMATCH, Verdict.of(RAN, EngineResult.ran(List.of("log i32:1")), false));
    assertEquals(
        Verdict.MISMATCH,
        Verdict.of(RAN, EngineResult.ran(List.of("log i32:2", "f -> void")), false));
  }

  @Test
  void undocumentedExceptionsAndValidityDisagreementsFail() {
    assertEquals(Verdict.CRASH, Verdict.of(RAN, of(Status.CRASH), true));
    assertEquals(Verdict.VALIDITY, Verdict.of(of(Status.REJECTED), RAN, true));
    assertEquals(Verdict.VALIDITY, Verdict.of(RAN, of(Status.REJECTED), true));
    assertEquals(Verdict.VALIDITY, Verdict.of(of(Status.UNLINKABLE), of(Status.REJECTED), true));
    assertEquals(Verdict.BOTH_REJECTED, Verdict.of(of(Status.REJECTED), of(Status.REJECTED), true));
    assertTrue(Verdict.VALIDITY.failure());
    assertFalse(Verdict.BOTH_REJECTED.failure());
  }

  @Test
  void timeoutsFailGeneratedModulesButNotMutants() {
    assertEquals(Verdict.TIMEOUT, Verdict.of(of(Status.TIMEOUT), RAN, false));
    assertEquals(Verdict.TIMEOUT, Verdict.of(RAN, of(Status.TIMEOUT), false));
    assertEquals(Verdict.INCONCLUSIVE, Verdict.of(of(Status.TIMEOUT), RAN, true));
    assertEquals(Verdict.INCONCLUSIVE, Verdict.of(RAN, of(Status.BOUNDED), true));
    assertEquals(Verdict.V8_ERROR, Verdict.of(of(Status.CRASH), RAN, false));
  }
}
