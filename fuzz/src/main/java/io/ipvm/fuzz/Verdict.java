package io.ipvm.fuzz;

/** How ipvm-jvm's result for a module compares with V8's. */
public enum Verdict {
  /** Both ran and their traces agree. */
  IDENTICAL(false),
  /** Both refused the module as malformed or invalid (mutants). */
  BOTH_REJECTED(false),
  /** Both found the imports unsatisfiable (mutants that changed an import). */
  BOTH_UNLINKABLE(false),
  /** A mutant that hit a harness bound (fuel, memory limit, time) in one engine: not compared. */
  INCONCLUSIVE(false),
  /** Both ran, with different traces. */
  MISMATCH(true),
  /** ipvm-jvm threw an exception that is not a documented outcome. */
  CRASH(true),
  /** A generated module did not finish within its time budget. */
  TIMEOUT(true),
  /** One engine refused (or could not link) what the other accepted. */
  VALIDITY(true),
  /**
   * V8 and ipvm-jvm disagree on a mutant's validity, and wabt's Wasm 2.0 validator ({@link
   * SpecValidator}) sides with ipvm-jvm: V8 accepts a post-2.0 feature it ships (exception
   * handling, SIMD, threads) or enforces a limit of its own.
   */
  V8_BEYOND_SPEC(false),
  /** Node itself failed on the module (the driver died): a harness problem, still a failure. */
  V8_ERROR(true);

  private final boolean failure;

  Verdict(boolean failure) {
    this.failure = failure;
  }

  /** Whether this verdict fails the batch. */
  public boolean failure() {
    return failure;
  }

  /**
   * Compares the two engines' results for one module. {@code mutant} relaxes time-outs to {@link
   * #INCONCLUSIVE}: a corrupted hang limit can make a real infinite loop.
   */
  public static Verdict of(EngineResult v8, EngineResult jvm, boolean mutant) {
    EngineResult.Status a = v8.status();
    EngineResult.Status b = jvm.status();
    if (b == EngineResult.Status.CRASH) {
      return CRASH;
    }
    if (b == EngineResult.Status.BOUNDED) {
      return INCONCLUSIVE;
    }
    if (a == EngineResult.Status.TIMEOUT || b == EngineResult.Status.TIMEOUT) {
      return mutant ? INCONCLUSIVE : TIMEOUT;
    }
    if (a == EngineResult.Status.CRASH) {
      return V8_ERROR;
    }
    if (a != b) {
      return VALIDITY;
    }
    return switch (a) {
      case REJECTED -> BOTH_REJECTED;
      case UNLINKABLE -> BOTH_UNLINKABLE;
      default -> agree(v8, jvm) ? IDENTICAL : MISMATCH;
    };
  }

  private static boolean agree(EngineResult v8, EngineResult jvm) {
    if (v8.trace().size() != jvm.trace().size()) {
      return false;
    }
    for (int i = 0; i < v8.trace().size(); i++) {
      if (!TraceFormat.agree(v8.trace().get(i), jvm.trace().get(i))) {
        return false;
      }
    }
    return true;
  }
}
